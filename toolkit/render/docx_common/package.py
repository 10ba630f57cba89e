"""The saved file: core properties from the revision ledger, deterministic bytes, one atomic write."""

from __future__ import annotations

import datetime as _dt
import io
import zipfile
from pathlib import Path

from docx.document import Document as DocxDocument

from toolkit.files import atomic_write

# Fixed zip entry time: the earliest a zip can hold, so builds never carry the build time.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


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


def save(doc: DocxDocument, path: Path) -> Path:
    """Write ``path`` atomically: the deterministic bytes, in one :func:`toolkit.files.atomic_write`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, docx_bytes(doc))
    return path
