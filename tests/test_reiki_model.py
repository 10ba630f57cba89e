"""The model's 例規 parts, read from a source: 附則, history-only ledger entries, numbering exceptions.

Behaviour on tests/fixtures/reiki_src (written for the tests); each bad input is a copy broken in one
place, checked through the real CLI (file:line, message, exit 2, no traceback).
"""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from conftest import REIKI
from test_source_check import check, edit, failed, where

from toolkit.model.numbering import place, supplementary_heading, supplementary_paragraphs, through
from toolkit.source.dump import dump_document, dump_revision
from toolkit.source.load import load_policy
from toolkit.source.revision_file import parse_revision_file
from toolkit.view.redact import redact


def labels(policy, doc_id: str, rev_id: str) -> dict[str, tuple[str, str]]:
    doc = policy.document(doc_id)
    return {p.node.id: (p.label, p.ref) for p in place(doc, doc.revision(rev_id))}


def test_history_only_entries_are_in_the_ledger_without_a_revision(reiki):
    rules = reiki.document("rules")
    assert [(e.id, e.has_text) for e in rules.ledger] == [("h14", False), ("h20", False), ("r5", True), ("r8", True)]
    assert [r.id for r in rules.revisions] == ["r5", "r8"]
    assert [e.id for e in rules.history_only] == ["h14", "h20"]
    with pytest.raises(KeyError, match="history only"):
        rules.revision("h14")
    with pytest.raises(KeyError, match="has no revision 'x9'"):
        rules.revision("x9")


def test_supplementary_provisions_are_read_after_the_body(reiki):
    r8 = reiki.document("rules").revision("r8")
    assert [n.id for n in r8.supplementary] == ["suppl-h14", "suppl-r5", "suppl-r8"]
    assert [supplementary_heading(n) for n in r8.supplementary] == [
        "附\u3000則", "附\u3000則（令和5年3月31日訓令第5号）", "附\u3000則（令和8年3月27日訓令第2号）"]
    assert supplementary_paragraphs(r8.supplementary[2]) == [("", "この訓令は、令和8年4月1日から施行する。")]
    ids = [n.id for n in r8.walk()]
    assert ids[-3:] == ["suppl-h14", "suppl-r5", "suppl-r8"]  # walk(): the body, then the 附則
    assert "suppl-r8" not in {p.node.id for p in place(reiki.document("rules"), r8)}  # not numbered as clauses


def test_a_nodes_numbering_numbers_its_children_only(reiki):
    r5, r8 = labels(reiki, "rules", "r5"), labels(reiki, "rules", "r8")
    assert r5["duty-ledger"] == ("（1）", "第3条第2項第1号")
    assert r8["duty-ledger"] == ("ア", "第3条第2項ア") and r8["duty-check"][0] == "イ"
    assert r8["term-asset"] == ("（1）", "第2条第1号")  # the same depth elsewhere keeps the document's style
    assert r8["assistant"] == ("第3条の2", "第3条の2") and r8["misc"][0] == "第4条"  # 枝番 does not renumber


def test_a_revision_with_its_own_numbering(reiki):
    got = labels(reiki, "handbook", "r1")
    assert got["scope"][0] == "第1" and got["step-open"] == ("1", "第2の1")
    assert got["step-open-a"] == ("(1)", "第2の1(1)")


def test_public_view_keeps_history_and_supplementary_and_hides_internal(reiki):
    view = redact(reiki, "public", as_of=dt.date(2026, 5, 1))
    rules = view.document("rules")
    assert [e.id for e in rules.ledger] == ["h14", "h20", "r5", "r8"]
    assert [n.id for n in rules.current.supplementary][-1] == "suppl-r8"
    assert view.document("handbook").withheld and not view.document("handbook").revisions
    early = redact(reiki, "public", as_of=dt.date(2005, 1, 1)).document("rules")
    assert [e.id for e in early.ledger] == ["h14"] and not early.revisions


def test_an_internal_supplementary_provision_is_left_out_of_the_public_view(reiki_copy):
    edit(reiki_copy / "rules" / "r8.yaml", "  - id: suppl-r8\n", "  - id: suppl-r8\n    classification: internal\n")
    policy = load_policy([reiki_copy])
    public = redact(policy, "public", as_of=dt.date(2026, 5, 1)).document("rules").current
    staff = redact(policy, "staff", as_of=dt.date(2026, 5, 1)).document("rules").current
    assert [n.id for n in public.supplementary] == ["suppl-h14", "suppl-r5"]
    assert [n.id for n in staff.supplementary][-1] == "suppl-r8"
    from toolkit.view.visibility import left_out
    view = redact(policy, "public", as_of=dt.date(2026, 5, 1))
    assert any("令和8年4月1日から施行" in t.text for t in left_out(policy, view))  # what the leak check looks for


