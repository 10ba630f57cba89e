"""The diff engine on hand-made cases: pairing, kinds, phrases, formatting-only."""

from __future__ import annotations

import datetime as dt

import pytest

from toolkit.diff import compare
from toolkit.diff.table import DELETED_CLAUSE, NEW_CLAUSE, OMITTED, rows
from toolkit.diff.textdiff import cleanup_semantic, diff_chars, normalise
from toolkit.model import Document, Node, Revision, number_tree


def make(*bodies: list[Node]) -> tuple[Document, list[Revision]]:
    revs = [Revision(f"v{i}", dt.date(2000 + i, 1, 1), "改定", "sample", "t", number_tree(b))
            for i, b in enumerate(bodies)]
    return Document("d", "基本方針", "基本方針", "public", ("1.", "(1)", "①"), tuple(revs)), revs


def changes_by_id(cs):
    return {c.id: c for c in cs.changes}


def test_phrase_not_scattered_characters():
    old = "端末からの情報持ち出し不可設定や端末への二要素認証の導入等により"
    new = "端末からの情報持ち出し不可設定や端末への多要素認証の導入等により"
    segs = diff_chars(old, new)
    assert [(s.op, s.text) for s in segs if s.op != "="] == [("-", "二"), ("+", "多")]
    # a rewritten phrase sharing stray characters (「の」「を」) comes out whole
    old = "情報資産の管理を行う"
    new = "外部サービスの利用を規定する"
    edits = [(s.op, s.text) for s in diff_chars(old, new) if s.op != "="]
    assert edits == [("-", "情報資産の管理を行う"), ("+", "外部サービスの利用を規定する")]


def test_semantic_cleanup_folds_short_equalities():
    ops = [("-", "ab"), ("=", "x"), ("+", "cd"), ("=", "長い共通の部分")]
    assert cleanup_semantic(ops) == [("-", "abx"), ("+", "xcd"), ("=", "長い共通の部分")]
    # a long equality between edits is kept
    ops = [("-", "a"), ("=", "長い共通の部分"), ("+", "b")]
    assert cleanup_semantic(ops) == ops


def test_edits_slide_to_paragraph_boundaries():
    """A paragraph added after one ending like it (「…る。」) is shown as that whole paragraph."""
    old = "業務委託\n委託事業者を選定し、措置を講じる。"
    new = "業務委託と外部サービスの利用\n委託事業者を選定し、措置を講じる。\n外部サービスの規定を定める。"
    edits = [(s.op, s.text) for s in diff_chars(old, new) if s.op != "="]
    assert edits == [("+", "と外部サービスの利用"), ("+", "\n外部サービスの規定を定める。")]


def test_normalise_sets_formatting_aside():
    assert normalise("ＡＢＣ１２３，（注）") == normalise("ABC123、(注)")
    assert normalise("LGWAN 接続系") == normalise("LGWAN接続系")
    assert normalise("二要素") != normalise("多要素")


def test_kinds_added_removed_modified_renumbered():
    a = [Node("t", title="脅威", children=(
        Node("t1", text=("不正アクセス",)), Node("t2", text=("災害",)), Node("t3", text=("インフラ障害",))))]
    b = [Node("t", title="脅威", children=(
        Node("t1", text=("不正アクセス、内部不正",)), Node("t2", text=("災害",)),
        Node("t9", text=("疾病による要員不足",)), Node("t3", text=("インフラ障害",))))]
    doc, (ra, rb) = make(a, b)
    cs = compare(doc, ra, rb)
    by = changes_by_id(cs)
    assert by["t"].kind == "unchanged"
    assert by["t1"].kind == "modified" and [s.text for s in by["t1"].segments if s.op == "+"] == ["、内部不正"]
    assert by["t2"].kind == "unchanged"
    assert by["t9"].kind == "added" and by["t9"].new_ref == "1(3)"
    assert by["t3"].kind == "renumbered" and (by["t3"].old_label, by["t3"].new_label) == ("(3)", "(4)")
    assert cs.counts() == {"added": 1, "modified": 1, "removed": 0, "renumbered": 1, "moved": 0, "reclassified": 0,
                           "unchanged": 2}
    # rows come in reading order: the new clause before the renumbered one
    assert [c.id for c in cs.changes] == ["t", "t1", "t2", "t9", "t3"]


def test_removed_clause_keeps_its_old_place():
    a = [Node("a", text=("一",)), Node("b", text=("二",)), Node("c", text=("三",))]
    b = [Node("a", text=("一",)), Node("c", text=("三",))]
    doc, (ra, rb) = make(a, b)
    cs = compare(doc, ra, rb)
    assert [(c.id, c.kind) for c in cs.changes] == [("a", "unchanged"), ("b", "removed"), ("c", "renumbered")]


