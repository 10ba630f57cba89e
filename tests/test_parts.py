"""The real parts tests need (tests/conftest.py: require, require_module): a missing part is a skip
that says what it is and how to install it, a failure under CI, and a test that needs a part
carries its marker (issue 18 §2, §3)."""

from __future__ import annotations

import re
from pathlib import Path

import conftest
import pytest
from conftest import MODULES, PROGRAMS, require, require_module

TESTS = Path(__file__).resolve().parent


class _Unmarked:
    nodeid = "tests/test_x.py::test_y"

    def get_closest_marker(self, name: str) -> pytest.Mark | None:
        return None


class _Marked(_Unmarked):
    def get_closest_marker(self, name: str) -> pytest.Mark:
        return getattr(pytest.mark, name).mark


@pytest.fixture
def bare(monkeypatch, tmp_path):
    """No program on PATH, CI unset, and no current test to check for markers."""
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(conftest, "_current", None)


@pytest.mark.parametrize("program", sorted(PROGRAMS))
def test_a_missing_program_is_skipped_with_its_name_and_install_command(bare, program):
    with pytest.raises(pytest.skip.Exception) as skipped:
        require(program, "the test reads something with it")
    message = str(skipped.value)
    assert message.startswith(f"{program} not found: the test reads something with it")
    assert f"(install it: {PROGRAMS[program].install})" in message
    assert PROGRAMS[program].install.startswith("apt-get install ")


def test_a_missing_module_is_skipped_with_its_install_command(bare, monkeypatch):
    monkeypatch.setitem(MODULES, "no_such_module_x", MODULES["anki"])
    with pytest.raises(pytest.skip.Exception) as skipped:
        require_module("no_such_module_x", "the test opens a collection")
    assert "python package no_such_module_x not installed: the test opens a collection" in str(skipped.value)
    assert "make setup" in str(skipped.value)


def test_under_ci_a_missing_part_fails(bare, monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="soffice not found"):
        require("soffice", "prints the .docx")


def test_a_test_that_needs_a_part_without_its_marker_fails(monkeypatch):
    monkeypatch.setattr(conftest, "_current", _Unmarked())
    with pytest.raises(pytest.fail.Exception, match=r"needs chromium: mark it @pytest\.mark\.browser"):
        require("chromium", "drives the site")
    with pytest.raises(pytest.fail.Exception, match=r"mark it @pytest\.mark\.anki"):
        require_module("anki", "opens a collection")


def test_a_marked_test_gets_the_program(monkeypatch, tmp_path):
    program = tmp_path / "pdftotext"
    program.write_text("#!/bin/sh\n", encoding="utf-8")
    program.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(conftest, "_current", _Marked())
    assert require("pdftotext", "reads a PDF") == str(program)


def test_every_part_a_test_requires_has_an_install_command():
    called = {"program": set(), "module": set()}
    for path in TESTS.rglob("*.py"):
        if "vendor" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        called["program"] |= set(re.findall(r'\brequire\("([^"]+)"', text))
        called["module"] |= set(re.findall(r'\brequire_module\("([^"]+)"', text))
    assert {"chromium", "soffice", "pdftotext"} <= called["program"]  # the scan finds the calls
    assert called["program"] <= set(PROGRAMS), called["program"] - set(PROGRAMS)
    assert called["module"] - {"no_such_module_x"} <= set(MODULES), called["module"] - set(MODULES)
