"""The leak check's fast content-stream parser gives pypdf's own operations, or leaves the stream to pypdf.

Whatever it returns is compared with pypdf's ``ContentStream.operations`` object for object (type,
value, attributes): on every page of the fixture's official PDF editions, on streams made to sit on
each edge of its subset, and on random streams.  A stream pypdf cannot parse is never parsed here.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ContentStream, DecodedStreamObject, NameObject, TextStringObject

from toolkit.leakcheck import file_texts, normalise
from toolkit.leakcheck import pdf as leak_pdf
from toolkit.leakcheck.pdf_content import operations


def _same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    return bool(a == b) and getattr(a, "__dict__", None) == getattr(b, "__dict__", None)


def _pypdf(data: bytes) -> list[tuple[Any, bytes]] | Exception:
    stream = DecodedStreamObject()
    stream.set_data(data)
    try:
        return ContentStream(stream, None, "bytes").operations
    except Exception as e:  # noqa: BLE001 - pypdf's verdict, whatever it is
        return e


def _agrees(data: bytes) -> bool | None:
    """True: parsed here exactly as pypdf parses it; None: left to pypdf; False: a difference."""
    ours, theirs = operations(data, "bytes"), _pypdf(data)
    if ours is None:
        return None
    return not isinstance(theirs, Exception) and _same(ours, theirs)


def test_every_page_of_the_official_editions_parses_as_pypdf_parses_it(official_editions):
    pdfs = sorted(official_editions.rglob("*.pdf"))
    assert pdfs
    for path in pdfs:
        reader = PdfReader(path)
        for page in reader.pages:
            data = ContentStream(page["/Contents"], reader, "bytes").get_data()
            assert _agrees(data) is True, f"{path.name}: a page of our own PDF left to pypdf or parsed otherwise"
        texts = [leak_pdf._page_text(page) for page in reader.pages]
        assert texts == [page.extract_text() or "" for page in PdfReader(path).pages]
        assert "".join(texts).strip()


EDGES = [
    b"BT /F1 12 Tf 1 0 0 -1 0 0 Tm [(\\000\\025\\000\\026) -250 (ab)] TJ ET",
    b"(nested (balanced) parens) Tj (\\(escaped\\)) Tj (a\\\\) Tj",
    b"(\\0003 \\12 \\377 \\7a) Tj",  # octal: three digits at most, then an ordinary digit
    b"(\\400) Tj (\\777) Tj",  # over 255: pypdf's odd way, left to it
    b"(\\q) Tj (line\\\ncontinued) Tj",  # unknown escape, escaped line end: left to pypdf
    b"<00410042> Tj <4> Tj < 41 42 > Tj <> Tj",
    b"/Span <</MCID 0>> BDC EMC /Artifact <</Attached [/Bottom] /Type /Pagination>> BDC EMC",
    b"<</A 1 /A 2>> BDC",  # a repeated key: left to pypdf
    b"<</Length 3>> stream\nabc",  # a dictionary followed by stream: left to pypdf
    b"1 0 R Tj",  # pypdf reads an indirect reference (and fails without a PDF): left to it
    b"1 0 0 RG 0 0 1 rg",
    b"1,5 Tc 1-2 Tw 1.2.3 Tz +.5 -.5 5. Tc",
    b"% a comment\nBT ET",
    b"BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI",
    b"BT\x00ET", b"BT\x0bET", b"BT {} ET", b"BT ) ET", b"BT ] ET", b"[1 2", b"<</A 1", b"(unterminated",
    b"/N#41me /Na#zz /\xe6\x97\xa5 Tf", b"/ Tf", b"true false null Tj", b"[true] TJ", b"[[1] 2] TJ",
    b"5 6", b"", b"   \n\t", b"Tj\xe6\x97\xa5", b"\xe6\x97\xa5 Tj",
    b"/F1 12 Tf" + b" " * 40 + b"T*",
    b"A" * 20 + b" B",  # an operator longer than the subset's: left to pypdf
    b"/" + b"n" * 2000 + b" Tf",  # a name past the subset's length: left to pypdf
]


@pytest.mark.parametrize("data", EDGES)
def test_each_edge_is_parsed_as_pypdf_does_or_left_to_it(data):
    assert _agrees(data) is not False


def test_the_subset_covers_what_a_page_holds():
    """The common syntax really is parsed here (a parser that left everything to pypdf would pass
    the other tests and save nothing)."""
    for data in (EDGES[0], EDGES[1], EDGES[2], EDGES[5], EDGES[6], EDGES[10]):
        assert _agrees(data) is True, data


_PIECES = [b" ", b"\n", b"\r", b"\t", b"\x0c", b"(", b")", b"\\", b"<", b">", b"<<", b">>", b"[", b"]", b"/", b"%",
           b"{", b"}", b"0", b"7", b"9", b"12", b".", b"-", b"+", b",", b"R", b"Tj", b"TJ", b"BT", b"ET", b"BI",
           b"ID", b"EI", b"s", b"stream", b"n", b"null", b"true", b"a", b"#", b"41", b"\x00", b"\x0b", b"\xe6\x97",
           b"'", b'"', b"/F1", b"(x)", b"<4142>", b"\\0", b"\\n", b"\\(", b"\\\n"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_random_streams_are_parsed_as_pypdf_does_or_left_to_it(pieces):
    assert _agrees(b"".join(pieces)) is not False


def test_a_string_in_the_content_streams_own_dictionary_is_still_read(monkeypatch):
    """The page is given back its own /Contents after its text is read: the walk over the
    document's objects still finds a string kept in the content stream's dictionary.  (A guard:
    in pypdf 7.1 the walk reads its own copy of the page dictionary, so this held before too.)"""
    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    contents = DecodedStreamObject()
    contents.set_data(b"BT ET")
    contents[NameObject("/Hidden")] = TextStringObject("秘密の会議室の暗証番号")
    page[NameObject("/Contents")] = writer._add_object(contents)
    buf = BytesIO()
    writer.write(buf)
    monkeypatch.setattr(leak_pdf, "_pdftotext", lambda *_a: None)  # pypdf reads the page text
    leak_pdf._READ.clear()
    texts = " ".join(text for _label, text in file_texts("x.pdf", buf.getvalue()))
    assert normalise("秘密の会議室の暗証番号") in normalise(texts)
