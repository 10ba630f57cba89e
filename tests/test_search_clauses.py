"""Issue 23, 「Search lands on the clause」, in chromium: a hit in body text links to the clause
that holds it, the page opens there with the words (the phrase, not each 「情報」) highlighted
in that clause only, the count is what is listed, current text ranks first, spellings people
type find the word (or 「もしかして」), and on the public site a topic of a non-public document
says the rules are not published and how to ask for them."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import pytest
from conftest import Run, policy_process
from webdriver import Browser, serve

# conftest's search_sites, built once for this module and test_search_queries
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("search-sites")]


@pytest.fixture(scope="module")
def sites(search_sites) -> dict[str, Path]:
    return search_sites


def results(browser: Browser, base: str, query: str) -> list[dict]:
    browser.get(base + "search.html?q=" + urllib.parse.quote(query))
    browser.wait("const s = document.querySelector('#search-results .search-summary');"
                 "return s && s.textContent.length > 0", timeout=60)
    return browser.js("return [...document.querySelectorAll('#search-results ul.search > li')].map(li => {"
                      " const a = li.querySelector(':scope > a'); const u = new URL(a.href);"
                      " return {href: a.href, page: u.pathname.replace(/^\\//, ''), anchor: decodeURIComponent(u.hash),"
                      " title: a.textContent}; })")


# words that are only in the body of a clause, never in a heading (the issue's examples)
BODY_HITS = {"サイバー攻撃": "#basic-policy-threat-intentional", "地震": "#basic-policy-threat-disaster",
             "ウイルス": "#basic-policy-threat-intentional", "SNS": "#basic-policy-measure-outsourcing",
             "業務委託 契約": "#basic-policy-measure-outsourcing", "内部監査": "#basic-policy-threat-unintentional"}


def test_a_body_text_hit_opens_its_clause_with_the_words_marked(browser, sites):
    with serve(sites["public"]) as base:
        for query, anchor in BODY_HITS.items():
            first = results(browser, base, query)[0]
            assert first["anchor"] == anchor, (query, first)
            browser.get(first["href"])
            browser.wait("return document.readyState === 'complete'")
            state = browser.js(
                "const t = document.getElementById(arguments[0]); const r = t.getBoundingClientRect();"
                "const marks = [...document.querySelectorAll('mark.highlighted')];"
                "return {top: r.top, height: innerHeight, scrolled: scrollY,"
                " inside: marks.every(m => t.contains(m)), marks: marks.map(m => m.textContent),"
                " target: t.classList.contains('search-target')}", anchor[1:])
            assert state["scrolled"] > 0 and 0 <= state["top"] < state["height"] / 2, (query, state)
            assert state["marks"] and state["inside"] and state["target"], (query, state)


def test_the_phrase_is_marked_not_each_part(browser, sites):
    """情報漏えい: the text says 情報資産の漏えい; the page marks that phrase, not the 「情報」s."""
    with serve(sites["public"]) as base:
        first = results(browser, base, "情報漏えい")[0]
        assert first["anchor"] == "#basic-policy-threat-intentional"
        browser.get(first["href"])
        browser.wait("return document.readyState === 'complete'")
        marks = browser.js("return [...document.querySelectorAll('mark.highlighted')].map(m => m.textContent)")
        assert marks == ["情報資産の漏えい"]
        snippet_marks = None
        results(browser, base, "情報漏えい")
        snippet_marks = browser.js("return [...document.querySelectorAll('#search-results li mark')].map(m => m.textContent)")
        assert snippet_marks and "情報" not in snippet_marks, snippet_marks


def test_the_highlight_words_are_text_only(browser, sites):
    """The ?hl= words come from the address: they are matched as text, never inserted as HTML."""
    with serve(sites["public"]) as base:
        hl = urllib.parse.quote('["<img src=x onerror=window.__x=1>", "脅威"]')
        browser.get(base + f"basic-policy/index.html?hl={hl}#basic-policy-threats")
        browser.wait("return document.readyState === 'complete'")
        assert browser.js("return window.__x === undefined && !document.querySelector('img[src=x]')")
        assert browser.js("return [...document.querySelectorAll('mark.highlighted')].map(m => m.textContent)")


def test_the_count_is_the_rows_listed(browser, sites):
    with serve(sites["staff"]) as base:
        for query in ("情報資産", "パスワード", "機密性"):
            rows = results(browser, base, query)
            status = browser.js("return document.querySelector('#search-results .search-summary').textContent")
            assert f"{len(rows)} 件" in status, (query, status, len(rows))


def test_current_text_first_then_past_versions_then_the_sites_own_pages(browser, sites):
    kinds = {}
    with serve(sites["staff"]) as base:
        browser.get(base + "search.html")
        browser.wait("return document.readyState === 'complete' && Search.hasIndex()")
        kinds = browser.js("return TOOLKIT_PAGE_KINDS")
        for query in ("USB", "テレワーク", "暗号化", "情報セキュリティ委員会", "違反"):
            tiers = [{"current": 0, "past": 1}.get(kinds.get(r["page"].removesuffix(".html")), 2)
                     for r in results(browser, base, query)]
            assert tiers and tiers[0] == 0 and tiers == sorted(tiers), (query, tiers)
    with serve(sites["public"]) as base:
        assert results(browser, base, "違反")[0]["page"] == "basic-policy/index.html"


@pytest.mark.parametrize(("site", "typed", "found"), [
    ("public", "強靭", "強靱"),                      # 異体字: what the IME gives
    ("public", "セキュリテイ対策", "セキュリティ対策"),  # small katakana typed large
    ("staff", "個人情報保護", "個人情報の保護"),        # the parts meet in 個人情報の保護に関する法律
])
def test_spellings_people_type_find_the_words(browser, sites, site, typed, found):
    with serve(sites[site]) as base:
        rows = results(browser, base, typed)
        assert rows, typed
        marks = browser.js("return Search.lastResults[0].highlight")
        assert any(found in m for m in marks), (typed, marks)


@pytest.mark.parametrize(("site", "typed", "near"), [
    ("public", "まいなんばー", "マイナンバー"),          # hiragana for katakana
    ("staff", "せきゅりてぃ委員会", "セキュリティ委員会"),
    ("public", "きょういくいいんかい", "教育委員会"),     # a reading (janome) of the site's own word
    ("public", "ネットワーキ", "ネットワーク"),           # one letter off
])
def test_a_near_form_is_offered_as_もしかして(browser, sites, site, typed, near):
    with serve(sites[site]) as base:
        rows = results(browser, base, typed)
        note = browser.js("return [...document.querySelectorAll('#search-results p.search-note')].map(p => p.textContent)")
        status = browser.js("return document.querySelector('#search-results .search-summary').textContent")
        assert rows and note == [f"もしかして：{near}"], (typed, note, rows)
        assert f"「{near}」の検索結果を {len(rows)} 件" in status, status


# ------------------------------------------------------------ topics of a non-public document

TOPICS_BLOCK = """
site:
  provenance: authoritative
  withheld_topics:
    standards: [パスワード, USB, テレワーク]
