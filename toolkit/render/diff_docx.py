"""The 新旧対照表 as Word (.docx), as a city attaches it to a 決裁.

Landscape A4; a two-column table, 改正後 on the left and 改正前 on the right
by default (the national convention; ``new_first=False`` swaps them); changed
parts underlined (傍線) in both columns; 「（新設）」 / 「（削る）」 for whole
clauses; unchanged stretches shortened to 「（略）」; the note
「（傍線部分は改正部分）」 above the table.  Rows come from
:mod:`toolkit.diff.table`, so the Word and HTML tables agree row for row.
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from toolkit.diff import ChangeSet
from toolkit.diff.table import NEW_HEADER, NOTE, OLD_HEADER, Cell, revision_line, rows, title
from toolkit.model import Document
from toolkit.render.docx_common import (
    DEFAULT_FONTS,
    add_page_number_footer,
    add_run,
    docx_bytes,
    new_document,
    save,
    set_col_widths,
    set_properties,
    set_repeat_header,
    shade_cell,
)

MARGINS_MM = (20.0, 20.0, 20.0, 20.0)  # top, right, bottom, left
BODY_PT = 10.5
INDENT_MM = 3.7  # one full-width character at 10.5 pt, per level


def build(doc: Document, changeset: ChangeSet, *, new_first: bool = True,
          organisation: str = "") -> DocxDocument:
    """The 新旧対照表 of ``changeset`` as a python-docx document."""
    word = new_document(landscape=True, margins_mm=MARGINS_MM, body_pt=BODY_PT)
    section = word.sections[0]
    width_mm = 297.0 - MARGINS_MM[1] - MARGINS_MM[3]  # landscape A4

    heading = word.add_paragraph(style="Title")
    add_run(heading, title(changeset, doc.title))
    meta = word.add_paragraph()
    add_run(meta, f"改正前：{revision_line(doc, changeset.old_rev)}　　改正後：{revision_line(doc, changeset.new_rev)}")
    note = word.add_paragraph()
    note.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    add_run(note, f"（{NOTE}）")

    table = word.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    headers = (NEW_HEADER, OLD_HEADER) if new_first else (OLD_HEADER, NEW_HEADER)
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_run(p, text, font=DEFAULT_FONTS.heading)
        shade_cell(cell)
    set_repeat_header(table.rows[0])
    for row in rows(changeset):
        cells = (row.new, row.old) if new_first else (row.old, row.new)
        tr = table.add_row()
        for cell, content in zip(tr.cells, cells, strict=True):
            _fill(cell, content)
    set_col_widths(table, (width_mm / 2, width_mm / 2))
    add_page_number_footer(section)
    new_rev = _find(doc, changeset.new_rev)
    if new_rev is not None:
        set_properties(word, title=title(changeset, doc.title), organisation=organisation,
                       date=new_rev.date, subject=f"{changeset.old_rev} → {changeset.new_rev}")
    return word


def _fill(cell, content: Cell) -> None:
    indent = Mm(INDENT_MM * max(content.depth - 1, 0))
    first = True
    for line in content.lines:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        p.paragraph_format.left_indent = indent
        p.paragraph_format.space_after = Pt(0)
        for run in line:
            font = DEFAULT_FONTS.heading if run.kind == "heading" else None
            add_run(p, run.text, underline=run.underline, font=font)


def _find(doc: Document, rev_id: str):
    try:
        return doc.revision(rev_id)
    except KeyError:
        return None


def to_bytes(doc: Document, changeset: ChangeSet, *, new_first: bool = True, organisation: str = "") -> bytes:
    """The .docx as deterministic bytes (same change set → same bytes)."""
    return docx_bytes(build(doc, changeset, new_first=new_first, organisation=organisation))


def write(doc: Document, changeset: ChangeSet, path: Path, *, new_first: bool = True,
          organisation: str = "") -> Path:
    """Write the .docx to ``path`` atomically."""
    return save(build(doc, changeset, new_first=new_first, organisation=organisation), path)
