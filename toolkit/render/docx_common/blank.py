"""A blank document without making it again: a copy of one :func:`new_document`, made once per process.

:func:`new_document` parses python-docx's template and rewrites its styles every time
(about 20 ms); a quiz build makes ten .docx, a test session hundreds.  A deep copy of
the finished blank (about a third of that) is the same document: same parts, same XML,
same bytes when saved (tests/test_docx_text_runs.py).
"""

from __future__ import annotations

import copy
from functools import cache

from docx.document import Document as DocxDocument

from toolkit.render.docx_common.document import new_document


@cache
def _blank() -> DocxDocument:
    return new_document()


def blank_document() -> DocxDocument:
    """``new_document()`` (A4, default margins and fonts), as a copy of one made before: change it freely."""
    return copy.deepcopy(_blank())
