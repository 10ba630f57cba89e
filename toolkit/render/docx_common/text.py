"""Runs and paragraphs: a run in a given font, a page header line, a boxed paragraph."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from toolkit.render.docx_common.fonts import set_run_font
from toolkit.render.docx_common.oxml import PPR_AFTER_PBDR


def add_run(paragraph: Paragraph, text: str, *, bold: bool = False, underline: bool = False,
            font: str | None = None, size_pt: float | None = None) -> Run:
    """Append a run; ``font`` overrides the style's font for all scripts."""
    run = paragraph.add_run(text)
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
