"""A revision → Markdown, in the form ``policy import`` reads back.

The layout follows the city's published text: series and title, the
策定 / 改定 date lines (wareki; an 例規's instrument 「平成18年3月20日　訓令第9号」), the 前文, the 目次, then every section as a heading
(``## 1. 目的``, ``### (1) …``) and every item without a heading as a list
item (``- ① …``), then the 附則 (附　則（…） and its paragraphs, 「1　…」 when
there are several).  Numbers and cross-references are printed as the model
derives them, each clause in its own style (a section whose items are ア, イ
where the others' are (1), (2) reads back the same).  A paragraph that would read as a number or as Markdown gets a
leading backslash, which the importer drops.  Each clause's line ends with its record, the fields its text
does not show — ``{#id .restricted ground=security-measures}`` (:mod:`toolkit.textforms.records`) —
so that classification, ground, note, 改正理由, ``implements`` and term-or-title survive an edit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from toolkit.errors import BuildError, Problem
from toolkit.model import Document, Revision
from toolkit.model.numbering import (
    PARAGRAPHS,  # 例規 項: written as ２　本文, the first on its article's line
    THROUGH,
    place,
    ref_labels,
    styles_of,
    supplementary_heading,
    supplementary_paragraphs,
)
from toolkit.model.refs import resolve
from toolkit.model.wareki import wareki
from toolkit.textforms.lines import is_date_line, is_toc_heading
from toolkit.textforms.numbers import starts_block
from toolkit.textforms.records import ClauseRecord, mark_line

_MARKDOWN_START = re.compile(r"[#>+*=_`~|<\\-]|[0-9]+[.)]")


def escape(text: str) -> str:
    """``text`` as a paragraph that reads back as itself (not a number, list or heading)."""
    if _MARKDOWN_START.match(text) or starts_block(text) or is_date_line(text) or is_toc_heading(text):
        return "\\" + text
    return text


def instrument_lines(rev: Revision) -> list[str]:
    """The revision's own date line(s) under the title: 「令和8年4月1日 全面改定」, or as an 例規集 prints an
    instrument, 「平成18年3月20日　訓令第9号」 (and 「…日 施行」 when its 施行日 is another day)."""
    ins = rev.instrument
    if ins is None or ins.promulgated is None:
        return [f"{wareki(rev.date)} {rev.kind}"]
    lines = [f"{wareki(ins.promulgated)}\u3000{ins.label}"]
    if rev.date != ins.promulgated:
        lines.append(f"{wareki(rev.date)} 施行")
    return lines


def _check_styles(doc: Document, rev: Revision) -> None:
    """A clause numbered in the style of a clause above it would read back as that one's sibling."""
    above: dict[str | None, tuple[str, ...]] = {None: ()}
    for p in place(doc, rev):
        path = above[p.parent_id]
        if p.style in path:
            raise BuildError([Problem(p.node.location or doc.location,
                                      f"{doc.id} {rev.id}: clause {p.node.id} at depth {p.depth} is numbered {p.style}, "
                                      f"as a clause above it is (numbering {list(styles_of(doc, rev))}), so the "
                                      "Markdown could not be read back",
                                      "one distinct numbering style per depth in document.yaml (or the revision's "
                                      "numbering:, or the parent's numbering:)")])
        above[p.node.id] = (*path, p.style)


@dataclass(frozen=True)
class Chunk:
    """One block of the layout: ``heading`` (with its Markdown level), ``item`` (a list item), ``para``,
    ``dates`` (the date lines, one per line) or ``toc``; ``node`` is the clause it starts (its id)."""

    kind: str
    text: str  # as printed: numbers and references resolved; not yet escaped for Markdown
    level: int = 0
    node: str | None = None
    escape: bool = False  # a paragraph that must not read as a number or as Markdown
    label: str = ""  # the clause's number at the start of ``text`` (headings and items)
    depth: int = 0  # the clause's depth (1 = top), for a Word list level
    also: str | None = None  # the article's first 項, printed on the article's line (第3条　本文): its id


