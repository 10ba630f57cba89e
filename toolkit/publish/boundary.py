"""The publication boundary (公開の境界): the one checked step every audience-limited artifact goes through.

:func:`publish_checked` is what writers call: the view for the audience
(redaction, fail closed) → a fresh staging folder beside ``dest`` → the
writer fills it → leak check of every staged file against the full policy →
``MANIFEST.sha256`` → atomic swap.  On any error ``dest`` is untouched and a
:class:`~toolkit.errors.ToolkitError` is raised (exit status 2, or 1 for a leak).

:func:`stage_and_swap` is the same sequence with the check supplied by the
caller; the site (:func:`toolkit.publish.site.publish`) and the disclosure
edition use it to add their own caching or view, never to skip a step.
"""

from __future__ import annotations

import contextlib
import datetime
import errno
import os
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.errors import BuildError, Location, Problem, ToolkitError
from toolkit.publish.fs import fresh_folder, lock, refuse_links, swap_in, write_errors
from toolkit.publish.manifest import MANIFEST, verified_files, write_manifest

if TYPE_CHECKING:
    from toolkit import leakcheck as _leak
    from toolkit.model import PolicySet

Progress = Callable[[str], None]
Writer = Callable[["PolicySet", Path], None]
Check = Callable[[Path], "_leak.Report | None"]


@dataclass(frozen=True)
class Published:
    """The result of a publish: where, how many files, what the leak check saw."""

    dest: Path
    audience_id: str
    files: int
    manifest: Path
    leak: _leak.Report | None
    label: str = ""  # the audience's label (市民（公開サイト）…)


def _quiet(_name: str) -> None:
    pass


def publish_checked(policy: PolicySet, audience_id: str, dest: Path,
                    write: Callable[[PolicySet, Path], None], *,
                    as_of: datetime.date | None = None, canaries: Sequence[str] = (),
                    label: str = "", progress: Callable[[str], None] | None = None) -> Published:
    """Write what ``audience_id`` may see into ``dest`` through ``write``, checked; or leave ``dest`` untouched.

    ``write(view, stage)`` receives the redacted view (as of ``as_of``) and an
    empty folder to put its files in; it must not write anywhere else.  Every
    staged file is then leak-checked for ``audience_id`` against the full
    ``policy`` (and ``canaries``), a manifest is written and the folder is
    swapped in.  ``progress`` is told each step's name.

    ``dest`` is replaced as a whole (a non-empty folder without a manifest is
    refused: it was not made here).  A writer that adds to earlier output
    copies what should stay with :func:`keep_previous` (checked again with the rest).
    """
    step = progress or _quiet
    dest = Path(dest)
    step("redact")
    view = view_for(policy, audience_id, as_of)
    check = leak_check(policy, view, canaries, report_as=dest)  # hits name the path the user knows
    files, report = stage_and_swap(dest, lambda stage: write(view, stage), check, progress=step)
    step("done")
    return Published(dest, audience_id, files, dest / MANIFEST, report, label or audience_label(policy, audience_id))


def view_for(policy: PolicySet, audience_id: str, as_of: datetime.date | None) -> PolicySet:
    """The audience's view (redaction fails closed first); an unknown audience is a build error."""
    from toolkit.view.redact import redact

    try:
        return redact(policy, audience_id, as_of=as_of)
    except KeyError as e:
        raise BuildError(str(e.args[0])) from None


def leak_check(policy: PolicySet, view: PolicySet, canaries: Sequence[str] = (), *,
               report_as: Path | None = None) -> Check:
    """The check of a staged folder against everything ``view`` leaves out of ``policy`` (and ``canaries``):
    raises :class:`~toolkit.errors.LeakError` on any hit, reported as if the folder were ``report_as``.

    A shown part quoting a hidden one is the source's fault: that is raised here, before anything is written.
    """
    from toolkit import leakcheck as _leak

    fps = _leak.fingerprints_of(policy, view, canaries)
    _leak.raise_on_quotes(fps)

    def check(stage: Path) -> _leak.Report:
        report = _leak.scan_folder(stage, fps)
        if report_as is not None:
            report.folder = report_as
        _leak.raise_on_leak(report)
        return report

    return check


