"""The leak check's readers (読取り): every kind of file a published folder can hold, as text, within limits.

A registry keyed by content (magic bytes first, then the name): zip family
(.docx, .apkg, .zip), SQLite (an .apkg's collection), PDF, gzip, Sphinx
``objects.inv``, and text (HTML / XML with tags stripped and entities
decoded, JavaScript / JSON with escapes decoded and ``searchindex.js`` parsed,
percent-encoded URLs).  Archives are opened recursively.

Every reader works within :class:`Limits` — bytes per member, total bytes per
published file (all members at every depth), compression ratio, members and
nesting depth.  Past a limit the reader raises :class:`CannotVerify`: the leak
check reports the file as a located failure ("cannot verify"), never as
clean, and memory stays bounded (members are inflated at most one byte past
their limit, whatever their headers claim).
"""

from __future__ import annotations

import html
import json
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

MiB = 1 << 20


@dataclass(frozen=True)
class Limits:
    """How much one published file may hold once unpacked, at every depth together."""

    member_bytes: int = 64 * MiB  # one file, or one member of an archive, unpacked
    total_bytes: int = 256 * MiB  # a published file and everything inside it, unpacked
    ratio: int = 200  # unpacked / packed, for members over ``ratio_floor`` (deflated XML: ~10)
    ratio_floor: int = 1 * MiB
    members: int = 20_000  # archive members, at every depth together
    depth: int = 8  # archives inside archives
    pdf_pages: int = 5_000
    pdf_objects: int = 500_000  # objects of one PDF walked for their strings (annotations, /Alt, JavaScript)


LIMITS = Limits()


class CannotVerify(Exception):  # noqa: N818 - a verdict, not a programming error
    """A file the leak check cannot read within its limits (or at all): never reported as clean."""

    def __init__(self, label: str, reason: str):
        self.label, self.reason = label, reason
        super().__init__(f"{label}: {reason}")


@dataclass
class Budget:
    """What is left of the limits while one published file is read."""

    limits: Limits = LIMITS
    total: int = 0
    members: int = 0

    def take(self, label: str, size: int) -> None:
        if size > self.limits.member_bytes:
            raise CannotVerify(label, f"{size:,} bytes unpacked, over the limit of {self.limits.member_bytes:,} "
                               "per member")
        self.total += size
        if self.total > self.limits.total_bytes:
            raise CannotVerify(label, f"over {self.limits.total_bytes:,} bytes unpacked in one published file "
                               "(an archive bomb, or far larger than any output of this toolkit)")

    def member(self, label: str) -> None:
        self.members += 1
        if self.members > self.limits.members:
            raise CannotVerify(label, f"over {self.limits.members:,} archive members in one published file")


Texts = Iterator[tuple[str, str]]


@dataclass(frozen=True)
class Reader:
    """One kind of content: recognised by its first bytes (or, failing that, its name)."""

    name: str
    read: Callable[[str, bytes, int, Budget], Texts]
    magic: tuple[bytes, ...] = ()
    suffixes: tuple[str, ...] = field(default=())

    def matches(self, name: str, data: bytes) -> bool:
        return (bool(self.magic) and data.startswith(self.magic)) or (
            bool(self.suffixes) and not self.magic and name.lower().endswith(self.suffixes))


READERS: list[Reader] = []


def register(reader: Reader) -> Reader:
    """Add a reader (tried in order of registration; the text reader is the fallback)."""
    READERS.append(reader)
    return reader


def file_texts(name: str, data: bytes, depth: int = 0, budget: Budget | None = None) -> Texts:
    """(label, text) for one file's content; archives are opened recursively.  Raises :class:`CannotVerify`."""
    budget = budget or Budget()
    yield name, name  # file and member names are output too
    if depth > budget.limits.depth:
        raise CannotVerify(name, f"archives nested deeper than {budget.limits.depth}")
    budget.take(name, len(data))
    for reader in READERS:
        if reader.matches(name, data):
            yield from reader.read(name, data, depth, budget)
            return
    yield from _text(name, data)


# ---------------------------------------------------------------- archives


def _bounded_inflate(label: str, data: bytes, budget: Budget, wbits: int) -> bytes:
    """zlib / gzip data inflated to at most the member limit (+1 byte to tell)."""
    d = zlib.decompressobj(wbits)
    try:
        out = d.decompress(data, budget.limits.member_bytes + 1)
    except zlib.error as e:
        raise CannotVerify(label, f"compressed data cannot be read ({e})") from None
    if len(out) > budget.limits.member_bytes or d.unconsumed_tail:
        raise CannotVerify(label, f"inflates to over {budget.limits.member_bytes:,} bytes")
    if data and len(out) > budget.limits.ratio_floor and len(out) / len(data) > budget.limits.ratio:
        raise CannotVerify(label, f"compression ratio over {budget.limits.ratio}:1 (an archive bomb?)")
    return out


