"""A cache of parsed revision files (版ファイルの解析結果), keyed by their bytes.

A revision file is a full snapshot that rarely changes once adopted, yet
reading a big one through the YAML event stream is most of a ``policy diff``
(bench/bench_diff.py).  So the body a file parsed to, *without problems*, is
kept under ``build/.cache/source/`` (or ``$POLICY_CACHE_DIR``), named by the
SHA-256 of the file's bytes and of the loader's own code: an edited file, an
edited loader or another ruamel.yaml version simply misses.  A file with a
problem is never cached, so its error is reported every time.

The cache is stored with :mod:`marshal` (plain tuples and strings; unlike
pickle, loading it runs no code), read only from a regular file that is not
a symlink, and any failure to read or write it is a miss, never an error.
Each entry is sealed (:mod:`toolkit.seal`, a key outside ``build/``): an entry
edited in ``build/`` (a classification taken out) is a miss, not the source.
Locations are stored as line/column only; the file part is the path as shown
now (it depends on the working folder).  It holds the text of whatever was
loaded, non-public documents included: like every other thing under
``build/``, it is never published (the publish step reads only its own
staging folder).
"""

from __future__ import annotations

import dataclasses
import hashlib
import marshal
import os
import stat
from pathlib import Path
from typing import Any

from toolkit.errors import Location
from toolkit.files import atomic_write
from toolkit.model import Node
from toolkit.seal import seal_bytes, unseal_bytes

FORMAT = 2  # 2: the revision's own numbering and its 附則 are stored too
KEEP = 256  # entries kept; the least recently written beyond this are removed
_code_digest: str | None = None


def folder() -> Path:
    return Path(os.environ.get("POLICY_CACHE_DIR") or Path("build") / ".cache" / "source")


def _code() -> str:
    """Digest of the code that turns a file into nodes (every module of toolkit.source and
    toolkit.model, the errors and id rules): a change in any of it invalidates every entry."""
    global _code_digest
    if _code_digest is None:
        import ruamel.yaml

        package = Path(__file__).resolve().parent.parent  # toolkit/
        files = sorted([*package.joinpath("source").rglob("*.py"), *package.joinpath("model").rglob("*.py"),
                        *(package / name for name in ("errors.py", "ids.py") if (package / name).is_file())])
        h = hashlib.sha256(f"{FORMAT}\0{getattr(ruamel.yaml, '__version__', '')}\0".encode())
        for file in files:
            h.update(file.relative_to(package).as_posix().encode() + b"\0" + file.read_bytes())
        _code_digest = h.hexdigest()
    return _code_digest


def _read_regular(path: Path) -> bytes | None:
    """The file's bytes when it is a regular file (not a symlink); else None (the loader reports it)."""
    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode):
            return None
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return None


def key(path: Path, rid: str) -> tuple[str, bytes] | None:
    """(entry name, file bytes) for ``path`` as revision ``rid``; None when it cannot be cached."""
    from toolkit.errors import SourceError
    from toolkit.source.yamlnodes import read_source

    try:  # 9b: read as the loader reads a source (no link, no pipe, within the size limit), else a miss
        data = read_source(path, path.name)
    except SourceError:
        return None
    h = hashlib.sha256(_code().encode())
    h.update(b"\0" + rid.encode() + b"\0" + path.name.encode() + b"\0")
    h.update(data)
    return h.hexdigest(), data


# Every field of Node but the three handled apart, whatever fields the model has now: a field
# added later is kept too (and the model's source is part of the key, so old entries miss).
_SPECIAL = ("children", "withheld", "location")
_FIELDS = tuple(f.name for f in dataclasses.fields(Node) if f.name not in _SPECIAL)
_new = object.__new__


def _pack(node: Node) -> tuple:
    loc = (node.location.line, node.location.column) if node.location else None
    return (*(getattr(node, f) for f in _FIELDS), tuple(_pack(c) for c in node.children), loc)


def _unpack(t: tuple, file: str) -> Node:
    # Filled as pickle fills a frozen dataclass (its __dict__), not through __init__: the frozen
    # __init__ sets each field through object.__setattr__, the most of reading an entry back.
    node = _new(Node)
    d = node.__dict__
    d.update(zip(_FIELDS, t[:-2], strict=True))  # a malformed entry raises: a miss
    d["children"] = tuple([_unpack(c, file) for c in t[-2]])
    d["withheld"] = False
    loc = t[-1]
    d["location"] = Location(file, loc[0], loc[1]) if loc else None
    return node


