"""Word fields and links: page numbers, bookmarks, links inside the document, the 目次."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Emu
from docx.text.paragraph import Paragraph

from toolkit.render.docx_common.oxml import SETTINGS_AFTER_UPDATE_FIELDS


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


def update_fields_on_open(doc: DocxDocument) -> None:
    """Have Word update the fields (the 目次's page numbers) when the file is opened (``w:updateFields``)."""
    settings = doc.settings.element
    el = settings.find(qn("w:updateFields"))
    if el is None:
        el = OxmlElement("w:updateFields")
        later = [c for tag in SETTINGS_AFTER_UPDATE_FIELDS for c in settings.findall(qn(tag))]
        if later:
            min(later, key=list(settings).index).addprevious(el)
        else:
            settings.append(el)
    el.set(qn("w:val"), "true")
