"""The site (公開サイト / 庁内サイト) through the publication boundary.

:func:`publish` is :func:`toolkit.publish.boundary.stage_and_swap` with what a
site adds: a private work folder kept between runs (Sphinx's sources and
doctrees, the official .docx downloads), the leak check started while Sphinx
still builds, a structural check (no Sphinx sources in a public site), and a
record of the result so that the next publish of the same inputs is verified
(:func:`toolkit.publish.cache.current`), not rebuilt.

DESIGN.md invariants 1–5 hold as for every checked artifact: the renderer
only receives the redacted view; redaction fails closed; the finished folder
is leak-checked before anyone can see it; it is staged beside ``dest`` and
swapped in atomically; dates come from the revision ledger.
"""

from __future__ import annotations

import datetime
import hashlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.dates import build_epoch
from toolkit.errors import BuildError, Location, Problem
from toolkit.model import PUBLIC
from toolkit.publish.boundary import Published, audience_label, stage_and_swap, view_for
from toolkit.publish.cache import CLEAN_CACHE, PUBLISHED_STAMP, CleanCache, record
from toolkit.publish.fs import (
    BUILD,
    claim_folder,
    exclusive,
    has_marker,
    linked_part,
    write_errors,
    write_marker,
)
from toolkit.publish.manifest import MANIFEST
from toolkit.seal import unsealed, write_sealed

if TYPE_CHECKING:
    from toolkit import leakcheck as _leak
    from toolkit.model import PolicySet
# (imported where used: a publish with nothing changed only verifies, and starts fast)

# What a public folder must never hold (Sphinx sources, pickled doctrees: DESIGN.md invariant 1).
FORBIDDEN = ("_sources", ".doctrees", ".doctree", ".pickle")

Progress = Callable[[str], None]


def render(view: PolicySet, out_dir: Path, work_dir: Path, **options: Any) -> None:
    """The site renderer (B2's :func:`toolkit.render.site.render_site`), looked up at call time."""
    from toolkit.render.site import render_site

    render_site(view, out_dir, work_dir, **options)


