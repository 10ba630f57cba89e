"""r8 is the seed's wording, with only the PDF-extraction repairs R1–R7 listed in r8.yaml.

Each repair: the seed has the damaged form, r8 the repaired one.  Then the
traceability proof: apply exactly those repairs to the seed by hand (literal
substitutions, not the importer) and every r8 title, term and paragraph, in
order and with its derived number, is a line of the repaired seed, and
every line of the seed's text is in r8.  Editing one word of r8 fails it.
"""

from __future__ import annotations

import re

import pytest
from conftest import CITY_SRC, SEED

from toolkit.model.numbering import place
from toolkit.model.refs import resolve
from toolkit.model.wareki import parse_wareki
from toolkit.source.importer import import_text

# The repairs, as literal text edits of the seed (R5–R7 change structure, not words).
R1 = [("(1 1)", "(11)"), ("(1 2)", "(12)")]
R2 = [("インターネットに接続された\n\n情報システム", "インターネットに接続された情報システム")]
R3 = [("契約を締\n\n結し", "契約を締結し")]
R4 = [("LGWAN 接続系", "LGWAN接続系"), ("LGWAN に", "LGWANに"), ("LGWAN と", "LGWANと")]


@pytest.fixture(scope="module")
def seed() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def doc():
    """The city's own source (not the frozen fixture): these tests pin r8's wording."""
    from toolkit.source.load import load_policy

    return load_policy([CITY_SRC]).document("basic-policy")


@pytest.fixture(scope="module")
def r8(doc):
    return doc.revision("r8")


def r8_strings(doc, rev) -> list[str]:
    """Every title, term and paragraph of r8 (references printed as numbers)."""
    labels = {p.node.id: p.ref for p in place(doc, rev)}
    out = []
    for n in rev.walk():
        if n.heading is not None:
            out.append(n.heading)
        out.extend(resolve(t, labels) for t in n.text)
    return out


def test_r1_split_two_digit_numbers(seed, doc, r8):
    assert "#### (1 1) 通信経路の分割" in seed and "#### (1 2) 無害化通信" in seed
    labels = {p.node.id: p.label for p in place(doc, r8)}
    assert (labels["def-route-separation"], r8.node("def-route-separation").term) == ("(11)", "通信経路の分割")
    assert (labels["def-sanitised-communication"], r8.node("def-sanitised-communication").term) == ("(12)", "無害化通信")
    assert "(1 1)" not in (CITY_SRC / "basic-policy" / "r8.yaml").read_text(encoding="utf-8").split("\nrevision:")[1]


def test_r2_sentence_broken_by_a_page_break(seed, r8):
    assert "インターネットに接続された\n\n情報システム及び" in seed
    assert r8.node("def-internet-segment").text == (
        "インターネットメール、ホームページ管理システム等に関わるインターネットに接続された"
        "情報システム及びその情報システムで取り扱うデータをいう。",)


def test_r3_word_broken_by_a_page_break(seed, r8):
    assert "契約を締\n\n結し、" in seed
    first = r8.node("measure-outsourcing").text[0]
    assert "契約を締結し、" in first and "締\n" not in first


def test_r4_space_between_latin_and_kana(seed, doc, r8):
    for damaged, repaired in R4:
        assert damaged in seed
        assert any(repaired in s for s in r8_strings(doc, r8))
    assert not any(re.search(r"[A-Za-z] [\u3040-\u30ff\u4e00-\u9fff]", s) for s in r8_strings(doc, r8))


def test_r5_heading_levels_normalised(seed, doc, r8):
    for n in (3, 4, 5, 7, 8, 9, 10):  # 6 kept "##"
        assert re.search(rf"^### {n}\. ", seed, re.M), n
    assert re.search(r"^## 6\. ", seed, re.M)
    for damaged in ("#### (1 1)", "#### (1 2)", "#### (9) 評価・見直し"):
        assert damaged in seed
    depth = {p.node.id: p.depth for p in place(doc, r8)}
    assert [depth[n.id] for n in r8.body] == [1] * 10
    assert depth["def-route-separation"] == depth["def-sanitised-communication"] == depth["measure-evaluation"] == 2


