"""Publishing (公開): redact → render → leak check → manifest → atomic swap.

DESIGN.md invariants 1–5 in one place:

1. the renderer only ever receives :func:`toolkit.view.redact.redact`'s view;
2. redaction fails closed (an unresolvable classification stops a public build);
3. the finished folder is leak-checked before anyone can see it;
4. everything is built in a temporary folder beside ``dest`` and swapped in
   with one atomic ``renameat2(RENAME_EXCHANGE)``: a failure or a kill at any
   point leaves the previous ``dest`` exactly as it was;
5. dates come from the revision ledger (``SOURCE_DATE_EPOCH``), so the same
   source gives the same bytes, and ``MANIFEST.sha256`` lists every file.

A publish whose inputs (:func:`inputs_digest`: every source file, the
toolkit's code, the installed packages, the options) are those of the last
publish into the same destination is verified, not rebuilt: :func:`current`
hashes every published file against the manifest recorded then and against
the leak check's record of clean files for that build's fingerprints.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.errors import BuildError, Location, Problem, ToolkitError

if TYPE_CHECKING:
    from toolkit import leakcheck as _leak
    from toolkit.model import PolicySet
# (imported where used: a publish with nothing changed only verifies, and starts fast)

MANIFEST = "MANIFEST.sha256"
PUBLIC = "public"
# What a public folder must never hold (Sphinx sources, pickled doctrees: DESIGN.md invariant 1).
FORBIDDEN = ("_sources", ".doctrees", ".doctree", ".pickle")

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Published:
    """The result of a publish: where, how many files, what the leak check saw."""

    dest: Path
    audience_id: str
    files: int
    manifest: Path
    leak: _leak.Report | None
    label: str = ""  # the audience's label (市民（公開サイト）…)


def source_date_epoch(view: PolicySet) -> int:
    """Midnight (UTC) of the newest revision date in the view: the build's date."""
    import datetime as _dt

    dates = [r.date for d in view.documents for r in d.revisions]
    newest = max(dates) if dates else _dt.date(1970, 1, 1)
    return int(_dt.datetime(newest.year, newest.month, newest.day, tzinfo=_dt.UTC).timestamp())


def render(view: PolicySet, out_dir: Path, work_dir: Path, **options: Any) -> None:
    """The site renderer (B2's :func:`toolkit.render.site.render_site`), looked up at call time."""
    from toolkit.render.site import render_site

    render_site(view, out_dir, work_dir, **options)


def publish(
    policy: PolicySet,
    audience_id: str,
    dest: Path,
    work_dir: Path,
    *,
    canaries: Sequence[str] = (),
    downloads: Sequence[Path] | None = None,
    extra_pages: Sequence[Any] = (),
    progress: Progress | None = None,
    inputs: str | None = None,
    sphinx: Any = None,
) -> Published:
    """Build the site ``audience_id`` may see into ``dest``, or leave ``dest`` untouched.

    ``work_dir`` keeps Sphinx's generated sources and doctrees between runs
    (private, never published).  ``downloads`` are files offered on the site;
    by default (None) the public site offers the official .docx of every
    revision its view shows (:func:`official_downloads`), other sites none.
    ``canaries`` are extra tokens the leak check must not find (tests plant
    them).  ``progress`` is told each step's name.  ``inputs`` (an
    :func:`inputs_digest` of what ``policy`` was loaded from) is recorded with
    the result, so that :func:`current` can recognise the next publish of the
    same inputs.  ``sphinx`` is a started
    :class:`toolkit.render.site.build.SphinxProcess` to build with.
    """
    from toolkit.view.redact import redact

    step = progress or (lambda _name: None)
    dest = Path(dest)
    work_dir = Path(work_dir)
    step("redact")
    view = redact(policy, audience_id)  # raises RedactionError (fail closed) before anything is written
    d, w = dest.resolve(), work_dir.resolve()
    if d == w or d in w.parents or w in d.parents:
        raise BuildError([Problem(Location(str(work_dir)), f"the work folder and the destination {dest} overlap",
                                  "two separate folders (default: build/.work/AUDIENCE and build/public)")])
    dest.parent.mkdir(parents=True, exist_ok=True)
    work_dir.mkdir(parents=True, exist_ok=True)
    with _lock(dest), _fresh_folder(dest) as new:
        options: dict[str, Any] = {}
        if extra_pages:
            options["extra_pages"] = tuple(extra_pages)
        ahead = _LeakCheckAhead(policy, audience_id, canaries, work_dir)
        if sphinx is not None:  # Sphinx builds in its own process: meanwhile, the leak check starts here
            options["sphinx"], options["meanwhile"] = sphinx, ahead
        with _source_date_epoch(source_date_epoch(view)), _as_build_error(dest):
            if downloads is None:
                step("downloads")
                downloads = official_downloads(view, work_dir / "downloads") if audience_id == PUBLIC else ()
            if downloads:
                options["downloads"] = ahead.downloads = tuple(Path(p) for p in downloads)
            step("render")
            render(view, new, work_dir, **options)
        _check_shape(new, dest, audience_id)
        step("leakcheck")
        report = ahead.finish(new, dest)
        step("manifest")
        files = write_manifest(new, report.digests if report else None)
        step("swap")
        swap_in(new, dest)
        if inputs is not None:
            _record(work_dir, inputs, dest, audience_id, report, ahead.digest, _label(policy, audience_id))
    step("done")
    return Published(dest, audience_id, files, dest / MANIFEST, report, _label(policy, audience_id))


