"""The OOXML element helpers the Word modules share, where python-docx has no API for a property.

python-docx gives proxies (``Document``, ``Paragraph``, ``Run``…) over its
``oxml`` element layer; what it does not cover (East Asian fonts, the language
tag, table-row and cell properties) is set on the ``w:`` elements directly,
through these helpers.
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

# rFonts attributes that name a theme font; a theme font wins over an explicit name.
THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def set_rfonts(rpr, font: str) -> None:
    """Name ``font`` for every script in ``rpr`` (a ``w:rPr``), dropping theme fonts that would win over it."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in THEME_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), font)


def child(parent, tag: str):
    """The ``tag`` child of ``parent``, appended if missing."""
    el = parent.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        parent.append(el)
    return el


def set_lang(rpr) -> None:
    """Mark ``rpr``'s text as Japanese for East Asian script (so Word lays it out and checks it as such)."""
    lang = child(rpr, "w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "ja-JP")
    lang.set(qn("w:bidi"), "ar-SA")
