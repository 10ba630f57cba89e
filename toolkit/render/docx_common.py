"""Word (.docx) helpers shared by every .docx the toolkit writes.

One place for what all Word outputs need (the official edition, the 部分開示
edition, the 新旧対照表, printed quiz sheets), built on python-docx:

* :func:`new_document` — A4 (portrait or landscape), Japanese fonts set
  properly, template noise removed.
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

Fonts.  python-docx's ``font.name`` sets only ``w:ascii``/``w:hAnsi``; Japanese
text is drawn with the ``w:eastAsia`` font, and the default template's styles
name *theme* fonts (``w:asciiTheme``/``w:eastAsiaTheme``…), which win over
explicit names.  So every ``w:rFonts`` in styles.xml is rewritten to explicit
names (major → heading font, minor → body font) and ``w:lang w:eastAsia="ja-JP"``
is set.  The default pair is ＭＳ 明朝 / ＭＳ ゴシック: the fonts every Japanese
Windows PC has (since Windows 3.1; Office for Mac ships them too), which is
where the city opens its files.  The font table declares each with what Word
matches a missing font by (``w:altName`` the English name, JIS charset,
family, fixed pitch, PANOSE, the Unicode/code-page signature), so a PC without
them substitutes a like font rather than an arbitrary one.  LibreOffice here
draws them with the IPAex files the toolkit ships: ``toolkit/fonts/fonts.conf``
maps the Windows names to them (the tests that print through LibreOffice use it).
"""

from __future__ import annotations

import datetime as _dt
import io
import os
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Emu, Mm, Pt
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

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
    "add_internal_link",
    "add_page_number_footer",
    "add_run",
    "add_text_header",
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

# Fixed zip entry time: the earliest a zip can hold, so builds never carry the build time.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

A4 = (Mm(210), Mm(297))


@dataclass(frozen=True)
class FontFace:
    """A font as Word's font table declares it (``w:font`` in word/fontTable.xml)."""

    name: str
    alt_name: str
    panose: str
    family: str  # roman (明朝) or modern (ゴシック)
    pitch: str = "fixed"
    # usb0-usb3, csb0-csb1: the Unicode ranges and code pages the font covers, as Word writes them
    signature: tuple[str, str, str, str, str, str] = ("E00002FF", "6AC7FDFB", "08000012", "00000000",
                                                      "0002009F", "00000000")


MS_MINCHO = FontFace("ＭＳ 明朝", "MS Mincho", "02020609040205080304", "roman")
MS_GOTHIC = FontFace("ＭＳ ゴシック", "MS Gothic", "020B0609070205080204", "modern")


@dataclass(frozen=True)
class Fonts:
    """The body (明朝) and heading (ゴシック) fonts."""

    body_face: FontFace = MS_MINCHO
    heading_face: FontFace = MS_GOTHIC

    @property
    def body(self) -> str:
        return self.body_face.name

    @property
    def heading(self) -> str:
        return self.heading_face.name


DEFAULT_FONTS = Fonts()

# Paragraph styles made from scratch when the template lacks them: (name, styleId, based on).
_EXTRA_STYLES = (("toc 1", "TOC1", "Normal"), ("toc 2", "TOC2", "Normal"), ("TOC Heading", "TOCHeading", "Normal"))

_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def new_document(*, landscape: bool = False, margins_mm: tuple[float, float, float, float] = (30, 30, 25, 30),
                 fonts: Fonts = DEFAULT_FONTS, body_pt: float = 10.5) -> DocxDocument:
    """A blank A4 document with Japanese fonts and styles ready.

    ``margins_mm`` is (top, right, bottom, left).  Styles: ``Normal`` (明朝,
    left-aligned), ``Title``, ``Subtitle``, ``Heading 1``–``Heading 3`` (ゴシック,
    black), ``TOC Heading``, ``toc 1``/``toc 2``, ``Footer`` (centred) and
    ``Table Grid``.
    """
    doc = docx.Document()
    _drop_template_parts(doc)
    _clean_settings(doc)
    _set_fonts(doc, fonts, body_pt)
    _set_font_table(doc, fonts)
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


def _rfonts(rpr, font: str) -> None:
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in _THEME_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), font)


def _child(parent, tag: str):
    el = parent.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        parent.append(el)
    return el


