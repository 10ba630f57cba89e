"""Zip packages given to the toolkit (a Word file to import, an Anki package to report on) or found in a
published folder (the leak check opens every .docx / .apkg / .zip), read within limits.

A package is hostile until read: its headers may lie about sizes (a bomb that
inflates a few KB to gigabytes), a member may be encrypted, use a compression
method Python lacks, or fail its CRC; its central directory may list millions of
entries.  Each of these is a :class:`SourceError` naming the file and, for a
member, ``FILE/MEMBER`` (the member's path inside the package), never an
exception from :mod:`zipfile` or :mod:`zlib`.  The leak check asks the same
questions (:func:`open_zip`, :func:`unpack`) and gets :class:`Unreadable`, which
it reports its own way ("cannot verify", never clean).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from typing import IO

from toolkit.errors import Location, Problem, SourceError

# Entries in one package's directory: a Word file has a few dozen parts, an Anki package
# one file per picture (a deck of thousands of cards).  zipfile keeps ~0.5 KB per entry,
# so the limit also keeps the directory itself small (1 M entries would be ~0.5 GB).
MAX_MEMBERS = 100_000
_CHUNK = 1 << 20  # read a member in 1 MiB pieces, counting, so a lying header cannot make one huge buffer


class Unreadable(Exception):  # noqa: N818 - a verdict on a package, named by each caller its own way
    """Why a package (or the member being read) cannot be read within the limits."""

    def __init__(self, message: str, expected: str | None = None):
        self.message, self.expected = message, expected
        super().__init__(message)


def _refusal(where: str, message: str, expected: str | None = None) -> SourceError:
    return SourceError([Problem(Location(where), message, expected)])


def _declared_entries(data: bytes) -> int | None:
    """The entry count the end-of-directory record declares (before zipfile builds one object per entry)."""
    at = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 0xFFFF))
    if at < 0 or at + 22 > len(data):
        return None
    count = struct.unpack_from("<H", data, at + 10)[0]
    locator = data.rfind(b"PK\x06\x07", max(0, at - 20), at)
    if count == 0xFFFF and locator >= 0:  # zip64: the count is in the zip64 record the locator points to
        (offset,) = struct.unpack_from("<Q", data, locator + 8)
        if data[offset:offset + 4] == b"PK\x06\x06" and offset + 40 <= len(data):
            return int(struct.unpack_from("<Q", data, offset + 32)[0])
    return int(count)


def open_zip(data: bytes, kind: str) -> zipfile.ZipFile:
    """The zip package in ``data``, its directory checked (``kind``: what it is taken for, "a Word (.docx) file");
    :class:`Unreadable` if not."""
    entries = _declared_entries(data)
    if entries is not None and entries > MAX_MEMBERS:
        raise Unreadable(f"the package lists {entries:,} files, more than {MAX_MEMBERS:,}")
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError, struct.error) as e:
        raise Unreadable(f"not {kind} that can be read ({e})") from None


def open_package(data: bytes, file: str, kind: str, expected: str) -> zipfile.ZipFile:
    """:func:`open_zip` for a package the user gave: ``expected`` is what they should give instead."""
    try:
        return open_zip(data, kind)
    except Unreadable as e:
        raise _refusal(file, e.message, expected) from None


def _check_member(info: zipfile.ZipInfo, limit: int) -> None:
    if info.flag_bits & 0x1:
        raise Unreadable("is encrypted (password protected)", "a file saved without a password")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise Unreadable(f"uses compression method {info.compress_type}, which is not read here",
                         "a package saved by Word / LibreOffice / Anki (stored or deflated members)")
    if info.file_size > limit:
        raise Unreadable(f"unpacks to more than the limit of {limit:,} bytes (it says {info.file_size:,})")


def unpack(z: zipfile.ZipFile, info: zipfile.ZipInfo, out: IO[bytes], limit: int) -> int:
    """Unpack one member into ``out``, at most ``limit`` bytes whatever its header says; its CRC checked.
    Returns its size; :class:`Unreadable` if it cannot be read so."""
    _check_member(info, limit)
    size = 0
    try:
        with z.open(info) as f:  # zipfile stops at the declared size and checks the CRC at the end
            while chunk := f.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise Unreadable(f"unpacks to more than the limit of {limit:,} bytes")
                out.write(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError, ValueError) as e:
        raise Unreadable(f"cannot be unpacked ({e})", "an undamaged package (save or export it again)") from None
    return size


def copy_member(z: zipfile.ZipFile, name: str, file: str, out: IO[bytes], limit: int) -> int:
    """Unpack member ``name`` into ``out`` (:func:`unpack`), named ``FILE/MEMBER`` in an error.  Returns its size."""
    info = z.getinfo(name)
    try:
        return unpack(z, info, out, limit)
    except Unreadable as e:
        raise _refusal(f"{file}/{name}", e.message, e.expected) from None


def read_member(z: zipfile.ZipFile, name: str, file: str, limit: int) -> bytes:
    """The bytes of member ``name``, at most ``limit`` (see :func:`copy_member`)."""
    buf = io.BytesIO()
    copy_member(z, name, file, buf, limit)
    return buf.getvalue()


def read_members(z: zipfile.ZipFile, file: str, limit: int) -> dict[str, bytes]:
    """Every member, together at most ``limit`` bytes unpacked (declared sizes first, then what each gives)."""
    infos = z.infolist()
    declared = sum(i.file_size for i in infos)
    if declared > limit:
        raise _refusal(file, f"unpacks to more than the limit of {limit:,} bytes (its parts say {declared:,})")
    out: dict[str, bytes] = {}
    left = limit
    for info in infos:
        if info.is_dir():
            continue
        data = read_member(z, info.filename, file, left)
        left -= len(data)
        out[info.filename] = data
    return out


def spool_limit(source: IO[bytes], out: IO[bytes], limit: int, where: str) -> int:
    """Copy a decompressing stream to ``out``, refusing more than ``limit`` bytes (a bomb is cut there)."""
    size = 0
    while chunk := source.read(_CHUNK):
        size += len(chunk)
        if size > limit:
            raise _refusal(where, f"unpacks to more than the limit of {limit:,} bytes")
        out.write(chunk)
    return size


__all__ = ["MAX_MEMBERS", "Unreadable", "copy_member", "open_package", "open_zip", "read_member", "read_members",
           "spool_limit", "unpack"]
