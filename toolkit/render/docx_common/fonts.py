"""The fonts of every .docx: the 明朝 / ゴシック pair, declared in the font table so Word can match them.

python-docx's ``font.name`` sets only ``w:ascii``/``w:hAnsi``; Japanese
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

from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.text.run import Run

from toolkit.render.docx_common.oxml import set_rfonts


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


def set_font_table(doc: DocxDocument, fonts: Fonts) -> None:
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


def set_run_font(run: Run, font: str) -> None:
    """Set a run's font for every script (Latin, East Asian, complex)."""
    set_rfonts(run._element.get_or_add_rPr(), font)
