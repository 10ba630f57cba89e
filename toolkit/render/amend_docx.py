"""The amending instrument as Word (.docx): A4, 明朝, the layout helpers of the official edition.

The marking banner (庁内限り) and, for a draft, 「案」 come first.  In the 新旧対照表方式 the table
follows the sentence, changed parts underlined (傍線), as :mod:`toolkit.diff.table` lays it out.
"""

from __future__ import annotations

import datetime as _dt

from docx.document import Document as DocxDocument

from toolkit.amend import TABLE, AmendingInstrument
from toolkit.diff import ChangeSet
from toolkit.diff.table import NEW_HEADER, OLD_HEADER, rows
from toolkit.model.wareki import parse_wareki
from toolkit.render.amend_text import lines
from toolkit.render.docx_common import (
    DEFAULT_FONTS,
    add_run,
    docx_bytes,
    new_document,
    set_properties,
    set_repeat_header,
    shade_cell,
)


def build(inst: AmendingInstrument, date: _dt.date, changeset: ChangeSet | None = None, *, banner: str = "",
          new_first: bool = False) -> DocxDocument:
    """The instrument as a python-docx document; ``date`` (the revision's) dates it until it has its own."""
    word = new_document()
    if banner:
        add_run(word.add_paragraph(), banner, bold=True, font=DEFAULT_FONTS.heading)
    body = lines(inst)
    split = body.index("\u3000" + inst.enacting) + 1
    for text in body[:split]:
        add_run(word.add_paragraph(), text)
    if inst.style == TABLE and not inst.whole and changeset is not None:
        _table(word, changeset, new_first)
    for text in body[split:]:
        add_run(word.add_paragraph(), text)
    try:
        date = parse_wareki(inst.promulgated)
    except ValueError:
        pass  # not promulgated yet: the revision's date, so the bytes stay the same
    set_properties(word, title=inst.title, organisation=inst.organisation, date=date, subject=inst.number)
    return word


def _table(word: DocxDocument, changeset: ChangeSet, new_first: bool) -> None:
    table = word.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    heads = (NEW_HEADER, OLD_HEADER) if new_first else (OLD_HEADER, NEW_HEADER)
    for cell, text in zip(table.rows[0].cells, heads, strict=True):
        add_run(cell.paragraphs[0], text, font=DEFAULT_FONTS.heading)
        shade_cell(cell)
    set_repeat_header(table.rows[0])
    for row in rows(changeset):
        cells = table.add_row().cells
        for cell, side in zip(cells, (row.new, row.old) if new_first else (row.old, row.new), strict=True):
            for k, line in enumerate(side.lines):
                p = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
                for run in line:
                    add_run(p, run.text, underline=run.underline)


def to_bytes(inst: AmendingInstrument, date: _dt.date, changeset: ChangeSet | None = None, *, banner: str = "",
             new_first: bool = False) -> bytes:
    return docx_bytes(build(inst, date, changeset, banner=banner, new_first=new_first))
