"""Issue 20, one failure at a time: the 前文, the 例規 header, a third title line, unnumbered documents,
--date alone, 全部改正, a PDF's lone section numbers; a property test that nothing is lost; and the
preamble and instrument through the source (dump → load)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from corpus_checks import norm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.errors import SourceError
from toolkit.model import Instrument, Node, Revision
from toolkit.source.dump import dump_document, dump_revision
from toolkit.source.importer import import_text
from toolkit.source.load import load_policy


def imp(text: str, **kw):
    return import_text(text, "t.txt", "r1", **kw)


def test_a_preamble_before_the_first_section_is_kept_as_the_revisions_preamble():
    r = imp("# 千曲市テスト方針\n\n令和6年4月1日 策定\n\nこの方針は試験のための前文である。\n\n二つ目の段落である。\n\n"
            "1 目的\n\n本文。\n").revision
    assert [n.text for n in r.preamble] == [("この方針は試験のための前文である。",), ("二つ目の段落である。",)]
    assert [n.id for n in r.preamble] == ["preamble-1", "preamble-2"]
    assert [n.heading for n in r.body] == ["目的"]


@pytest.mark.parametrize("header,label,promulgated", [
    ("平成18年3月20日訓令第9号", "訓令第9号", dt.date(2006, 3, 20)),
    ("平成18年3月20日\n\n訓令第9号", "訓令第9号", dt.date(2006, 3, 20)),
    ("令和3年3月31日\n訓令甲第14号", "訓令甲第14号", dt.date(2021, 3, 31)),
    ("平成19年8月30日告示第62号", "告示第62号", dt.date(2007, 8, 30)),
    ("平成14年7月29日\n/訓令第16号/教育委員会訓令第10号", "訓令第16号／教育委員会訓令第10号", dt.date(2002, 7, 29)),
])
def test_a_reiki_header_is_the_promulgation_date_and_the_instrument(header: str, label: str, promulgated: dt.date):
    r = imp(f"○千曲市テスト規程\n\n{header}\n\n(目的)\n\n第1条 この規程は、試験のためのものである。\n")
    rev = r.revision
    assert rev.instrument is not None and rev.instrument.label == label
    assert rev.instrument.promulgated == promulgated == rev.date and rev.kind == "策定"
    assert r.title == "千曲市テスト規程" and not rev.preamble
    assert any(d.kind == "date" and label.split("／")[0] in d.detail for d in r.report)


def test_a_zenbu_kaisei_line_is_a_full_revision_of_the_named_instrument():
    rev = imp("○千曲市テスト規程\n\n令和6年4月1日\n\n訓令第3号\n\n千曲市旧規程（平成19年千曲市訓令第3号）の全部を改正する。\n\n"
              "(目的)\n\n第1条 この規程は、試験のためのものである。\n").revision
    assert rev.kind == "全面改定" and rev.instrument is not None
    assert rev.instrument.replaces == "千曲市旧規程（平成19年千曲市訓令第3号）"
    assert not rev.preamble  # the line is the instrument's, not a 前文


def test_a_third_title_line_is_kept_with_a_warning():
    r = imp("千曲市ウェブサイト\n千曲市情報セキュリティポリシー\n情報セキュリティ基本方針\n\n1 目的\n\n本文。\n",
            date=dt.date(2024, 4, 1))
    assert (r.series, r.title) == ("千曲市情報セキュリティポリシー", "情報セキュリティ基本方針")
    assert [n.text for n in r.revision.preamble] == [("千曲市ウェブサイト",)]
    assert any("kept as a 前文 paragraph" in w.detail for w in r.warnings)


def test_a_document_without_numbered_sections_is_kept_not_refused():
    r = imp("千曲市の方針\n\n市は情報を守る。\n\n構成\n\n方針は基本方針と対策基準からなる。\n", date=dt.date(2024, 4, 1))
    assert [n.text[0] for n in r.revision.preamble] == ["市は情報を守る。", "構成", "方針は基本方針と対策基準からなる。"]
    assert r.revision.body == ()


def test_date_alone_is_enough_and_the_report_says_which_kind():
    text = "# 千曲市テスト方針\n\n1 目的\n\n本文。\n"
    with pytest.raises(SourceError, match="--date"):
        imp(text)
    r = imp(text, date=dt.date(2024, 4, 1))
    assert r.revision.kind == "策定"
    assert any(d.kind == "date" and "策定 for a new document" in d.detail for d in r.report)


def test_a_pdf_section_number_alone_on_its_line_joins_its_heading():
    r = imp("香取テスト方針\n1\n目的\nこの方針は試験のためのものである。\n2\n定義\n(1)\n用語\n意味をいう。\n",
            date=dt.date(2024, 4, 1))
    assert [n.heading for n in r.revision.body] == ["目的", "定義"]


def test_page_furniture_is_dropped_and_listed():
    r = imp("ページID:11940\n\n印刷ページ表示 大きい文字で印刷 記事番号:0024584\n\n"
            "このページの情報をツイッターでツイートできます\n\n# 方針\n\n1 目的\n\n本文。\n", date=dt.date(2024, 4, 1))
    dropped = [d.text for d in r.report if d.kind == "dropped"]
    assert len(dropped) == 3 and not r.revision.preamble


# --- nothing is lost, over generated inputs -----------------------------------------------------------

_words = st.text(alphabet=st.sampled_from("情報資産市民方針対策基準職員管理目的定義あいうえおかきくけこ、"), min_size=1,
                 max_size=30)
_para = st.builds(lambda w: w + "。", _words)
_heading = st.builds(lambda n, w: f"{n} {w}", st.sampled_from(["1", "2", "3"]), _words)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=_words, preamble=st.lists(_para, max_size=3), sections=st.lists(st.tuples(_words, st.lists(_para, max_size=2)),
                                                                              min_size=0, max_size=3))
def test_every_character_of_a_generated_input_is_in_the_source(title: str, preamble: list[str],
                                                                 sections: list[tuple[str, list[str]]]):
    lines = [title, "", *[p + "\n" for p in preamble]]
    for k, (head, paras) in enumerate(sections, 1):
        lines += [f"{k} {head}", "", *[p + "\n" for p in paras]]
    text = "\n".join(lines) + "\n"
    try:
        r = imp(text, date=dt.date(2024, 4, 1))
    except SourceError as e:  # only an empty document may be refused
        assert not preamble and not sections, e
        return
    rev = r.revision
    kept = norm("".join([r.title or "", r.series or "", *(t for n in rev.walk() for t in (n.heading or "", *n.text))]))
    for raw in text.split("\n"):
        body = norm(raw)
        for k in range(1, 4):  # the section numbers are derived
            body = body.removeprefix(str(k)) if raw.startswith(f"{k} ") else body
        assert body in kept, (raw, kept)


# --- the source: preamble and instrument survive dump → load -----------------------------------------------

INSTRUMENT = Instrument("訓令", 16, dt.date(2002, 7, 29), (("教育委員会訓令", 10),), "千曲市旧規程（平成元年訓令第1号）")


def _with_preamble(src: Path) -> tuple[Revision, Revision]:
    """The fixture's current 基本方針 given a 前文 (one paragraph internal) and an instrument, written back."""
    doc = load_policy([src]).document("basic-policy")
    old = doc.current
    pre = (Node("preamble-1", text=("前文の一段落目。",), seq=1),
           Node("preamble-2", text=("前文の二段落目、庁内限り。",), seq=2, classification="internal"))
    # promulgated ten days before its 施行日, as an 例規 is
    new = replace(old, preamble=pre, instrument=replace(INSTRUMENT, promulgated=old.date - dt.timedelta(days=10)))
    (src / "basic-policy" / f"{old.id}.yaml").write_text(dump_revision(new), encoding="utf-8")
    revisions = tuple(new if r.id == old.id else r for r in doc.revisions)
    (src / "basic-policy" / "document.yaml").write_text(dump_document(replace(doc, revisions=revisions)),
                                                        encoding="utf-8")
    return old, new


