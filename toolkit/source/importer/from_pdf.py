"""PDF → text, with pypdf: the text layer, page by page.

The text then goes through the same rules as a PDF's text pasted into a
file (R1–R7 repair the extraction's damage).  Before that, what the page
layout added is dropped and quoted in the report: page numbers (``- 3 -``,
``3/12``) and running headers or footers (the same line at the top or bottom
of most pages); the space the text layer puts after a digit set in another
font (``第1 条``, ``令和5 年``) is removed.  Locations in messages are page numbers.
"""

from __future__ import annotations

import io
import re
from collections import Counter

from toolkit.errors import Location, Problem, SourceError
from toolkit.source.importer.inputs import Input
from toolkit.source.importer.state import Decision

PAGE_NUMBER = re.compile(r"^[\s\-－‐―—–]*(?:[0-9０-９]{1,4}|[0-9]{1,4}\s*/\s*[0-9]{1,4}|[ivxlcIVXLC]{1,6})[\s\-－‐―—–]*$")
MAX_PAGES = 2000
# the text layer puts a space after half-width digits set in another font: 第1 条, 令和5 年4 月1 日
_DIGIT_SPACE = re.compile(r"(?<=[0-9０-９]) +(?=[条章節項号年月日])")


def read_pdf(data: bytes, file: str) -> Input:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if len(reader.pages) > MAX_PAGES:
            raise SourceError([Problem(Location(file), f"{len(reader.pages)} pages; more than {MAX_PAGES}",
                                       "a policy document")])
        pages = [(page.extract_text() or "").replace("\r\n", "\n").replace("\r", "\n") for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as e:
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
