"""A revision → an editable Word file (編集用 .docx), for staff who edit the policy in Word.

The layout is the Markdown export's (:func:`toolkit.render.markdown.layout`):
title, date lines, each clause's number written as text (as the policy
prints it), 見出し as Word headings.  Each clause's first paragraph holds a
hidden bookmark (``_pid_…``, see :func:`toolkit.source.importer.from_docx.bookmark_name`)
so that ``policy import edited.docx --like REV`` gives every clause back its
id, wherever it was moved; Word and LibreOffice keep bookmarks through edits.
A paragraph that would read as a number but is text is set in the style
本文 (Body Text), which the importer reads as text.
"""

from __future__ import annotations

from pathlib import Path

from toolkit.model import Document, Revision
from toolkit.render.docx_common import add_bookmark, new_document, save, set_properties
from toolkit.render.markdown import layout
from toolkit.source.importer.dates import is_date_line
from toolkit.source.importer.from_docx import TEXT_STYLE, bookmark_name
from toolkit.source.importer.numbers import starts_block


def render_editable_docx(doc: Document, rev: Revision, path: Path, organisation: str = "") -> Path:
    d = new_document()
    styles = {s.name for s in d.styles}
    for chunk in layout(doc, rev, toc=False):
        if chunk.kind == "heading":
            name = "Title" if chunk.level == 1 else f"Heading {min(chunk.level - 1, 9)}"
            para = d.add_paragraph(chunk.text, style=name if name in styles else None)
        elif chunk.kind in ("dates", "toc"):
            for line in chunk.text.split("\n"):
                d.add_paragraph(line)
            continue
        else:
            text_only = chunk.escape and (starts_block(chunk.text) or is_date_line(chunk.text))
            para = d.add_paragraph(chunk.text, style=TEXT_STYLE if text_only and TEXT_STYLE in styles else None)
        if chunk.node is not None:
            add_bookmark(para, bookmark_name(chunk.node))
    set_properties(d, title=f"{doc.title}（編集用）", organisation=organisation, date=rev.date,
                   subject=f"{doc.id} {rev.id}")
    return save(d, path)