def _label(policy: PolicySet, audience_id: str) -> str:
    try:
        return policy.audience(audience_id).label
    except KeyError:
        return audience_id


class _LeakCheckAhead:
    """The leak check's work that need not wait for the site: the fingerprints, and the
    downloads (made before the site) read while Sphinx builds.  Called by the renderer
    meanwhile; :meth:`finish` does what is left (and all of it if the renderer did not call)."""

    def __init__(self, policy: PolicySet, audience_id: str, canaries: Sequence[str], work_dir: Path) -> None:
        self.policy, self.audience_id, self.canaries, self.work_dir = policy, audience_id, canaries, work_dir
        self.downloads: tuple[Path, ...] = ()
        self.fps: _leak.Fingerprints | None = None
        self.digest: str | None = None  # of the fingerprints, when there is a check to make
        self.clean: frozenset[str] = frozenset()
        self.report: _leak.Report | None = None

    def __call__(self) -> None:
        from toolkit import leakcheck as _leak

        self.fps = fps = _leak.fingerprints(self.policy, self.audience_id, self.canaries)
        if self.audience_id != PUBLIC and not len(fps):
            return  # nothing this audience may not see
        self.digest = fps.digest()
        self.clean = _CleanCache(self.work_dir / CLEAN_CACHE, self.digest).load()
        files = [(f"downloads/{p.name}", p) for p in self.downloads]
        self.report = _leak.scan_files(files, fps, self.work_dir / "downloads", known_clean=self.clean)
        # (a hit is reported by finish(), against the published path, once the site exists)

    def finish(self, new: Path, dest: Path) -> _leak.Report | None:
        from toolkit import leakcheck as _leak

        if self.fps is None:
            self()
        if self.digest is None:
            return None
        assert self.fps is not None
        report = _leak.scan_folder(new, self.fps, known_clean=self.clean, ahead=self.report)
        _leak.raise_on_leak(_relabel(report, dest))
        _CleanCache(self.work_dir / CLEAN_CACHE, self.digest).save(report.clean)
        return report


def official_downloads(view: PolicySet, folder: Path) -> list[Path]:
    """The official .docx (公式版) and its PDF edition of every revision ``view`` shows, in ``folder``.

    Made from the same redacted view as the site, so the leak check covers
    them too (it reads inside .docx files).  Rewritten only when what they are
    made from changed (the view's text, the renderer's code, the build date).
    """
    import importlib.metadata
    import shutil

    import docx as python_docx

    from toolkit.render import docx_common, docx_official, pdf

    wanted = list(docx_official.editions(view))
    key = hashlib.sha256()
    for part in (view.organisation, view.classifications, view.grounds, wanted,
                 [view.document(d) for d in dict.fromkeys(d for d, _r in wanted)],
                 os.environ.get("SOURCE_DATE_EPOCH"), getattr(python_docx, "__version__", ""),
                 importlib.metadata.version("typst")):
        key.update(repr(part).encode("utf-8") + b"\x00")
    for module in (docx_official, docx_common, pdf, *_model_modules()):
        key.update(Path(module.__file__ or "").read_bytes())
    stamp = folder.with_name(folder.name + ".key")
    names = [name(view.document(d), view.document(d).revision(r))
             for d, r in wanted for name in (docx_official.file_name, pdf.pdf_name)]
    if (stamp.is_file() and stamp.read_text(encoding="ascii") == key.hexdigest()
            and sorted(p.name for p in folder.glob("*.*")) == sorted(names)):
        return [folder / n for n in names]
    shutil.rmtree(folder, ignore_errors=True)  # a revision no longer shown must not linger
    stamp.unlink(missing_ok=True)
    folder.mkdir(parents=True)
    written = [path for d, r in wanted for path in (docx_official.write_official(view, d, r, folder),
                                                     pdf.write_pdf(view, d, r, folder))]
    stamp.write_text(key.hexdigest(), encoding="ascii")
    return written


