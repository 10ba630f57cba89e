"""The manifest (``MANIFEST.sha256``): a SHA-256 for every published file, in ``sha256sum -c`` form."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

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
    """Write ``folder/MANIFEST.sha256``; the number of files in the folder, the manifest included.

    ``folder`` is a staging folder, swapped in as a whole: a plain write."""
    lines = manifest_lines(folder, digests)
    (folder / MANIFEST).write_bytes("".join(lines).encode("utf-8"))
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


@dataclass(frozen=True)
class Finding:
    """One way a published folder differs from its manifest."""

    path: str  # relative to the folder
    what: str


def verify_folder(folder: Path) -> list[Finding]:
    """Compare ``folder`` with its ``MANIFEST.sha256`` in both directions (an audit: 監査).

    Every listed file must be there, a regular file, with the listed SHA-256;
    every file in the folder must be listed (a file added by hand is a
    finding — ``sha256sum -c`` alone does not see it); a symbolic link or a
    listed path that climbs out of the folder is a finding.  Raises
    :class:`FileNotFoundError` when there is no manifest, ValueError when a
    line cannot be read.
    """
    folder = Path(folder)
    text = (folder / MANIFEST).read_bytes().decode("utf-8")
    listed: dict[str, str] = {}
    findings: list[Finding] = []
    for number, line in enumerate(text.splitlines(), 1):
        digest, sep, rel = line.partition("  ")
        if not sep or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest) or not rel:
            raise ValueError(f"{MANIFEST}:{number}: not '<sha256>  <path>': {line[:80]!r}")
        parts = PurePosixPath(rel).parts
        if rel.startswith("/") or ".." in parts or "\\" in rel:
            findings.append(Finding(rel, f"listed in {MANIFEST}:{number} with a path outside the folder"))
            continue
        if rel in listed:
            findings.append(Finding(rel, f"listed twice ({MANIFEST}:{number})"))
        listed[rel] = digest
    present = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            findings.append(Finding(rel, "a symbolic link (a published folder holds files only)"))
        elif path.is_file() and rel != MANIFEST:
            present[rel] = path
        elif not path.is_dir() and not path.is_file():
            findings.append(Finding(rel, "not a regular file (a pipe, socket or device)"))
    for rel in sorted(set(present) - set(listed)):
        findings.append(Finding(rel, f"not in {MANIFEST}: added after publishing"))
    for rel, digest in sorted(listed.items()):
        if rel not in present:
            if not (folder / rel).is_symlink():
                findings.append(Finding(rel, f"listed in {MANIFEST} but missing"))
        elif hashlib.sha256(present[rel].read_bytes()).hexdigest() != digest:
            findings.append(Finding(rel, f"changed since publishing (its SHA-256 is not the one in {MANIFEST})"))
    return findings


__all__ = ["MANIFEST", "Finding", "manifest_lines", "read_manifest", "verified_files", "verify_folder",
           "write_manifest"]
