"""Scanning (走査): every file under a folder, read once, against the fingerprints; the report.

Every file is read, and its name (:func:`toolkit.leakcheck.readers.file_texts`:
markup stripped, escapes decoded, archives opened, within limits).  A file that
cannot be read within the limits is a hit marked "cannot verify", never clean.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from collections import OrderedDict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.errors import LeakError, Location, Problem, ToolkitError
from toolkit.leakcheck.fingerprints import MIN_LEN, Fingerprints, Index, fingerprints
from toolkit.leakcheck.limits import LIMITS, CannotVerify
from toolkit.leakcheck.normal import SEP, SHINGLE, merged_runs, merged_spans, normalise
from toolkit.leakcheck.readers import file_texts
from toolkit.model import PUBLIC

if TYPE_CHECKING:
    from toolkit.model import PolicySet

MAX_HITS_PER_FILE = 20
# Files this process has scanned: (path, content digest, what the result depends on) → (hits, characters).
# A process that checks the same outputs against the same fingerprints again (the test suite, hundreds of
# times) gets the result it got then without reading the file again; like known_clean, with the hits too,
# and in memory only, so nothing outside the process can change it.
_SCANNED: OrderedDict[tuple[object, ...], tuple[tuple[Hit, ...], int]] = OrderedDict()
_SCANNED_KEEP = 4096


@dataclass(frozen=True)
class Hit:
    """Non-public text found: where, what (with a little context) and whose text it is."""

    file: str
    matched: str
    origin: str
    unverified: bool = False  # not a match: the file could not be read within the readers' limits

    def __str__(self) -> str:
        if self.unverified:
            return f"{self.file}: cannot verify: {self.origin}"
        return f"{self.file}: «{self.matched}» ({self.origin})"


@dataclass
class Report:
    folder: Path
    files: int = 0
    characters: int = 0
    fingerprints: int = 0
    hits: list[Hit] = field(default_factory=list)
    digests: dict[str, str] = field(default_factory=dict)  # path → sha256 of every file read
    unchanged: int = 0  # files skipped: the same bytes at the same path were clean before

    @property
    def ok(self) -> bool:
        return not self.hits

    @property
    def clean(self) -> set[str]:
        """Keys (:func:`clean_key`) of the files with no hit, for the next run's ``known_clean``."""
        dirty = {h.file.split("!", 1)[0] for h in self.hits}
        return {clean_key(rel, d) for rel, d in self.digests.items() if rel not in dirty}

    def summary(self) -> str:
        again = (f"; {self.unchanged} unchanged since their last clean check (hashed, not read again)"
                 if self.unchanged else "")
        return (f"{self.files} files checked against {self.fingerprints:,} fingerprints "
                f"({self.characters:,} characters read{again})")


def clean_key(rel: str, digest: str) -> str:
    return f"{digest}  {rel}"



def scan_text(label: str, text: str, fps: Fingerprints, index: Index | None = None) -> list[Hit]:
    """Every fingerprint in one (already normalised) text: one pass over it."""
    index = index or fps.index()
    hits: list[Hit] = []
    h = text
    for token, given in fps.canaries.items():
        i = h.find(token)
        if i >= 0:
            hits.append(Hit(label, _context(h, i, i + len(token)), f"canary {given}"))
    m, k = MIN_LEN, SHINGLE
    heads, shingles, short = index.heads, fps.shingles, index.short
    found: list[int] = []
    for fp in index.direct:
        i = h.find(fp)
        while i >= 0:
            if fp in shingles:
                found.append(i)
            else:
                hits.append(Hit(label, _context(h, i, i + len(fp)), fps.short[fp]))
            i = h.find(fp, i + 1)
    for i in [i for a, b in _regions(h, index.reach) for i in range(a, b - m + 1) if h[i : i + m] in heads]:
        if h[i : i + k] in shingles:
            found.append(i)
        for fp in short.get(h[i : i + m], ()):
            if h.startswith(fp, i):
                hits.append(Hit(label, _context(h, i, i + len(fp)), fps.short[fp]))
    for start, end in merged_runs(sorted(found), k):
        hits.append(Hit(label, _context(h, start, end), shingles[h[start : start + k]]))
    return hits


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _regions(h: str, reach: int) -> Iterator[tuple[int, int]]:
    """Stretches of ``h`` a fingerprint with a non-ASCII character can lie in: most of a
    site's JS, CSS and XML markup is skipped."""
    return merged_spans((max(0, mt.start() - reach), min(len(h), mt.end() + reach)) for mt in _NON_ASCII.finditer(h))


def _context(h: str, start: int, end: int, around: int = 6) -> str:
    left = h[max(0, start - around) : start].rsplit(SEP, 1)[-1]
    right = h[end : end + around].split(SEP, 1)[0]
    return f"{left}[{h[start:end]}]{right}"


