"""The fields of a clause that its printed text does not show, carried through an editable export.

What a reader sees of a clause (number, heading, paragraphs, its place) is read back from the text;
everything else the source says of it is a :class:`ClauseRecord`: its id, classification, disclosure
ground, ``disclosable``, provenance note, 改正理由, ``implements``, whether its heading is a defined
term (用語) or a title, and where its text cites another clause (``{ref:id}``, printed as that clause's
number: ``refs`` says which id stood at which place of which paragraph, so 「2(1)の分類」 comes back as
``{ref:asset-classification}の分類`` and stays right after a renumbering).  Without it an edited export came back with every clause at the document's level
(issue 17: the Word round trip declassified).

* Markdown: an attribute block at the end of the clause's line,
  ``## 4. 管理区域 {#area-entry .restricted ground=security-measures}`` — ``#id``, ``.classification``,
  then ``key=value`` (a value with spaces or quotes is a JSON string).  The article and its first 項,
  printed on one line, carry one block each (the article's first).  A line whose own text ends like a
  block gets an empty ``{}`` after it, which ends the run of blocks (:func:`mark_line`).
* Word: one custom XML part (``customXml/item1.xml``, :data:`NAMESPACE`) holding each clause's record
  as JSON, keyed by the clause's hidden bookmark (``_pid_…`` / ``_pik_…``).  Hidden data per clause
  rather than custom document properties, whose text values Word limits to 255 characters (a note or a
  改正理由 is longer); Word and LibreOffice keep custom XML parts through an edit, and the key is the
  bookmark, which moves with the clause.

A clause with a record gets its fields from it (a field the record lacks is not set: an edited record
is a decision, which the diff, the review package and ``policy adopt`` then show); a clause without one
(a record lost, a clause pasted from elsewhere) gets them from the clause of ``--like`` it matched.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields, replace

from toolkit.ids import is_id
from toolkit.model import Node
from toolkit.model.refs import REF_RE

NAMESPACE = "urn:x-policy-toolkit:clause-records"
ITEM = "customXml/item1.xml"

# one attribute block: {#id .cls key=value key="json string"}, parts apart by spaces; {} (empty) ends a run
_VALUE = r'(?:"(?:[^"\\]|\\.)*"|[^\s"{}]+)'
_PART = rf'(?:#[^\s"{{}}.=]+|\.[^\s"{{}}=]+|[a-z_]+={_VALUE})'
_BLOCK = re.compile(rf"\{{[ \t]*(?:{_PART}(?:[ \t]+{_PART})*)?[ \t]*\}}")
_EMPTY = re.compile(r"\{[ \t]*\}")
MAX_BLOCK = 16384  # characters: a record is a few hundred; longer is text (and no quadratic search)
_TRIES = 32  # '{' looked at from the end of a line: a quoted value may hold one
_TOKENS = re.compile(rf'#(?P<id>[^\s"{{}}.=]+)|\.(?P<cls>[^\s"{{}}=]+)|(?P<key>[a-z_]+)=(?P<value>{_VALUE})')
_BARE = re.compile(r"[A-Za-z0-9_:./@\-]+\Z")
_REF = re.compile(r"(?P<id>[A-Za-z0-9][A-Za-z0-9_-]*)@(?P<para>[0-9]{1,4}):(?P<at>[0-9]{1,6})\Z")


@dataclass(frozen=True)
class ClauseRecord:
    """A clause's fields beyond its printed text (see the module docstring)."""

    id: str
    classification: str | None = None
    ground: str | None = None
    disclosable: bool | None = None
    note: str | None = None
    reason: str | None = None
    implements: tuple[str, ...] = ()
    term: bool = False  # the heading is a defined term (term:), not a title
    # each {ref:id} of the text: "id@paragraph:offset", the offset in the paragraph as printed
    refs: tuple[str, ...] = ()
    follows: tuple[str, ...] = ()  # the reference (guideline) sections the clause follows (issue 24)

    @classmethod
    def of(cls, node: Node, labels: dict[str, str] | None = None) -> ClauseRecord:
        """The record of ``node``; with ``labels`` (the revision's citation labels) its references too."""
        refs: list[str] = []
        for k, para in enumerate(node.text if labels is not None else ()):
            printed = 0
            pos = 0
            for m in REF_RE.finditer(para):
                printed += m.start() - pos
                refs.append(f"{m.group(1)}@{k}:{printed}")
                printed += len(labels.get(m.group(1), "")) if labels else 0
                pos = m.end()
        return cls(node.id, node.classification, node.ground, node.disclosable, node.note, node.reason,
                   node.implements, node.term is not None and node.title is None, tuple(refs), node.follows)

    def cited(self) -> list[tuple[str, int, int]]:
        """(id, paragraph, offset in the printed paragraph) of each reference."""
        out = []
        for r in self.refs:
            m = _REF.match(r)
            if m is not None:
                out.append((m.group("id"), int(m.group("para")), int(m.group("at"))))
        return out

    def items(self) -> list[tuple[str, object]]:
        """The fields that are set, in a fixed order (id and classification first)."""
        return [(f.name, getattr(self, f.name)) for f in fields(self)  # disclosable: false is a value, term: false not
                if getattr(self, f.name) is not None and getattr(self, f.name) != () and
                not (f.name == "term" and not self.term)]

    # ---- JSON (the Word part)
    def to_json(self) -> str:
        return json.dumps({k: list(v) if isinstance(v, tuple) else v for k, v in self.items()},
                          ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> ClauseRecord:
        """Raises ValueError on anything but a record (the Word file is hostile input)."""
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        return cls.from_mapping(data)

    @classmethod
    def from_mapping(cls, data: dict) -> ClauseRecord:
        unknown = sorted(set(data) - _FIELDS)
        if unknown:
            raise ValueError(f"unknown field {unknown[0]!r}")
        node_id = data.get("id")
        if not isinstance(node_id, str) or not is_id(node_id):
            raise ValueError(f"not a clause id: {node_id!r}")
        for key in ("classification", "ground", "note", "reason"):
            if data.get(key) is not None and not isinstance(data[key], str):
                raise ValueError(f"{key} must be text")
        for key in ("disclosable", "term"):
            if data.get(key) is not None and not isinstance(data[key], bool):
                raise ValueError(f"{key} must be true or false")
        lists = []
        for key in ("implements", "refs", "follows"):
            value = data.get(key, [])
            if isinstance(value, str):
                value = value.split()
            if not isinstance(value, list) or not all(isinstance(i, str) for i in value):
                raise ValueError(f"{key} must be a list")
            if key == "refs" and not all(_REF.match(r) for r in value):
                raise ValueError("refs must be id@paragraph:offset")
            lists.append(tuple(value))
        return cls(node_id, data.get("classification"), data.get("ground"), data.get("disclosable"),
                   data.get("note"), data.get("reason"), lists[0], bool(data.get("term", False)), lists[1], lists[2])

    # ---- the Markdown attribute block
    def to_attributes(self) -> str:
        out = [f"#{self.id}"]
        for key, value in self.items():
            if key == "id":
                continue
            if key == "classification":
                out.append(f".{value}")
            elif isinstance(value, bool):
                out.append(f"{key}={'true' if value else 'false'}")
            elif isinstance(value, tuple):
                out.append(f"{key}={_value(' '.join(value))}")
            else:
                out.append(f"{key}={_value(str(value))}")
        return "{" + " ".join(out) + "}"

    @classmethod
    def from_attributes(cls, block: str) -> ClauseRecord:
        """``{#id .cls key=value …}`` → a record; raises ValueError (with what is wrong) otherwise."""
        data: dict[str, object] = {}
        for m in _TOKENS.finditer(block):
            if m.group("id") is not None:
                data["id"] = m.group("id")
            elif m.group("cls") is not None:
                if "classification" in data:
                    raise ValueError("two classifications")
                data["classification"] = m.group("cls")
            else:
                key, raw = m.group("key"), m.group("value")
                value: object = json.loads(raw) if raw.startswith('"') else raw
                if key in ("disclosable", "term"):
                    if value not in ("true", "false"):
                        raise ValueError(f"{key}={raw}: true or false")
                    value = value == "true"
                if key in data:
                    raise ValueError(f"{key} given twice")
                data[key] = value
        return cls.from_mapping(data)

    def node_fields(self, title: str | None, term: str | None) -> dict[str, object]:
        """The :class:`Node` fields this record gives a clause read with ``title`` / ``term`` (its id and
        text aside: the import decides those)."""
        heading = title if title is not None else term
        if heading is not None:
            title, term = (None, heading) if self.term else (heading, None)
        return {"classification": self.classification, "ground": self.ground, "disclosable": self.disclosable,
                "note": self.note, "reason": self.reason, "implements": self.implements, "follows": self.follows,
                "title": title, "term": term}

    def apply(self, node: Node) -> Node:
        """``node`` with this record's fields."""
        return replace(node, **self.node_fields(node.title, node.term))  # type: ignore[arg-type]


_FIELDS = frozenset(f.name for f in fields(ClauseRecord))


def _value(text: str) -> str:
    return text if _BARE.match(text) else json.dumps(text, ensure_ascii=False)


def _last_block(text: str) -> int | None:
    """Where the attribute block that ends ``text`` starts (trailing spaces allowed), or None."""
    end = len(text.rstrip(" \t"))
    if not text[:end].endswith("}"):
        return None
    pos = end
    for _ in range(_TRIES):
        pos = text.rfind("{", max(0, end - MAX_BLOCK), pos)
        if pos < 0:
            return None
        if _BLOCK.fullmatch(text, pos, end):
            return pos
    return None


def split_line(text: str) -> tuple[str, list[str]]:
    """A line's text and the attribute blocks at its end, in order (an empty ``{}`` ends the run and is
    dropped: what comes before it is text)."""
    blocks: list[str] = []
    while (pos := _last_block(text)) is not None:
        block = text[pos:].strip(" \t")
        text = text[:pos].rstrip(" \t\u3000")
        if _EMPTY.fullmatch(block):
            break
        blocks.insert(0, block)
    return text, blocks


def mark_line(text: str, records: list[ClauseRecord]) -> str:
    """``text`` with its clauses' records at the end; a text that itself ends like a block gets ``{}``."""
    if _last_block(text) is not None:
        text += " {}"
    return " ".join([text, *(r.to_attributes() for r in records)]) if records else text


def records_xml(records: dict[str, ClauseRecord]) -> bytes:
    """The Word custom XML part: bookmark name → record, sorted (same source, same bytes)."""
    from xml.sax.saxutils import escape, quoteattr

    rows = "".join(f"<clause key={quoteattr(k)}>{escape(r.to_json())}</clause>" for k, r in sorted(records.items()))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<clauses xmlns="{NAMESPACE}">{rows}</clauses>').encode()


__all__ = ["ITEM", "NAMESPACE", "ClauseRecord", "mark_line", "records_xml", "split_line"]