def test_dump_and_load_keep_every_new_field(reiki, tmp_path):
    for doc in reiki.documents:
        for rev in doc.revisions:
            body, note, own, supplementary = parse_revision_file(dump_revision(rev), f"{rev.id}.yaml", rev.id)
            body = through(body, own or doc.numbering)  # 枝番 numbers, as the loader gives them
            assert (body, own, supplementary) == (rev.body, rev.numbering, rev.supplementary)
    text = dump_document(reiki.document("rules"))
    assert text.count("history_only: true") == 2
    src = tmp_path / "reiki_src"
    shutil.copytree(REIKI, src)
    (src / "rules" / "document.yaml").write_text(text, encoding="utf-8")
    assert load_policy([src]).document("rules").ledger == reiki.document("rules").ledger


def test_the_parse_cache_keeps_supplementary_and_numbering(reiki, tmp_path, monkeypatch):
    monkeypatch.setenv("POLICY_CACHE_DIR", str(tmp_path / "cache"))
    first = load_policy([REIKI])
    assert any((tmp_path / "cache").iterdir())
    again = load_policy([REIKI])  # read from the cache
    assert again == first == reiki
    assert again.document("handbook").revision("r1").numbering == ("第1", "1", "(1)")


# --- bad input: one test per mistake, through the real CLI ---------------------------------------------

def test_branch_on_a_clause_that_is_not_an_article(reiki_copy):
    path = reiki_copy / "rules" / "r8.yaml"
    edit(path, "          - id: manager-p3\n", "          - id: manager-p3\n            branch: true\n")
    failed(check(reiki_copy), where(path, "- id: manager-p3", 2), "branch: true (枝番", "numbered '項'")


def test_children_numbered_as_articles_is_refused(reiki_copy):
    path = reiki_copy / "rules" / "r8.yaml"
    edit(path, 'numbering: "ア"', 'numbering: "第1条"')
    failed(check(reiki_copy), where(path, "- id: manager-p2", 2), "numbered straight through")


def test_unknown_style_on_a_node_and_on_a_revision(reiki_copy):
    edit(reiki_copy / "rules" / "r8.yaml", 'numbering: "ア"', 'numbering: "A)"')
    edit(reiki_copy / "handbook" / "r1.yaml", 'numbering: ["第1", "1", "(1)"]', 'numbering: ["第1", "i."]')
    r = check(reiki_copy)
    failed(r, "unknown numbering style 'A)' for the children of 'manager-p2'", "unknown numbering style 'i.'")


def test_numbering_on_a_node_without_children(reiki_copy):
    path = reiki_copy / "rules" / "r8.yaml"
    edit(path, "          - id: manager-p3\n", '          - id: manager-p3\n            numbering: "ア"\n')
    failed(check(reiki_copy), where(path, "- id: manager-p3", 2), "which has no children")


def test_history_only_entry_with_a_text_file(reiki_copy):
    shutil.copy(reiki_copy / "rules" / "r5.yaml", reiki_copy / "rules" / "h14.yaml")
    failed(check(reiki_copy), "marked history_only (no text) but h14.yaml exists")


def test_history_only_entry_cannot_be_a_draft(reiki_copy):
    path = reiki_copy / "rules" / "document.yaml"
    edit(path, "    history_only: true\n    kind: 策定", "    history_only: true\n    status: draft\n    kind: 策定")
    failed(check(reiki_copy), where(path, "status: draft", 8), "cannot be a draft")


def test_history_only_entries_keep_the_ledger_order(reiki_copy):
    path = reiki_copy / "rules" / "document.yaml"
    edit(path, "date: 2008-04-01", "date: 2024-04-01")
    failed(check(reiki_copy), "ledger dates out of order")


def test_missing_revision_file_suggests_history_only(reiki_copy):
    (reiki_copy / "rules" / "r5.yaml").unlink()
    failed(check(reiki_copy), "is in the ledger but", "history_only: true")


def test_supplementary_provision_with_children(reiki_copy):
    path = reiki_copy / "rules" / "r8.yaml"
    edit(path, "    text: この訓令は、令和8年4月1日から施行する。\n",
         "    text: この訓令は、令和8年4月1日から施行する。\n    children:\n      - id: suppl-x\n        text: 経過措置\n")
    failed(check(reiki_copy), "附則 'suppl-r8' has numbering, branch, term or children")
