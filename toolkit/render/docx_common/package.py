"""The saved file: core properties from the revision ledger, deterministic bytes, one atomic write."""

from __future__ import annotations

import datetime as _dt
import io
import zipfile
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.opc.packuri import PackURI
from docx.opc.pkgwriter import PackageWriter

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


class _Members:
    """Takes the members python-docx's package writer writes, by name, instead of zipping them."""

    def __init__(self) -> None:
        self.entries: dict[str, bytes] = {}

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        self.entries[pack_uri.membername] = blob


def _members(doc: DocxDocument) -> dict[str, bytes]:
    """Member name → bytes, as ``doc.save`` writes them (the same python-docx steps: parts
    marshalled, content types, package rels, each part with its rels) but kept unzipped:
    :func:`docx_bytes` zips them once (it used to read back ``doc.save``'s zip and zip it again)."""
    package = doc.part.package
    for part in package.parts:
        part.before_marshal()
    members = _Members()
    PackageWriter._write_content_types_stream(members, package.parts)
    PackageWriter._write_pkg_rels(members, package.rels)
    PackageWriter._write_parts(members, package.parts)  # type: ignore[arg-type]
    return members.entries


def docx_bytes(doc: DocxDocument) -> bytes:
    """The document as deterministic .docx bytes: fixed entry dates, fixed order, fixed compression."""
    entries = _members(doc)
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