def test_preamble_and_instrument_round_trip_through_the_source_files(src_copy: Path):
    _old, new = _with_preamble(src_copy)
    got = load_policy([src_copy]).document("basic-policy").revision(new.id)
    assert got.instrument == new.instrument and got.instrument is not None and got.instrument.joint == INSTRUMENT.joint
    assert [(n.id, n.text, n.classification) for n in got.preamble] == \
        [(n.id, n.text, n.classification) for n in new.preamble]
    assert got.preamble[1].location is not None and got.preamble[1].location.line > 1  # file:line, as any node


def test_a_bad_instrument_is_an_error_with_its_file_and_line(src_copy: Path):
    _with_preamble(src_copy)
    path = src_copy / "basic-policy" / "document.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("number: 16", "number: 十六"), encoding="utf-8")
    assert "number: 十六" in path.read_text(encoding="utf-8")
    with pytest.raises(SourceError) as e:
        load_policy([src_copy])
    line = next(k for k, s in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "number: 十六" in s)
    assert any(p.location is not None and p.location.line == line and "number" in p.message
               for p in e.value.problems), [str(p) for p in e.value.problems]


@pytest.mark.parametrize("form", ["markdown", "word"])
def test_preamble_and_instrument_round_trip_through_markdown_and_the_editable_word_file(src_copy: Path,
                                                                                        tmp_path: Path, form: str):
    from toolkit.render.docx_editable import render_editable_docx
    from toolkit.render.markdown import render_markdown
    from toolkit.source.importer.from_docx import read_docx

    _with_preamble(src_copy)
    doc = load_policy([src_copy]).document("basic-policy")
    rev = doc.current
    if form == "markdown":
        back = import_text(render_markdown(doc, rev), "r.md", rev.id)
    else:
        inp = read_docx(render_editable_docx(doc, rev, tmp_path / "r.docx").read_bytes(), "r.docx")
        back = import_text(inp.text, "r.docx", rev.id, source=inp)
    got = back.revision
    assert got.instrument == rev.instrument
    assert [(n.id, n.text, n.classification) for n in got.preamble] == \
        [(n.id, n.text, n.classification) for n in rev.preamble]
    assert [n.id for n in got.body] == [n.id for n in rev.body]
    assert (got.date, got.kind) == (rev.date, rev.kind)  # 施行日 from the 「…施行」 line; 全部改正: 全面改定