def test_moved_between_parents_and_among_siblings():
    a = [Node("p", title="甲", children=(Node("x", text=("移る条項",)), Node("y", text=("残る",)))),
         Node("q", title="乙", children=(Node("z1", text=("いち",)), Node("z2", text=("に",)), Node("z3", text=("さん",))))]
    b = [Node("p", title="甲", children=(Node("y", text=("残る",)),)),
         Node("q", title="乙", children=(Node("z3", text=("さん",)), Node("z1", text=("いち",)),
                                          Node("z2", text=("に",)), Node("x", text=("移る条項",))))]
    doc, (ra, rb) = make(a, b)
    by = changes_by_id(compare(doc, ra, rb))
    assert by["x"].kind == "moved" and (by["x"].old_ref, by["x"].new_ref) == ("1(1)", "2(4)")
    assert by["z3"].kind == "moved"  # jumped ahead of its siblings
    assert by["z1"].kind == "renumbered" and by["z2"].kind == "renumbered"
    assert by["y"].kind == "renumbered"


def test_unmatched_ids_paired_by_similar_wording():
    a = [Node("old-id", text=("外部サービスを利用する場合には、利用に係る規定を整備し対策を講じる。",)),
         Node("gone", text=("ファクシミリで送信する場合には番号を確認する。",))]
    b = [Node("new-id", text=("外部サービス（クラウドサービス）を利用する場合には、利用に係る規定を整備し対策を講じる。",)),
         Node("fresh", text=("テレワークを行う場合には貸与端末を用いる。",))]
    doc, (ra, rb) = make(a, b)
    cs = compare(doc, ra, rb)
    by = changes_by_id(cs)
    assert by["new-id"].kind == "modified" and by["new-id"].matched_by == "text"
    assert by["new-id"].old_node.id == "old-id"
    assert by["fresh"].kind == "added" and by["gone"].kind == "removed"
    # with a threshold above their likeness they are add + remove
    strict = changes_by_id(compare(doc, ra, rb, threshold=0.99))
    assert strict["new-id"].kind == "added" and strict["old-id"].kind == "removed"


def test_formatting_only_is_flagged():
    a = [Node("a", text=("ＬＧＷＡＮに接続された情報システム，データ",))]
    b = [Node("a", text=("LGWANに接続された情報システム、データ",))]
    doc, (ra, rb) = make(a, b)
    cs = compare(doc, ra, rb)
    (c,) = cs.changes
    assert c.kind == "modified" and c.formatting_only and cs.formatting_only == 1
    b2 = [Node("a", text=("LGWANに接続された情報システム、データ等",))]
    doc, (ra, rb) = make(a, b2)
    assert not compare(doc, ra, rb).changes[0].formatting_only


def test_cross_reference_renumbered_is_a_wording_change():
    a = [Node("threats", title="脅威", text=("x",)), Node("m", title="対策", text=("上記{ref:threats}の脅威",))]
    b = [Node("new", title="新", text=("y",)), Node("threats", title="脅威", text=("x",)),
         Node("m", title="対策", text=("上記{ref:threats}の脅威",))]
    doc, (ra, rb) = make(a, b)
    by = changes_by_id(compare(doc, ra, rb))
    assert by["m"].kind == "modified"
    assert [(s.op, s.text) for s in by["m"].segments if s.op != "="] == [("-", "1"), ("+", "2")]
    assert by["m"].new_text.endswith("上記2の脅威")


def test_table_rows_use_the_conventions():
    a = [Node("s", title="章", text=("本文",), children=(
        Node("a", text=("変わらない",)), Node("b", text=("従前の文言です",)), Node("gone", text=("削られる",))))]
    b = [Node("s", title="章", text=("本文",), children=(
        Node("a", text=("変わらない",)), Node("b", text=("新たな文言です",)), Node("new", text=("新しい条項",))))]
    doc, (ra, rb) = make(a, b)
    table = rows(compare(doc, ra, rb))
    texts = [(r.new.text, r.old.text) for r in table]
    # holds changes: number and heading; its （略） also stands for the unchanged (1) below (one （略）, not two)
    assert texts[0] == ("1.\u3000章\n" + OMITTED, "1.\u3000章\n" + OMITTED)
    assert texts[1][0].startswith("(2)") and "新たな" in texts[1][0] and "従前の" in texts[1][1]
    # struck out, then put in: 削る before 新設
    assert texts[2] == (DELETED_CLAUSE, "(3)\u3000削られる")
    assert texts[3] == ("(3)\u3000新しい条項", NEW_CLAUSE)
    underlined_new = "".join(r.text for line in table[1].new.lines for r in line if r.underline)
    underlined_old = "".join(r.text for line in table[1].old.lines for r in line if r.underline)
    assert (underlined_new, underlined_old) == ("新たな", "従前の")


@pytest.mark.parametrize("pair", [("h16", "r8"), ("r5", "r8"), ("h16", "r5")])
def test_real_revisions_pair_by_id_only(policy, pair):
    doc = policy.document("basic-policy")
    cs = compare(doc, doc.revision(pair[0]), doc.revision(pair[1]))
    assert all(c.matched_by in ("id", None) for c in cs.changes)
