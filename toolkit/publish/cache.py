"""What a publish remembers in its work folder: files found clean, and what the last publish was made from.

* :class:`CleanCache`: files (path + sha256) the leak check found clean
  against one fingerprint set; a publish with nothing changed hashes them
  instead of reading them again.
* :func:`inputs_digest` / :func:`current` / :func:`record`: a publish whose
  inputs are those of the last publish into the same destination is verified
  against its manifest, not rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.dates import source_date_epoch
from toolkit.publish.boundary import Published
from toolkit.publish.fs import lock
from toolkit.publish.manifest import MANIFEST
from toolkit.seal import unsealed, write_sealed

if TYPE_CHECKING:
    from toolkit import leakcheck as _leak

CLEAN_CACHE = "leakcheck-clean.json"
PUBLISHED_STAMP = "published.json"
# Files that decide what a build makes besides the sources: the toolkit (code, templates, CSS, JS).
_TOOLKIT = Path(__file__).resolve().parent.parent


class CleanCache:
    """Files (path + sha256) found clean against one fingerprint set, kept in the work folder.

    Any change to the source, the canaries or the checker's code changes the
    fingerprint digest, and everything is read again.
    """

    def __init__(self, path: Path, digest: str):
        self.path, self.digest = path, digest

    def load(self) -> frozenset[str]:
        data = unsealed(self.path)  # a record anyone could write would let an edited file pass unread
        if not isinstance(data, dict) or data.get("fingerprints") != self.digest:
            return frozenset()
        return frozenset(k for k in data.get("clean", ()) if isinstance(k, str))

    def save(self, clean: set[str]) -> None:
        """Best effort (a full disk only means reading everything again next time)."""
        with contextlib.suppress(OSError):
            write_sealed(self.path, {"fingerprints": self.digest, "clean": sorted(clean)})


def inputs_digest(roots: Sequence[Path], audience_id: str, canaries: Sequence[str] = (),
                  extra: Sequence[Path] = (), as_of: object = None, allow_sample_site: bool = False) -> str:
    """Everything a publish is made from, in one digest.

    Every file under each source root and under ``extra`` (e.g. the training
    settings of a staff site) by path and bytes, the toolkit's own files, the
    installed distributions (name and version), the Python version, the
    audience, the canaries, ``SOURCE_DATE_EPOCH`` and the date the view is taken as of.  Same digest → the same
    published bytes (builds are reproducible), so a site made from it needs
    only to be verified.
    """
    h = hashlib.sha256()

    def add(*parts: object) -> None:
        for part in parts:
            h.update(str(part).encode("utf-8", "surrogateescape") + b"\x00")

    add("audience", audience_id, "canaries", *canaries, "SOURCE_DATE_EPOCH", source_date_epoch())
    add("as_of", as_of)  # the view's date: the text in force changes with it (issue 10)
    if allow_sample_site:  # a publish refused without it must not be taken for one already done
        add("allow_sample_site")
    add("python", sys.version)
    add("dists", *sorted({n for entry in sys.path if entry and os.path.isdir(entry)
                          for n in os.listdir(entry) if n.endswith((".dist-info", ".egg-info"))}))
    for label, folder in [("toolkit", _TOOLKIT), *((f"root {i}", Path(r)) for i, r in enumerate(roots)),
                          *((f"extra {i}", Path(r)) for i, r in enumerate(extra))]:
        add(label, folder.resolve())
        if folder.is_file():
            h.update(folder.read_bytes())
            continue
        for path in _files(folder):
            data = path.read_bytes()
            add(path.relative_to(folder).as_posix(), len(data))
            h.update(data)
    return h.hexdigest()


def _files(folder: Path) -> list[Path]:
    """Every file under ``folder`` but Python's bytecode caches, sorted."""
    found = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        found += [Path(root, n) for n in names]
    return sorted(found)


def current(dest: Path, work_dir: Path, inputs: str) -> Published | None:
    """``dest`` as the last publish from ``inputs`` left it, verified; None when it must be built.

    Verified means: the last publish recorded in ``work_dir`` was made from
    ``inputs`` into ``dest``; ``dest`` holds exactly the files of its manifest,
    each with the listed sha256, and the manifest is the one recorded then;
    and each file (path + sha256) is in the leak check's record of files found
    clean against that build's fingerprints.  Anything else (a file added,
    changed or removed, a lost work folder) means a full publish.
    """
    from toolkit import leakcheck as _leak

    dest, work_dir = Path(dest), Path(work_dir)
    if not (work_dir / PUBLISHED_STAMP).is_file():
        return None
    dest.parent.mkdir(parents=True, exist_ok=True)
    with lock(dest):
        stamp = unsealed(work_dir / PUBLISHED_STAMP)  # sealed: an edited page and manifest cannot vouch for themselves
        try:
            manifest = (dest / MANIFEST).read_bytes()
        except OSError:
            return None
        if (not isinstance(stamp, dict) or stamp.get("inputs") != inputs
                or stamp.get("dest") != str(dest.resolve())
                or stamp.get("manifest") != hashlib.sha256(manifest).hexdigest()):
            return None
        listed: dict[str, str] = {}
        for line in manifest.decode("utf-8").splitlines():
            digest, _, rel = line.partition("  ")
            listed[rel] = digest
        files = {p.relative_to(dest).as_posix(): p for p in dest.rglob("*") if not p.is_dir() or p.is_symlink()}
        if set(files) != set(listed) | {MANIFEST}:
            return None
        report = None
        fps = stamp.get("fingerprints")
        if fps is not None:
            clean = CleanCache(work_dir / CLEAN_CACHE, fps).load()
            report = _leak.Report(dest, fingerprints=int(stamp.get("count", 0)))
        for rel, digest in listed.items():
            path = files[rel]
            if path.is_symlink() or not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
                return None
            if report is not None:
                if _leak.clean_key(rel, digest) not in clean:
                    return None
                report.files += 1
                report.unchanged += 1
                report.digests[rel] = digest
        return Published(dest, str(stamp.get("audience")), len(files), dest / MANIFEST, report,
                         str(stamp.get("label", "")))


def record(work_dir: Path, inputs: str, dest: Path, audience_id: str, report: _leak.Report | None,
           fingerprints: str | None, label: str) -> None:
    """What :func:`current` needs to recognise (and verify) this publish next time."""
    stamp = {"inputs": inputs, "dest": str(dest.resolve()), "audience": audience_id, "label": label,
             "manifest": hashlib.sha256((dest / MANIFEST).read_bytes()).hexdigest(),
             "fingerprints": fingerprints, "count": report.fingerprints if report else 0}
    write_sealed(work_dir / PUBLISHED_STAMP, stamp)


__all__ = ["CLEAN_CACHE", "PUBLISHED_STAMP", "CleanCache", "current", "inputs_digest", "record"]
