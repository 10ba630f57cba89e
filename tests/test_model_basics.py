import datetime as dt

import pytest

from toolkit.model.numbering import number, ref_labels
from toolkit.model.refs import resolve
from toolkit.model.wareki import ERAS, era_code, parse_wareki, wareki, wareki_year


@pytest.mark.parametrize(
    "iso,expected",
    [
        ("2026-04-01", "令和8年4月1日"),
        ("2019-05-01", "令和元年5月1日"),
        ("2019-04-30", "平成31年4月30日"),
        ("1989-01-08", "平成元年1月8日"),
        ("1989-01-07", "昭和64年1月7日"),
        ("2004-12-20", "平成16年12月20日"),
        ("2023-07-04", "令和5年7月4日"),
        ("1912-07-29", "明治45年7月29日"),
        ("1873-01-01", "明治6年1月1日"),
    ],
)
def test_wareki(iso, expected):
    assert wareki(dt.date.fromisoformat(iso)) == expected
    assert parse_wareki(expected) == dt.date.fromisoformat(iso)


@pytest.mark.parametrize("iso,code,year", [
    ("2026-04-01", "r8", "令和8年"), ("2019-05-01", "r1", "令和元年"), ("2004-12-20", "h16", "平成16年"),
    ("1989-01-07", "s64", "昭和64年"), ("1925-04-01", "t14", "大正14年"), ("1900-01-01", "m33", "明治33年"),
])
def test_era_code_and_year(iso, code, year):
    """One era table: the id of an imported 附則 and the name of a change deck use the same letters
    (the training's own table had none for 大正 and 明治, and named both ``x``)."""
    day = dt.date.fromisoformat(iso)
    assert era_code(day) == code and wareki_year(day) == year
    assert wareki(day).startswith(year)


def test_the_era_table_is_the_only_one():
    """Every era is read and named from ERAS: no other module lists era names or letters."""
    from conftest import ROOT

    assert [letter for _start, _name, letter in ERAS] == ["r", "h", "s", "t", "m"]
    for start, name, _letter in ERAS[:-1]:  # 明治 began before the Gregorian calendar (test_meiji_years)
        assert parse_wareki(f"{name}元年{start.month}月{start.day}日") == start
    others = [p.relative_to(ROOT).as_posix() for p in (ROOT / "toolkit").rglob("*.py")
              if p.name != "wareki.py" and any(f'"{name}"' in p.read_text(encoding="utf-8") for _s, name, _l in ERAS)]
    assert others == []


def test_meiji_years_count_from_1868_and_start_with_the_gregorian_calendar():
    """明治6年 is 1873, when Japan took the Gregorian calendar (the table counted 明治 from 1873: 明治元年)."""
    assert parse_wareki("明治33年1月1日") == dt.date(1900, 1, 1)
    for text in ("明治5年12月2日", "明治元年10月23日"):
        with pytest.raises(ValueError, match="明治6年"):
            parse_wareki(text)
    with pytest.raises(ValueError, match="明治6年"):
        wareki(dt.date(1872, 12, 31))


def test_parse_wareki_tolerates_pdf_spacing():
    assert parse_wareki("平成 16 年 12 月 20 日 策 定") == dt.date(2004, 12, 20)
    with pytest.raises(ValueError):
        parse_wareki("令和31年1月1日" .replace("令和31", "平成32"))


@pytest.mark.parametrize(
    "style,n,expected",
    [("1.", 3, "3."), ("(1)", 11, "(11)"), ("①", 3, "③"), ("①", 21, "㉑"), ("ア", 2, "イ"),
     ("（１）", 12, "（１２）"), ("⑴", 2, "⑵"), ("第1章", 4, "第4章")],
)
def test_numbering_styles(style, n, expected):
    assert number(style, n) == expected


def test_cross_references_render_current_numbers(policy):
    doc = policy.document("basic-policy")
    rev = doc.revision("r8")
    labels = ref_labels(doc, rev)
    assert labels["threats"] == "3"
    assert labels["def-route-separation"] == "2(11)"
    assert labels["resilience-lgwan"] == "6(3)②"
    measures = rev.node("measures")
    assert resolve(measures.text[0], labels).startswith("上記3の脅威から")
    std = rev.node("standards")
    assert resolve(std.text[0], labels).startswith("上記6、7及び8に規定する対策等")