def _set_lang(rpr) -> None:
    lang = _child(rpr, "w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "ja-JP")
    lang.set(qn("w:bidi"), "ar-SA")


def _set_fonts(doc: DocxDocument, fonts: Fonts, body_pt: float) -> None:
    styles_el = doc.styles.element
    # Every rFonts in styles.xml: theme references → explicit names.
    for rfonts in styles_el.iter(qn("w:rFonts")):
        major = any((rfonts.get(qn(a)) or "").startswith("major") for a in _THEME_ATTRS)
        if any(rfonts.get(qn(a)) for a in _THEME_ATTRS):
            for attr in _THEME_ATTRS:
                rfonts.attrib.pop(qn(attr), None)
            for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                rfonts.set(qn(attr), fonts.heading if major else fonts.body)
    defaults = styles_el.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _rfonts(rpr, fonts.body)
    _set_lang(rpr)
    for tag in ("w:sz", "w:szCs"):
        _child(rpr, tag).set(qn("w:val"), str(round(body_pt * 2)))
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = _child(ppr, "w:spacing")
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
    _rfonts(rpr, font)
    _set_lang(rpr)
    for tag in ("w:color",):
        for el in rpr.findall(qn(tag)):
            rpr.remove(el)
    style.font.size = Pt(pt)


def _set_font_table(doc: DocxDocument, fonts: Fonts) -> None:
    """Declare the two fonts with what Word needs to match or substitute them (see module docstring)."""
    from lxml import etree

    part = doc.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable")
    root = etree.fromstring(part.blob)
    for el in root.findall(qn("w:font")):
        if el.get(qn("w:name")) in (fonts.body, fonts.heading):
            root.remove(el)
    for face in (fonts.body_face, fonts.heading_face):
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), face.name)
        for tag, val in (("w:altName", face.alt_name), ("w:panose1", face.panose), ("w:charset", "80"),
                         ("w:family", face.family), ("w:pitch", face.pitch)):
            etree.SubElement(font, qn(tag)).set(qn("w:val"), val)
        sig = etree.SubElement(font, qn("w:sig"))
        for attr, val in zip(("usb0", "usb1", "usb2", "usb3", "csb0", "csb1"), face.signature, strict=True):
            sig.set(qn(f"w:{attr}"), val)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --------------------------------------------------------------------------- runs, fields, links

def set_run_font(run: Run, font: str) -> None:
    """Set a run's font for every script (Latin, East Asian, complex)."""
    _rfonts(run._element.get_or_add_rPr(), font)


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


def _fld_char(paragraph: Paragraph, kind: str) -> None:
    run = paragraph.add_run()
    fld = OxmlElement("w:fldChar")
    fld.set(qn("w:fldCharType"), kind)
    run._element.append(fld)


def _instr(paragraph: Paragraph, instruction: str) -> None:
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._element.append(instr)


def add_field(paragraph: Paragraph, instruction: str, cached: str = "") -> None:
    """A Word field (``PAGE``, ``NUMPAGES``, ``PAGEREF x``…) showing ``cached`` until updated."""
    _fld_char(paragraph, "begin")
    _instr(paragraph, instruction)
    _fld_char(paragraph, "separate")
    paragraph.add_run(cached)
    _fld_char(paragraph, "end")


def add_page_number_footer(section: Section, template: str = "- {page} -") -> Paragraph:
    """A centred page number (a ``PAGE`` field) in the section's footer; ``{pages}`` = NUMPAGES."""
    footer = section.footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.style = "Footer"
    rest = template
    while rest:
        i = min((rest.find(k) for k in ("{page}", "{pages}") if rest.find(k) >= 0), default=-1)
        if i < 0:
            paragraph.add_run(rest)
            break
        if i:
            paragraph.add_run(rest[:i])
        key = "{pages}" if rest.startswith("{pages}", i) else "{page}"
        add_field(paragraph, "NUMPAGES" if key == "{pages}" else "PAGE", "1")
        rest = rest[i + len(key):]
    return paragraph


def add_bookmark(paragraph: Paragraph, name: str) -> None:
    """Wrap the paragraph's content in a bookmark (a target for links and ``PAGEREF``)."""
    body = paragraph.part.element
    next_id = len(body.findall(".//" + qn("w:bookmarkStart")))
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(next_id))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(next_id))
    p = paragraph._p
    ppr = p.find(qn("w:pPr"))
    p.insert(0 if ppr is None else list(p).index(ppr) + 1, start)
    p.append(end)


