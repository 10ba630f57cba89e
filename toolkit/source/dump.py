"""The model → canonical YAML text (the shape of ``policy_src/basic-policy/r8.yaml``).

Deterministic: the same model gives the same bytes.  Keys come in a fixed
order (id, title/term, classification, ground, disclosable, note, text,
children); one paragraph is a plain string, several are a list; a string is
written plain when YAML reads it back as the same string, else double-quoted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver

from toolkit.model import Document, LedgerEntry, Node, Revision

_RESOLVERS = (VersionedResolver(version=(1, 2)), VersionedResolver(version=(1, 1)))
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_UNSAFE = re.compile(r": |:$| #|[\x00-\x1f\x7f\x85\u2028\u2029\ufeff]")
# characters YAML may hold literally (YAML 1.2, 5.1); the rest are escaped
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\x85": "\\N",
            "\u2028": "\\L", "\u2029": "\\P", "\ufeff": "\\uFEFF"}


def scalar(s: str) -> str:
    """A YAML scalar that reads back as the string ``s``."""
    plain = (
        s != ""
        and s == s.strip()
        and s[0] not in _INDICATORS
        and not _UNSAFE.search(s)
        and not _NOT_PRINTABLE.search(s)
        and all(r.resolve(ScalarNode, s, (True, False)) == "tag:yaml.org,2002:str" for r in _RESOLVERS)
    )
    if plain:
        return s
    out = []
    for c in s:
        if c in _ESCAPES:
            out.append(_ESCAPES[c])
        elif _NOT_PRINTABLE.match(c):
            out.append(f"\\x{ord(c):02x}" if ord(c) <= 0xFF else f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def _node(n: Node, indent: int, out: list[str]) -> None:
    pad = " " * indent
    out.append(f"{pad[:-2]}- id: {scalar(n.id)}")
    if n.title is not None:
        out.append(f"{pad}title: {scalar(n.title)}")
    if n.term is not None:
        out.append(f"{pad}term: {scalar(n.term)}")
    if n.classification is not None:
        out.append(f"{pad}classification: {scalar(n.classification)}")
    if n.ground is not None:
        out.append(f"{pad}ground: {scalar(n.ground)}")
    if n.disclosable is not None:
        out.append(f"{pad}disclosable: {'true' if n.disclosable else 'false'}")
    if n.note is not None:
        out.append(f"{pad}note: {scalar(n.note)}")
    if n.branch:
        out.append(f"{pad}branch: true")
    if n.numbering is not None:
        out.append(f"{pad}numbering: {json.dumps(n.numbering, ensure_ascii=False)}")
    if n.reason is not None:
        out.append(f"{pad}reason: {scalar(n.reason)}")
    if n.implements:  # block style: "doc:id" is not a plain scalar inside [ ]
        out.append(f"{pad}implements:")
        out.extend(f"{pad}  - {scalar(i)}" for i in n.implements)
    if n.follows:
        out.append(f"{pad}follows:")
        out.extend(f"{pad}  - {scalar(i)}" for i in n.follows)
    if len(n.text) == 1:
        out.append(f"{pad}text: {scalar(n.text[0])}")
    elif n.text:
        out.append(f"{pad}text:")
        out.extend(f"{pad}  - {scalar(t)}" for t in n.text)
    if n.children:
        out.append(f"{pad}children:")
        for c in n.children:
            _node(c, indent + 4, out)


def _comments(lines: Iterable[str]) -> list[str]:
    return [f"# {line}".rstrip() for text in lines for line in text.split("\n")]


def dump_revision(rev: Revision, header: Iterable[str] = ()) -> str:
    """The text of ``<doc>/<rev>.yaml``: ``revision``, an optional ``note``, the revision's own
    ``numbering`` (when it differs from the document's), the ``body`` and the 附則 (``supplementary``)."""
    out = _comments(header)
    out.append(f"revision: {scalar(rev.id)}")
    if rev.note is not None:
        out.append(f"note: {scalar(rev.note)}")
    if rev.numbering:
        out.append(f"numbering: [{', '.join(json.dumps(s, ensure_ascii=False) for s in rev.numbering)}]")
    out.append("body:" if rev.body else "body: []")
    for i, n in enumerate(rev.body):
        if i:
            out.append("")
        _node(n, 4, out)
    if rev.supplementary:
        out.append("")
        out.append("# 附則: one entry per 附則, title = the parenthesis of its heading")
        out.append("supplementary:")
        for n in rev.supplementary:
            _node(n, 4, out)
    return "\n".join(out) + "\n"


def ledger_entry(rev: Revision, indent: int = 2) -> list[str]:
    """A revision's ledger entry as YAML lines (for document.yaml)."""
    pad = " " * indent
    status = []  # an adopted revision without a recorded decision is written as before statuses existed
    if rev.is_draft:
        status = [f"{pad}  status: draft"]
    elif rev.adoption is not None:
        status = [f"{pad}  status: adopted", f"{pad}  adopted: {rev.adoption.date.isoformat()}"]
        if rev.adoption.by is not None:
            status.append(f"{pad}  adopted_by: {scalar(rev.adoption.by)}")
        if rev.adoption.reference is not None:
            status.append(f"{pad}  reference: {scalar(rev.adoption.reference)}")
    return [
        f"{pad}- id: {scalar(rev.id)}",
        f"{pad}  date: {rev.date.isoformat()}",
        *status,
        f"{pad}  kind: {scalar(rev.kind)}",
        f"{pad}  provenance: {scalar(rev.provenance)}",
        f"{pad}  summary: {scalar(rev.summary)}",
        *([f"{pad}  reasons:"] + [f"{pad}    {scalar(k)}: {scalar(v)}" for k, v in rev.reasons] if rev.reasons else []),
        *([f"{pad}  declassified:"] + [f"{pad}    - {scalar(i)}" for i in rev.declassified] if rev.declassified else []),
    ]  # a revision's note lives in its own file


def history_entry(entry: LedgerEntry, indent: int = 2) -> list[str]:
    """A history-only ledger entry (本文なし: known by its date line only) as YAML lines."""
    pad = " " * indent
    return [
        f"{pad}- id: {scalar(entry.id)}",
        f"{pad}  date: {entry.date.isoformat()}",
        f"{pad}  history_only: true",
        f"{pad}  kind: {scalar(entry.kind)}",
        f"{pad}  provenance: {scalar(entry.provenance)}",
        f"{pad}  summary: {scalar(entry.summary)}",
    ]


def dump_document(doc: Document, header: Iterable[str] = ()) -> str:
    """The text of ``<doc>/document.yaml``: title, numbering, classification, ledger."""
    out = _comments(header)
    out.append(f"id: {scalar(doc.id)}")
    out.append(f"title: {scalar(doc.title)}")
    if doc.series is not None:
        out.append(f"series: {scalar(doc.series)}")
    out.append(f"classification: {scalar(doc.classification)}")
    if doc.ground is not None:
        out.append(f"ground: {scalar(doc.ground)}")
    if doc.disclosable:
        out.append("disclosable: true")
    quoted = ", ".join(json.dumps(s, ensure_ascii=False) for s in doc.numbering)
    out.append(f"numbering: [{quoted}]")
    out.append("revisions:" if doc.revisions or doc.ledger else "revisions: []")
    texts = {r.id: r for r in doc.revisions}
    for e in doc.ledger:
        out.extend(ledger_entry(texts[e.id]) if e.id in texts else history_entry(e) if not e.has_text else [])
    return "\n".join(out) + "\n"
