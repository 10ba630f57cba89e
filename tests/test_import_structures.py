"""The structures municipal policies use, from the corpus in tests/fixtures/import/ (test text, own wording).

Each input is imported with nothing lost (every line in the revision or the
report), exported as Markdown and imported again to the same revision.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st
from import_checks import lost_lines

from toolkit.model import Document
from toolkit.model.numbering import place
from toolkit.render.markdown import render_markdown
from toolkit.source.importer import Imported, import_text

CORPUS = ROOT / "tests" / "fixtures" / "import"


def imported(name: str) -> Imported:
    return import_text((CORPUS / name).read_text(encoding="utf-8"), name, "r1")


def labelled(imp: Imported) -> list[tuple[str, str | None, tuple[str, ...]]]:
    doc = Document("d", imp.title or "", "", "public", imp.numbering, (imp.revision,))
    return [(p.label, p.node.heading, p.node.text) for p in place(doc, imp.revision)]


@pytest.mark.parametrize("name", ["reiki.txt", "web-page.txt", "sections.txt", "fullwidth.txt", "mixed.txt"])
def test_corpus_imports_with_nothing_lost_and_exports_and_reimports_stably(name: str):
    text = (CORPUS / name).read_text(encoding="utf-8")
    imp = imported(name)
    assert imp.warnings == ()
    assert lost_lines(text, imp) == []
    doc = Document("d", imp.title or "", "", "public", imp.numbering, (imp.revision,), imp.series)
    md = render_markdown(doc, imp.revision)
    again = import_text(md, "exported.md", "r1", like=(doc, imp.revision))
    assert again.revision.body == imp.revision.body and again.warnings == ()
    assert again.revision.supplementary == imp.revision.supplementary
    assert (again.numbering, again.revision.numbering) == (imp.numbering, imp.revision.numbering)
    assert render_markdown(doc, again.revision) == md


def test_mixed_numbering_is_kept_as_items_with_the_style_on_their_parent():
    imp = imported("mixed.txt")
    assert imp.warnings == ()
    assert imp.numbering == ("1", "(1)", "ア")  # styles per depth, in the order they first appear
    assert [r[0] for r in labelled(imp)] == ["1", "2", "(1)", "(2)", "ア", "イ", "3", "ア", "イ", "4", "(1)", "(2)"]
    assert [(n.title, n.numbering) for n in imp.revision.body] == [
        ("目的", None), ("体制", None), ("遵守事項", "ア"), ("見直し", None)]  # section 3's items: ア, イ
    assert [c.text for c in imp.revision.body[2].children] == [
        ("職員は、この要綱を守らなければならない。",), ("職員は、事故を見付けたときは、直ちに担当者に知らせなければならない。",)]
    decided = [d for d in imp.report if d.kind == "numbering"]
    assert [d.line for d in decided] == [17] and "numbering: ア" in decided[0].detail
    # a 附則 of two 項: their numbers derived again, not kept; the 制定 / 改正 lines are the history
    assert [(n.id, n.title, n.text) for n in imp.revision.supplementary] == [
        ("suppl-h30", None, ("この要綱は、平成30年4月1日から施行する。",)),
        ("suppl-r4", "令和4年3月25日告示第8号", ("この要綱は、令和4年4月1日から施行する。", "改正前の様式は、当分の間使用することができる。")),
        ("suppl-r7", "令和7年3月28日告示第3号", ("この要綱は、令和7年4月1日から施行する。",))]
    assert [(h.date, h.kind) for h in imp.history] == [(dt.date(2018, 4, 1), "策定"), (dt.date(2022, 4, 1), "改定")]
    assert imp.revision.date == dt.date(2025, 4, 1)


def test_against_a_document_numbered_otherwise_the_text_keeps_its_own_numbering():
    text = (CORPUS / "mixed.txt").read_text(encoding="utf-8")
    # the document numbers its depths 1. / (1) / ①: this text's 1 / (1) / ア are the revision's own
    imp = import_text(text, "mixed.txt", "r2", styles=("1.", "(1)", "①"))
    assert imp.revision.numbering == ("1", "(1)", "ア")
    assert imp.revision.body[2].numbering == "ア"
    assert any(d.kind == "numbering" and "the revision's own numbering" in d.detail for d in imp.report)
    # numbered as the document is, the text needs no numbering of its own; section 3 keeps its exception
    same = import_text(text, "mixed.txt", "r2", styles=("1", "(1)", "ア"))
    assert same.revision.numbering == () and same.revision.body[2].numbering == "ア"
    # a document whose depth 2 is ア: fewer exceptions with the text's own styles than with the document's
    other = import_text(text, "mixed.txt", "r2", styles=("1", "ア", "(1)"))
    assert other.revision.numbering == ("1", "(1)", "ア")


def test_reiki_style():
    imp = imported("reiki.txt")
    assert imp.title == "サンプル市情報管理規程"  # without the ○
    assert (imp.revision.date, imp.revision.kind) == (dt.date(2023, 4, 1), "改定")  # its 施行日 (附則), as the ledger keeps
    assert [(h.date, h.kind) for h in imp.history] == [(dt.date(2002, 8, 1), "策定"), (dt.date(2008, 3, 31), "改定")]
    assert imp.effective == dt.date(2023, 4, 1)  # 附則: この訓令は、令和5年4月1日から施行する。
    rows = labelled(imp)
    assert [r[0] for r in rows] == ["第1章", "第1条", "第2条", "", "（1）", "（2）", "第2章", "第3条", "", "２", "（1）",
                                    "（2）", "３", "第3条の2", "第4条"]  # as the original prints them
    assert rows[1] == ("第1条", "目的", ("この規程は、情報の管理に関し必要な事項を定める。",))
    assert rows[4] == ("（1）", "情報資産", ("情報及び情報を扱う機器をいう。",))  # a definition: term and meaning
    assert rows[9] == ("２", None, ("管理者は、次に掲げる事務を行う。",))
    doc = Document("d", "", "", "public", imp.numbering, (imp.revision,))
    refs = [p.ref for p in place(doc, imp.revision)]
    assert refs[4] == "第2条第1号" and refs[9:11] == ["第3条第2項", "第3条第2項第1号"]  # cited as 例規 cite them
    kinds = {d.kind for d in imp.report}
    assert {"title", "date", "dropped", "caption", "effective"} <= kinds
    dropped = [d.text for d in imp.report if d.kind == "dropped"]
    assert "第1章　総則（第1条・第2条）" in dropped and not any("附" in d and "則" in d and "令和" in d for d in dropped)
    # 附則 are in the revision: title = the parenthesis of the heading; ids from their dates
    assert [(n.id, n.title, n.text) for n in imp.revision.supplementary] == [
        ("suppl-h14", None, ("この訓令は、平成14年8月1日から施行する。",)),
        ("suppl-r5", "令和5年3月31日訓令第5号", ("この訓令は、令和5年4月1日から施行する。",))]
    assert [d.line for d in imp.report if d.kind == "supplementary"] == [36, 38]  # each heading, reported


def test_web_page_sections_and_boilerplate():
    imp = imported("web-page.txt")
    assert (imp.series, imp.title) == ("サンプル市情報セキュリティポリシー", "サンプル基本方針")
    assert [(h.date, h.kind) for h in imp.history] == [(dt.date(2020, 4, 1), "策定")]
    assert imp.numbering == ("第1", "（１）", "ア")
    dropped = [d.text for d in imp.report if d.kind == "dropped"]
    assert dropped == ["ここから本文です。", "更新日：2024年4月1日", "ホーム > 市政情報 > 情報セキュリティ",
                       "ページの先頭へ戻る", "このページに関するお問い合わせ"]
    rows = labelled(imp)
    assert rows[2] == ("（１）", "情報資産", ("情報及び情報を扱う機器をいう。",))
    assert rows[-1][0] == "第4" and "{ref:" in rows[-1][2][0]  # 上記第3 → a reference to the section


def test_sections_with_digit_space_numbers():
    imp = imported("sections.txt")
    assert [r[:2] for r in labelled(imp)][:4] == [("1", "趣旨"), ("2", "管理体制"), ("(1)", "責任者"), ("(2)", "担当者")]


def test_strict_refuses_what_lenient_keeps(tmp_path: Path):
    text = (CORPUS / "web-page.txt").read_text(encoding="utf-8") + "・番号のない行\n"
    imp = import_text(text, "w.txt", "r1")
    assert [w.line for w in imp.warnings] == [24]
    assert imp.revision.body[-1].text[-1] == "・番号のない行"


# ---- generated 例規 (hypothesis): any mix of chapters, captions, articles, 枝番, 項 and 号 -------------

_FW = str.maketrans("0123456789", "０１２３４５６７８９")
_PHRASES = ("所管課長は、情報資産を管理しなければならない。", "職員等は、規程を遵守しなければならない。",
            "前項の記録は、五年間保存する。", "委託事業者に必要な措置を講じさせるものとする。")


@st.composite
def reiki(draw) -> str:
    lines = ["○サンプル町文書管理規程", "令和3年4月1日訓令第4号", ""]
    chapters = draw(st.integers(0, 3))
    article = 0
    branched = False  # the article before is already a 枝番 (第N条の3 is not generated)
    for c in range(max(chapters, 1)):
        if chapters:
            lines += [f"第{c + 1}章　第{c + 1}の章", ""]
        for _ in range(draw(st.integers(1, 4))):
            branch = article > 0 and not branched and draw(st.integers(0, 5)) == 0
            branched = branch
            if not branch:
                article += 1
                number = f"第{article}条"
            else:
                number = f"第{article}条の2"
            if draw(st.booleans()):
                lines.append(f"（{draw(st.sampled_from(['目的', '管理', '保存', '委託']))}）")
            lines.append(f"{number}　{draw(st.sampled_from(_PHRASES))}")
            for k in range(2, draw(st.integers(1, 3)) + 1):
                lines.append(f"{str(k).translate(_FW)}　{draw(st.sampled_from(_PHRASES))}")
            for g in range(1, draw(st.integers(0, 3)) + 1):
                lines.append(f"（{g}）　{draw(st.sampled_from(['台帳の整備', '点検の実施', '記録の保存']))}")
            lines.append("")
    if draw(st.booleans()):
        lines += ["附　則", "この訓令は、令和3年4月1日から施行する。"]
    return "\n".join(lines) + "\n"


@settings(max_examples=40, deadline=None)
@given(reiki())
def test_generated_reiki_imports_whole_and_round_trips(text: str):
    imp = import_text(text, "g.txt", "r1")
    assert imp.warnings == ()
    assert lost_lines(text, imp) == []
    doc = Document("d", imp.title or "", "", "public", imp.numbering, (imp.revision,))
    again = import_text(render_markdown(doc, imp.revision), "g.md", "r1", like=(doc, imp.revision))
    assert again.revision.body == imp.revision.body and again.warnings == ()
    labels = [p.label for p in place(doc, imp.revision)]
    articles = [x for x in labels if x.startswith("第") and "条" in x]
    assert articles == [x for x in re.findall(r"^(第[0-9]+条(?:の2)?)", text, re.M)]  # as the original numbers them