Parsed = tuple[tuple[Node, ...], str | None, Location, tuple[str, ...], tuple[Node, ...], tuple[Node, ...]]  # … 附則, 前文


# This process's own entries, as read or written here: a file loaded again, in any folder, is not
# parsed again (its stored value, by entry), and in the same place not even unpacked (the model is
# frozen, so loads can share it).  Nothing outside the process writes here, so it needs no seal.
# Bounded: a long process (the test suite) loads thousands of revisions.
_STORED: dict[str, Any] = {}
_PARSED: dict[tuple[str, str], Parsed] = {}
MEMO_KEEP = 512


def _remember(memo: dict, key: Any, value: Any) -> None:
    if key not in memo and len(memo) >= MEMO_KEEP:
        del memo[next(iter(memo))]  # the oldest
    memo[key] = value


def forget() -> None:
    """Drop this process's entries (a test of the folder's entries reads them again)."""
    _STORED.clear()
    _PARSED.clear()


def get(entry: str, display: str) -> Parsed | None:
    """The parsed revision (body, note, location, own numbering, 附則) stored under ``entry``,
    with locations in ``display``; None on a miss."""
    if (parsed := _PARSED.get((entry, display))) is not None:
        _keep(entry, _STORED.get(entry))
        return parsed
    value = _STORED.get(entry)
    if value is not None:
        _keep(entry, value)
    else:
        raw = _read_regular(folder() / entry)
        data = unseal_bytes(raw, entry) if raw is not None else None  # an entry edited in build/ is a miss
        if data is None:
            return None
        try:
            value = marshal.loads(data)
        except (ValueError, TypeError, EOFError):
            return None
    try:
        body, note, loc, own, supplementary, preamble = value
        parsed = (tuple(_unpack(n, display) for n in body), note, Location(display, loc[0], loc[1]), tuple(own),
                  tuple(_unpack(n, display) for n in supplementary), tuple(_unpack(n, display) for n in preamble))
    except (ValueError, TypeError, IndexError):
        return None
    _remember(_STORED, entry, value)
    _remember(_PARSED, (entry, display), parsed)
    return parsed


def _keep(entry: str, value: Any) -> None:
    """The folder gets the entry a first parse would have written (when it is not there)."""
    if value is not None and not (folder() / entry).exists():
        _write(entry, value)


def put(entry: str, parsed: Parsed) -> None:
    """Store a revision parsed without problems; silently does nothing if the folder is not writable."""
    body, note, loc, own, supplementary, preamble = parsed
    value: Any = (tuple(_pack(n) for n in body), note, (loc.line, loc.column), tuple(own),
                  tuple(_pack(n) for n in supplementary), tuple(_pack(n) for n in preamble))
    _remember(_STORED, entry, value)
    _remember(_PARSED, (entry, loc.file), parsed)  # its locations are in the file's path as shown now
    _write(entry, value)


def _write(entry: str, value: Any) -> None:
    try:
        data = seal_bytes(marshal.dumps(value), entry)
        where = folder()
        if data is None or not _ours(where):
            return
        atomic_write(where / entry, data, private=True)  # it holds non-public text too
        _prune(where)
    except (OSError, ValueError):
        return


MARKER = ".policy-cache"


def _ours(where: Path) -> bool:
    """The cache folder is one the toolkit made (its marker; made here when new or empty): entries are pruned
    from it, so a folder of the user's (``POLICY_CACHE_DIR=~/Documents``) or a link is never written to."""
    if where.is_symlink() or (where.exists() and not where.is_dir()):
        return False
    marker = where / MARKER
    if where.is_dir() and marker.is_file() and not marker.is_symlink():
        return True
    if where.is_dir() and any(where.iterdir()):
        return False
    where.mkdir(parents=True, exist_ok=True)
    marker.write_text("a cache of the policy toolkit: entries are removed at will\n", encoding="ascii")
    return True


def _prune(where: Path) -> None:
    """Keep the folder from growing without end: every edited revision leaves an entry behind."""
    entries = [p for p in where.iterdir() if not p.name.startswith(".") and len(p.name) == 64]
    if len(entries) <= KEEP:
        return
    entries.sort(key=lambda p: p.stat().st_mtime_ns)
    for old in entries[: len(entries) - KEEP]:
        old.unlink(missing_ok=True)


__all__ = ["folder", "forget", "get", "key", "put"]
