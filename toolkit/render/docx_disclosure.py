"""The 部分開示 (partial disclosure) edition of a non-public document, as a .docx.

Input is the view of :func:`toolkit.view.disclose.disclose` — the only place
that decides what is withheld; this module shows everything in it.  A
withheld part appears as its number, a black bar of fixed length (its length
would tell how long the text was) and 〔不開示：ground〕; the readable
headings and clauses keep their text.

Layout: a cover note (部分開示, the document's public name, the revision, the
date, how to read the edition), the body numbered as in the original, and a
closing table 「不開示部分一覧」: each withheld part by its number (never its
text) with its ground's label, the provision it rests on (``article`` of the
ground in policyset.yaml: 「千曲市情報公開条例第7条第4号」) and its text, and
the count of withheld parts — the number of bars the body shows.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Pt

from toolkit.errors import BuildError, Problem
from toolkit.model import Document, PolicySet, Revision
from toolkit.model.numbering import place, supplementary_heading
from toolkit.model.provenance import edition_text
from toolkit.model.wareki import wareki
from toolkit.render.docx_common import (
    add_page_number_footer,
    add_run,
    add_text_header,
    keep_row_together,
    new_document,
    save,
    set_col_widths,
    set_paragraph_border,
    set_properties,
    set_repeat_header,
    shade_cell,
)
from toolkit.render.docx_official import add_body
from toolkit.render.official_layout import BAR, CHAR, MARGINS_MM
from toolkit.view.disclose import AUDIENCE_ID

EDITION = "部分開示"


@dataclass(frozen=True)
class WithheldPart:
    """One row of the closing table: a withheld part by number and ground."""

    ref: str  # as cited: "3(2)", "4(1)①"
    ground: str  # ground id
    with_children: bool  # also covers every part below it (same ground, all withheld)
    section: int  # the top-level section it is in (rows of the table are grouped by section and ground)

    @property
    def label(self) -> str:
        return f"{self.ref}（細目を含む。）" if self.with_children else self.ref


def file_name(doc: Document, rev: Revision) -> str:
    """``standards-r8-disclosure.docx``: ASCII ids only, never the document's internal title."""
    return f"{doc.id}-{rev.id}-disclosure.docx"


def withheld_parts(doc: Document, rev: Revision) -> list[WithheldPart]:
    """The rows of the closing table, in document order.

    A withheld part whose whole subtree is withheld on the same ground is
    listed once as 「3(2)（細目を含む。）」; otherwise each withheld part is
    listed by its own number.
    """
    rows: list[WithheldPart] = []
    covered: set[str] = set()
    for p in place(doc, rev):
        node = p.node
        if not node.withheld or node.id in covered:
            continue
        below = list(node.walk())[1:]
        whole = bool(below) and all(n.withheld and n.ground == node.ground for n in below)
        if whole:
            covered.update(n.id for n in below)
        rows.append(WithheldPart(p.ref, node.ground or "", whole, p.path[0]))
    # 附則 after the body, each its own group; named by its heading (the view keeps no more of it)
    after = max((n.seq for n in rev.body), default=0) + 1  # a group number after every section's
    for i, node in enumerate(rev.supplementary, start=after):
        if node.withheld:
            rows.append(WithheldPart(supplementary_heading(node), node.ground or "", False, i))
    return rows


def _check_view(view: PolicySet, doc_id: str, rev_id: str) -> tuple[Document, Revision]:
    if view.audience_id != AUDIENCE_ID:
        raise BuildError([Problem(None, f"the disclosure edition needs the view of toolkit.view.disclose, "
                                  f"got the {view.audience_id or 'unredacted'} policy")])
    try:
        doc = view.document(doc_id)
        return doc, doc.revision(rev_id)
    except KeyError as e:
        raise BuildError(str(e.args[0])) from None


def bars(doc: Document, rev: Revision) -> int:
    """How many withheld parts the body shows, each as one bar: the count the edition states."""
    return sum(1 for p in place(doc, rev) if p.node.withheld) + sum(1 for n in rev.supplementary if n.withheld)


def _articles(view: PolicySet, parts: list[WithheldPart]) -> dict[str, str]:
    """Ground id → the provision it rests on; a ground without one is an error (the decision must cite it)."""
    out, missing = {}, []
    for ground_id in dict.fromkeys(p.ground for p in parts):
        ground = view.ground(ground_id)
        if ground.article:
            out[ground_id] = ground.article
        else:
            missing.append(ground_id)
    if missing:
        raise BuildError([Problem(view.location, f"disclosure ground {g!r} names no article",
                                  "'article:' on the ground in policyset.yaml, e.g. 千曲市情報公開条例第7条第4号")
                          for g in missing])
    return out


