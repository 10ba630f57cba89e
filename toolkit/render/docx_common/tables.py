"""Tables: a header row repeated on every page, rows kept whole, fixed column widths, shaded cells."""

from __future__ import annotations

from collections.abc import Sequence

from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import Table, _Cell, _Row

from toolkit.render.docx_common.oxml import child


def set_repeat_header(row: _Row) -> None:
    """Repeat this row at the top of every page the table spans (表の見出し行の繰り返し)."""
    trpr = row._tr.get_or_add_trPr()
    child(trpr, "w:tblHeader").set(qn("w:val"), "true")


def keep_row_together(row: _Row) -> None:
    """Do not split this row across a page break."""
    trpr = row._tr.get_or_add_trPr()
    child(trpr, "w:cantSplit").set(qn("w:val"), "true")


def set_col_widths(table: Table, widths_mm: Sequence[float]) -> None:
    """Fixed column widths (Word reads the cell widths, LibreOffice the grid: set both)."""
    table.autofit = False
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=False):
        col.set(qn("w:w"), str(int(Mm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)


def shade_cell(cell: _Cell, fill: str = "D9D9D9") -> None:
    """Background colour of a cell, e.g. a header row in light grey."""
    tcpr = cell._tc.get_or_add_tcPr()
    shd = child(tcpr, "w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
