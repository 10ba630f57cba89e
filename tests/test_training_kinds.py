"""Question kinds are types: a format that forgets one is a type error, named by mypy."""

from __future__ import annotations

from conftest import require_module

FORGETS_SCENARIO = """\
from typing import assert_never

from toolkit.training.model import Blank, Choice, Question, TrueFalse


def render(q: Question) -> str:
    match q:
        case Choice() | TrueFalse() | Blank():
            return q.prompt
        case _:
            assert_never(q)
"""


def test_mypy_names_the_kind_a_format_forgets(tmp_path):
    api = require_module("mypy.api", "lint runs mypy; this checks the kinds are checked")
    bad = tmp_path / "forgets.py"
    bad.write_text(FORGETS_SCENARIO, encoding="utf-8")
    good = tmp_path / "complete.py"
    good.write_text(FORGETS_SCENARIO.replace("Blank():", "Blank() | Scenario():").replace(
        "Question, TrueFalse", "Question, Scenario, TrueFalse"), encoding="utf-8")
    args = ["--cache-dir", str(tmp_path / ".mypy_cache"), "--no-error-summary", "--follow-imports=silent"]
    out, _err, status = api.api.run([*args, str(bad)])
    assert status == 1 and "Scenario" in out and "assert_never" in out, out
    out, _err, status = api.api.run([*args, str(good)])
    assert status == 0, out
