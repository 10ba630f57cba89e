"""Runs and paragraphs: a run in a given font, a page header line, a boxed paragraph."""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Pt
from docx.text.paragraph import Paragraph
from docx.text.parfmt import ParagraphFormat
from docx.text.run import Run

from toolkit.render.docx_common.fonts import set_run_font
from toolkit.render.docx_common.oxml import PPR_AFTER_PBDR

_SPECIAL = frozenset("\t\r\n")  # what python-docx's run text turns into <w:tab/> and <w:br/>


def add_text_run(paragraph: Paragraph, text: str) -> Run:
    """``paragraph.add_run(text)``, the same XML: plain text (most of it) goes straight into one
    ``<w:t>``; python-docx's character-by-character setter is kept for tabs and line breaks.
    A long document (a quiz's answer key) spent a third of its time in that setter."""
    run = paragraph.add_run()
    if text:
        if _SPECIAL.isdisjoint(text):
            run._r.add_t(text)
        else:
            run.text = text
    return run


@cache
def _paragraph_properties(formatting: tuple[tuple[str, type, Any], ...]) -> Any:
    """The ``<w:pPr>`` python-docx makes for these paragraph-format settings (None: none), made once.
    Keyed by each value's type too: ``True`` and ``1`` are equal keys but python-docx writes them apart."""
    paragraph = Paragraph(OxmlElement("w:p"), None)  # type: ignore[arg-type]
    for name, _type, value in formatting:
        setattr(paragraph.paragraph_format, name, value)
    return paragraph._p.pPr


def add_formatted_paragraph(doc: Any, **formatting: Any) -> Paragraph:
    """``doc.add_paragraph()`` (``doc``: a document, cell, header … anything with ``add_paragraph``)
    with these :class:`ParagraphFormat` settings, set in the order given, the same XML: the
    ``<w:pPr>`` is made once per set of settings and copied, as setting each property through
    python-docx costs a search of the schema order every time."""
    unknown = [name for name in formatting if not isinstance(getattr(ParagraphFormat, name, None), property)]
    if unknown:
        raise TypeError(f"not paragraph-format settings: {unknown}")
    paragraph = doc.add_paragraph()
    properties = _paragraph_properties(tuple((name, type(v), v) for name, v in formatting.items()))
    if properties is not None:
        paragraph._p.insert(0, copy.deepcopy(properties))
    return paragraph


def add_run(paragraph: Paragraph, text: str, *, bold: bool = False, underline: bool = False,
            font: str | None = None, size_pt: float | None = None) -> Run:
    """Append a run; ``font`` overrides the style's font for all scripts."""
    run = add_text_run(paragraph, text)
    if bold:
        run.bold = True
    if underline:
        run.underline = True
    if font:
        set_run_font(run, font)
    if size_pt:
        run.font.size = Pt(size_pt)
    return run


def add_text_header(section: Section, text: str) -> Paragraph:
    """A line of text in the section's header on every page (e.g. 庁内限り, 部分開示)."""
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.style = "Header"
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.add_run(text)
    return paragraph


def set_paragraph_border(paragraph: Paragraph, size_eighths_pt: int = 8) -> None:
    """A box around the paragraph (for notices such as 再構成版)."""
    ppr = paragraph._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), str(size_eighths_pt))
        el.set(qn("w:space"), "4")
        el.set(qn("w:color"), "auto")
        bdr.append(el)
    ppr.insert_element_before(bdr, *PPR_AFTER_PBDR)
