"""The PDF reader: every page's text, the outline (bookmarks), the document information, every string of the
document's objects (annotations, ``/Alt``, JavaScript, XMP metadata) and embedded files, within limits.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from io import BytesIO
from typing import Any

from toolkit.leakcheck.limits import Budget, CannotVerify, Limits, Texts
from toolkit.leakcheck.markup import markup
from toolkit.leakcheck.normal import SEP

# PDFs read whole in this process: (sha256, limits, pdftotext) → (label suffixes and texts, budget used).
_READ: dict[tuple[bytes, Limits, str | None], tuple[list[tuple[str, str]], int, int]] = {}
_READ_KEEP = 64


def read_pdf(name: str, data: bytes, depth: int, budget: Budget) -> Texts:
    """:func:`_read_pdf`; a published PDF (not inside an archive) whose bytes were read whole before
    in this process is given again from memory, its budget used as then (builds are reproducible:
    a process that publishes or checks twice meets the same editions; the text is what pypdf or
    pdftotext read, so the leak check itself still scans it every time)."""
    import hashlib
    import shutil

    key = None
    if depth == 0 and budget.total == len(data) and budget.members == 0:
        key = (hashlib.sha256(data).digest(), budget.limits, shutil.which("pdftotext"))
        if key in _READ:
            texts, total, members = _READ[key]
            for suffix, text in texts:
                yield name + suffix, text
            budget.total, budget.members = total, members
            return
    seen: list[tuple[str, str]] = []
    for label, text in _read_pdf(name, data, depth, budget):
        if key is not None and label.startswith(name):
            seen.append((label[len(name):], text))
        else:  # nested, or a label it could not give back under another name: not kept
            key = None
        yield label, text
    if key is not None:  # read to the end without an error
        if len(_READ) >= _READ_KEEP:
            del _READ[next(iter(_READ))]
        _READ[key] = (seen, budget.total, budget.members)


def _read_pdf(name: str, data: bytes, depth: int, budget: Budget) -> Texts:
    """Every page's text, the outline (bookmarks), the document information, and embedded files.

    pypdf parses the file (and inflates each page's content within its own
    limit, so a bomb stops there); the text comes from poppler's ``pdftotext``
    when installed (a child process under limits, ~10× faster than pypdf's
    pure-Python text extraction), else from pypdf.
    """
    from toolkit.leakcheck.readers import file_texts  # embedded files (the registry imports this module)

    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError:  # pragma: no cover - a runtime dependency
        raise CannotVerify(name, "a PDF, and pypdf (the PDF reader) is not installed") from None
    try:
        reader = PdfReader(BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise CannotVerify(name, "an encrypted PDF")
        if len(reader.pages) > budget.limits.pdf_pages:
            raise CannotVerify(name, f"over {budget.limits.pdf_pages:,} pages")
        for i, page in enumerate(reader.pages, 1):  # inflated within pypdf's own limit (a bomb raises)
            stream = page.get_contents()
            budget.take(f"{name}!page {i}", len(stream.get_data()) if stream is not None else 0)
        texts = _pdftotext(name, data, budget)
        if texts is None:  # no poppler: pypdf reads the text too (slower: pure Python)
            texts = [_page_text(page) for page in reader.pages]
        for i, text in enumerate(texts, 1):
            budget.take(f"{name}!page {i}", len(text))
            yield f"{name}!page {i}", text
        info: dict[str, object] = dict(reader.metadata or {})
        yield f"{name}!info", SEP.join(str(v) for v in info.values())
        yield f"{name}!outline", SEP.join(_outline_titles(reader.outline))
        yield f"{name}!objects", SEP.join(_pdf_strings(name, reader, budget))
        for fname, contents in (reader.attachments or {}).items():
            for j, content in enumerate(contents):
                yield from file_texts(f"{name}!{fname}#{j}", content, depth + 1, budget)
    except CannotVerify:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError,
            zlib.error) as e:
        raise CannotVerify(name, f"a PDF that cannot be read ({type(e).__name__}: {e})") from None


def _page_text(page: Any) -> str:
    """pypdf's ``page.extract_text()``, the page's content stream tokenised by
    :mod:`~toolkit.leakcheck.pdf_content` where it can (3× faster; the same operations, so the
    same text), else by pypdf.  The page is given back its own ``/Contents`` afterwards (the
    object walk reads its entries too)."""
    from pypdf.generic import ContentStream, NameObject

    from toolkit.leakcheck.pdf_content import operations

    key = NameObject("/Contents")
    own = page.raw_get(key) if key in page else None
    if own is None:
        return page.extract_text() or ""
    try:  # what pypdf's extract_text makes of /Contents (any trouble: pypdf's own path, its own error)
        content = ContentStream(own.get_object(), page.pdf, "bytes")
        parsed = operations(content.get_data(), content.forced_encoding)
    except Exception:  # noqa: BLE001 - pypdf, given the page as it is, raises or reads it its own way
        return page.extract_text() or ""
    if parsed:
        content._operations = parsed  # kept with its bytes: pypdf reads those to see it holds text at all
    page[key] = content
    try:
        return page.extract_text() or ""
    finally:
        page[key] = own


def _pdftotext(name: str, data: bytes, budget: Budget) -> list[str] | None:
    """Each page's text by poppler's ``pdftotext`` (fast), in a child limited to 1 GiB, 30 s of CPU and
    the member limit of output; None when it is not installed."""
    import resource
    import shutil
    import subprocess
    import tempfile

    exe = shutil.which("pdftotext")
    if exe is None:
        return None

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        resource.setrlimit(resource.RLIMIT_CPU, (30, 30))

    with tempfile.NamedTemporaryFile(prefix="leakcheck-", suffix=".pdf") as tmp:
        tmp.write(data)
        tmp.flush()
        proc = subprocess.Popen([exe, "-q", "-enc", "UTF-8", tmp.name, "-"], stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, preexec_fn=limits)
        assert proc.stdout is not None
        out = proc.stdout.read(budget.limits.member_bytes + 1)
        if len(out) > budget.limits.member_bytes:
            proc.kill()
        status = proc.wait()
        proc.stdout.close()
    if len(out) > budget.limits.member_bytes:
        raise CannotVerify(name, f"over {budget.limits.member_bytes:,} bytes of text")
    if status != 0:
        raise CannotVerify(name, f"pdftotext could not read it (exit status {status})")
    pages = out.decode("utf-8", "replace").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def _pdf_strings(name: str, reader: Any, budget: Budget) -> Iterator[str]:
    """Every string of the document's objects, and the XMP metadata and JavaScript streams.

    Walked from the trailer (the catalog, the pages, the document information), one object at a time
    with a set of those seen (a ``/Parent`` cycle ends), so text no renderer writes today is read all
    the same: annotation contents (``/Contents``, ``/RC``, ``/T``), structure-tree ``/Alt`` and
    ``/ActualText``, document JavaScript (``/Names /JavaScript``, ``/OpenAction``, ``/AA``), form values.
    Page content streams are read as text by :func:`_pdftotext`; fonts and images are not text.
    """
    from pypdf.generic import ArrayObject, ByteStringObject, DictionaryObject, IndirectObject, StreamObject

    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [reader.trailer]
    visited = 0
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            if (obj.idnum, obj.generation) in seen:
                continue
            seen.add((obj.idnum, obj.generation))
            obj = obj.get_object()
        visited += 1
        if visited > budget.limits.pdf_objects:
            raise CannotVerify(name, f"over {budget.limits.pdf_objects:,} objects")
        if isinstance(obj, StreamObject) and (obj.get("/Type") == "/Metadata" or obj.get("/Subtype") == "/XML"):
            data = obj.get_data()
            budget.take(f"{name}!metadata", len(data))
            yield markup(data.decode("utf-8", "replace"))
        if isinstance(obj, DictionaryObject):
            for key, value in obj.items():
                if key == "/JS" and isinstance(value.get_object(), StreamObject):  # JavaScript as a stream
                    js = value.get_object().get_data()
                    budget.take(f"{name}!javascript", len(js))
                    yield js.decode("utf-8", "replace")
                elif key != "/Parent":  # up the page tree: already on the way down
                    stack.append(value)
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
        elif isinstance(obj, ByteStringObject):
            text = bytes(obj).decode("utf-16" if bytes(obj)[:2] in (b"\xfe\xff", b"\xff\xfe") else "utf-8",
                                     "replace")
            budget.take(f"{name}!objects", len(text))
            yield text
        elif isinstance(obj, str) and not obj.startswith("/"):  # a text string (a name is /Like/This)
            budget.take(f"{name}!objects", len(obj))
            yield str(obj)


def _outline_titles(items: object, depth: int = 0) -> Iterator[str]:
    if depth > 32 or not isinstance(items, list):
        return
    for item in items:
        if isinstance(item, list):
            yield from _outline_titles(item, depth + 1)
        else:
            title = getattr(item, "title", None)
            if title:
                yield str(title)


__all__ = ["read_pdf"]
