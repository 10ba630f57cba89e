"""Hole 9 — write errors: a read-only folder, an unwritable ``-o``, a full disk.  Each writer command says so
with exit status 2 and no traceback, and the previous output stays exactly as it was.

As root (CI's container) a real tmpfs is mounted: read-only, or a few MB filled to the last byte.  Without
the right to mount, read-only is a chmod'ed folder and a full disk is an injected ENOSPC.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SRC
from fixtures.canary.tools import _cli, tree

WRITERS = {
    "docx": lambda out: ["docx", "--all", "-o", str(out)],
    "disclose": lambda out: ["disclose", "--all", "-o", str(out)],
}


@contextlib.contextmanager
def tmpfs(folder: Path, size: str = "4m") -> Iterator[bool]:
    """Mount a tmpfs of ``size`` on ``folder`` when this process may (root); yields whether it did."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = os.geteuid() == 0 and shutil.which("mount") is not None and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True).returncode == 0
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path) -> None:
    """Write until the file system is full."""
    with open(folder / "filler", "wb") as fh, contextlib.suppress(OSError):
        while True:
            fh.write(b"\0" * 65536)
            fh.flush()


def make_read_only(folder: Path, mounted: bool) -> None:
    if mounted:
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
    else:
        folder.chmod(0o555)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".new-" in p.name or ".old-" in p.name)


def run(argv: list[str]) -> tuple[int, str]:
    return _cli(["--src", str(SRC), *argv])


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_disk_full_keeps_the_previous_output(command, tmp_path, monkeypatch):
    with tmpfs(tmp_path / "fs") as mounted:
        out = tmp_path / "fs" / command
        rc, log = run(WRITERS[command](out))
        assert rc == 0, log
        before = tree(out)
        if mounted:
            fill(tmp_path / "fs")
        else:  # no tmpfs: the renderer's save fails as a full disk would
            from toolkit.render import docx_common

            def full(*_a, **_k):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(out / "x.docx"))

            monkeypatch.setattr(docx_common, "save", full)
            monkeypatch.setattr(f"toolkit.render.docx_{'official' if command == 'docx' else 'disclosure'}.save",
                                full)
        rc, log = run(WRITERS[command](out))
        assert rc == 2, log
        assert "No space left on device" in log and "Traceback" not in log
        assert tree(out) == before
        assert leftovers(tmp_path / "fs") == []


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_read_only_folder(command, tmp_path):
    with tmpfs(tmp_path / "fs") as mounted:
        out = tmp_path / "fs" / command
        assert run(WRITERS[command](out))[0] == 0
        before = tree(out)
        make_read_only(tmp_path / "fs", mounted)
        try:
            if not mounted and os.geteuid() == 0:
                pytest.skip("root ignores a chmod'ed folder and cannot mount here")
            rc, log = run(WRITERS[command](out))
        finally:
            if not mounted:
                (tmp_path / "fs").chmod(0o755)
        assert rc == 2, log
        assert ("Read-only file system" in log or "Permission denied" in log) and "Traceback" not in log
        assert tree(out) == before


@pytest.mark.parametrize("command", [*sorted(WRITERS), "publish"])
def test_unwritable_out(command, tmp_path):
    """-o below a file: the folder cannot be made (whoever runs it)."""
    (tmp_path / "a-file").write_text("x")
    out = tmp_path / "a-file" / "sub"
    argv = (["publish", "--out", str(out), "--work", str(tmp_path / "work")] if command == "publish"
            else WRITERS[command](out))
    rc, log = run(argv)
    assert rc == 2, log
    assert "failed" in log and str(tmp_path / "a-file") in log and "Traceback" not in log
    assert (tmp_path / "a-file").read_text() == "x"


def test_publish_disk_full_keeps_the_previous_site(tmp_path, monkeypatch):
    with tmpfs(tmp_path / "fs", "6m") as mounted:
        out, work = tmp_path / "fs" / "public", tmp_path / "work"
        rc, log = run(["publish", "--out", str(out), "--work", str(work)])
        assert rc == 0, log
        before = tree(out)
        if mounted:
            fill(tmp_path / "fs")
        else:
            from toolkit.publish import site

            def full(view, new, work_dir, **kw):
                (new / "index.html").write_text("half")
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(new / "genindex.html"))

            monkeypatch.setattr(site, "render", full)
        rc, log = run(["publish", "--out", str(out), "--work", str(work), "--canary", "FORCE-A-REBUILD-1"])
        assert rc == 2, log
        assert "No space left on device" in log and "Traceback" not in log
        assert tree(out) == before
        assert leftovers(tmp_path / "fs") == []


def test_a_non_boundary_writer_reports_too(tmp_path):
    """Commands that write directly (diff) still get a message and exit 2 from the CLI, never a traceback."""
    (tmp_path / "a-file").write_text("x")
    rc, log = run(["diff", "r5", "r8", "--all-formats", "-o", str(tmp_path / "a-file" / "sub")])
    assert rc == 2, log
    assert "Not a directory" in log and "Traceback" not in log