def _zip(name: str, data: bytes, depth: int, budget: Budget) -> Texts:
    import zipfile

    try:
        zf = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise CannotVerify(name, f"looks like a zip archive but cannot be opened ({e})") from None
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        for info in sorted(infos, key=lambda i: i.filename):
            label = f"{name}!{info.filename}"
            budget.member(label)
            limits = budget.limits
            if info.file_size > limits.member_bytes:
                raise CannotVerify(label, f"declares {info.file_size:,} bytes, over the limit of "
                                   f"{limits.member_bytes:,} per member")
            if (info.file_size > limits.ratio_floor and info.compress_size
                    and info.file_size / info.compress_size > limits.ratio):
                raise CannotVerify(label, f"compression ratio {info.file_size // info.compress_size}:1, over "
                                   f"{limits.ratio}:1 (an archive bomb?)")
            try:
                with zf.open(info) as fh:
                    content = fh.read(limits.member_bytes + 1)  # headers can lie: never inflate more
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError, zlib.error) as e:
                raise CannotVerify(label, f"cannot be read ({type(e).__name__}: {e})") from None
            if len(content) > limits.member_bytes:
                raise CannotVerify(label, f"inflates past {limits.member_bytes:,} bytes (its header said "
                                   f"{info.file_size:,})")
            yield from file_texts(label, content, depth + 1, budget)


def _gzip(name: str, data: bytes, depth: int, budget: Budget) -> Texts:
    yield from file_texts(f"{name}!gunzip", _bounded_inflate(name, data, budget, 16 + zlib.MAX_WBITS),
                          depth + 1, budget)


def _inventory(name: str, data: bytes, depth: int, budget: Budget) -> Texts:
    """Sphinx objects.inv v2: four '#' header lines, then zlib."""
    pos = 0
    for _ in range(4):
        nl = data.find(b"\n", pos)
        if nl < 0:
            pos = len(data)
            break
        pos = nl + 1
    yield name, data[:pos].decode("utf-8", "replace")
    body = _bounded_inflate(name, data[pos:], budget, zlib.MAX_WBITS)
    budget.take(name, len(body))
    yield name, body.decode("utf-8", "replace")


def _sqlite(name: str, data: bytes, depth: int, budget: Budget) -> Texts:
    import sqlite3
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory(prefix="leakcheck-") as tmp:
        db = Path(tmp) / "collection.sqlite"
        db.write_bytes(data)
        try:
            con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        except sqlite3.DatabaseError as e:
            raise CannotVerify(name, f"an SQLite database that cannot be opened ({e})") from None
        try:
            # the schema is text too: a view's or a trigger's definition can hold a sentence (never run: a
            # view can be recursive), as can a table's defaults and CHECK constraints
            schema = [r[0] for r in con.execute("select sql from sqlite_master where sql is not null order by name")]
            budget.take(f"{name}!schema", sum(len(t) for t in schema))
            yield f"{name}!schema", _SEP.join(schema)
            tables = [r[0] for r in con.execute("select name from sqlite_master where type = 'table' order by name")]
            for table in tables:
                cells: list[str] = []
                size = 0
                quoted = '"' + table.replace('"', '""') + '"'
                for row in con.execute(f"select * from {quoted}"):  # noqa: S608 - names from sqlite_master
                    for cell in row:
                        if isinstance(cell, bytes):
                            yield from file_texts(f"{name}!{table}", cell, depth + 1, budget)
                        elif cell is not None:
                            text = str(cell)
                            size += len(text)
                            cells.append(text)
                    if size > budget.limits.member_bytes:
                        raise CannotVerify(f"{name}!{table}", f"over {budget.limits.member_bytes:,} characters")
                budget.take(f"{name}!{table}", size)
                yield f"{name}!{table}", _SEP.join(cells)
        except sqlite3.DatabaseError as e:
            raise CannotVerify(name, f"an SQLite database that cannot be read ({e})") from None
        finally:
            con.close()


