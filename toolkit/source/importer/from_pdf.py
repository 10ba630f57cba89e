"""PDF → text, with pypdf: the text layer, page by page.

The text then goes through the same rules as a PDF's text pasted into a
file (R1–R7 repair the extraction's damage).  Before that, what the page
layout added is dropped and quoted in the report: page numbers (``- 3 -``,
``3/12``) and running headers or footers (the same line at the top or bottom
of most pages); the space the text layer puts after a digit set in another
font (``第1 条``, ``令和5 年``) is removed.  Paragraphs are told apart by their
indented first line (字下げ), which pypdf's layout extraction keeps; the
PDF edition of a revision imports back to that revision.  Locations in
messages are page numbers.
"""

from __future__ import annotations

import io
import re
from collections import Counter

from toolkit.errors import Location, Problem, SourceError
from toolkit.source.importer.inputs import Input
from toolkit.source.importer.state import Decision

PAGE_NUMBER = re.compile(r"^[\s\-－‐―—–]*(?:[0-9０-９]{1,4}|[0-9]{1,4}\s*/\s*[0-9]{1,4}|[ivxlcIVXLC]{1,6})[\s\-－‐―—–]*$")
# Limits on a PDF (pypdf's own defaults allow 75 MB per stream and 2 M tokens per content stream,
# which took most of the 1 GiB / 30 s a hostile file may have).  A policy is a few hundred text pages:
MAX_PAGES = 2000
# bytes one stream may inflate to: a page's text is tens of KB, a font's ToUnicode map a few KB
MAX_STREAM_BYTES = 16 * 1024 * 1024
# tokens (operators, operands, array elements) in one content stream: a dense page of
# glyph-positioned Japanese text is about 20,000
MAX_STREAM_TOKENS = 200_000
# content bytes of all pages together, read twice (plain and layout text): 300 pages of 30 KB
# are 9 MB; a file repeating one large stream on every page is stopped here
MAX_CONTENT_BYTES = 32 * 1024 * 1024
# the text layer puts a space after half-width digits set in another font: 第1 条, 令和5 年4 月1 日
_DIGIT_SPACE = re.compile(r"(?<=[0-9０-９]) +(?=[条章節項号年月日])")


def _starts(layout: str) -> list[bool]:
    """For each non-blank line of the layout extraction: does a paragraph start there?  Japanese text
    indents a paragraph's first line (字下げ) past the lines that continue it; the layout keeps that."""
    lines = [ln for ln in layout.replace("\r\n", "\n").replace("\r", "\n").split("\n") if ln.strip()]
    indents = [len(ln) - len(ln.lstrip(" ")) for ln in lines]
    out = []
    for i in range(len(lines)):
        deeper = 0 < i < len(lines) - 1 and indents[i - 1] < indents[i] and indents[i + 1] < indents[i]
        out.append(deeper and lines[i - 1].rstrip().endswith(("。", "）", ")", "」")))
    return out


def _page_text(page) -> str:
    """The page's text (the plain extraction: its spacing is the text's), with a blank line where the
    layout extraction shows a paragraph starting; the plain text alone when the two do not line up."""
    plain = (page.extract_text() or "").replace("\r\n", "\n").replace("\r", "\n")
    try:
        starts = _starts(page.extract_text(extraction_mode="layout") or "")
    except Exception:  # noqa: BLE001 - the layout mode is a refinement; the plain text stands without it
        return plain
    lines = plain.split("\n")
    if sum(1 for ln in lines if ln.strip()) != len(starts):
        return plain
    out: list[str] = []
    k = 0
    for ln in lines:
        if ln.strip():
            if starts[k]:
                out.append("")
            k += 1
        out.append(ln)
    return "\n".join(out)


def _pages(data: bytes, file: str) -> list[str]:
    """The text of each page, within the limits above."""
    from pypdf import PdfReader, apply_configuration

    with apply_configuration(zlib_maximum_output_length=MAX_STREAM_BYTES,
                             lzw_maximum_output_length=MAX_STREAM_BYTES,
                             run_length_maximum_output_length=MAX_STREAM_BYTES,
                             brotli_maximum_output_length=MAX_STREAM_BYTES,
                             array_based_stream_maximum_output_length=MAX_STREAM_BYTES,
                             maximum_declared_stream_length=MAX_STREAM_BYTES,
                             stream_decoding_work_maximum_length=4 * MAX_STREAM_BYTES,
                             stream_parsing_work_maximum_count=MAX_STREAM_TOKENS):
        reader = PdfReader(io.BytesIO(data))
        if len(reader.pages) > MAX_PAGES:
            raise SourceError([Problem(Location(file), f"{len(reader.pages)} pages; more than {MAX_PAGES}",
                                       "a policy document")])
        pages = []
        content = 0
        for number, page in enumerate(reader.pages, start=1):
            stream = page.get_contents()
            content += len(stream.get_data()) if stream is not None else 0
            if content > MAX_CONTENT_BYTES:
                raise SourceError([Problem(Location(file, number), f"the pages up to this one hold more than "
                                           f"{MAX_CONTENT_BYTES:,} bytes of content", "a policy document")])
            pages.append(_page_text(page))
        return pages


def read_pdf(data: bytes, file: str) -> Input:
    from pypdf.errors import PyPdfError

    try:
        pages = _pages(data, file)
    except RecursionError:
        raise SourceError([Problem(Location(file), "cannot read the PDF: its objects are nested too deeply (or "
                                   "refer to themselves)", "a PDF with a text layer (not a scan)")]) from None
    # what pypdf raises on a damaged or hostile file (its limits: LimitReachedError, a PyPdfError)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, AssertionError,
            ZeroDivisionError, OverflowError) as e:
        raise SourceError([Problem(Location(file), f"cannot read the PDF's text: {e}",
                                   "a PDF with a text layer (not a scan)")]) from None
    if not any(p.strip() for p in pages):
        raise SourceError([Problem(Location(file), "the PDF has no text layer (a scanned image?)",
                                   "a PDF with text, or its text run through OCR first")])
    split = [[ln.rstrip() for ln in p.split("\n")] for p in pages]
    edges: Counter[str] = Counter()
    for lines in split:
        body = [ln.strip() for ln in lines if ln.strip()]
        for ln in {*(body[:1]), *(body[-1:])}:
            edges[ln] += 1
    running = {ln for ln, n in edges.items() if len(split) >= 3 and n * 2 > len(split)}
    out: list[str] = []
    where: list[int] = []
    report: list[Decision] = []
    for number, lines in enumerate(split, start=1):
        for ln in lines:
            s = ln.strip()
            if s and (PAGE_NUMBER.match(s) or s in running):
                report.append(Decision("dropped", number, s, "page number" if PAGE_NUMBER.match(s)
                                       else "running header / footer"))
                continue
            fixed = _DIGIT_SPACE.sub("", ln)
            if fixed != ln:
                report.append(Decision("repair", number, s, "spaces after digits removed (PDF text layer): "
                                       + fixed.strip()))
            out.append(fixed)
            where.append(number)
    return Input("\n".join(out) + "\n", "pdf", where, "page", {}, report)
