"""The one atomic write (toolkit/files.py): whole or not at all, permissions per the umask, no link followed,
and the commands that write a file in place (import -o, export -o, diff -o) go through it."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import ROOT, SEED, SRC, run_cli

from toolkit.files import atomic_write


@pytest.fixture
def umask_027():
    old = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_writes_text_as_utf8_and_bytes_as_given(tmp_path):
    atomic_write(tmp_path / "a.txt", "基本方針\r\n")
    atomic_write(tmp_path / "b.bin", b"\x00\xff")
    assert (tmp_path / "a.txt").read_bytes() == "基本方針\r\n".encode()  # line ends as given
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\xff"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.bin"]  # no temporary file left


def test_permissions_follow_the_umask(tmp_path, umask_027):
    """mkstemp makes 0600: a published file must still be readable by whoever the umask lets read it."""
    atomic_write(tmp_path / "MANIFEST.sha256", "x")
    assert _mode(tmp_path / "MANIFEST.sha256") == 0o640
    os.umask(0o022)
    atomic_write(tmp_path / "MANIFEST.sha256", "y")  # replacing keeps no old mode either
    assert _mode(tmp_path / "MANIFEST.sha256") == 0o644


def test_private_is_the_owners_only(tmp_path, umask_027):
    atomic_write(tmp_path / "entry", b"cache", private=True)
    assert _mode(tmp_path / "entry") == 0o600


def test_a_failure_keeps_the_previous_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "r8.yaml"
    target.write_text("before", encoding="utf-8")

    def full_disk(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError, match="No space"):
        atomic_write(target, "after")
    assert target.read_text(encoding="utf-8") == "before"
    assert [p.name for p in tmp_path.iterdir()] == ["r8.yaml"]


def test_a_link_planted_beside_the_target_is_not_followed(tmp_path):
    """Every former temporary name was predictable (``.NAME.tmp``, ``.NAME.tmp-PID``, ``NAME.part``)."""
    victim = tmp_path / "victim"
    victim.write_text("untouched", encoding="utf-8")
    for name in (".out.tmp", f".out.tmp-{os.getpid()}", "out.part"):
        (tmp_path / name).symlink_to(victim)
    atomic_write(tmp_path / "out", "new")
    assert victim.read_text(encoding="utf-8") == "untouched"
    assert (tmp_path / "out").read_text(encoding="utf-8") == "new" and not (tmp_path / "out").is_symlink()


def _planted(folder: Path, name: str) -> Path:
    """A file of the user's, and a link to it where the old writer put its temporary file for ``name``."""
    victim = folder / "notes.txt"
    victim.write_text("the user's own notes\n", encoding="utf-8")
    (folder / f".{name}.tmp").symlink_to(victim)
    return victim


def test_import_output_goes_through_the_atomic_write(tmp_path):
    victim = _planted(tmp_path, "r1.yaml")
    r = run_cli("--src", str(SRC), "import", str(SEED), "--doc", "imported", "--rev", "r1", "--classification",
                "public", "--date", "2020-04-01", "--kind", "策定", "-o", "r1.yaml", "--report", "r1.report.txt",
                cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert victim.read_text(encoding="utf-8") == "the user's own notes\n"
    out = tmp_path / "r1.yaml"
    assert out.is_file() and not out.is_symlink() and "id: r1" in out.read_text(encoding="utf-8")


def test_export_output_goes_through_the_atomic_write(tmp_path):
    victim = _planted(tmp_path, "basic-policy.md")
    r = run_cli("--src", str(SRC), "export", "--doc", "basic-policy", "--format", "md", "-o", "basic-policy.md",
                cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert victim.read_text(encoding="utf-8") == "the user's own notes\n"
    out = tmp_path / "basic-policy.md"
    assert out.is_file() and not out.is_symlink() and out.stat().st_size > 0


def test_one_atomic_write():
    """No second implementation: a temporary file renamed into place is written only in toolkit/files.py
    (files in a staging folder are written plainly; the folder is swapped in as a whole)."""
    pattern = re.compile(r'os\.replace\(|mkstemp\(|\.part"')
    found = {p.relative_to(ROOT).as_posix() for p in (ROOT / "toolkit").rglob("*.py")
             if pattern.search(p.read_text(encoding="utf-8"))}
    assert found == {"toolkit/files.py"}
