"""The committee's review package as one .docx for the meeting (審議資料).

Landscape A4: the reasons table and the impact lists, then the 新旧対照表 made
by :mod:`toolkit.render.diff_docx` (the same rows as the HTML).  「案」 is in
the header of every page.
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.text import WD_BREAK

from toolkit.diff.marking import Marking
from toolkit.render import diff_docx
from toolkit.render.docx_common import add_run, add_text_header, save, set_properties
from toolkit.render.review_html import cover_lines, kind_label, reason_text, status_line, title, where
from toolkit.review import Cover, Review

HEADER = "案（審議資料：未採択の改定案）"


def build(review: Review, organisation: str = "", marking: Marking | None = None,
          cover: Cover | None = None) -> DocxDocument:
    """With ``marking`` (the draft's 新旧対照表's): its banner first in the body, its level in the page header;
    with ``cover``, its 会議名, 作成日 and 改定の概要 under the title."""
    word = diff_docx.build(review.doc, review.changes, organisation=organisation,
                           banner=marking.banner if marking else None)
    add_text_header(word.sections[0], f"【{marking.label}】{HEADER}" if marking else HEADER)
    body = word.element.body
    first = body[1 if marking else 0]  # everything below goes before the 新旧対照表 (after the banner)

    def para(text: str, style: str | None = None, bold: bool = False):
        p = word.add_paragraph(style=style)
        add_run(p, text, bold=bold)
        first.addprevious(p._p)
        return p

    para(f"【案】{title(review)}", "Title")
    if cover:
        for label, value in cover_lines(cover):
            para(f"{label}　{value}")
        if cover.summary:
            para("改定の概要", "Heading 1")
            for paragraph in cover.summary:
                para(paragraph)
    para(status_line(review), bold=not review.ready)
    para("改正点と改正理由", "Heading 1")
    table = word.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("条項", "種別", "改正理由"), strict=True):
        add_run(cell.paragraphs[0], text, bold=True)
    for item in review.items:
        cells = table.add_row().cells
        add_run(cells[0].paragraphs[0], where(item))
        add_run(cells[1].paragraphs[0], kind_label(item.change))
        add_run(cells[2].paragraphs[0], reason_text(item))
    first.addprevious(table._tbl)
    para("影響", "Heading 1")
    para("他の文書で実施・引用している条項", "Heading 2")
    refs = [f"{where(i)} ← {r.doc_title} {r.ref}（{'実施' if r.how == 'implements' else '引用'}）"
            for i in review.items for r in i.referrers]
    for line in refs or ["ありません。"]:
        para(line)
    para("作り直す研修教材（カード・問題）", "Heading 2")
    for line in [f"{where(i)}: {t}" for i in review.items for t in i.training] or [review.training_note or "ありません。"]:
        para(line)
    para("施行時に変わる公開ファイル", "Heading 2")
    for line in review.public_files or ("ありません。",):
        para(line)
    brk = para("")
    brk.runs[0].add_break(WD_BREAK.PAGE) if brk.runs else brk.add_run().add_break(WD_BREAK.PAGE)
    set_properties(word, title=f"【案】{title(review)}", organisation=organisation, date=review.draft.date,
                   subject=f"{review.in_force.id} → {review.draft.id}")
    return word


def write(review: Review, path: Path, organisation: str = "", marking: Marking | None = None,
          cover: Cover | None = None) -> Path:
    return save(build(review, organisation, marking, cover), path)