BLANK_DATE = "令和\u3000\u3000年\u3000\u3000月\u3000\u3000日"  # filled in by hand when no decision date is given


def disclosure_document(view: PolicySet, doc_id: str, rev_id: str, issued: _dt.date | None = None) -> DocxDocument:
    """The 部分開示 edition as a python-docx Document.

    ``issued`` is the date of the disclosure decision (開示決定日), printed as
    the 作成日 on the cover; without it the date is left blank to be filled
    in by hand (never the revision's date, never the clock).
    """
    doc_model, rev = _check_view(view, doc_id, rev_id)
    name = doc_model.public_name
    parts = withheld_parts(doc_model, rev)
    articles = _articles(view, parts)
    doc = new_document(margins_mm=MARGINS_MM)  # the official edition's page: its body is add_body's
    section = doc.sections[0]
    add_text_header(section, f"{name}（{EDITION}）")

    # Cover note.
    title = doc.add_paragraph(EDITION, style="Title")
    title.paragraph_format.space_before = Pt(48)
    doc.add_paragraph(name, style="Subtitle").paragraph_format.space_after = Pt(36)
    for label, value in (("対象文書", name), ("対象の版", f"{wareki(rev.date)}\u3000{rev.kind}"),
                         ("作成日", wareki(issued) if issued else BLANK_DATE)):
        para = doc.add_paragraph()
        para.paragraph_format.left_indent = Pt(CHAR * 6)
        para.add_run(f"{label}\u3000")
        para.add_run(value)
    note = doc.add_paragraph()
    note.paragraph_format.space_before = Pt(36)
    note.add_run(
        f"この文書は、{name}を情報公開請求に対して部分開示するために作成したものです。"
        f"不開示とした部分は「{BAR}」で示し、その箇所に〔不開示：理由〕を付しています。"
        "項目の番号は原文のまま残しています。不開示とした部分の番号と不開示の理由は、"
        "末尾の「不開示部分一覧」のとおりです。")
    set_paragraph_border(note)
    if not rev.is_authoritative:
        sample = doc.add_paragraph()
        sample.paragraph_format.space_before = Pt(12)
        add_run(sample, edition_text(rev.provenance).notice)
        set_paragraph_border(sample)
    org = doc.add_paragraph(view.organisation)
    org.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    org.paragraph_format.space_before = Pt(36)
    org.add_run().add_break(WD_BREAK.PAGE)

    # Body, numbered as in the original.
    doc.add_paragraph(name, style="Title").paragraph_format.space_after = Pt(12)
    add_body(doc, view, doc_model, rev)

    # Closing table.
    doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph("不開示部分一覧", style="TOC Heading")
    # One row per section and ground, listing every withheld part by number.
    groups: dict[tuple[int, str], list[WithheldPart]] = {}
    for part in parts:
        groups.setdefault((part.section, part.ground), []).append(part)
    # the number of bars the reader can count in the body (a part listed 「（細目を含む。）」 shows a bar per item)
    summary = doc.add_paragraph(f"不開示部分　{bars(doc_model, rev)}箇所（本文中の「{BAR}」の数）")
    summary.paragraph_format.space_after = Pt(6)
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("不開示部分（番号）", "不開示の理由（根拠）", "理由の説明"), strict=True):
        cell.text = text
        shade_cell(cell)
    set_repeat_header(table.rows[0])
    for (_, ground_id), group in groups.items():
        ground = view.ground(ground_id)
        row = table.add_row()
        keep_row_together(row)
        cells = row.cells
        cells[0].text = "、\u200b".join(part.label for part in group)  # ZWSP: break between numbers, not inside "3(1)"
        cells[1].text = ground.label
        cells[1].add_paragraph(f"（{articles[ground_id]}）")
        cells[2].text = ground.text
    set_col_widths(table, (55, 45, 50))

    add_page_number_footer(section)
    set_properties(doc, title=f"{name}（{EDITION}）", organisation=view.organisation, date=issued or rev.date,
                   subject=EDITION)
    return doc


def write_disclosure(view: PolicySet, doc_id: str, rev_id: str, out_dir: Path,
                     issued: _dt.date | None = None) -> Path:
    """Write the 部分開示 edition into ``out_dir``; return its path (atomic, deterministic)."""
    doc_model, rev = _check_view(view, doc_id, rev_id)
    return save(disclosure_document(view, doc_id, rev_id, issued), Path(out_dir) / file_name(doc_model, rev))


__all__ = ["BLANK_DATE", "EDITION", "bars", "WithheldPart", "disclosure_document", "file_name", "withheld_parts", "write_disclosure"]