def _pdf(name: str, data: bytes, depth: int, budget: Budget) -> Texts:
    """Every page's text, the outline (bookmarks), the document information, and embedded files.

    pypdf parses the file (and inflates each page's content within its own
    limit, so a bomb stops there); the text comes from poppler's ``pdftotext``
    when installed (a child process under limits, ~10× faster than pypdf's
    pure-Python text extraction), else from pypdf.
    """
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
            texts = [page.extract_text() or "" for page in reader.pages]
        for i, text in enumerate(texts, 1):
            budget.take(f"{name}!page {i}", len(text))
            yield f"{name}!page {i}", text
        info: dict[str, object] = dict(reader.metadata or {})
        yield f"{name}!info", _SEP.join(str(v) for v in info.values())
        yield f"{name}!outline", _SEP.join(_outline_titles(reader.outline))
        yield f"{name}!objects", _SEP.join(_pdf_strings(name, reader, budget))
        for fname, contents in (reader.attachments or {}).items():
            for j, content in enumerate(contents):
                yield from file_texts(f"{name}!{fname}#{j}", content, depth + 1, budget)
    except CannotVerify:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError,
            zlib.error) as e:
        raise CannotVerify(name, f"a PDF that cannot be read ({type(e).__name__}: {e})") from None


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
            yield _markup(data.decode("utf-8", "replace"))
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


# ---------------------------------------------------------------- text


_SEP = "\x00"  # between variants and archive members: no fingerprint spans it
_BLOCK_NAMES = """p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd table tr td th thead tbody caption br hr
section article header footer nav aside main title head body html script style pre blockquote figure
figcaption option select button label form tc tbl""".split()
# Block-level elements (HTML, and Word's paragraph / cell / break) end a run of text;
# inline ones (a, span, em, w:r, w:t) do not, so a linked term inside a sentence still matches.
_BLOCK_TAG = re.compile(r"<\s*/?\s*(?:[\w.-]+:)?(?:" + "|".join(_BLOCK_NAMES) + r")(?![\w.:-])[^<>]*>", re.I)
_TAG = re.compile(r"<[^<>]*>")
_JS_ESCAPE = re.compile(r"\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})"
                        r"|\\x([0-9a-fA-F]{2})")
_JSONP = re.compile(r"^\s*[\w.$]+\s*\(\s*(.*?)\s*\)\s*;?\s*$", re.S)
_PERCENT = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def _js_unescape(text: str) -> str:
    def sub(m: re.Match[str]) -> str:
        if m.group(1):
            hi, lo = int(m.group(1), 16), int(m.group(2), 16)
            return chr(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
        return chr(int(m.group(3) or m.group(4), 16))

    return _JS_ESCAPE.sub(sub, text)


def _json_strings(value: object) -> Iterator[str]:
    stack = [value]  # iterative: a deeply nested JSON must not exhaust the stack
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            yield v
        elif isinstance(v, dict):
            for k, item in reversed(list(v.items())):
                stack.append(item)
                stack.append(str(k))
        elif isinstance(v, list):
            stack.extend(reversed(v))


def _json_payload(text: str) -> object | None:
    """The JSON in a .json file or a JSONP-style call (``Search.setIndex({...})``)."""
    m = _JSONP.match(text)
    for candidate in ((m.group(1),) if m else ()) + (text,):
        try:
            return json.loads(candidate)
        except (ValueError, RecursionError):
            continue
    return None


def _markup(text: str) -> str:
    """Text as read (tags removed: block ones end a run, inline ones do not), then every tag
    itself (attributes such as ``title=`` and ``content=`` are text too), entities decoded."""
    stripped = _TAG.sub("", _BLOCK_TAG.sub(_SEP, text))
    return html.unescape(stripped + _SEP + _SEP.join(_TAG.findall(text)))


def text_variants(name: str, text: str) -> list[str]:
    """The readings of a text file a reader (or a search box) could see, each once."""
    from urllib.parse import unquote

    if name.endswith((".js", ".json")) and (payload := _json_payload(text)) is not None:
        variants = [_SEP.join(_json_strings(payload))]  # searchindex.js: every string, unescaped
    elif "\\u" in text or "\\x" in text:
        variants = [_js_unescape(text)]
    else:
        variants = [text]
    if "<" in variants[0]:
        variants = [_markup(variants[0])]
    elif "&" in variants[0]:
        variants = [html.unescape(variants[0])]
    encoded = _PERCENT.findall(text) if "%" in text else []  # Japanese in URLs: %E6%A9%9F…
    if encoded:
        variants.append(_SEP.join(unquote(e) for e in encoded))
    return variants


def _text(name: str, data: bytes) -> Texts:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", "replace")
    else:
        text = data.decode("utf-8", "replace")
    for variant in text_variants(name, text):
        yield name, variant


register(Reader("zip (.docx, .apkg, .zip)", _zip, magic=(b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")))
register(Reader("SQLite", _sqlite, magic=(b"SQLite format 3\x00",)))
register(Reader("PDF", _pdf, magic=(b"%PDF-",)))
register(Reader("gzip", _gzip, magic=(b"\x1f\x8b",)))
register(Reader("Sphinx objects.inv", _inventory, magic=(b"# Sphinx inventory",)))

__all__ = ["LIMITS", "READERS", "Budget", "CannotVerify", "Limits", "Reader", "file_texts", "register",
           "text_variants"]
