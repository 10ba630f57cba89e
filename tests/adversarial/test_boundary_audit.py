"""Hole 12 — leftovers and audit.

* The staging folder of a killed publish is removed by the next publish into the same place when its
  process is dead, a zombie (killed, not yet reaped), or not the process that made it (pid reused).
* ``policy verify DIR`` checks a published folder against its manifest in both directions: a file added
  by hand (which ``sha256sum -c`` passes), missing, changed, or a symlink fails with its path.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT
from fixtures.canary.tools import _cli

from toolkit.publish import MANIFEST
from toolkit.publish.fs import owner_token, recover

_HOLD = """
import sys, time
from pathlib import Path
from toolkit.publish.fs import fresh_folder, lock
dest = Path(sys.argv[1])
with lock(dest), fresh_folder(dest) as stage:
    (stage / "index.html").write_text("half a site")
    print(stage, flush=True)
    time.sleep(120)
"""


def killed_midway(dest: Path, reap: bool) -> Path:
    """A process that staged beside ``dest`` and was SIGKILLed (reaped, or left a zombie)."""
    proc = subprocess.Popen([sys.executable, "-c", _HOLD, str(dest)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    stage = Path(proc.stdout.readline().strip())
    assert stage.is_dir() and stage.name == f".{dest.name}.new-{owner_token(proc.pid)}"
    proc.send_signal(signal.SIGKILL)
    if reap:
        proc.wait()
    else:
        deadline = time.monotonic() + 10
        while Path(f"/proc/{proc.pid}/stat").read_bytes().rsplit(b")", 1)[-1].split()[0] != b"Z":
            assert time.monotonic() < deadline
            time.sleep(0.01)
        killed_midway.zombies.append(proc)  # reaped at the end of the test
    return stage


killed_midway.zombies = []  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _reap():
    yield
    while killed_midway.zombies:  # type: ignore[attr-defined]
        killed_midway.zombies.pop().wait()  # type: ignore[attr-defined]


@pytest.mark.parametrize("reap", [True, False], ids=["dead", "zombie"])
def test_the_stage_of_a_killed_publish_is_removed(tmp_path, reap):
    dest = tmp_path / "public"
    stage = killed_midway(dest, reap)
    assert stage.exists()
    recover(dest)
    assert not stage.exists()


def test_a_live_publish_keeps_its_stage(tmp_path):
    dest = tmp_path / "public"
    proc = subprocess.Popen([sys.executable, "-c", _HOLD.replace("with lock(dest), ", "with "), str(dest)],
                            cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        stage = Path(proc.stdout.readline().strip())
        recover(dest)
        assert stage.exists()
    finally:
        proc.kill()
        proc.wait()


def test_a_reused_pid_does_not_keep_a_stage(tmp_path):
    """The name records when its process started: another process with the same pid does not own it."""
    dest = tmp_path / "public"
    stale = tmp_path / f".public.new-{os.getpid()}-1"  # this pid, but a start time that is not this process's
    stale.mkdir()
    recover(dest)
    assert not stale.exists()


# ---------------------------------------------------------------- policy verify


@pytest.fixture
def published(official_editions, tmp_path) -> Path:
    """A copy of the session's `policy docx --all` folder, to tamper with."""
    out = tmp_path / "docx"
    shutil.copytree(official_editions, out)
    return out


def verify(folder: Path) -> tuple[int, str]:
    return _cli(["verify", str(folder)])


def test_verify_passes_an_untouched_folder(published):
    rc, out = verify(published)
    assert rc == 0 and "ok:" in out, out


def test_a_file_added_by_hand_fails(published):
    (published / "extra.html").write_text("<p>added</p>")
    if __import__("shutil").which("sha256sum"):  # what an auditor ran before: it does not notice
        assert subprocess.run(["sha256sum", "--quiet", "-c", MANIFEST], cwd=published).returncode == 0
    rc, out = verify(published)
    assert rc == 1 and f"{published / 'extra.html'}: not in {MANIFEST}" in out, out


def test_a_changed_or_missing_file_fails(published):
    docx = sorted(published.glob("*.docx"))[0]
    docx.write_bytes(docx.read_bytes() + b"\0")
    rc, out = verify(published)
    assert rc == 1 and f"{docx}: changed since publishing" in out, out
    docx.unlink()
    rc, out = verify(published)
    assert rc == 1 and f"{docx}: listed in {MANIFEST} but missing" in out, out


def test_a_symlink_fails(published, tmp_path):
    (tmp_path / "elsewhere.txt").write_text("x")
    (published / "link.txt").symlink_to(tmp_path / "elsewhere.txt")
    rc, out = verify(published)
    assert rc == 1 and "symbolic link" in out, out


def test_a_manifest_reaching_outside_fails(published):
    with open(published / MANIFEST, "a", encoding="utf-8") as fh:
        fh.write(f"{'0' * 64}  ../../etc/passwd\n")
    rc, out = verify(published)
    assert rc == 1 and "outside the folder" in out, out


def test_no_or_broken_manifest_is_exit_2(published, tmp_path):
    (published / MANIFEST).write_text("not a manifest line\n")
    rc, out = verify(published)
    assert rc == 2 and f"{MANIFEST}:1" in out and "Traceback" not in out, out
    (tmp_path / "plain").mkdir()
    rc, out = verify(tmp_path / "plain")
    assert rc == 2 and "no manifest" in out, out


def test_a_pipe_in_a_published_folder_fails_verify_and_the_leak_check(published):
    from toolkit.leakcheck import Fingerprints, scan_folder

    os.mkfifo(published / "pipe.html")
    rc, out = verify(published)
    assert rc == 1 and "pipe.html" in out and "not a regular file" in out, out
    report = scan_folder(published, Fingerprints())  # (a pipe is never opened: nothing blocks)
    assert [h.file for h in report.hits if h.unverified] == ["pipe.html"]
