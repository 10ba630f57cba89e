"""A new .docx: A4 page, the template's noise removed, every style in Japanese fonts."""

from __future__ import annotations

import copy
from functools import cache

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from toolkit.render.docx_common.fonts import DEFAULT_FONTS, Fonts, set_font_table
from toolkit.render.docx_common.oxml import THEME_ATTRS, child, set_lang, set_rfonts

A4 = (Mm(210), Mm(297))

# Paragraph styles made from scratch when the template lacks them: (name, styleId, based on).
_EXTRA_STYLES = (("toc 1", "TOC1", "Normal"), ("toc 2", "TOC2", "Normal"), ("TOC Heading", "TOCHeading", "Normal"))


def new_document(*, landscape: bool = False, margins_mm: tuple[float, float, float, float] = (30, 30, 25, 30),
                 fonts: Fonts = DEFAULT_FONTS, body_pt: float = 10.5) -> DocxDocument:
    """A blank A4 document with Japanese fonts and styles ready: change it freely.

    ``margins_mm`` is (top, right, bottom, left).  Styles: ``Normal`` (明朝,
    left-aligned), ``Title``, ``Subtitle``, ``Heading 1``–``Heading 3`` (ゴシック,
    black), ``TOC Heading``, ``toc 1``/``toc 2``, ``Footer`` (centred) and
    ``Table Grid``.

    Made once per setting in a process and copied: parsing python-docx's template and rewriting
    its styles takes about 20 ms, a deep copy of the result a third of that, and saves the same
    bytes (tests/test_docx_text_runs.py); a quiz build makes ten .docx, a test session hundreds.
    """
    return copy.deepcopy(_made(landscape, tuple(margins_mm), fonts, body_pt))


@cache
def _made(landscape: bool, margins_mm: tuple[float, float, float, float], fonts: Fonts,
          body_pt: float) -> DocxDocument:
    doc = docx.Document()
    _drop_template_parts(doc)
    _clean_settings(doc)
    _set_fonts(doc, fonts, body_pt)
    set_font_table(doc, fonts)
    section = doc.sections[0]
    width, height = A4
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = width, height
    top, right, bottom, left = margins_mm
    section.top_margin, section.right_margin = Mm(top), Mm(right)
    section.bottom_margin, section.left_margin = Mm(bottom), Mm(left)
    section.header_distance = section.footer_distance = Mm(12)
    sect = section._sectPr
    for attr in ("w:rsidR", "w:rsidRPr", "w:rsidSect"):
        sect.attrib.pop(qn(attr), None)
    return doc


# --------------------------------------------------------------------------- template clean-up

def _drop_template_parts(doc: DocxDocument) -> None:
    """Drop the default template's thumbnail, customXml, stylesWithEffects and app.xml.

    None is needed; the thumbnail is a picture of someone else's document, the
    customXml and app.xml are places text could hide, stylesWithEffects is
    438 KB of duplicate styles.  A part no relationship points to is not saved.
    """
    drop = {
        "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml",
        "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    }
    for rels in (doc.part.package.rels, doc.part.rels):
        for rid in [rid for rid, rel in rels.items() if rel.reltype in drop]:
            del rels[rid]
            rels._target_parts_by_rId.pop(rid, None)  # python-docx keeps a second index


def _clean_settings(doc: DocxDocument) -> None:
    settings = doc.settings.element
    for tag in ("w:rsids", "w:proofState", "w:savePreviewPicture", "w14:docId", "w:attachedTemplate"):
        for el in settings.findall(qn(tag)):
            settings.remove(el)


# --------------------------------------------------------------------------- styles

def _set_fonts(doc: DocxDocument, fonts: Fonts, body_pt: float) -> None:
    styles_el = doc.styles.element
    # Every rFonts in styles.xml: theme references → explicit names.
    for rfonts in styles_el.iter(qn("w:rFonts")):
        major = any((rfonts.get(qn(a)) or "").startswith("major") for a in THEME_ATTRS)
        if any(rfonts.get(qn(a)) for a in THEME_ATTRS):
            for attr in THEME_ATTRS:
                rfonts.attrib.pop(qn(attr), None)
            for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                rfonts.set(qn(attr), fonts.heading if major else fonts.body)
    defaults = styles_el.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_rfonts(rpr, fonts.body)
    set_lang(rpr)
    for tag in ("w:sz", "w:szCs"):
        child(rpr, tag).set(qn("w:val"), str(round(body_pt * 2)))
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = child(ppr, "w:spacing")
    spacing.attrib.clear()
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "300")  # 1.25 lines: room for ruby-less Japanese text
    spacing.set(qn("w:lineRule"), "auto")

    for name, style_id, base in _EXTRA_STYLES:
        if style_id not in {s.style_id for s in doc.styles}:
            style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.element.set(qn("w:styleId"), style_id)
            style.base_style = doc.styles[base]

    normal = doc.styles["Normal"]
    _style(normal, fonts.body, body_pt)
    # Left, not justified: all-full-width Japanese lines come out even anyway, and
    # LibreOffice (7.4 here) drops a line-final 、 in justified CJK text.
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    sizes = {"Title": 18, "Subtitle": 12, "Heading 1": 12, "Heading 2": 10.5, "Heading 3": 10.5, "TOC Heading": 12}
    for name, pt in sizes.items():
        style = doc.styles[name]
        _style(style, fonts.heading, pt)
        style.font.bold = False  # ゴシック is the emphasis; synthetic bold blurs it
        style.font.italic = False
        pf = style.paragraph_format
        pf.keep_with_next = True
        pf.space_after = Pt(0 if name.startswith("Heading") else 6)
        ppr_el = style.element.get_or_add_pPr()
        for tag in ("w:pBdr", "w:numPr", "w:contextualSpacing"):
            for el in ppr_el.findall(qn(tag)):
                ppr_el.remove(el)
        if name in ("Title", "Subtitle", "TOC Heading"):
            pf.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.styles["Title"].font.size = Pt(sizes["Title"])
    rpr_title = doc.styles["Title"].element.get_or_add_rPr()
    for tag in ("w:spacing", "w:kern"):
        for el in rpr_title.findall(qn(tag)):
            rpr_title.remove(el)
    doc.styles["Heading 1"].paragraph_format.space_before = Pt(12)
    doc.styles["Heading 2"].paragraph_format.space_before = Pt(6)
    doc.styles["Heading 3"].paragraph_format.space_before = Pt(4)
    doc.styles["TOC Heading"].paragraph_format.space_before = Pt(18)
    doc.styles["TOC Heading"].paragraph_format.space_after = Pt(6)
    for name, indent in (("toc 1", 0.0), ("toc 2", 10.5)):
        style = doc.styles[name]
        _style(style, fonts.body, body_pt)
        style.paragraph_format.left_indent = Pt(indent)
        style.paragraph_format.space_after = Pt(2)
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    footer = doc.styles["Footer"]
    _style(footer, fonts.body, 9)
    footer.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header = doc.styles["Header"]
    _style(header, fonts.heading, 9)


def _style(style, font: str, pt: float) -> None:
    rpr = style.element.get_or_add_rPr()
    set_rfonts(rpr, font)
    set_lang(rpr)
    for tag in ("w:color",):
        for el in rpr.findall(qn(tag)):
            rpr.remove(el)
    style.font.size = Pt(pt)
