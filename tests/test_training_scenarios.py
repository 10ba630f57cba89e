"""Scenario questions (事例問題): a pool of at least 30 for staff, each traced to the clauses
it applies and validated; flagged for review when one of those clauses changes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import TRAINING

from toolkit.diff import compare
from toolkit.source.load import load_policy
from toolkit.training.assemble import make_quiz
from toolkit.training.model import Scenario, explanation, normal
from toolkit.training.questions import question_pool
from toolkit.training.review import questions_affected
from toolkit.training.settings import check_against, load_training
from toolkit.training.words import noun_phrases
from toolkit.view.redact import redact


@pytest.fixture(scope="module")
def settings(policy):
    s = load_training(TRAINING)
    check_against(s, policy)  # every clause and revision a scenario names exists
    return s


def test_at_least_thirty_scenarios_each_traced_and_fit(settings, policy):
    assert len(settings.scenarios) >= 30
    staff = redact(policy, "staff")
    pool = {q.id: q for q in question_pool(staff, settings, 2026, []) if isinstance(q, Scenario)}
    assert len(pool) == len(settings.scenarios), "every scenario is fit to ask staff"
    for sc in settings.scenarios:
        q = pool[f"scenario/{sc.id}"]
        assert [(s.doc_id, s.clause_id) for s in q.all_sources] == list(sc.clauses)
        # traced: the right answer uses the words of a clause it cites
        cited = normal("".join(s.text for s in q.all_sources))
        words = [p.text for p in noun_phrases(q.options[q.correct]) if len(p.text) >= 2]
        assert any(normal(w) in cited for w in words), (sc.id, words)
        lines = explanation(q)
        assert lines[0] == f"解説: {sc.rationale}" and all(s.text in lines for s in q.all_sources)
        assert "scenarios.yaml:" in q.origin


def test_scenarios_go_to_staff_only_as_the_blueprint_says(settings, policy):
    staff = make_quiz(redact(policy, "staff"), settings, 2026, None, [])
    assert sum(isinstance(q, Scenario) for q in staff.questions) == settings.blueprint("staff").scenarios
    public = question_pool(redact(policy, "public"), settings, 2026, [])
    assert not any(isinstance(q, Scenario) for q in public), "they apply the 対策基準 and 実施手順"


def _standards_r9(src: Path, old: str, new: str) -> Path:
    folder = src / "standards"
    text = (folder / "r8.yaml").read_text(encoding="utf-8")
    assert old in text
    (folder / "r9.yaml").write_text(text.replace("revision: r8", "revision: r9").replace(old, new), encoding="utf-8")
    with open(folder / "document.yaml", "a", encoding="utf-8") as f:
        f.write("  - id: r9\n    date: 2027-04-01\n    kind: 改定\n    provenance: sample\n    summary: テスト\n")
    return src


def test_a_changed_clause_puts_its_scenarios_up_for_review(src_copy, settings):
    # the clause on suspicious mail changes: 情報セキュリティ管理者 → CSIRT
    src = _standards_r9(src_copy, "不審な電子メールの添付ファイルを開いてはならず、当該電子メールを受信した場合には、情報セキュリティ管理者に",
                        "不審な電子メールの添付ファイルを開いてはならず、当該電子メールを受信した場合には、CSIRTに")
    policy = load_policy([src])
    doc = policy.document("standards")
    affected = questions_affected(compare(doc, doc.revision("r8"), doc.revision("r9")), settings)
    assert [(a.kind, a.id, a.clause_id, a.change) for a in affected] == [
        ("scenario", "suspicious-mail-received", "malware-staff", "modified")]
    assert "scenarios.yaml:" in str(affected[0]) and "review" in str(affected[0])
    # and it stays out of the staff quiz until reviewed, with a message
    view = redact(policy, "staff", as_of=dt.date(2027, 4, 1))  # r9 in force
    messages: list[str] = []
    pool = question_pool(view, settings, 2026, messages)
    assert "scenario/suspicious-mail-received" not in {q.id for q in pool}
    assert any("suspicious-mail-received" in m and "left out until reviewed" in m for m in messages)
    # unchanged clauses: nothing to review
    assert questions_affected(compare(doc, doc.revision("r8"), doc.revision("r8")), settings) == []


def test_hand_written_question_on_a_changed_clause_is_listed(src_copy, settings):
    src = _standards_r9(src_copy, "副市長を最高情報セキュリティ責任者", "市長を最高情報セキュリティ責任者")
    doc = load_policy([src]).document("standards")
    affected = questions_affected(compare(doc, doc.revision("r8"), doc.revision("r9")), settings)
    assert ("question", "ciso-who") in {(a.kind, a.id) for a in affected}
