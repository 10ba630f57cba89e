"""The revision history of the 基本方針: reconstructed h16 and r5 beside the city's r8."""

from __future__ import annotations

import re

import pytest
from conftest import SRC

from toolkit.diff import ADDED, UNCHANGED, compare, history
from toolkit.view.redact import redact


@pytest.fixture(scope="module")
def doc(policy):
    return policy.document("basic-policy")


def test_ledger(doc):
    assert [(r.id, r.date.isoformat(), r.kind, r.provenance) for r in doc.revisions] == [
        ("h16", "2004-12-20", "策定", "reconstructed"),
        ("r5", "2023-07-04", "改定", "reconstructed"),
        ("r8", "2026-04-01", "全面改定", "authoritative"),
    ]
    for rev in doc.revisions[:2]:
        assert rev.note and "再構成" in rev.note


def test_ledger_comments_kept():
    text = (SRC / "basic-policy" / "document.yaml").read_text(encoding="utf-8")
    assert text.startswith("# 千曲市 情報セキュリティ基本方針 (public).")
    assert text.count("# summary: editorial (the toolkit team's wording, not the city's)") == 3


@pytest.mark.parametrize("rev_id", ["h16", "r5"])
def test_same_ids_nothing_of_theirs_lost(doc, rev_id):
    """Every clause of the old text is still in r8 under its id: differences are
    additions, wording and renumbering, never delete + add."""
    cs = compare(doc, doc.revision(rev_id), doc.current)
    assert cs.counts()["removed"] == 0
    assert all(c.matched_by in ("id", None) for c in cs.changes)


@pytest.mark.parametrize("rev_id", ["h16", "r5"])
def test_every_assumed_difference_has_its_basis_next_to_it(doc, rev_id):
    rev = doc.revision(rev_id)
    path = SRC / "basic-policy" / f"{rev_id}.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    by_id = {n.id: n for n in rev.walk()}
    cs = compare(doc, rev, doc.current)
    assert not cs.is_empty
    added = {c.id for c in cs.changes if c.kind == ADDED}
    previous = None
    for ch in cs.changed():
        first_of_run = (previous is None or previous.kind != ADDED
                        or previous.new.parent_id != ch.new.parent_id)
        previous = ch
        if ch.kind == ADDED:
            if ch.new.parent_id in added:
                continue  # inside an added block: its root is checked
            # a clause r8 has and this text lacks: the parent explains, and a comment
            # marks the place (once for a run of them, e.g. 2(8)–(12))
            parent = by_id.get(ch.new.parent_id) if ch.new.parent_id else None
            assert parent is not None and parent.note, ch.new_ref
            if first_of_run:
                assert any(f"TAKEN OUT: {ch.new_ref} of r8" in line or f"TAKEN OUT: {ch.new_ref}–" in line
                           for line in lines), ch.new_ref
        elif ch.text_changed:
            node = by_id[ch.old.node.id]
            assert node.note and node.note.startswith("推定"), ch.old_ref
            # a YAML comment right above the clause says the same in the file
            line = node.location.line
            assert lines[line - 2].lstrip().startswith("#"), (ch.old_ref, lines[line - 2])
        else:  # renumbered by an addition before it: the parent says why
            parent = by_id[ch.old.parent_id]
            assert parent.note and re.search(r"となる", parent.note), ch.old_ref


def test_reconstructed_texts_are_never_public(policy):
    public = redact(policy, "public").document("basic-policy")
    assert [r.id for r in public.revisions] == ["r8"]
    staff = redact(policy, "staff").document("basic-policy")
    assert [r.id for r in staff.revisions] == ["h16", "r5", "r8"]


def test_history_counts_for_the_timeline(doc):
    steps = list(history(doc))
    assert [r.id for r, _ in steps] == ["h16", "r5", "r8"]
    assert steps[0][1] is None
    h16_r5, r5_r8 = steps[1][1].counts(), steps[2][1].counts()
    # the 三層 definitions, 6(3) with ①–③ and the 疾病 threat arrive between h16 and r5
    assert h16_r5["added"] == 10 and h16_r5["removed"] == 0
    assert r5_r8 == {"added": 0, "modified": 2, "removed": 0, "renumbered": 0, "moved": 0, "reclassified": 0,
                     "unchanged": r5_r8[UNCHANGED]}
