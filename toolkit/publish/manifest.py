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


__all__ = ["MANIFEST", "manifest_lines", "write_manifest"]