def refuse_sample_site(view: PolicySet) -> None:
    """Stop a public build whose pages would show placeholder ``site:`` values (issue 23)."""
    samples = view.site.sample_values()
    if samples:
        raise BuildError([Problem(loc, f"site: {key} is a sample value ({value!r}), not the city's: a public site "
                                  "must not show it", "the city's real value and 'provenance: authoritative' in "
                                  "site: (README 「問い合わせ先と情報公開請求の案内」), or --allow-sample-site to "
                                  "publish with every page marked as showing sample values")
                          for key, value, loc in samples])


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
    as_of: datetime.date | None = None,
    allow_sample_site: bool = False,
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
    ``as_of`` is the date the view is taken on (default: today's text).
    A public site showing ``site:`` values marked ``provenance: sample`` (a placeholder phone,
    mail or page) is refused unless ``allow_sample_site`` (then every page says so).
    """
    step = progress or (lambda _name: None)
    dest = Path(dest)
    work_dir = Path(work_dir)
    step("redact")
    view = view_for(policy, audience_id, as_of)
    if audience_id == PUBLIC and not allow_sample_site:
        refuse_sample_site(view)
    d, w = dest.resolve(), work_dir.resolve()
    if d == w or d in w.parents or w in d.parents:
        raise BuildError([Problem(Location(str(work_dir)), f"the work folder and the destination {dest} overlap",
                                  "two separate folders (default: build/.work/AUDIENCE and build/public)")])
    with write_errors(work_dir):
        claim_work(work_dir)
    label = audience_label(policy, audience_id)
    ahead = _LeakCheckAhead(policy, view, audience_id, canaries, work_dir)
    ahead.prepare()  # before anything is built: a quoted hidden part is the source's fault

    def build(new: Path) -> None:
        nonlocal downloads
        _trust_work(work_dir)  # hole 13 (under dest's lock): reuse only what the toolkit itself last wrote there
        options: dict[str, Any] = {}
        if extra_pages:
            options["extra_pages"] = tuple(extra_pages)
        if sphinx is not None:  # Sphinx builds in its own process: meanwhile, the leak check starts here
            options["sphinx"], options["meanwhile"] = sphinx, ahead
        if downloads is None:
            step("downloads")
            downloads = official_downloads(view, work_dir / "downloads") if audience_id == PUBLIC else ()
        if downloads:
            options["downloads"] = ahead.downloads = tuple(Path(p) for p in downloads)
        step("render")
        render(view, new, work_dir, **options)
        _record_work(work_dir)  # what the renderer left in the work folder, for the next build to check

    def check(new: Path) -> _leak.Report | None:
        _check_shape(new, dest, audience_id)
        return ahead.finish(new, dest)

    def after(report: _leak.Report | None) -> None:
        if inputs is not None:
            record(work_dir, inputs, dest, audience_id, report, ahead.digest, label)

    # One publish per work folder at a time: two into different --out folders would share its pages (issue 17)
    with write_errors(work_dir), exclusive(work_dir):
        claim_work(work_dir)  # again, under the lock
        files, report = stage_and_swap(dest, build, check, progress=step, after=after)
    step("done")
    return Published(dest, audience_id, files, dest / MANIFEST, report, label)


class _LeakCheckAhead:
    """The leak check's work that need not wait for the site: the fingerprints, and the
    downloads (made before the site) read while Sphinx builds.  Called by the renderer
    meanwhile; :meth:`finish` does what is left (and all of it if the renderer did not call)."""

    def __init__(self, policy: PolicySet, view: PolicySet, audience_id: str, canaries: Sequence[str],
                 work_dir: Path) -> None:
        self.policy, self.view, self.audience_id, self.canaries = policy, view, audience_id, canaries
        self.work_dir = work_dir
        self.downloads: tuple[Path, ...] = ()
        self.fps: _leak.Fingerprints | None = None
        self.digest: str | None = None  # of the fingerprints, when there is a check to make
        self.clean: frozenset[str] = frozenset()
        self.report: _leak.Report | None = None
        self.called = False  # the renderer ran __call__ while Sphinx built

    def prepare(self) -> None:
        """The fingerprints; a part of the source that quotes a hidden one stops the build here."""
        from toolkit import leakcheck as _leak

        self.fps = _leak.fingerprints_of(self.policy, self.view, self.canaries)
        _leak.raise_on_quotes(self.fps)

    def __call__(self) -> None:
        from toolkit import leakcheck as _leak

        self.called = True
        if self.fps is None:
            self.prepare()
        assert self.fps is not None
        fps = self.fps
        if self.audience_id != PUBLIC and not len(fps):
            return  # nothing this audience may not see
        self.digest = fps.digest()
        self.clean = CleanCache(self.work_dir / CLEAN_CACHE, self.digest).load()
        files = [(f"downloads/{p.name}", p) for p in self.downloads]
        self.report = _leak.scan_files(files, fps, self.work_dir / "downloads", known_clean=self.clean)
        # (a hit is reported by finish(), against the published path, once the site exists)

    def finish(self, new: Path, dest: Path) -> _leak.Report | None:
        from toolkit import leakcheck as _leak

        if not self.called:
            self()
        if self.digest is None:
            return None
        assert self.fps is not None
        report = _leak.scan_folder(new, self.fps, known_clean=self.clean, ahead=self.report)
        _leak.raise_on_leak(_relabel(report, dest))
        CleanCache(self.work_dir / CLEAN_CACHE, self.digest).save(report.clean)
        return report


def official_download_names(view: PolicySet) -> list[str]:
    """The file names :func:`official_downloads` writes for ``view``: the .docx and PDF edition of each revision
    (what the review package lists as public files that appear or go, :func:`toolkit.publish.review.public_impact`)."""
    from toolkit.render import docx_official, pdf

    return [name(view.document(d), view.document(d).revision(r))
            for d, r in docx_official.editions(view) for name in (docx_official.file_name, pdf.pdf_name)]


def official_downloads(view: PolicySet, folder: Path) -> list[Path]:
    """The official .docx (公式版) and its PDF edition (13c) of every revision ``view`` shows, in ``folder``.

    Made from the same redacted view as the site, so the leak check covers
    them too (it reads inside .docx files).  Rewritten only when what they are
    made from changed (the view's text, the renderer's code, the build date).
    """
    import importlib.metadata
    import shutil

    import docx as python_docx

    from toolkit.render import docx_common, docx_official, official_layout, pdf

    wanted = list(docx_official.editions(view))
    key = hashlib.sha256()
    for part in (view.organisation, view.classifications, view.grounds, wanted,
                 [view.document(d) for d in dict.fromkeys(d for d, _r in wanted)],
                 build_epoch(view), getattr(python_docx, "__version__", ""),
                 importlib.metadata.version("typst")):
        key.update(repr(part).encode("utf-8") + b"\x00")
    for module in (docx_official, official_layout, pdf, *_model_modules()):
        key.update(Path(module.__file__ or "").read_bytes())
    for code in sorted(Path(docx_common.__file__ or "").parent.glob("*.py")):  # the package, every module
        key.update(code.read_bytes())
    stamp = folder.with_name(folder.name + ".key")
    names = official_download_names(view)
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


# ---------------------------------------------------------------- the work folder is not trusted


WORK_RECORD = "work-digests.json"
WORK_MARKER = ".policy-work"  # written when the toolkit makes a work folder: only such a folder is ever emptied
# The work folder's own records: sealed and checked by their readers (a bad one only means more work), not here.
_RECORDS = frozenset({WORK_RECORD, PUBLISHED_STAMP, CLEAN_CACHE})


_WORK_TEXT = "a work folder of the policy toolkit: emptied and rebuilt at will\n"
# What a publish of an older toolkit (without the marker) left in its default work folder
_LEGACY = frozenset({"src", "html", "doctrees", "downloads", "downloads.key", "build.stamp", *_RECORDS})


def claim_work(work_dir: Path) -> None:
    """Make the work folder, or accept one the toolkit made (its marker); anything else is refused, exit 2:
    the work folder is emptied when it cannot be trusted (``--work policy_src`` must not delete the source).

    A default work folder an older toolkit made (``build/.work/AUDIENCE`` holding only what a publish writes
    there, no link) gets its marker once, so an upgrade needs no manual step."""
    from toolkit.render.site.build import READINGS_CACHE  # the renderer's own cache (imported late, as it is)

    legacy = _LEGACY | {READINGS_CACHE}
    default = Path(os.path.abspath(work_dir)).parent == Path(os.path.abspath(BUILD / ".work"))
    if (default and work_dir.is_dir() and not work_dir.is_symlink() and not has_marker(work_dir, WORK_MARKER)
            and not linked_part(work_dir)
            and all((c.name in legacy or c.name.startswith(".") and ".tmp-" in c.name) and not c.is_symlink()
                    for c in work_dir.iterdir())):
        write_marker(work_dir, WORK_MARKER, _WORK_TEXT)
    claim_folder(work_dir, WORK_MARKER, _WORK_TEXT,
                 "work folder", "a new or empty folder, or one an earlier publish made (default "
                 "build/.work/AUDIENCE), given with --work")


def _work_files(work_dir: Path) -> dict[str, str]:
    found = {}
    for root, dirs, names in os.walk(work_dir):
        links = [d for d in dirs if Path(root, d).is_symlink()]  # os.walk lists a linked folder, never enters it
        dirs[:] = sorted(d for d in dirs if d not in links)
        for name in sorted([*names, *links]):
            path = Path(root, name)
            rel = path.relative_to(work_dir).as_posix()
            if rel not in _RECORDS and rel != WORK_MARKER:
                found[rel] = "symlink" if path.is_symlink() else hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def _trust_work(work_dir: Path) -> None:
    """Empty the work folder unless it holds exactly what the last render left there (path + SHA-256).

    Sphinx copies pages it did not rebuild, and the official .docx are reused
    by key: a page or a download edited by hand there would be published.
    A work folder with no record (made by hand, or by a failed build) is not
    trusted either.  Emptying it costs one build from cold.
    """
    import shutil

    record = work_dir / WORK_RECORD
    expected = unsealed(record)  # sealed with a key outside build/: a page cannot vouch for itself
    record.unlink(missing_ok=True)  # from here until the render is recorded, the folder is not trusted
    actual = _work_files(work_dir)
    if expected == actual:
        return
    for child in work_dir.iterdir():
        if child.name == WORK_MARKER and not child.is_symlink():
            continue
        if child.name in _RECORDS:
            child.unlink()
        elif child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


def _record_work(work_dir: Path) -> None:
    """Best effort: without a record the next build empties the work folder and starts from cold."""
    import contextlib

    with contextlib.suppress(OSError):
        write_sealed(work_dir / WORK_RECORD, _work_files(work_dir))


# ---------------------------------------------------------------- helpers


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


__all__ = ["FORBIDDEN", "PUBLIC", "official_download_names", "official_downloads", "publish", "render"]
