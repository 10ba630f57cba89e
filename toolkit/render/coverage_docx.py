"""Coverage against the guideline as Word (.docx) for the 情報セキュリティ委員会 (庁内限り).

Model in, a python-docx document out; the marking banner is the first paragraph and the page header,
core properties dated from the view (reproducible bytes).
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocxDocument

from toolkit.coverage import Coverage
from toolkit.diff.marking import Marking
from toolkit.render.coverage_html import reference_line, title
from toolkit.render.docx_common import add_run, add_text_header, new_document, save, set_properties


def build(cov: Coverage, marking: Marking, organisation: str = "") -> DocxDocument:
    word = new_document()
    add_text_header(word.sections[0], f"【{marking.highest.label}】")
    add_run(word.add_paragraph(), marking.banner, bold=True)
    add_run(word.add_paragraph(style="Title"), title(cov))
    ref = cov.reference
    add_run(word.add_paragraph(), reference_line(ref.document.publisher, ref.document.title, ref.edition.summary))
    n = cov.counts()
    add_run(word.add_paragraph(), f"ガイドラインの項目 {n['sections']}：対応する条項あり {n['covered']}、なし {n['uncovered']}。"
                                  f"条項 {n['clauses']}：対応を記していないもの {n['following_nothing']}。")

    def table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
        t = word.add_table(rows=1, cols=len(header))
        t.style = "Table Grid"
        for cell, text in zip(t.rows[0].cells, header, strict=True):
            add_run(cell.paragraphs[0], text, bold=True)
        for row in rows:
            for cell, text in zip(t.add_row().cells, row, strict=True):
                add_run(cell.paragraphs[0], text)

    add_run(word.add_paragraph(style="Heading 1"), "章ごとの対応状況")
    table(("章", "項目数", "対応する条項のない項目"),
          [(f"{ch.chapter.ref} {ch.chapter.title}", str(len(ch.sections)),
            "\n".join(f"{s.ref} {s.title}" for s in ch.uncovered) or "なし") for ch in cov.chapters])
    add_run(word.add_paragraph(style="Heading 1"), "対応するガイドラインの項目を記していない条項（候補）")
    right, total = cov.accuracy
    add_run(word.add_paragraph(), "候補は文字の2文字組の TF-IDF 余弦類似度による機械的な提案です。採否は担当者が判断します。"
                                  f"既に記された対応で試すと、第1候補が正しかったのは {right} / {total} 件でした。")
    table(("条項", "候補（類似度）"),
          [(f"{c.ref} {c.title}", "\n".join(f"{x.section.ref} {x.section.title}（{x.score:.3f}）" for x in sug) or "候補なし")
           for c, sug in cov.unlinked])
    if cov.stale:
        add_run(word.add_paragraph(style="Heading 1"), "この版にない項目を記した条項")
        table(("条項", "記された項目"), [(f"{c.ref} {c.title}", sid) for c, sid in cov.stale])
    set_properties(word, title=title(cov), organisation=organisation, date=cov.as_of,
                   subject=f"{ref.document.id} {ref.edition.id}")
    return word


def write(cov: Coverage, marking: Marking, path: Path, organisation: str = "") -> Path:
    return save(build(cov, marking, organisation), path)