def scan_folder(folder: Path, fps: Fingerprints, max_hits_per_file: int | None = MAX_HITS_PER_FILE,
                known_clean: Collection[str] = (), ahead: Report | None = None) -> Report:
    """Read every file under ``folder`` once and report every fingerprint found.

    ``known_clean`` holds :func:`clean_key` s (path and content hash) found
    clean against these same fingerprints before (:attr:`Report.clean`):
    such files are hashed, not scanned again.  ``ahead`` is a report of some
    of these files read earlier (:func:`scan_files`, e.g. while the site was
    still being built): a file with the same path and hash is not read again,
    and ``ahead``'s hits and characters count as this report's.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ToolkitError([Problem(Location(str(folder)), "not a folder", "a built site folder")])
    files = [(p.relative_to(folder).as_posix(), p) for p in sorted(folder.rglob("*"))
             if not p.is_dir() or p.is_symlink()]  # a pipe or a device is named as such, never skipped
    return scan_files(files, fps, folder, max_hits_per_file, known_clean, ahead)


def scan_files(files: Iterable[tuple[str, Path]], fps: Fingerprints, folder: Path,
               max_hits_per_file: int | None = MAX_HITS_PER_FILE, known_clean: Collection[str] = (),
               ahead: Report | None = None) -> Report:
    """:func:`scan_folder` of the given (relative path, file) pairs, reported as if in ``folder``."""
    report = Report(Path(folder), fingerprints=len(fps))
    index: Index | None = None
    against: tuple[object, ...] | None = None
    done = dict(ahead.digests) if ahead is not None else {}
    for rel, path in files:
        report.files += 1
        if path.is_symlink() or not path.is_file():
            what = "a symbolic link" if path.is_symlink() else "not a regular file (a pipe, socket or device)"
            report.hits.append(Hit(rel, "", f"{what}: a published folder holds files only", True))
            continue
        try:
            size = path.stat().st_size
            if size > LIMITS.member_bytes:
                raise CannotVerify(rel, f"{size:,} bytes, over the limit of {LIMITS.member_bytes:,} per file")
            data = path.read_bytes()
        except CannotVerify as e:
            report.hits.append(Hit(e.label, "", e.reason, True))
            continue
        report.digests[rel] = digest = hashlib.sha256(data).hexdigest()
        if ahead is not None and done.get(rel) == digest:
            del done[rel]
            report.hits.extend(h for h in ahead.hits if h.file.split("!", 1)[0] == rel)
            report.unchanged += clean_key(rel, digest) in known_clean
            continue
        if clean_key(rel, digest) in known_clean:
            report.unchanged += 1
            continue
        key = (rel, digest, max_hits_per_file, *(against := against or _against(fps)))
        if (kept := _SCANNED.get(key)) is not None:
            _SCANNED.move_to_end(key)
            report.hits.extend(kept[0])
            report.characters += kept[1]
            continue
        characters = report.characters
        index = index or fps.index()
        per_file: list[Hit] = []
        texts: dict[str, list[str]] = {}
        try:
            for label, text in file_texts(rel, data):
                texts.setdefault(label, []).append(normalise(text))
        except CannotVerify as e:
            per_file.append(Hit(e.label, "", e.reason, True))  # what was read is still scanned below
        del data
        for label, variants in texts.items():
            joined = SEP.join(dict.fromkeys(variants))
            report.characters += len(joined)
            per_file.extend(scan_text(label, joined, fps, index))
        unique = list(dict.fromkeys(per_file))
        cap = len(unique) if max_hits_per_file is None else max_hits_per_file
        kept_hits = (*unique[:cap], *([Hit(rel, "…", f"and {len(unique) - cap} more in this file")]
                                      if len(unique) > cap else []))
        report.hits.extend(kept_hits)
        _SCANNED[key] = (kept_hits, report.characters - characters)
        if len(_SCANNED) > _SCANNED_KEEP:
            _SCANNED.popitem(last=False)
    if ahead is not None:
        report.characters += ahead.characters
    return report


def _against(fps: Fingerprints) -> tuple[object, ...]:
    """What a file's result depends on besides its path and bytes: the fingerprints (and the checker's
    code, in their digest), the limits, the readers, and whether pdftotext reads PDF text."""
    from toolkit.leakcheck.limits import Budget
    from toolkit.leakcheck.readers import READERS

    return fps.digest(), LIMITS, Budget().limits, tuple(READERS), shutil.which("pdftotext")


def scan_each(folder: Path, fps_by_file: dict[str, Fingerprints], reported_as: Path | None = None) -> Report:
    """Scan each file of ``folder`` against the fingerprints of its own view (one 部分開示 edition per file).

    A file with no fingerprints of its own is "cannot verify": nobody said what it may show.
    """
    folder = Path(folder)
    total = Report(reported_as or folder)
    for path in sorted(p for p in folder.rglob("*") if p.is_file() or p.is_symlink()):
        rel = path.relative_to(folder).as_posix()
        if rel not in fps_by_file:
            total.files += 1
            total.hits.append(Hit(rel, "", "no view is known for this file (expected one of: "
                                  + ", ".join(sorted(fps_by_file)) + ")", True))
            continue
        report = scan_files([(rel, path)], fps_by_file[rel], total.folder)
        total.files += report.files
        total.characters += report.characters
        total.fingerprints = max(total.fingerprints, report.fingerprints)
        total.hits += report.hits
        total.digests.update(report.digests)
    return total


def leakcheck(folder: Path, policy: PolicySet, audience_id: str = PUBLIC, canaries: Iterable[str] = (),
              max_hits_per_file: int | None = MAX_HITS_PER_FILE) -> Report:
    """Check ``folder`` against what ``audience_id`` may not see (and any canary tokens)."""
    return scan_folder(folder, fingerprints(policy, audience_id, canaries), max_hits_per_file)


def raise_on_leak(report: Report) -> None:
    """Turn a failed report into a :class:`LeakError` (exit status 1), one problem per hit."""
    if report.hits:
        problems = []
        for h in report.hits:
            outer, _, member = h.file.partition("!")
            inside = f" (inside, at {member})" if member else ""
            if h.unverified:
                problems.append(Problem(Location(str(report.folder / outer)),
                                        f"cannot verify{inside}: {h.origin}; the leak check does not pass what it "
                                        "cannot read", "files within the leak check's limits"))
                continue
            problems.append(Problem(Location(str(report.folder / outer)),
                                    f"non-public text {h.matched}{inside} — {h.origin}"))
        raise LeakError(problems)


__all__ = ["MAX_HITS_PER_FILE", "Hit", "Report", "clean_key", "leakcheck", "raise_on_leak", "scan_each",
           "scan_files", "scan_folder", "scan_text"]
