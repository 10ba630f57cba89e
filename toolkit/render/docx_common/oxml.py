"""The OOXML element helpers the Word modules share, where python-docx has no API for a property.

python-docx gives proxies (``Document``, ``Paragraph``, ``Run``…) over its
``oxml`` element layer; what it does not cover (East Asian fonts, the language
tag, table-row and cell properties, where an element goes in its parent's schema sequence) is
set on the ``w:`` elements directly, through these helpers.
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

# rFonts attributes that name a theme font; a theme font wins over an explicit name.
THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")

# Elements of w:settings that come after w:updateFields (CT_Settings is a sequence).
SETTINGS_AFTER_UPDATE_FIELDS = ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids",
                                "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
                                "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade",
                                "w:captions", "w:readModeInkLockDown", "w:smartTagType", "w:shapeDefaults",
                                "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator")

# Elements of w:pPr that come after w:pBdr (CT_PPr is a sequence: python-docx inserts before the first present).
PPR_AFTER_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                  "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
                  "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                  "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
                  "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


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
