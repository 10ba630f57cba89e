"""No module over 450 lines (issue 19): a module that long holds several concerns.

Covers the modules split on the branch that split docx_common and the training
modules; widen ``AREAS`` to the whole package once every split of issue 19 is in.
"""

from __future__ import annotations

from pathlib import Path

import pytest

TOOLKIT = Path(__file__).resolve().parent.parent / "toolkit"
LIMIT = 450
AREAS = ("render/docx_common", "render/docx_official.py", "render/official_layout.py", "render/pdf.py", "training",
         "files.py")


def _modules(area: str) -> list[Path]:
    path = TOOLKIT / area
    return sorted(path.rglob("*.py")) if path.is_dir() else [path]


@pytest.mark.parametrize("area", AREAS)
def test_no_module_over_the_limit(area):
    modules = _modules(area)
    assert modules, f"{area}: nothing there (moved? update AREAS)"
    long = {str(m.relative_to(TOOLKIT)): n for m in modules
            if (n := len(m.read_text(encoding="utf-8").splitlines())) > LIMIT}
    assert not long, f"over {LIMIT} lines: {long}"
