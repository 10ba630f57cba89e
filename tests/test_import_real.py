"""The real corpus (tests/fixtures/import/real/, issue 20): published municipal policies and 規程 that nobody
here wrote.  Each imports as a user would (``--date`` given only when asked, never ``--kind``), keeps at
least 95% of its characters in the source (page furniture aside, each listed in the report), and produces
the structure its text shows: title, top-level sections, kind, dates, instrument number, 前文.

The expectations below are read from the texts themselves (see SOURCES.yaml for where each is from).
"""

from __future__ import annotations

import datetime as dt

import pytest
from corpus_checks import REAL, corpus, measure, run_import

D = dt.date
# name: (title, top-level headings, kind, date, instrument label, 前文 paragraphs (None: any > 0), replaces)
EXPECT: dict[str, tuple] = {
    "agui-kihon": ("阿久比町情報セキュリティ基本方針", ["目的", "定義"], "全面改定", D(2018, 2, 9), "訓令第1号", 0,
                   "阿久比町情報セキュリティ規程(平成16年阿久比町訓令第4号)"),
    "chigasaki": ("茅ヶ崎市情報セキュリティ基本方針", ["趣旨", "用語の定義", "対象範囲", "管理体制"], "策定", None, None, 0, None),
    "futaba": (None, [], "策定", None, None, None, None),
    "hamada": ("情報セキュリティ基本方針", [], "策定", None, None, None, None),
    "hamura": ("情報セキュリティ基本方針", ["目的", "適用範囲", "用語の定義"], "策定", None, None, None, None),
    "higashimatsushima": ("東松島市情報セキュリティポリシー", [], "策定", D(2019, 11, 1), "訓令甲第31号", None, None),
    "inami": ("印南町情報セキュリティポリシー", ["情報セキュリティ基本方針"], "策定", D(2011, 11, 25), "訓令第3号", 0, None),
    "izunokuni": ("情報セキュリティ基本方針", ["目的", "定義"], "策定", None, None, 0, None),
    "kaizu": ("海津市情報セキュリティポリシー", [], "策定", None, None, None, None),
    "kameoka-johoka": ("亀岡市情報化の推進に関する規程", ["趣旨", "定義"], "策定", D(2013, 4, 1), "訓令第4号", 0, None),
    "kameoka-page": ("亀岡市情報セキュリティ対策基準規程の制定について", [], "策定", None, None, None, None),
    "kameoka-taisaku": ("亀岡市情報セキュリティ対策基準規程", ["総則"], "策定", D(2015, 4, 1), "訓令第5号", 0, None),
    "kanuma": ("鹿沼市情報セキュリティ基本方針", ["目的", "ポリシーの構成", "定義"], "策定", D(2013, 2, 14), None, 0, None),
    "katori": ("香取市情報セキュリティ基本方針", ["目的", "定義"], "策定", None, None, 0, None),
    "koga-kihon": ("古賀市情報セキュリティ基本方針", ["目的"], "策定", D(2002, 7, 29), "訓令第16号／教育委員会訓令第10号",
                   0, None),
    "koga-tanmatsu": ("古賀市情報系業務用端末機の管理に関する規程", ["趣旨"], "策定", D(2002, 7, 22),
                      "訓令第14号／教育委員会訓令第8号", 0, None),
    "kumano-suido": ("熊野市水道課における情報セキュリティの確保に関する規程", ["総則"], "策定", D(2016, 3, 30),
                     "水道事業管理規程第1号", 0, None),
    "kurume": ("久留米市教育委員会学校情報セキュリティ規則", ["趣旨"], "全面改定", D(2017, 3, 31),
               "久留米市教育委員会規則第2号", 0, "久留米市教育委員会学校情報セキュリティ規則(平成23年久留米市教育委員会規則第1号)"),
    "kyotanabe": ("京田辺市情報セキュリティに関する規程", ["総則"], "策定", D(2014, 7, 10), "訓令第10号", 0, None),
    "maniwa": ("情報セキュリティ基本方針", ["目的"], "策定", None, None, 0, None),
    "mihara": ("三原市情報セキュリティ規程", ["目的", "定義"], "策定", D(2022, 5, 16), "訓令第4号", 0, None),
    "miki": ("三木市情報セキュリティポリシー", ["趣旨", "用語の定義"], "策定", None, None, None, None),
    "mutsu": ("「むつ市情報セキュリティポリシー」を改訂しました", ["情報セキュリティ基本方針"], "策定", None, None, None, None),
    "ota": ("太田市情報セキュリティ基本方針", ["目的", "適用範囲", "職員等及び外部委託業者の義務"], "策定", None, None, 0, None),
    "saiki": ("佐伯市学校情報セキュリティ基本方針", ["目的", "用語の定義"], "策定", D(2013, 3, 25), "教育委員会訓令第2号", 0,
              None),
    "sendai-dai1sho": (None, ["情報セキュリティ基本方針"], "策定", None, None, 0, None),
    "sendai-dai2sho": (None, ["管理体制"], "策定", None, None, None, None),
    "shichigahama": ("七ケ浜町情報セキュリティ基本方針", ["目的", "定義"], "全面改定", D(2024, 7, 4), "訓令第5号", 0,
                     "七ケ浜町情報セキュリティ基本方針(平成19年2月16日七ケ浜町訓令第3号)"),
    "tagajo": (None, [], "策定", None, None, None, None),
    "takahashi": ("高梁市学校情報セキュリティ基準に関する規程", ["総則", "情報セキュリティ基本方針"], "策定", D(2008, 6, 23),
                  "教育委員会訓令第3号", 0, None),
}


def test_the_corpus_is_real_and_large_enough():
    names = {p.stem for p in corpus()}
    assert len(names) >= 20 and names == set(EXPECT)
    sources = (REAL / "SOURCES.yaml").read_text(encoding="utf-8")
    for name in names:  # every text says where it is from
        assert f"\n{name}:\n  url: http" in sources, name


@pytest.mark.parametrize("name", sorted(EXPECT))
def test_every_real_text_imports_with_its_structure(name: str):
    title, top, kind, date, instrument, preamble, replaces = EXPECT[name]
    text = (REAL / f"{name}.txt").read_text(encoding="utf-8")
    imp, err, asked = run_import(text, f"{name}.txt")
    assert imp is not None, err
    rev = imp.revision
    assert imp.title == title
    assert [n.heading for n in rev.body] == top
    assert rev.kind == kind
    if date is not None:  # the text dates itself: never asked for --date
        assert rev.date == date and not asked
    else:
        assert asked and rev.date == dt.date(2020, 4, 1)  # the --date given when asked, and nothing more
    if instrument is None:
        assert rev.instrument is None
    else:
        assert rev.instrument is not None and rev.instrument.label == instrument
        assert rev.instrument.promulgated == date and rev.instrument.replaces == replaces
    if preamble is None:
        assert rev.preamble and all(n.text for n in rev.preamble)
    else:
        assert len(rev.preamble) == preamble


@pytest.mark.parametrize("name", sorted(EXPECT))
def test_every_real_text_keeps_95_percent_of_its_characters_in_the_source(name: str):
    m = measure(REAL / f"{name}.txt")
    assert not m.error
    assert m.share >= 0.95, m.lost
    # what is left out is page furniture only, each line in the report (else the share could be gamed)
    imp, _err, _asked = run_import((REAL / f"{name}.txt").read_text(encoding="utf-8"), f"{name}.txt")
    assert imp is not None
    assert {d.detail for d in imp.report if d.kind == "dropped"} <= {
        "web-page boilerplate", "page furniture", "目次 (derived from the sections)"}