def _model_modules() -> list[Any]:
    import toolkit.model
    import toolkit.model.numbering
    import toolkit.model.refs
    import toolkit.model.wareki

    return [toolkit.model, toolkit.model.numbering, toolkit.model.refs, toolkit.model.wareki]


# ---------------------------------------------------------------- manifest


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
    lines = manifest_lines(folder, digests)
    (folder / MANIFEST).write_text("".join(lines), encoding="utf-8")
    return len(lines) + 1


# ---------------------------------------------------------------- leak-check memory


CLEAN_CACHE = "leakcheck-clean.json"


class _CleanCache:
    """Files (path + sha256) found clean against one fingerprint set, kept in the work folder.

    A publish with nothing changed then hashes its files instead of reading
    them again; any change to the source, the canaries or the checker's code
    changes the fingerprint digest, and everything is read again.
    """

    def __init__(self, path: Path, digest: str):
        self.path, self.digest = path, digest

    def load(self) -> frozenset[str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return frozenset()
        if not isinstance(data, dict) or data.get("fingerprints") != self.digest:
            return frozenset()
        return frozenset(k for k in data.get("clean", ()) if isinstance(k, str))

    def save(self, clean: set[str]) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps({"fingerprints": self.digest, "clean": sorted(clean)}), encoding="utf-8")
        os.replace(tmp, self.path)


# ---------------------------------------------------------------- nothing changed: verify, do not rebuild


PUBLISHED_STAMP = "published.json"
# Files that decide what a build makes besides the sources: the toolkit (code, templates, CSS, JS).
_TOOLKIT = Path(__file__).resolve().parent


def inputs_digest(roots: Sequence[Path], audience_id: str, canaries: Sequence[str] = (),
                  extra: Sequence[Path] = ()) -> str:
    """Everything a publish is made from, in one digest.

    Every file under each source root and under ``extra`` (e.g. the training
    settings of a staff site) by path and bytes, the toolkit's own files, the
    installed distributions (name and version), the Python version, the
    audience, the canaries and ``SOURCE_DATE_EPOCH``.  Same digest → the same
    published bytes (builds are reproducible), so a site made from it needs
    only to be verified.
    """
    h = hashlib.sha256()

    def add(*parts: object) -> None:
        for part in parts:
            h.update(str(part).encode("utf-8", "surrogateescape") + b"\x00")

    add("audience", audience_id, "canaries", *canaries, "SOURCE_DATE_EPOCH", os.environ.get("SOURCE_DATE_EPOCH"))
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
    with _lock(dest):
        try:
            stamp = json.loads((work_dir / PUBLISHED_STAMP).read_text(encoding="utf-8"))
            manifest = (dest / MANIFEST).read_bytes()
        except (OSError, ValueError):
            return None
        if (not isinstance(stamp, dict) or stamp.get("inputs") != inputs
                or stamp.get("dest") != str(dest.resolve())
                or stamp.get("manifest") != hashlib.sha256(manifest).hexdigest()):
            return None
        listed: dict[str, str] = {}
        for line in manifest.decode("utf-8").splitlines():
            digest, _, rel = line.partition("  ")
            listed[rel] = digest
        files = {p.relative_to(dest).as_posix(): p for p in dest.rglob("*") if p.is_file()}
        if set(files) != set(listed) | {MANIFEST}:
            return None
        report = None
        fps = stamp.get("fingerprints")
        if fps is not None:
            clean = _CleanCache(work_dir / CLEAN_CACHE, fps).load()
            report = _leak.Report(dest, fingerprints=int(stamp.get("count", 0)))
        for rel, digest in listed.items():
            if hashlib.sha256(files[rel].read_bytes()).hexdigest() != digest:
                return None
            if report is not None:
                if _leak.clean_key(rel, digest) not in clean:
                    return None
                report.files += 1
                report.unchanged += 1
                report.digests[rel] = digest
        return Published(dest, str(stamp.get("audience")), len(files), dest / MANIFEST, report,
                         str(stamp.get("label", "")))


def _record(work_dir: Path, inputs: str, dest: Path, audience_id: str, report: _leak.Report | None,
            fingerprints: str | None, label: str) -> None:
    """What :func:`current` needs to recognise (and verify) this publish next time."""
    stamp = {"inputs": inputs, "dest": str(dest.resolve()), "audience": audience_id, "label": label,
             "manifest": hashlib.sha256((dest / MANIFEST).read_bytes()).hexdigest(),
             "fingerprints": fingerprints, "count": report.fingerprints if report else 0}
    tmp = work_dir / (PUBLISHED_STAMP + ".tmp")
    tmp.write_text(json.dumps(stamp), encoding="utf-8")
    os.replace(tmp, work_dir / PUBLISHED_STAMP)


