"""The suite outlives the city's source: only tests of the city's own text read policy_src/.

Behaviour tests read the frozen copy ``tests/fixtures/policy_src`` (``conftest.SRC``);
a test that reads ``policy_src/`` names ``conftest.CITY_SRC``, and
``.ci/lifecycle-scenario`` runs exactly those after cutting a new revision.
"""

from __future__ import annotations

import re

from conftest import CITY_SRC, ROOT, SRC

from toolkit.source.load import load_policy

TESTS = ROOT / "tests"
# a path to the shipped source built by hand instead of through CITY_SRC
HAND_MADE = re.compile(r"""ROOT\s*/\s*["']policy_src["']|parent\s*/\s*["']policy_src["']""")


def test_behaviour_tests_read_the_frozen_copy():
    assert SRC != CITY_SRC and SRC.is_relative_to(TESTS / "fixtures")


def test_no_test_builds_its_own_path_to_policy_src():
    offenders = [p.name for p in sorted(TESTS.rglob("*.py"))
                 if p.name != "conftest.py" and HAND_MADE.search(p.read_text(encoding="utf-8"))]
    assert offenders == [], "use conftest.SRC (fixture) or conftest.CITY_SRC (the city's text)"


def test_the_frozen_copy_is_a_valid_source_with_the_pinned_revisions():
    policy = load_policy([SRC])
    assert [r.id for r in policy.document("basic-policy").revisions] == ["h16", "r5", "r8"]
    assert [r.id for r in policy.document("standards").revisions] == ["r5", "r8"]