def layout(doc: Document, rev: Revision, toc: bool = True) -> list[Chunk]:
    """The revision as the blocks a reader sees, in order: shared by the Markdown and the editable Word file."""
    _check_styles(doc, rev)
    labels = ref_labels(doc, rev)
    chunks: list[Chunk] = []
    top = 1
    if doc.series:
        chunks.append(Chunk("heading", doc.series, 1, escape=True))
        top = 2
    chunks.append(Chunk("heading", doc.title, top, escape=True))
    # the ledger keeps every revision's date, also when a view dropped its text
    history = [(e.date, e.kind) for e in doc.ledger if e.date < rev.date and e.id != rev.id] + [(rev.date, rev.kind)]
    chunks.append(Chunk("dates", "\n".join([f"{wareki(date)} {kind}" for date, kind in history[:-1]]
                                           + instrument_lines(rev))))
    ins = rev.instrument
    if ins is not None and ins.replaces:  # 全部改正: the instrument it replaces, in the 例規集's words
        chunks.append(Chunk("para", f"{ins.replaces}の全部を改正する。"))
    chunks.extend(Chunk("para", resolve(" ".join(n.text), labels), node=n.id, escape=True) for n in rev.preamble)
    placed = list(place(doc, rev))
    if toc and all(p.node.heading for p in placed if p.depth == 1) and styles_of(doc, rev)[0] not in THROUGH:
        chunks.append(Chunk("heading", "目次", top))
        chunks.append(Chunk("toc", "\n".join(f"{p.label} {p.node.heading}" for p in placed
                                              if p.depth == 1 and p.node.heading)))
    for p in placed:
        n = p.node
        style = p.style  # its depth's, or its parent's numbering: (an exception)
        if style in THROUGH or style in PARAGRAPHS:
            # 例規: （見出し） above 第N条　本文; 項 as ２　本文 (the first 項 on the article's line)
            if style in THROUGH and n.heading is not None:
                chunks.append(Chunk("para", f"（{n.heading}）"))
            first = resolve(n.text[0], labels) if n.text else ""
            if style in PARAGRAPHS and not p.label:
                last = chunks[-1]
                chunks[-1] = Chunk(last.kind, f"{last.text}　{first}".rstrip("　"), last.level, last.node, also=n.id)
            else:
                chunks.append(Chunk("para", f"{p.label}　{first}".rstrip("　"), node=n.id))
            chunks.extend(Chunk("para", resolve(t, labels), escape=True) for t in n.text[1:])
            continue
        if n.heading is not None:
            chunks.append(Chunk("heading", f"{p.label} {n.heading}", min(1 + p.depth, 6), node=n.id, label=p.label,
                                depth=p.depth))
            paras = n.text
        else:
            first = resolve(n.text[0], labels) if n.text else ""
            chunks.append(Chunk("item", f"{p.label} {first}".rstrip(), node=n.id, label=p.label, depth=p.depth))
            paras = n.text[1:]
        chunks.extend(Chunk("para", resolve(t, labels), escape=True) for t in paras)
    for n in rev.supplementary:  # 附則, after the body; a 項's number derived (1, 2 … when several)
        chunks.append(Chunk("para", supplementary_heading(n), node=n.id))
        chunks.extend(Chunk("para", f"{num}\u3000{resolve(t, labels)}") if num else
                      Chunk("para", resolve(t, labels), escape=True) for num, t in supplementary_paragraphs(n))
    return chunks


def render_markdown(doc: Document, rev: Revision, toc: bool = True) -> str:
    """The revision as Markdown text (ending with one newline)."""
    out = ""
    prev: Chunk | None = None
    nodes = {n.id: n for n in rev.walk()}
    labels = ref_labels(doc, rev)
    for c in layout(doc, rev, toc):
        records = [ClauseRecord.of(nodes[i], labels) for i in (c.node, c.also) if i is not None]
        line = mark_line(escape(c.text) if c.escape else c.text, records)
        if c.kind == "heading":
            text = f"{'#' * c.level} {line}"
        elif c.kind == "item":
            text = f"- {mark_line(c.text, records)}"
        elif c.kind in ("dates", "toc"):
            text = "  \n".join(c.text.split("\n")) if c.kind == "dates" else c.text
        else:
            text = line
        if prev is not None:
            out += "\n" if c.kind == "item" and prev.kind == "item" else "\n\n"
        out += text
        prev = c
    return out + "\n"