def test_r6_date_lines_are_the_ledger(seed, doc, r8):
    lines = re.findall(r"^((?:平成|令和)[^\n]*?(策 定|改 定|全面改定))\s*$", seed, re.M)
    assert [(parse_wareki(line), kind.replace(" ", "")) for line, kind in lines] == [
        (r.date, r.kind) for r in doc.revisions if r.date <= r8.date
    ]
    assert not any("策 定" in s or "改 定" in s for s in r8_strings(doc, r8))


def test_r7_table_of_contents_dropped_and_numbers_derived(seed, doc, r8):
    toc = re.search(r"## 目次\n\n(.*?)\n\n##", seed, re.S)
    assert toc
    entries = [re.sub(r"^\d+\.\s*|\.+\t\d+$", "", line) for line in toc.group(1).splitlines()]
    assert entries == [n.title for n in r8.body]
    strings = r8_strings(doc, r8)
    assert "目次" not in strings
    assert not any(re.match(r"\(?\d+[.)]|[①-⑳]", s) for s in strings)


def _repaired_seed_lines(seed: str) -> list[tuple[str, str]]:
    """The seed's text lines after exactly R1–R4, as (number, text); title, dates and 目次 left out."""
    text = seed
    for old, new in R1 + R2 + R3 + R4:
        assert text.count(old) >= 1, old
        text = text.replace(old, new)
    body = text[text.index("## 1. 目的"):]
    out = []
    for line in body.splitlines():
        line = line.strip()
        if not line:
            continue
        m = re.match(r"^(?:#+ |- )?(\d+\.|\(\d+\)|[①-⑳])?\s*(.*)$", line)
        assert m
        out.append((m.group(1) or "", m.group(2)))
    return out


def trace(doc, rev) -> list[tuple[str, str]]:
    """r8 as the seed prints it: (number, heading) then its paragraphs; an item's number and first paragraph share a line."""
    labels = {p.node.id: p.ref for p in place(doc, rev)}
    out = []
    for p in place(doc, rev):
        n = p.node
        texts = [resolve(t, labels) for t in n.text]
        if n.heading is not None:
            out.append((p.label, n.heading))
            out.extend(("", t) for t in texts)
        else:
            out.append((p.label, texts[0]))
            out.extend(("", t) for t in texts[1:])
    return out


def test_every_r8_string_is_the_seed_modulo_the_listed_repairs(seed, doc, r8):
    assert trace(doc, r8) == _repaired_seed_lines(seed)


@pytest.mark.parametrize("node_id,old,new", [
    ("measure-physical", "物理的な対策", "物理的対策"),  # one word
    ("def-lgwan-segment", "LGWANに", "LGWAN に"),  # a repair undone
    ("threat-disaster", "停止等", "停止"),  # one character
])
def test_traceability_fails_on_a_one_word_edit(seed, doc, r8, node_id, old, new):
    """The proof above is not vacuous: change one word of r8 and it no longer holds."""
    from dataclasses import replace

    node = r8.node(node_id)
    assert old in node.text[0]
    edited = replace(node, text=(node.text[0].replace(old, new), *node.text[1:]))

    def swap(nodes):
        return tuple(edited if n.id == node_id else replace(n, children=swap(n.children)) for n in nodes)

    assert trace(doc, replace(r8, body=swap(r8.body))) != _repaired_seed_lines(seed)


def test_the_importer_makes_exactly_these_repairs(seed):
    imp = import_text(seed, "seed.txt", "r8")
    assert sorted({r.rule for r in imp.repairs}) == ["R1", "R2", "R3", "R4", "R5", "R6", "R7"]
    assert sorted((r.before, r.after) for r in imp.repairs if r.rule == "R1") == sorted(R1)
    assert sorted(r.rule for r in imp.repairs if r.rule in ("R2", "R3")) == ["R2", "R3"]
