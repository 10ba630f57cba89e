"""Word (.docx) helpers shared by every .docx the toolkit writes.

One place for what all Word outputs need (the official edition, the 部分開示
edition, the 新旧対照表, printed quiz sheets), built on python-docx:

* :func:`new_document` — A4 (portrait or landscape), Japanese fonts set
  properly, template noise removed (made once per setting, then copied).
* :func:`add_formatted_paragraph`, :func:`add_text_run` — a paragraph with direct
  formatting and a run of text, as python-docx writes them but without its slow paths.
* :func:`add_field`, :func:`add_page_number_footer`, :func:`add_bookmark`,
  :func:`add_internal_link`, :func:`add_toc` — Word fields and links.
* :func:`set_repeat_header`, :func:`set_col_widths`, :func:`shade_cell` — tables.
* :func:`set_properties` then :func:`save` — core properties from the revision
  ledger and a deterministic, atomic save (same input → same bytes).

Typical use::

    doc = new_document()                      # or new_document(landscape=True)
    doc.add_paragraph("情報セキュリティ基本方針", style="Title")
    doc.add_paragraph("1. 目的", style="Heading 1")
    add_page_number_footer(doc.sections[0])
    set_properties(doc, title="情報セキュリティ基本方針", organisation="千曲市",
                   date=datetime.date(2026, 4, 1))
    save(doc, Path("build/docx/basic-policy-r8.docx"))

The concerns live in one module each, as python-docx keeps its proxies apart
from the XML beneath them; this package is the surface renderers import from:

* :mod:`.document` — the page and the styles; :mod:`.fonts` — the font pair and
  the font table; :mod:`.text` — runs and paragraphs; :mod:`.fields` — fields,
  bookmarks, links, the 目次; :mod:`.tables`; :mod:`.package` — properties and
  the saved file; :mod:`.oxml` — the ``w:`` element helpers they share.
"""

from __future__ import annotations

from toolkit.render.docx_common.document import new_document
from toolkit.render.docx_common.fields import (
    TocEntry,
    add_bookmark,
    add_field,
    add_internal_link,
    add_page_number_footer,
    add_toc,
    update_fields_on_open,
)
from toolkit.render.docx_common.fonts import (
    DEFAULT_FONTS,
    MS_GOTHIC,
    MS_MINCHO,
    FontFace,
    Fonts,
    set_run_font,
)
from toolkit.render.docx_common.package import ZIP_DATE, docx_bytes, save, set_properties
from toolkit.render.docx_common.tables import keep_row_together, set_col_widths, set_repeat_header, shade_cell
from toolkit.render.docx_common.text import (
    add_formatted_paragraph,
    add_run,
    add_text_header,
    add_text_run,
    set_paragraph_border,
)

__all__ = [
    "DEFAULT_FONTS",
    "ZIP_DATE",
    "FontFace",
    "Fonts",
    "MS_GOTHIC",
    "MS_MINCHO",
    "TocEntry",
    "add_bookmark",
    "add_field",
    "add_formatted_paragraph",
    "add_internal_link",
    "add_page_number_footer",
    "add_run",
    "add_text_header",
    "add_text_run",
    "add_toc",
    "update_fields_on_open",
    "docx_bytes",
    "keep_row_together",
    "new_document",
    "save",
    "set_col_widths",
    "set_properties",
    "set_repeat_header",
    "set_paragraph_border",
    "set_run_font",
    "shade_cell",
]