# ---------------------------------------------------------------- atomic swap


def _temp_prefix(dest: Path, kind: str) -> str:
    return f".{dest.name}.{kind}-"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(dest: Path) -> None:
    """Undo what a killed publish left beside ``dest`` (called under the lock).

    A temporary ``.NAME.new-PID`` of a dead process is removed; a
    ``.NAME.old-PID`` (only left by the two-rename fallback) is put back when
    ``dest`` is missing, else removed.
    """
    for kind in ("old", "new"):
        for p in sorted(dest.parent.glob(_temp_prefix(dest, kind) + "*")):
            pid = p.name.rsplit("-", 1)[-1]
            if pid.isdigit() and _pid_alive(int(pid)) and int(pid) != os.getpid():
                continue
            if kind == "old" and not dest.exists():
                os.rename(p, dest)
            else:
                import shutil

                shutil.rmtree(p, ignore_errors=True)


@contextlib.contextmanager
def _lock(dest: Path) -> Iterator[None]:
    """One publish per destination at a time (a second one waits)."""
    lock = dest.parent / f".{dest.name}.lock"
    with open(lock, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            recover(dest)
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@contextlib.contextmanager
def _fresh_folder(dest: Path) -> Iterator[Path]:
    """An empty folder beside ``dest`` (same file system, so the swap is a rename); removed on failure."""
    import shutil

    new = dest.parent / f"{_temp_prefix(dest, 'new')}{os.getpid()}"
    shutil.rmtree(new, ignore_errors=True)
    new.mkdir()
    try:
        yield new
    finally:
        if new.exists():  # still here: the build failed before the swap
            shutil.rmtree(new, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux ``renameat2``); False when the system cannot."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    rc = fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def swap_in(new: Path, dest: Path) -> None:
    """Make ``new`` the content of ``dest`` in one step; the old content is removed afterwards."""
    import shutil

    if dest.exists() and not dest.is_dir():
        raise BuildError([Problem(Location(str(dest)), "exists and is not a folder", "a folder (or nothing)")])
    if not dest.exists():
        os.rename(new, dest)
    elif _exchange(new, dest):
        shutil.rmtree(new)  # ``new`` now holds the previous site
    else:  # fallback: two renames; recover() repairs a kill between them
        old = dest.parent / f"{_temp_prefix(dest, 'old')}{os.getpid()}"
        os.rename(dest, old)
        os.rename(new, dest)
        shutil.rmtree(old)
    fd = os.open(dest.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# ---------------------------------------------------------------- helpers


@contextlib.contextmanager
def _as_build_error(dest: Path) -> Iterator[None]:
    """A renderer bug must not become a traceback (nor a half site: the caller removes the folder)."""
    try:
        yield
    except ToolkitError:
        raise
    except Exception as e:
        raise BuildError([Problem(Location(str(dest)), f"rendering failed: {type(e).__name__}: {e}")]) from e


@contextlib.contextmanager
def _source_date_epoch(epoch: int) -> Iterator[None]:
    """Set SOURCE_DATE_EPOCH for the renderer unless the caller already chose one."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


def _check_shape(folder: Path, dest: Path, audience_id: str) -> None:
    """A top page, and (public) no Sphinx sources or doctrees: the leak check reads text, this reads structure."""
    if not (folder / "index.html").is_file():
        raise BuildError([Problem(Location(str(dest)), "the renderer wrote no index.html", "a site with a top page")])
    if audience_id != PUBLIC:
        return
    for d in sorted((p for p in folder.rglob("*") if p.is_dir() and p.name in FORBIDDEN), reverse=True):
        if not any(d.iterdir()):
            d.rmdir()  # Sphinx makes an empty _sources/ even with html_copy_source off: it holds nothing
    bad = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                 if p.name in FORBIDDEN or p.suffix in FORBIDDEN)
    if bad:
        raise BuildError([Problem(Location(str(dest / b)), "Sphinx sources or doctrees in the public output",
                                  "only the finished site") for b in bad])


def _relabel(report: _leak.Report, dest: Path) -> _leak.Report:
    """Report hits against the path the user knows (dest), not the temporary folder."""
    report.folder = dest
    return report


__all__ = ["MANIFEST", "Published", "manifest_lines", "official_downloads", "publish", "recover",
           "source_date_epoch", "swap_in", "write_manifest"]
