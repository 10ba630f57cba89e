"""The quick ways to add a run and a formatted paragraph write the XML python-docx's own API writes."""

from __future__ import annotations

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt

from toolkit.render.docx_common import (
    DEFAULT_FONTS,
    add_formatted_paragraph,
    add_text_run,
    docx_bytes,
    new_document,
)


def _xml(element) -> bytes:
    from lxml import etree

    return etree.tostring(element)


@pytest.mark.parametrize("text", ["", "本文", " 前に空白", "後に空白 ", "タブ\tの後", "改行\nの後", "復帰\rの後",
                                  "\t", "a\n\nb", "＜&>\"'"])
def test_a_text_run_is_the_run_python_docx_writes(text):
    doc = docx.Document()
    mine, theirs = doc.add_paragraph(), doc.add_paragraph()
    add_text_run(mine, text)
    theirs.add_run(text)
    assert _xml(mine._p) == _xml(theirs._p)
    assert mine.text == text.replace("\r", "\n")


FORMATS = [
    {"left_indent": Pt(21), "first_line_indent": Pt(-14), "keep_with_next": True, "keep_together": True},
    {"space_before": Pt(8), "keep_with_next": True, "keep_together": True},
    {"left_indent": Pt(21), "keep_together": True, "keep_with_next": False},
    {"keep_with_next": False, "left_indent": Pt(21)},
    {},
]


@pytest.mark.parametrize("formatting", FORMATS)
def test_a_formatted_paragraph_is_the_paragraph_python_docx_writes(formatting):
    doc = docx.Document()
    theirs = doc.add_paragraph()
    for name, value in formatting.items():
        setattr(theirs.paragraph_format, name, value)
    # twice: the second is a copy of the properties made for the first
    first, second = (add_formatted_paragraph(doc, **formatting) for _ in range(2))
    for mine in (first, second):
        assert _xml(mine._p) == _xml(theirs._p)
    if formatting:  # copies: changing one leaves the other as it was
        first._p.pPr.append(first._p.pPr.makeelement(qn("w:widowControl")))
        assert second._p.pPr.find(qn("w:widowControl")) is None
        assert _xml(add_formatted_paragraph(doc, **formatting)._p) == _xml(theirs._p)


def test_a_formatted_paragraph_refuses_a_setting_that_is_not_one():
    with pytest.raises(TypeError, match="keep_with_text"):
        add_formatted_paragraph(docx.Document(), keep_with_text=True)


def test_the_saved_bytes_are_those_of_python_docxs_save_rezipped():
    import io
    import zipfile

    doc = new_document()
    doc.add_paragraph("情報セキュリティ")
    raw = io.BytesIO()
    doc.save(raw)
    with zipfile.ZipFile(raw) as saved, zipfile.ZipFile(io.BytesIO(docx_bytes(doc))) as ours:
        assert {i.filename: saved.read(i) for i in saved.infolist()} == {i.filename: ours.read(i) for i in ours.infolist()}
        assert ours.namelist()[:3] == ["[Content_Types].xml", "_rels/.rels", "word/document.xml"]


def test_a_blank_document_is_a_new_document_and_each_is_its_own():
    """new_document() is a copy of one made once: it saves as one made afresh, and each copy is its own."""
    import datetime

    from toolkit.render.docx_common import set_properties
    from toolkit.render.docx_common.document import _made

    def made_afresh():
        return _made.__wrapped__(False, (30, 30, 25, 30), DEFAULT_FONTS, 10.5)

    def filled(doc) -> bytes:
        doc.add_paragraph("情報セキュリティ基本方針", style="Title")
        doc.sections[0].header.is_linked_to_previous = False  # a new part in the copied package
        doc.sections[0].header.paragraphs[0].add_run("庁内限り")
        set_properties(doc, title="基本方針", organisation="千曲市", date=datetime.date(2026, 4, 1))
        return docx_bytes(doc)

    first, second = new_document(), new_document()
    assert first is not second and first.element is not second.element
    assert filled(first) == filled(made_afresh())
    assert "情報セキュリティ基本方針" not in "".join(p.text for p in second.paragraphs)  # the first's text stayed there
    assert filled(second) == filled(made_afresh())


def test_none_zero_and_true_are_written_as_python_docx_writes_them():
    doc = docx.Document()
    theirs = doc.add_paragraph()
    theirs.paragraph_format.keep_with_next = None  # python-docx leaves an empty <w:pPr/>
    assert _xml(add_formatted_paragraph(doc, keep_with_next=None)._p) == _xml(theirs._p)
    theirs = doc.add_paragraph()
    theirs.paragraph_format.space_before = 0  # an int 0, then a Length: both written as w:before="0"
    assert _xml(add_formatted_paragraph(doc, space_before=0)._p) == _xml(theirs._p)
    for value in (True, 1, False, 0):  # equal keys, each made as python-docx makes it
        theirs = doc.add_paragraph()
        theirs.paragraph_format.keep_together = value
        assert _xml(add_formatted_paragraph(doc, keep_together=value)._p) == _xml(theirs._p), value