"""


def publish(src: Path, out: Path) -> Run:
    return policy_process("--src", str(src), "publish", "--out", str(out), "--work", str(out.parent / "work"))


def test_a_non_public_topic_says_the_rules_are_not_published_and_how_to_ask(src_copy, tmp_path, browser):
    ps = src_copy / "policyset.yaml"
    ps.write_text(ps.read_text(encoding="utf-8") + TOPICS_BLOCK, encoding="utf-8")
    r = publish(src_copy, tmp_path / "public")
    assert r.returncode == 0 and "leak check passed" in r.stdout, r.stdout + r.stderr
    with serve(tmp_path / "public") as base:
        for query in ("パスワード", "USB", "テレワーク"):
            assert results(browser, base, query) == []
            note = browser.js("const p = document.querySelector('#search-results p.search-withheld');"
                              "return p && [p.textContent, p.querySelector('a').getAttribute('href')]")
            assert note and "非公開" in note[0] and "情報公開請求" in note[0] and "情報セキュリティ対策基準" in note[0], note
            assert note[1].endswith("standards/index.html")
        results(browser, base, "量子暗号")  # not a listed topic: the usual advice
        assert not browser.js("return document.querySelector('#search-results p.search-withheld')")


def test_a_topic_that_is_non_public_text_stops_the_publish(src_copy, tmp_path):
    """The list is public text: a topic that is a non-public heading of the 対策基準 is a leak."""
    ps = src_copy / "policyset.yaml"
    ps.write_text(ps.read_text(encoding="utf-8") + TOPICS_BLOCK.replace("テレワーク]", "テレワーク, 統括情報セキュリティ責任者]"),
                  encoding="utf-8")
    r = publish(src_copy, tmp_path / "public")
    assert r.returncode == 1 and "toolkit-search-data.js: non-public text" in r.stderr, r.stderr
    assert "情報セキュリティ責任者" in r.stderr.replace("[", "").replace("]", ""), r.stderr
    assert not (tmp_path / "public").exists()


def test_the_staff_site_sends_no_withheld_topics(sites):
    assert "TOOLKIT_WITHHELD = [];" in (sites["staff"] / "_static" / "toolkit-search-data.js").read_text(encoding="utf-8")


def test_what_issue_23_added_passes_axe(src_copy, tmp_path, browser):
    """The 見本 banner, the full contact block, 更新日, the search notes (もしかして, non-public topic)
    and a clause opened with its words marked: axe-core finds nothing, at phone and desktop width."""
    from axe import WIDTHS, axe_violations, describe

    ps = src_copy / "policyset.yaml"
    ps.write_text(ps.read_text(encoding="utf-8") + TOPICS_BLOCK.replace("provenance: authoritative", """provenance: sample
  city_url: https://www.city.example.lg.jp/
  disclosure_url: https://www.city.example.lg.jp/kokai/
  contact:
    section: 総務部 情報政策課
    address: 長野県千曲市
    phone: 000-000-0000
    fax: 000-000-0001
    hours: 平日 8時30分から17時15分まで
    mail: a@example.lg.jp"""), encoding="utf-8")
    out = tmp_path / "public"
    r = policy_process("--src", str(src_copy), "publish", "--allow-sample-site", "--out", str(out),
                       "--work", str(tmp_path / "work"))
    assert r.returncode == 0, r.stderr
    pages = ["index.html", "accessibility.html", "history.html", "search.html?q=" + urllib.parse.quote("まいなんばー"),
             "search.html?q=" + urllib.parse.quote("パスワード"), "search.html?q=" + urllib.parse.quote("情報漏えい"),
             "basic-policy/index.html?hl=" + urllib.parse.quote('["情報資産の漏えい"]') + "#basic-policy-threat-intentional"]
    failures = {}
    with serve(out) as base:
        for width in WIDTHS:
            browser.size(width, 900)
            for page in pages:
                browser.get(base + page)
                browser.wait("const s = document.querySelector('#search-results .search-summary');"
                             "return document.readyState === 'complete' && (!location.pathname.endsWith('search.html')"
                             " || (s && s.textContent.length > 0))", timeout=60)
                assert browser.js("return !!document.querySelector('.sample-site-banner')"), page
                found = axe_violations(browser)
                if found:
                    failures[f"{page} @ {width}px"] = describe(found)
    assert not failures, failures
