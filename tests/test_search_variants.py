"""search-variants.yaml: read with located errors, carried on the model, used by the site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SRC

from toolkit.cli import main
from toolkit.errors import Problems
from toolkit.source.load import load_policy
from toolkit.source.variants import VARIANTS_FILE, load_variants


def _load(tmp_path: Path, text: str) -> tuple[tuple, Problems]:
    (tmp_path / VARIANTS_FILE).write_text(text, encoding="utf-8")
    problems = Problems()
    return load_variants(tmp_path, problems), problems


def test_groups_are_read_in_order(tmp_path):
    groups, problems = _load(tmp_path, "variants:\n  - [漏えい, 漏洩]\n  - [ソーシャルメディア, ＳＮＳ]\n")
    assert not problems
    assert groups == (("漏えい", "漏洩"), ("ソーシャルメディア", "ＳＮＳ"))


def test_no_file_no_groups(tmp_path):
    problems = Problems()
    assert load_variants(tmp_path, problems) == () and not problems


@pytest.mark.parametrize(("text", "line", "message"), [
    ("variants:\n  - [漏えい]\n", 2, "two or more forms"),
    ("variants:\n  - [漏えい, 漏洩]\n  - [情報, 漏洩]\n", 3, "listed twice (also at"),
    ("variants:\n  - [SNS, ｓｎｓ]\n", 2, "listed twice"),  # the same word once normalised
    ("variants:\n  - [情報 漏えい, 情報漏洩]\n", 2, "other than letters and digits"),
    ("variants:\n  - [漏えい, 12]\n", 2, "must be text"),
    ("variants:\n  - 漏えい\n", 2, "must be a list"),
    ("variant:\n  - [漏えい, 漏洩]\n", 1, "unknown key 'variant'"),
    ("variants: [[漏えい, 漏洩]\n", 2, "YAML syntax error"),
])
def test_mistakes_are_located(tmp_path, text, line, message):
    _groups, problems = _load(tmp_path, text)
    assert problems, text
    found = [p for p in problems.items if message in p.message]
    assert found, [str(p) for p in problems.items]
    assert found[0].location.file.endswith(VARIANTS_FILE) and found[0].location.line == line


def test_check_reports_a_bad_file_with_its_line(tmp_path, capsys):
    src = tmp_path / "policy_src"
    shutil.copytree(SRC, src)
    (src / VARIANTS_FILE).write_text("variants:\n  - [漏えい, 漏洩]\n  - [漏洩, ろうえい]\n", encoding="utf-8")
    assert main(["--src", str(src), "check"]) == 2
    err = capsys.readouterr().err
    assert f"{VARIANTS_FILE}:3:6" in err and "listed twice" in err and "Traceback" not in err


def test_the_model_and_the_views_carry_the_groups(tmp_path):
    from toolkit.view.redact import redact

    src = tmp_path / "policy_src"
    shutil.copytree(SRC, src)
    (src / VARIANTS_FILE).write_text("variants:\n  - [漏えい, 漏洩]\n", encoding="utf-8")
    policy = load_policy([src])
    assert policy.search_variants == (("漏えい", "漏洩"),)
    assert redact(policy, "public").search_variants == (("漏えい", "漏洩"),)


def test_only_groups_the_site_uses_reach_the_browser(policy):
    """A group none of whose forms is on a site is left out of that site's search data, so a
    form that is a non-public heading (最高情報セキュリティ責任者 in the 対策基準) is not published."""
    from dataclasses import replace

    from toolkit.render.site.search import variants_option
    from toolkit.view.redact import redact
    from toolkit.view.visibility import view_texts

    groups = (("漏えい", "漏洩"), ("CISO", "最高情報セキュリティ責任者"), ("量子暗号", "量子暗号化"))
    public, staff = (replace(redact(policy, a), search_variants=groups) for a in ("public", "staff"))
    assert not any("CISO" in t for t in view_texts(public)), "the fixture changed: pick another hidden word"
    assert variants_option(public) == "漏えい\t漏洩"
    assert variants_option(staff) == "漏えい\t漏洩\nCISO\t最高情報セキュリティ責任者"
