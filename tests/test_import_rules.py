"""The import rules one at a time, on small documents in the styles municipal policies use."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from toolkit.errors import SourceError
from toolkit.model import Document
from toolkit.model.numbering import place
from toolkit.model.refs import resolve
from toolkit.source.importer import RULES, import_text

HEAD = "# 千曲市テスト規程\n\n令和6年4月1日 策定\n\n"


def imp(md: str, **kw):
    return import_text(md, "t.md", "r1", **kw)


def problems(md: str, **kw) -> list[str]:
    with pytest.raises(SourceError) as e:
        imp(md, **kw)
    return [str(p) for p in e.value.problems]


def shape(nodes) -> list:
    """(heading, text, children) nested, ids left out."""
    return [(n.title or n.term, list(n.text), shape(n.children)) for n in nodes]


def test_rules_are_an_ordered_list_of_named_rules():
    names = [name for name, _ in RULES]
    assert names == ["attributes", "digits", "lone_numbers", "markers", "boilerplate", "furniture", "title", "instrument", "dates",
                     "toc", "latin_space", "escapes", "supplementary", "captions", "paragraphs", "levels", "preamble",
                     "rejoin", "tree", "terms", "refs", "ids", "fields"]


@pytest.mark.parametrize("style,marks", [
    ("(1)", ["(1)", "(2)", "(3)"]),
    ("（１）", ["（１）", "（２）", "（３）"]),
    ("⑴", ["⑴", "⑵", "⑶"]),
    ("①", ["①", "②", "③"]),
    ("ア", ["ア", "イ", "ウ"]),
    ("(ア)", ["(ア)", "(イ)", "(ウ)"]),
    ("1―1", ["2―1", "2―2", "2―3"]),
])
def test_numbering_styles_at_the_second_level(style, marks):
    md = HEAD + "## 1. 総則\n\n総則の本文。\n\n## 2. 対策\n\n" + "\n".join(f"- {m} 対策{i}を講じる" for i, m in enumerate(marks)) + "\n"
    r = imp(md)
    assert r.numbering == ("1.", style)
    assert shape(r.revision.body) == [
        ("総則", ["総則の本文。"], []),
        ("対策", [], [(None, [f"対策{i}を講じる"], []) for i in range(3)]),
    ]
    doc = Document("d", "", "", "public", r.numbering, (r.revision,))
    assert [p.label for p in place(doc, r.revision)][2:] == marks


def test_plain_text_with_digit_space_sections_and_full_width_items():
    md = "千曲市テスト規程\n\n令和6年4月1日 制定\n令和7年4月1日 一部改正\n\n" \
         "1 総則\n（１） 目的\nこの規程は、情報資産の取扱いを\n定める。\n（２） 用語\nア 第一の用語をいう。\nイ 第二の用語をいう。\n2 運用\n運用する。\n"
    r = imp(md)
    assert r.title == "千曲市テスト規程" and r.series is None
    assert (r.revision.date, r.revision.kind) == (dt.date(2025, 4, 1), "改定")
    assert [(d.date, d.kind) for d in r.history] == [(dt.date(2024, 4, 1), "策定")]
    assert r.numbering == ("1", "（１）", "ア")
    assert shape(r.revision.body) == [
        ("総則", [], [
            ("目的", ["この規程は、情報資産の取扱いを定める。"], []),
            ("用語", [], [(None, ["第一の用語をいう。"], []), (None, ["第二の用語をいう。"], [])]),
        ]),
        ("運用", ["運用する。"], []),
    ]


def test_articles_are_numbered_straight_through_chapters_with_branch_numbers():
    md = HEAD + "第1章 総則\n\n第1条 この規程は定める。\n\n第2条 職員は守る。\n\n第2章 雑則\n\n第3条 施行する。\n\n" \
        "第3条の2 追加する。\n\n第3条の3 更に追加する。\n\n第4条 終わる。\n"
    r = imp(md)
    assert r.numbering == ("第1章", "第1条") and not r.warnings
    assert [len(n.children) for n in r.revision.body] == [2, 4]
    doc = Document("d", "", "", "public", r.numbering, (r.revision,))
    assert [p.label for p in place(doc, r.revision)] == ["第1章", "第1条", "第2条", "第2章", "第3条", "第3条の2",
                                                          "第3条の3", "第4条"]
    assert [p.ref for p in place(doc, r.revision)][-2:] == ["第3条の3", "第4条"]  # cited without the chapter


def test_articles_restarting_in_each_chapter_are_kept_as_text_with_a_warning():
    md = HEAD + "第1章 総則\n\n第1条 この規程は定める。\n\n第2章 雑則\n\n第1条 施行する。\n"
    r = imp(md)
    assert any(w.line == 11 and "by position it is 第2条" in w.detail for w in r.warnings)
    assert r.revision.body[1].text == ("第1条 施行する。",)


def test_circled_numbers_without_a_space_and_split_digits():
    md = HEAD + "## 1. 定義\n\n" + "".join(f"### ({n}) 用語{n}\n\n用語{n}をいう。\n\n" for n in range(1, 11)) + \
        "#### (1 1) 用語11\n\n用語11をいう。\n\n## 2. 対策\n\n### (1) 三段階\n\n- ①第一に講じる。\n- ②第二に講じる。\n"
    r = imp(md)
    assert [n.term for n in r.revision.body[0].children][-1] == "用語11"
    assert [n.text[0] for n in r.revision.body[1].children[0].children] == ["第一に講じる。", "第二に講じる。"]
    assert [x.rule for x in r.repairs].count("R1") == 1


def test_paragraph_broken_by_a_page_break_is_rejoined_but_not_after_a_sentence():
    md = HEAD + "## 1. 目的\n\n契約を締\n\n結し、確認する。\n\n二つ目の文である。\n\n三つ目の文である。\n"
    assert imp(md).revision.body[0].text == ("契約を締結し、確認する。", "二つ目の文である。", "三つ目の文である。")


def test_item_text_is_not_joined_with_the_paragraph_after_it():
    md = HEAD + "## 1. 脅威\n\n- (1) 地震等\n\nなお書きである。\n"
    assert imp(md).revision.body[0].children[0].text == ("地震等", "なお書きである。")


def test_space_between_latin_and_japanese_is_removed_but_not_between_latin_words():
    md = HEAD + "## 1. 目的\n\nWeb サイト及び USB メモリは Windows Server で管理する。\n"
    assert imp(md).revision.body[0].text == ("Webサイト及びUSBメモリはWindows Serverで管理する。",)


def test_wrapped_lines_join_without_a_space_in_japanese_and_with_one_in_latin():
    md = HEAD + "## 1. 目的\n\n情報資産を\n保護する。Local Government\nWide Area Network を使う。\n"
    assert imp(md).revision.body[0].text == ("情報資産を保護する。Local Government Wide Area Networkを使う。",)


def test_table_of_contents_in_plain_text_is_dropped():
    md = "千曲市テスト規程\n\n令和6年4月1日 策定\n\n目　次\n\n1 総則 ………… 1\n2 運用 ………… 3\n\n1 総則\n\n総則の本文。\n\n2 運用\n\n運用の本文。\n"
    r = imp(md)
    assert [n.title for n in r.revision.body] == ["総則", "運用"]
    assert any(x.rule == "R7" for x in r.repairs)


def test_cross_references_become_refs_and_print_back_the_same():
    md = HEAD + "".join(f"## {n}. 節{n}\n\n本文{n}。\n\n" for n in range(1, 9)) + \
        "## 9. 基準\n\n上記6、7及び8に規定する対策等を実施する。上記3の脅威。前記(2)の件。上記11の件。\n\n" \
        "## 10. 細目\n\n- (1) 上記9の基準\n- (2) 上記10(1)に同じ\n"
    r = imp(md)
    rev = r.revision
    doc = Document("d", "", "", "public", r.numbering, (rev,))
    labels = {p.node.id: p.ref for p in place(doc, rev)}
    ids = {lab: i for i, lab in labels.items()}
    nine = rev.body[8].text[0]
    assert nine.startswith(f"上記{{ref:{ids['6']}}}、{{ref:{ids['7']}}}及び{{ref:{ids['8']}}}に規定する")
    assert f"上記{{ref:{ids['3']}}}の脅威" in nine
    assert "前記(2)の件" in nine and "上記11の件" in nine  # relative / nonexistent numbers stay text
    assert rev.body[9].children[1].text == (f"上記{{ref:{ids['10(1)']}}}に同じ",)
    for n in rev.walk():
        for t in n.text:
            assert "{ref:" not in resolve(t, labels)
    assert resolve(nine, labels) == "上記6、7及び8に規定する対策等を実施する。上記3の脅威。前記(2)の件。上記11の件。"


def test_definitions_become_terms():
    md = HEAD + "## 1. 用語の定義\n\n### (1) 情報資産\n\n情報及び機器をいう。\n\n## 2. 対策\n\n### (1) 組織\n\n組織を作る。\n"
    body = imp(md).revision.body
    assert (body[0].children[0].term, body[0].children[0].title) == ("情報資産", None)
    assert (body[1].children[0].term, body[1].children[0].title) == (None, "組織")


def test_escaped_paragraph_is_text():
    md = HEAD + "## 1. 目的\n\n\\(1)及び(2)の規定を準用する。\n"
    assert imp(md).revision.body[0].text == ("(1)及び(2)の規定を準用する。",)


def test_number_alone_on_its_line_takes_the_next_paragraph():
    md = HEAD + "1. 目的\n\n(1)\n\n第一の事項を定める。\n\n(2)\n\n第二の事項を定める。\n"
    body = imp(md).revision.body
    assert [c.text for c in body[0].children] == [("第一の事項を定める。",), ("第二の事項を定める。",)]


def test_date_and_kind_from_options_when_the_text_has_none():
    md = "# 規程\n\n## 1. 目的\n\n定める。\n"
    assert any("no 策定 / 改定 date line" in p and "t.md:1" in p for p in problems(md))
    r = imp(md, date=dt.date(2026, 4, 1), kind="改定")
    assert (r.revision.date, r.revision.kind) == (dt.date(2026, 4, 1), "改定")


@pytest.mark.parametrize("md,line,message", [
    (HEAD + "## 1. 目的\n\n- (1) 一\n- (3) 三\n", 8, "(3) is out of sequence: by position it is (2)"),
    (HEAD + "## 1. 目的\n\n本文。\n\n## 別表\n\n表の本文。\n", 9, "a heading without a number: '別表'"),
    (HEAD + "## 1. 目的\n\n- 番号のない項目\n", 7, "a list item without a number"),
    (HEAD + "## 1. 目的\n\n・中黒の項目\n", 7, "an item without a number"),
    (HEAD + "## 1. 目的\n\n```\ncode\n```\n", 7, "a fenced code block kept as text"),
    (HEAD + "## 1. A\n\n- (1) a\n\n## 2. B\n\n第1条　本文。\n", 11, "第1条 is an article inside a 1. item"),
    (HEAD + "## 1. A\n\n- (1) a\n\n## 2. B\n\n- ア c\n- ウ d\n", 12, "ウ is out of sequence: by position it is イ"),
    (HEAD + "## 1. 目的\n\n### 2―1 小節\n\n本文。\n", 7, "2―1 does not belong to its section 1"),
    (HEAD + "## 1. 目的\n\n本文。\n\n附　則（抄）\n", 9, "a 附則 without text"),
    ("# 規程\n\n1850-01-01 策定\n2020-01-01 改定\n\n## 1. 目的\n\n本文。\n", 3, "1850-01-01 is before 明治6年"),
    ("# 規程\n\n令和5年4月1日 策定\n令和6年4月1日 廃止\n\n## 1. 目的\n\n本文。\n", 4, "date line with unknown kind '廃止'"),
    ("# 規程\n\n令和6年4月1日 改定\n令和5年4月1日 策定\n\n## 1. 目的\n\n本文。\n", 4, "date lines out of order"),
])
def test_input_it_cannot_understand_is_kept_with_a_warning_naming_the_line_and_an_error_when_strict(md, line, message):
    r = imp(md)
    warned = [w for w in r.warnings if w.line == line and message in w.detail]
    assert warned, r.warnings
    kept = "".join(t for n in r.revision.walk() for t in (n.heading or "", *n.text)).replace(" ", "")
    quoted = "".join(w.text for w in r.warnings).replace(" ", "")
    source = md.splitlines()[line - 1].lstrip("-#` ").replace(" ", "")
    assert source in kept or source in quoted  # the line is in the revision, or quoted in the report
    found = problems(md, strict=True)
    assert any(p.startswith(f"t.md:{line}: ") and message in p and "--strict" in p for p in found), found


def test_import_error_through_the_cli(tmp_path: Path):
    bad = tmp_path / "bad.md"
    bad.write_text(HEAD + "## 1. 目的\n\n- (1) 一\n- (3) 三\n", encoding="utf-8")
    latin1 = tmp_path / "latin1.md"
    latin1.write_bytes((HEAD + "## 1. 目的\n\n").encode() + "caf\xe9".encode("latin-1"))
    for f, expected in ((bad, "bad.md:8: (3) is out of sequence"), (latin1, "latin1.md:7:4: not UTF-8 text")):
        r = subprocess.run([sys.executable, "-m", "toolkit", "import", f.name, "--doc", "x", "--rev", "r1", "-o", "-",
                            "--strict"],
                           cwd=tmp_path, capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
        assert r.returncode == 2 and "Traceback" not in r.stderr
        assert f"error: {expected}" in r.stderr, r.stderr
        assert r.stdout == ""


def test_missing_date_is_asked_for_last_naming_the_option(tmp_path: Path):
    bad = tmp_path / "nodate.md"
    bad.write_text("# 規程\n\n## 1. 目的\n\n- (1) 一\n- (3) 三\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "toolkit", "import", bad.name, "--doc", "x", "--rev", "r1", "-o", "out.yaml",
                        "--strict"], cwd=tmp_path, capture_output=True, text=True,
                       env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("error:") or ln.startswith("  ")]
    assert r.returncode == 2 and not (tmp_path / "out.yaml").exists()
    text = r.stderr
    assert "nodate.md:6: (3) is out of sequence" in text and "--date" in text
    assert text.index("(3) is out of sequence") < text.index("--date"), errors


def test_lenient_import_through_the_cli_warns_and_reports_every_decision(tmp_path: Path):
    md = tmp_path / "page.md"
    md.write_text("ここから本文です。\n\n# 規程\n\n令和6年4月1日 策定\n\n<!-- 下書きの覚え -->\n\n## 1. 目的\n\n"
                  "- (1) 一\n- (3) 三\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "toolkit", "import", md.name, "--doc", "x", "--rev", "r1", "-o", "out.yaml",
                        "--report", "report.txt"], cwd=tmp_path, capture_output=True, text=True,
                       env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert r.returncode == 0, r.stderr
    assert "page.md:12: warning: (3) is out of sequence" in r.stderr
    assert "(3) 三" in (tmp_path / "out.yaml").read_text(encoding="utf-8")  # kept as text where it stood
    report = (tmp_path / "report.txt").read_text(encoding="utf-8")
    for quoted in ("ここから本文です。", "<!-- 下書きの覚え -->", "令和6年4月1日 策定", "(3) 三"):
        assert quoted in report


def test_article_captions_are_titles():
    md = "千曲市サンプル規程\n\n令和3年4月1日 制定\n\n第1章 総則\n\n（目的）\n第1条　この規程は、必要な事項を定める。\n\n" \
         "（定義）\n第2条　用語の意義は、次のとおりとする。\n（１）　ネットワーク　通信網をいう。\n\n第2章 管理\n\n（管理者）\n第1条　管理者を置く。\n"
    md = md.replace("第1条　管理者を置く。", "第3条　管理者を置く。\n２　管理者は、点検する。")
    r = imp(md)
    assert r.numbering == ("第1章", "第1条", "項２", "（１）")
    assert shape(r.revision.body) == [
        ("総則", [], [
            ("目的", ["この規程は、必要な事項を定める。"], []),
            ("定義", [], [(None, ["用語の意義は、次のとおりとする。"], [("ネットワーク", ["通信網をいう。"], [])])]),
        ]),
        ("管理", [], [("管理者", [], [(None, ["管理者を置く。"], []), (None, ["管理者は、点検する。"], [])])]),
    ]
    doc = Document("d", "", "", "public", r.numbering, (r.revision,))
    assert [p.label for p in place(doc, r.revision)] == ["第1章", "第1条", "第2条", "", "（１）", "第2章", "第3条", "",
                                                          "２"]


def test_like_follows_a_clause_moved_to_another_section_and_edited():
    old_md = HEAD + "## 1. 組織\n\n- (1) 最高情報セキュリティ責任者を置き、全庁の対策を統括させる。\n- (2) 委員会を置く。\n\n" \
        "## 2. 運用\n\n- (1) 運用手順を定める。\n"
    new_md = HEAD + "## 1. 組織\n\n- (1) 委員会を置く。\n\n" \
        "## 2. 運用\n\n- (1) 運用手順を定める。\n- (2) 最高情報セキュリティ責任者を置き、全庁の対策を統括させるものとする。\n" \
        "- (3) まったく新しい条項である。\n"
    old = imp(old_md).revision
    doc = Document("d", "", "", "public", ("1.", "(1)"), (old,))
    new = imp(new_md, like=(doc, old))
    ids = {n.text[0][:8] if n.text else n.title: n.id for n in old.walk()}
    got = {n.text[0][:8] if n.text else n.title: n.id for n in new.revision.walk()}
    assert got["最高情報セキュリ"] == ids["最高情報セキュリ"]  # moved from 1(1) to 2(2), reworded
    assert got["委員会を置く。"] == ids["委員会を置く。"]
    assert new.fresh == (got["まったく新しい条"],)
    assert got["まったく新しい条"] not in ids.values()


def test_full_width_period_and_parenthesised_numbers_print_as_written():
    md = "サンプル要領\n\n令和6年4月1日 策定\n\n1．目的\n\n目的を定める。\n\n2．対策\n\n（1）　施錠する。\n（2）　点検する。\n"
    r = imp(md)
    assert r.numbering == ("1．", "（1）") and not r.warnings
    doc = Document("d", "", "", "public", r.numbering, (r.revision,))
    assert [p.label for p in place(doc, r.revision)] == ["1．", "2．", "（1）", "（2）"]
    assert [p.ref for p in place(doc, r.revision)][-1] == "2（2）"
