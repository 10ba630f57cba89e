"""The leak check's readers (読取り): every kind of file a published folder can hold, as text, within limits.

A registry keyed by content (magic bytes first, then the name): zip family
(.docx, .apkg, .zip), SQLite (an .apkg's collection), PDF, gzip, Sphinx
``objects.inv``, and text (HTML / XML with tags stripped and entities
decoded, JavaScript / JSON with escapes decoded and ``searchindex.js`` parsed,
percent-encoded URLs).  Archives are opened recursively.

Every reader works within :mod:`toolkit.leakcheck.limits`: past a limit it raises
:class:`~toolkit.leakcheck.limits.CannotVerify` ("cannot verify", never clean).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from toolkit.leakcheck.containers import read_gzip, read_inventory, read_sqlite, read_zip
from toolkit.leakcheck.limits import Budget, CannotVerify, Texts
from toolkit.leakcheck.markup import read_text
from toolkit.leakcheck.pdf import read_pdf


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
    yield from read_text(name, data)


register(Reader("zip (.docx, .apkg, .zip)", read_zip, magic=(b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")))
register(Reader("SQLite", read_sqlite, magic=(b"SQLite format 3\x00",)))
register(Reader("PDF", read_pdf, magic=(b"%PDF-",)))
register(Reader("gzip", read_gzip, magic=(b"\x1f\x8b",)))
register(Reader("Sphinx objects.inv", read_inventory, magic=(b"# Sphinx inventory",)))

__all__ = ["READERS", "Reader", "file_texts", "register"]