def test_policy_import_writes_the_preamble_and_the_instrument_into_the_source(src_copy: Path, tmp_path: Path):
    """The command a user types, on a real 例規 with a joint number, into an existing source."""
    from corpus_checks import REAL
    from fixtures.canary.tools import _cli

    rc, out = _cli(["--src", str(src_copy), "import", str(REAL / "koga-kihon.txt"), "--doc", "koga", "--rev", "r1",
                    "--classification", "public"])
    assert rc == 0, out
    rev = load_policy([src_copy]).document("koga").revision("r1")
    assert rev.instrument == Instrument("訓令", 16, dt.date(2002, 7, 29), (("教育委員会訓令", 10),))
    rc, out = _cli(["--src", str(src_copy), "import", str(REAL / "tagajo.txt"), "--doc", "basic-policy", "--rev", "r9",
                    "--date", "2027-04-01", "--like", "r8"])
    assert rc == 0, out
    rev = load_policy([src_copy]).document("basic-policy").revision("r9")
    assert rev.kind == "改定" and len(rev.preamble) == 1 and "多賀城市" in rev.preamble[0].text[0]


def test_a_betsushi_mark_is_not_the_series_and_a_dot_leader_toc_is_dropped():
    r = imp("別紙\n千曲市テスト方針\n目次\n1 目的 .................... 1\n2 定義 .................... 2\n"
            "1 目的\nこの方針は試験のためのものである。\n2 定義\n(1) 用語 意味をいう。\n", date=dt.date(2024, 4, 1))
    assert (r.series, r.title) == (None, "千曲市テスト方針")
    assert [n.text for n in r.revision.preamble] == [("別紙",)]
    assert [n.heading for n in r.revision.body] == ["目的", "定義"]
    assert sum(1 for d in r.report if d.kind == "dropped") == 3  # the 目次 heading and its two entries


def test_an_instrument_is_cited_as_another_reiki_cites_it():
    assert INSTRUMENT.label == "訓令第16号／教育委員会訓令第10号"
    assert INSTRUMENT.cited("千曲市") == "平成14年千曲市訓令第16号・千曲市教育委員会訓令第10号"
    assert Instrument("告示", 62, dt.date(2019, 5, 1)).cited() == "令和元年告示第62号"


def test_like_keeps_the_classification_of_a_preamble_paragraph(src_copy: Path):
    """A plain text re-imported --like the revision: the 前文's internal paragraph stays internal."""
    _with_preamble(src_copy)
    doc = load_policy([src_copy]).document("basic-policy")
    rev = doc.current
    text = "# 情報セキュリティ基本方針\n\n前文の一段落目。\n\n前文の二段落目、庁内限り。\n\n1. 目的\n\n本文。\n"
    got = import_text(text, "t.md", "r9", like=(doc, rev), date=dt.date(2027, 4, 1)).revision
    assert [(n.id, n.classification) for n in got.preamble] == [("preamble-1", None), ("preamble-2", "internal")]


def test_policy_import_takes_a_new_document_that_is_all_preamble(src_copy: Path):
    from corpus_checks import REAL
    from fixtures.canary.tools import _cli

    rc, out = _cli(["--src", str(src_copy), "import", str(REAL / "tagajo.txt"), "--doc", "tagajo", "--rev", "r1",
                    "--classification", "public", "--date", "2022-05-19"])
    assert rc == 0, out
    doc = load_policy([src_copy]).document("tagajo")
    assert doc.current.body == () and len(doc.current.preamble) == 1 and doc.current.kind == "策定"
