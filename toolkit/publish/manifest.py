"""The manifest (``MANIFEST.sha256``): a SHA-256 for every published file, in ``sha256sum -c`` form."""

from __future__ import annotations

import hashlib
from pathlib import Path

from toolkit.publish.fs import atomic_write

MANIFEST = "MANIFEST.sha256"


def manifest_lines(folder: Path, digests: dict[str, str] | None = None) -> list[str]:
    """``<sha256>  <path>`` for every file but the manifest, sorted by path (``sha256sum -c`` reads it).

    ``digests`` (path → sha256, from the leak check that just read every file) saves hashing twice.
    """
    lines = []
    for path in sorted(folder.rglob("*"), key=lambda p: p.relative_to(folder).as_posix()):
        rel = path.relative_to(folder).as_posix()
        if path.is_file() and rel != MANIFEST:
            digest = (digests or {}).get(rel) or hashlib.sha256(path.read_bytes()).hexdigest()
            lines.append(f"{digest}  {rel}\n")
    return lines


def write_manifest(folder: Path, digests: dict[str, str] | None = None) -> int:
    """Write ``folder/MANIFEST.sha256``; the number of files in the folder, the manifest included."""
    lines = manifest_lines(folder, digests)
    atomic_write(folder / MANIFEST, "".join(lines))
    return len(lines) + 1



def read_manifest(folder: Path) -> dict[str, str]:
    """Path → sha256 as listed in ``folder/MANIFEST.sha256`` (empty when there is none or it is unreadable)."""
    try:
        text = (folder / MANIFEST).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    listed: dict[str, str] = {}
    for line in text.splitlines():
        digest, sep, rel = line.partition("  ")
        if sep and len(digest) == 64:
            listed[rel] = digest
    return listed


def verified_files(folder: Path) -> dict[str, Path]:
    """The files of a published folder that are exactly as its manifest lists them (regular files, same sha256)."""
    out = {}
    for rel, digest in read_manifest(folder).items():
        path = folder / rel
        if path.is_file() and not path.is_symlink() and hashlib.sha256(path.read_bytes()).hexdigest() == digest:
            out[rel] = path
    return out


__all__ = ["MANIFEST", "manifest_lines", "read_manifest", "verified_files", "write_manifest"]