def add_internal_link(paragraph: Paragraph, text: str, anchor: str) -> None:
    """A hyperlink to a bookmark in the same document (works in Word, LibreOffice and the PDF)."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), anchor)
    link.set(qn("w:history"), "1")
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


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
    # CT_PPr wants pBdr before spacing/ind/jc; python-docx inserts in schema order.
    ppr.insert_element_before(bdr, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                              "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
                              "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
                              "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                              "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                              "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


@dataclass(frozen=True)
class TocEntry:
    """One line of a table of contents: level 1 or 2, the text as printed, the bookmark it links to."""

    level: int
    text: str
    anchor: str


def add_toc(doc: DocxDocument, entries: Sequence[TocEntry], *, title: str = "目次") -> None:
    """A table of contents with page numbers, in Word and in LibreOffice.

    Each entry is its number and title (a link to its heading), a dot leader
    and a ``PAGEREF`` field to the heading's bookmark.  Not wrapped in a
    ``TOC`` field: LibreOffice takes a TOC field's content as fixed text and
    would print the page numbers as cached (none: only a layout engine knows
    them), while a free ``PAGEREF`` it computes from its own layout.  Word
    computes the same fields when it opens the file (``w:updateFields``: it
    asks 「このドキュメントには…フィールドが含まれています。更新しますか?」)
    and before printing.  The entries come from the model, so nothing is lost
    by Word not regenerating them (目次の更新 is not needed).
    """
    doc.add_paragraph(title, style="TOC Heading")
    section = doc.sections[-1]
    right = Emu(int(section.page_width or 0) - int(section.left_margin or 0) - int(section.right_margin or 0))
    for entry in entries:
        paragraph = doc.add_paragraph(style=f"toc {min(max(entry.level, 1), 2)}")
        paragraph.paragraph_format.tab_stops.add_tab_stop(right, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        add_internal_link(paragraph, entry.text, entry.anchor)
        paragraph.add_run("\t")
        add_field(paragraph, f"PAGEREF {entry.anchor} \\h")
    if entries:
        update_fields_on_open(doc)


# Elements of w:settings that come after w:updateFields (CT_Settings is a sequence).
_AFTER_UPDATE_FIELDS = ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids",
                        "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
                        "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade",
                        "w:captions", "w:readModeInkLockDown", "w:smartTagType", "w:shapeDefaults",
                        "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator")


def update_fields_on_open(doc: DocxDocument) -> None:
    """Have Word update the fields (the 目次's page numbers) when the file is opened (``w:updateFields``)."""
    settings = doc.settings.element
    el = settings.find(qn("w:updateFields"))
    if el is None:
        el = OxmlElement("w:updateFields")
        later = [c for tag in _AFTER_UPDATE_FIELDS for c in settings.findall(qn(tag))]
        if later:
            min(later, key=list(settings).index).addprevious(el)
        else:
            settings.append(el)
    el.set(qn("w:val"), "true")


# --------------------------------------------------------------------------- tables

def set_repeat_header(row: _Row) -> None:
    """Repeat this row at the top of every page the table spans (表の見出し行の繰り返し)."""
    trpr = row._tr.get_or_add_trPr()
    _child(trpr, "w:tblHeader").set(qn("w:val"), "true")


def keep_row_together(row: _Row) -> None:
    """Do not split this row across a page break."""
    trpr = row._tr.get_or_add_trPr()
    _child(trpr, "w:cantSplit").set(qn("w:val"), "true")


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
    shd = _child(tcpr, "w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)


# --------------------------------------------------------------------------- properties and saving

def set_properties(doc: DocxDocument, *, title: str, organisation: str, date: _dt.date,
                   subject: str = "", keywords: str = "") -> None:
    """Core properties from the source: author = organisation, dates = the given (ledger) date.

    Everything else the template carried (creator "python-docx", its
    description, revision number, last-printed) is removed.
    """
    cp = doc.core_properties
    element = cp._element
    for child in list(element):
        element.remove(child)
    when = _dt.datetime(date.year, date.month, date.day, tzinfo=_dt.UTC)
    cp.title = _property(title)
    cp.author = _property(organisation)
    cp.last_modified_by = _property(organisation)
    cp.created = when
    cp.modified = when
    cp.language = "ja-JP"
    if subject:
        cp.subject = _property(subject)
    if keywords:
        cp.keywords = _property(keywords)


def _property(text: str) -> str:
    """A core property cut to the 255 characters python-docx allows (the full text is in the body).
    Added by 9b (issue 9): a long valid title made the .docx, and so the publish, fail."""
    return text if len(text) <= 255 else text[:254] + "…"


def docx_bytes(doc: DocxDocument) -> bytes:
    """The document as deterministic .docx bytes: fixed entry dates, fixed order, fixed compression."""
    raw = io.BytesIO()
    doc.save(raw)
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src:
        entries = {info.filename: src.read(info) for info in src.infolist()}
    first = ["[Content_Types].xml", "_rels/.rels", "word/document.xml"]
    order = [n for n in first if n in entries] + sorted(n for n in entries if n not in first)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            dst.writestr(info, entries[name], compresslevel=9)
    return out.getvalue()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def save(doc: DocxDocument, path: Path) -> Path:
    """Write ``path`` atomically (temporary file in the same folder, then rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = docx_bytes(doc)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a published file must be readable
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
