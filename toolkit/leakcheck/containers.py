"""Readers of containers (入れ物): zip (.docx, .apkg, .zip), gzip, Sphinx ``objects.inv``, SQLite (an .apkg's
collection).  Each opens its members within the :class:`~toolkit.leakcheck.limits.Budget` and reads each
with :func:`toolkit.leakcheck.readers.file_texts`, so archives inside archives are read too.

A zip is opened and its members unpacked by :mod:`toolkit.archives`, as every package the toolkit is
given is; what it cannot read is "cannot verify" here.
"""

from __future__ import annotations

import zlib

from toolkit.leakcheck.limits import Budget, CannotVerify, Texts
from toolkit.leakcheck.normal import SEP


def _file_texts(name: str, data: bytes, depth: int, budget: Budget) -> Texts:
    from toolkit.leakcheck.readers import file_texts  # (the registry imports this module)

    return file_texts(name, data, depth, budget)


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



def read_zip(name: str, data: bytes, depth: int, budget: Budget) -> Texts:
    from io import BytesIO

    from toolkit.archives import Unreadable, open_zip, unpack

    try:
        zf = open_zip(data, "a zip archive")
    except Unreadable as e:
        raise CannotVerify(name, e.message) from None
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        for info in sorted(infos, key=lambda i: i.filename):
            label = f"{name}!{info.filename}"
            budget.member(label)
            limits = budget.limits
            if (info.file_size > limits.ratio_floor and info.compress_size
                    and info.file_size / info.compress_size > limits.ratio):
                raise CannotVerify(label, f"compression ratio {info.file_size // info.compress_size}:1, over "
                                   f"{limits.ratio}:1 (an archive bomb?)")
            content = BytesIO()
            try:
                unpack(zf, info, content, limits.member_bytes)  # headers can lie: never inflates more
            except Unreadable as e:
                raise CannotVerify(label, e.message) from None
            yield from _file_texts(label, content.getvalue(), depth + 1, budget)


def read_gzip(name: str, data: bytes, depth: int, budget: Budget) -> Texts:
    yield from _file_texts(f"{name}!gunzip", _bounded_inflate(name, data, budget, 16 + zlib.MAX_WBITS),
                          depth + 1, budget)


def read_inventory(name: str, data: bytes, depth: int, budget: Budget) -> Texts:
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


def read_sqlite(name: str, data: bytes, depth: int, budget: Budget) -> Texts:
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
            yield f"{name}!schema", SEP.join(schema)
            tables = [r[0] for r in con.execute("select name from sqlite_master where type = 'table' order by name")]
            for table in tables:
                cells: list[str] = []
                size = 0
                quoted = '"' + table.replace('"', '""') + '"'
                for row in con.execute(f"select * from {quoted}"):  # noqa: S608 - names from sqlite_master
                    for cell in row:
                        if isinstance(cell, bytes):
                            yield from _file_texts(f"{name}!{table}", cell, depth + 1, budget)
                        elif cell is not None:
                            text = str(cell)
                            size += len(text)
                            cells.append(text)
                    if size > budget.limits.member_bytes:
                        raise CannotVerify(f"{name}!{table}", f"over {budget.limits.member_bytes:,} characters")
                budget.take(f"{name}!{table}", size)
                yield f"{name}!{table}", SEP.join(cells)
        except sqlite3.DatabaseError as e:
            raise CannotVerify(name, f"an SQLite database that cannot be read ({e})") from None
        finally:
            con.close()


__all__ = ["read_gzip", "read_inventory", "read_sqlite", "read_zip"]
