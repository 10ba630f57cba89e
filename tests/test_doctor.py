"""``policy doctor`` (issue 18): each real part, present or not, what it enables, and how to install it."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

from toolkit import fonts
from toolkit.cli import main
from toolkit.commands import doctor

PROGRAMS = [p for p in doctor.PARTS if p.kind == "program"]


def _path_with(tmp_path: Path, names: list[str]) -> str:
    """A PATH folder holding a stand-in executable for each of ``names`` and nothing else."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for name in names:
        exe = folder / name
        exe.write_text("#!/bin/sh\n", encoding="ascii")
        exe.chmod(0o755)
    return str(folder)


def test_lists_every_part_the_tests_need():
    names = {p.name for p in doctor.PARTS}
    assert {"chromium", "chromedriver", "soffice", "pdftotext", "pdftoppm", "pdffonts", "anki"} <= names
    assert all(p.enables and p.install for p in doctor.PARTS)


def test_a_bare_machine_gets_every_part_missing_with_its_install_command_and_exit_0(tmp_path, monkeypatch,
                                                                                        capsys):
    monkeypatch.setenv("PATH", _path_with(tmp_path, []))
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None)
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("fonts (IPAex)") and " ok " in out[0]
    for part in doctor.PARTS:
        line = next(ln for ln in out if ln.split()[0] == part.name)
        assert " missing " in line and part.enables in line and line.endswith(f"install: {part.install}"), line
    assert any(ln.endswith("install: apt-get install libreoffice-writer-nogui") for ln in out)
    assert any(ln.endswith("install: make setup-anki") for ln in out)


def test_a_machine_with_the_parts_gets_them_ok(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", _path_with(tmp_path, [p.name for p in PROGRAMS]))
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: object() if name == "anki" else real(name, *a))
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out.splitlines()
    for part in doctor.PARTS:
        line = next(ln for ln in out if ln.split()[0] == part.name)
        assert line.split()[1] == "ok" and "install:" not in line, line


def test_only_the_one_missing_program_is_missing(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", _path_with(tmp_path, [p.name for p in PROGRAMS if p.name != "soffice"]))
    main(["doctor"])
    out = capsys.readouterr().out.splitlines()
    missing = [ln.split()[0] for ln in out if ln.split()[1] == "missing"]
    assert "soffice" in missing and not set(missing) & ({p.name for p in PROGRAMS} - {"soffice"})


@pytest.mark.parametrize("lost", ["MINCHO", "GOTHIC", "LICENSE"])
def test_missing_shipped_fonts_fail_with_the_way_back(lost, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(fonts, lost, tmp_path / "gone.ttf")
    monkeypatch.setenv("PATH", os.environ.get("PATH", ""))
    assert main(["doctor"]) == 2
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0].split()[2] == "MISSING"
    assert "gone.ttf" in captured.out and "make setup" in captured.out
    assert "error:" in captured.err and "make setup" in captured.err and "Traceback" not in captured.err
