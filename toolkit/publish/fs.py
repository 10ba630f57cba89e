"""File-system primitives of the publication boundary (公開の境界): lock, staging, swap, recovery.

Every writer of a checked artifact stages into a fresh folder beside its
destination (same file system), and the finished folder replaces the old one
in one ``renameat2(RENAME_EXCHANGE)``.  A kill at any point leaves either the
old or the new folder in place, plus a leftover that :func:`recover` removes.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

from toolkit.errors import BuildError, Location, Problem


def temp_prefix(dest: Path, kind: str) -> str:
    """Name prefix of the temporary folders beside ``dest`` (``.NAME.new-PID``, ``.NAME.old-PID``)."""
    return f".{dest.name}.{kind}-"


def pid_alive(pid: int) -> bool:
    """True while ``pid`` is a running process (a zombie, killed but not yet reaped, is not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # os.kill succeeds on a zombie: ask the kernel for its state
        with open(f"/proc/{pid}/stat", "rb") as fh:
            state = fh.read().rsplit(b")", 1)[-1].split()[0]
    except (OSError, IndexError):
        return True
    return state not in (b"Z", b"X")


def _start_time(pid: int) -> str | None:
    """When ``pid`` started (clock ticks since boot, from /proc): tells a reused pid from the original."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[-1].split()[19].decode("ascii")
    except (OSError, IndexError, UnicodeDecodeError):
        return None


def owner_token(pid: int | None = None) -> str:
    """``PID-START`` of this (or ``pid``'s) process, as put in the names of its temporary folders."""
    pid = os.getpid() if pid is None else pid
    start = _start_time(pid)
    return f"{pid}-{start}" if start else str(pid)


def _owner_alive(token: str) -> bool:
    """Whether the process that named a temporary folder ``…-TOKEN`` still runs (not dead, not a zombie,
    not another process that got the same pid since)."""
    pid, _, start = token.partition("-")
    if not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return start == "" or start == _start_time(int(pid))
    return pid_alive(int(pid)) and (not start or start == _start_time(int(pid)))


def recover(dest: Path) -> None:
    """Undo what a killed publish left beside ``dest`` (called under the lock).

    A temporary ``.NAME.new-PID-START`` whose process is dead, a zombie, or
    not the one that made it (the pid was reused) is removed; a
    ``.NAME.old-PID-START`` (only left by the two-rename fallback) is put back
    when ``dest`` is missing, else removed.
    """
    for kind in ("old", "new"):
        prefix = temp_prefix(dest, kind)
        for p in sorted(dest.parent.glob(prefix + "*")):
            if _owner_alive(p.name[len(prefix):]) and not p.name.endswith(f"-{owner_token()}"):
                continue
            if kind == "old" and not dest.exists():
                os.rename(p, dest)
            else:
                shutil.rmtree(p, ignore_errors=True)


def lock_path(folder: Path) -> Path:
    """The lock file of ``folder``: ``.NAME.lock`` beside it."""
    return folder.parent / f".{folder.name}.lock"


@contextlib.contextmanager
def exclusive(folder: Path) -> Iterator[None]:
    """Hold ``folder``'s lock file (a second holder waits).  The lock file is opened without following a
    symbolic link: a link planted there would make the lock create its target wherever it points."""
    path = lock_path(folder)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
    except OSError as e:
        if e.errno != errno.ELOOP:
            raise
        raise BuildError([Problem(Location(str(path)), "the lock file is a symbolic link; not followed",
                                  "a regular file made by the toolkit (remove the link)")]) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise BuildError([Problem(Location(str(path)), "the lock file is not a regular file",
                                      "a regular file made by the toolkit (remove it)")])
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@contextlib.contextmanager
def lock(dest: Path) -> Iterator[None]:
    """One publish per destination at a time (a second one waits); leftovers are recovered first."""
    with exclusive(dest):
        recover(dest)
        yield


# ---------------------------------------------------------------- folders the toolkit may empty or replace

BUILD = Path("build")


def _under_build(path: Path) -> bool:
    build = BUILD.absolute()
    return Path(os.path.abspath(path)).is_relative_to(build) and Path(os.path.abspath(path)) != build


def linked_part(folder: Path) -> Path | None:
    """The first symbolic link on the way to ``folder`` that the toolkit must not follow, if any.

    ``folder`` itself, and inside ``build/`` every folder between ``build/`` and it (``build/`` itself may
    be a link, e.g. to another disk: what is inside it stays inside it).
    """
    path = Path(os.path.abspath(folder))
    parts = [path]
    if _under_build(path):
        build = BUILD.absolute()
        parts = [p for p in (path, *path.parents) if p.is_relative_to(build) and p != build]
    return next((p for p in sorted(parts, key=lambda p: len(p.parts)) if p.is_symlink()), None)


def refuse_links(folder: Path, what: str) -> None:
    """A located refusal (exit 2, nothing touched) when ``folder`` (or a folder between ``build/`` and it)
    is a symbolic link: emptying or replacing it would act wherever the link points."""
    link = linked_part(folder)
    if link is not None:
        raise BuildError([Problem(Location(str(link)), f"is a symbolic link (to {os.readlink(link)}); the {what} "
                                  "is emptied or replaced, so a link is not followed",
                                  "a real folder (remove the link)")])
    if _under_build(folder) and not Path(os.path.realpath(folder)).is_relative_to(BUILD.resolve()):
        raise BuildError([Problem(Location(str(folder)), f"the {what} resolves outside build/",
                                  "a folder inside build/, or a path given with --out / --work")])


def has_marker(folder: Path, marker: str) -> bool:
    """``folder`` holds ``marker``, a regular file (not a link) the toolkit wrote when it made the folder."""
    path = folder / marker
    return path.is_file() and not path.is_symlink()


def claim_folder(folder: Path, marker: str, text: str, what: str, expected: str) -> None:
    """Make ``folder`` (or take an empty one) as the toolkit's own, writing ``marker``; a folder that
    holds anything but has no marker was not made here and is refused (exit 2, nothing touched)."""
    refuse_links(folder, what)
    if folder.exists() and not folder.is_dir():
        raise BuildError([Problem(Location(str(folder)), "exists and is not a folder", "a folder (or nothing)")])
    if folder.is_dir() and has_marker(folder, marker):
        return
    if folder.is_dir() and any(folder.iterdir()):
        raise BuildError([Problem(Location(str(folder)), f"holds files the toolkit did not make (no {marker}); the "
                                  f"{what} is emptied when it cannot be trusted, so it is left alone", expected)])
    folder.mkdir(parents=True, exist_ok=True)
    write_marker(folder, marker, text)


def write_marker(folder: Path, marker: str, text: str) -> None:
    """Create ``folder/marker`` in one step (no temporary file a concurrent claim could take for a stranger's);
    one already there, written by a concurrent run, is as good."""
    try:
        fd = os.open(folder / marker, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666)
    except FileExistsError:
        return
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)


@contextlib.contextmanager
def fresh_folder(dest: Path) -> Iterator[Path]:
    """An empty folder beside ``dest`` (same file system, so the swap is a rename); removed on failure."""
    new = dest.parent / f"{temp_prefix(dest, 'new')}{owner_token()}"
    shutil.rmtree(new, ignore_errors=True)
    new.mkdir()
    try:
        yield new
    finally:
        if new.exists():  # still here: the build failed before the swap
            shutil.rmtree(new, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def exchange(a: Path, b: Path) -> bool:
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
    if dest.is_symlink() or (dest.exists() and not dest.is_dir()):
        raise BuildError([Problem(Location(str(dest)), "exists and is not a folder", "a folder (or nothing)")])
    if not dest.exists():
        os.rename(new, dest)
    elif exchange(new, dest):
        shutil.rmtree(new)  # ``new`` now holds the previous content
    else:  # fallback: two renames; recover() repairs a kill between them
        old = dest.parent / f"{temp_prefix(dest, 'old')}{owner_token()}"
        os.rename(dest, old)
        os.rename(new, dest)
        shutil.rmtree(old)
    fsync_dir(dest.parent)


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def write_errors(where: Path, doing: str = "writing") -> Iterator[None]:
    """An OSError (read-only folder, disk full, permission) as a located BuildError (exit 2, no traceback)."""
    try:
        yield
    except OSError as e:
        raise BuildError([write_problem(e, where, doing)]) from e


def write_problem(e: OSError, where: Path | str, doing: str = "writing", intact: bool = True) -> Problem:
    """What went wrong writing ``where``, in words (the file the system named, when it is another one).

    ``intact``: the writer staged its output, so the previous one is still there (say so).
    """
    reason = e.strerror or type(e).__name__
    named = e.filename if isinstance(e.filename, str) and e.filename and e.filename != str(where) else None
    detail = f" ({named})" if named else ""
    tail = "; the previous output is unchanged" if intact else ""
    return Problem(Location(str(where)), f"{doing} failed{detail}: {reason}{tail}",
                   "a writable folder with free space")


__all__ = ["BUILD", "claim_folder", "exchange", "exclusive", "fresh_folder", "fsync_dir",
           "has_marker", "linked_part", "lock", "lock_path", "owner_token", "refuse_links", "pid_alive", "recover",
           "swap_in", "temp_prefix", "write_errors", "write_marker", "write_problem"]