def publish_each_checked(policy: PolicySet, views: Mapping[str, PolicySet], dest: Path,
                         write: Callable[[Path], None], *, audience_id: str, canaries: Sequence[str] = (),
                         label: str = "", progress: Callable[[str], None] | None = None) -> Published:
    """:func:`publish_checked` for an artifact whose files are each made from a view of their own.

    The 部分開示 folder holds one edition per (document, revision), each from
    :func:`toolkit.view.disclose.disclose`: ``views`` maps each file name the
    writer may put in the stage to its view, and each staged file is checked
    against what *its* view leaves out.  A staged file not in ``views`` is refused.
    """
    from toolkit import leakcheck as _leak

    step = progress or _quiet
    dest = Path(dest)
    fps = {name: _leak.fingerprints_of(policy, view, canaries) for name, view in views.items()}
    for f in fps.values():
        _leak.raise_on_quotes(f)

    def check(stage: Path) -> _leak.Report:
        report = _leak.scan_each(stage, fps, dest)
        _leak.raise_on_leak(report)
        return report

    files, report = stage_and_swap(dest, write, check, progress=step)
    step("done")
    return Published(dest, audience_id, files, dest / MANIFEST, report, label or audience_id)


def keep_previous(dest: Path, stage: Path, names: Collection[str]) -> list[str]:
    """Copy into ``stage`` the files of the previous ``dest`` named in ``names`` that are exactly as its manifest
    lists them (a file changed by hand is not carried over); they are checked again with the rest."""
    import shutil

    kept = []
    for rel, path in sorted(verified_files(Path(dest)).items()):
        if rel in names and not (stage / rel).exists():
            (stage / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, stage / rel)
            kept.append(rel)
    return kept


def stage_and_swap(dest: Path, build: Callable[[Path], None], check: Check, *,
                   progress: Progress | None = None,
                   after: Callable[[_leak.Report | None], None] | None = None) -> tuple[int, _leak.Report | None]:
    """Stage → ``build(stage)`` → ``check(stage)`` → manifest → swap, under ``dest``'s lock.

    ``check`` raises on a leak (and returns the report, or None when the
    audience may see everything).  ``after(report)`` runs under the lock once
    ``dest`` holds the new content.  Returns the number of files (manifest
    included) and the report.  The writers date their files themselves, from
    the view (:func:`toolkit.dates.build_date`): nothing is passed through the
    environment.
    """
    step = progress or _quiet
    dest = Path(dest)
    if dest.name in ("", ".", ".."):  # "-o ." : the folder's own name, for the lock and stage beside it
        dest = Path(os.path.abspath(dest))
        if not dest.name:
            raise BuildError([Problem(Location(str(dest)), "the root folder cannot be published into",
                                      "a folder of its own, e.g. build/docx")])
    _replaceable(dest)  # before anything is created beside it (no lock file next to ~/Documents)
    with write_errors(dest):
        dest.parent.mkdir(parents=True, exist_ok=True)
        with lock(dest), fresh_folder(dest) as stage:
            _replaceable(dest)  # again, under the lock
            with _as_build_error(dest):
                build(stage)
            step("leakcheck")
            report = check(stage)
            step("manifest")
            files = write_manifest(stage, report.digests if report else None)
            step("swap")
            swap_in(stage, dest)
            if after is not None:
                with contextlib.suppress(OSError):  # a record for next time: without it, the next run rebuilds
                    after(report)
    return files, report


def _replaceable(dest: Path) -> None:
    """The swap replaces the whole folder: refuse a folder that is not an earlier output (``-o ~/Documents``),
    and a link on the way to it (``build/docx`` linked elsewhere: the swap would act there)."""
    refuse_links(dest, "output folder")
    if dest.is_symlink() or (dest.exists() and not dest.is_dir()):
        raise BuildError([Problem(Location(str(dest)), "exists and is not a folder", "a folder (or nothing)")])
    if dest.is_dir() and not (dest / MANIFEST).is_file() and any(dest.iterdir()):
        raise BuildError([Problem(Location(str(dest)), f"holds files that were not published here (no {MANIFEST}); "
                                  "publishing replaces the whole folder, so it is left alone",
                                  "a new or empty folder, or one an earlier publish made (an output of an "
                                  "older toolkit without a manifest: remove it once)")])


def audience_label(policy: PolicySet, audience_id: str) -> str:
    try:
        return policy.audience(audience_id).label
    except KeyError:
        return audience_id


@contextlib.contextmanager
def _as_build_error(dest: Path) -> Iterator[None]:
    """A writer's failure must not become a traceback (nor a half output: the stage is removed)."""
    try:
        yield
    except ToolkitError:
        raise
    except OSError as e:
        if e.errno in (errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, errno.EDQUOT):
            raise  # a write error: write_errors() says so, with the file
        raise BuildError([Problem(Location(str(dest)), f"writing failed: {type(e).__name__}: {e}")]) from e
    except Exception as e:
        raise BuildError([Problem(Location(str(dest)), f"rendering failed: {type(e).__name__}: {e}")]) from e


__all__ = ["Published", "audience_label", "keep_previous", "leak_check", "publish_checked", "publish_each_checked",
           "view_for", "stage_and_swap"]
