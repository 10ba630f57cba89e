"""No text from the source can run as script in any page of either site (issue 9, §2 item 3).

A copy of the fixture source gets a payload in every field kind a page or the
search shows (organisation, public name, ground label and text, document
title, ledger summary, section and clause titles, body text, list item, term,
alias).  Each payload tries three ways to run (``<img onerror>``,
``<script>``, ``<svg onload>``), all of which set ``window.__xss``.  The
public and the staff site are published with the real CLI; chromium loads
every page of both, and the search page with queries that match each payload,
and checks that nothing ran while the payloads are shown as text.

The positive control builds the same public sources with Sphinx's stock
search: there the payload runs on the search page (Sphinx 8.2's
``searchtools.js`` sets titles as HTML), so the check can fail.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
import searchset
from conftest import SRC, run_cli
from ruamel.yaml import YAML
from webdriver import Browser, serve

from toolkit.render.site.build import publish_copy

pytestmark = pytest.mark.browser

KINDS = ("organisation", "publicname", "groundlabel", "groundtext", "doctitle", "summary", "sectiontitle",
         "clausetitle", "text", "listitem", "term", "alias")
MARK = "攻撃文字列"  # provenance: toolkit team — test text, never the city's


def payload(kind: str) -> str:
    run = f"window.__xss='{kind}'"
    return (f'{MARK}{kind}<img src=x onerror="{run}"><script>{run}</script>'
            f'<svg onload="{run}"></svg>"\'><b>{kind}</b>')


def _yaml() -> YAML:
    y = YAML()
    y.width = 4096
    y.allow_unicode = True
    return y


def plant_payloads(src: Path) -> None:
    """Put one payload of each kind where the public (and so the staff) site shows it."""
    y = _yaml()
    pset_file = src / "policyset.yaml"
    pset = y.load(pset_file)
    pset["organisation"] += payload("organisation")
    for doc in pset["documents"]:
        doc["public_name"] += payload("publicname")
    for ground in pset["grounds"]:
        ground["label"] += payload("groundlabel")
        ground["text"] += payload("groundtext")
    y.dump(pset, pset_file)

    public = [d["id"] for d in pset["documents"] if (src / d["id"] / "document.yaml").is_file()
              and y.load(src / d["id"] / "document.yaml")["classification"] == "public"]
    assert public, "the fixture source has no public document"
    folder = src / public[0]
    doc_file = folder / "document.yaml"
    doc = y.load(doc_file)
    doc["title"] += payload("doctitle")
    current = doc["revisions"][-1]
    current["summary"] += payload("summary")
    y.dump(doc, doc_file)

    rev_file = folder / f"{current['id']}.yaml"
    rev = y.load(rev_file)
    done: set[str] = set()

    def walk(nodes: list, depth: int) -> None:
        for node in nodes:
            if "title" in node and depth == 1 and "sectiontitle" not in done:
                node["title"] += payload("sectiontitle")
                done.add("sectiontitle")
            elif "title" in node and depth > 1 and "clausetitle" not in done:
                node["title"] += payload("clausetitle")
                done.add("clausetitle")
            term = node.get("term")
            if term and "term" not in done and "（" not in term and "(" not in term:
                node["term"] = term + payload("term")
                done.add("term")
            elif term and "alias" not in done and term.endswith(("）", ")")):
                node["term"] = term[:-1] + payload("alias") + term[-1]
                done.add("alias")
            text = node.get("text")
            if isinstance(text, str) and "text" not in done:
                node["text"] = text + payload("text")
                done.add("text")
            elif isinstance(text, list) and "listitem" not in done:
                text[0] += payload("listitem")
                done.add("listitem")
            walk(node.get("children") or [], depth + 1)

    walk(rev["body"], 1)
    if "clausetitle" not in done:  # the fixture may have no titled clause: add one
        section = next(n for n in rev["body"] if n.get("children"))
        section["children"].append({"id": "xss-clause", "title": "試験" + payload("clausetitle"),
                                    "text": "試験用の条文である。"})
        done.add("clausetitle")
    missing = {"sectiontitle", "clausetitle", "term", "alias", "text", "listitem"} - done
    assert not missing, f"the fixture source has no place for {missing}"
    y.dump(rev, rev_file)


def _policy(*args: str) -> None:
    run = run_cli(*args)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("xss")
    src = root / "policy_src"
    shutil.copytree(SRC, src)
    plant_payloads(src)
    _policy("--src", str(src), "check")
    _policy("--src", str(src), "publish", "--out", str(root / "public"), "--work", str(root / "work-public"))
    _policy("--src", str(src), "publish", "--internal", "--out", str(root / "internal"),
            "--work", str(root / "work-internal"))
    # the positive control: the public sources with Sphinx's own search
    stock_src = root / "stock-src"
    shutil.copytree(root / "work-public" / "src", stock_src)
    conf = stock_src / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8").replace(
        "'toolkit.render.site.ext'", "'toolkit.render.site.theme'"), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-d", str(root / "stock-doctrees"),
                    str(stock_src), str(root / "stock-html")], check=True)
    publish_copy(root / "stock-html", root / "stock")
    return {"public": root / "public", "internal": root / "internal", "stock": root / "stock"}


def ran(browser: Browser) -> str | None:
    """What a payload left behind, if any ran: read once the page has loaded and every image on
    it has loaded or failed (an ``onerror`` payload runs then), and a moment after."""
    browser.wait("return document.readyState === 'complete' && [...document.images].every(i => i.complete)")
    return browser.cmd("POST", "/execute/async", {
        "script": "const done = arguments[0]; setTimeout(() => done(window.__xss || null), 50);", "args": []})


def search(browser: Browser, base: str, query: str) -> list[str]:
    browser.get(base + "search.html?q=" + urllib.parse.quote(query))
    browser.wait("const s = document.querySelector('#search-results .search-summary');"
                 "return s && s.textContent.length > 0")
    # the snippets are fetched after the list: wait until each result has one (or a moment passed)
    with contextlib.suppress(TimeoutError):
        browser.wait("return document.querySelectorAll('#search-results li').length"
                     " <= document.querySelectorAll('#search-results li p.context').length", timeout=5)
    return browser.js("return [...document.querySelectorAll('#search-results ul.search li a')]"
                      ".map(a => a.textContent)")


@pytest.mark.parametrize("site", ["public", "internal"])
def test_no_page_runs_source_text(browser, sites, site):
    folder = sites[site]
    pages = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html"))
    assert len(pages) >= 5
    shown: set[str] = set()
    with serve(folder) as base:
        for name in pages:
            browser.get(base + name)
            assert ran(browser) is None, f"{site}/{name}: a payload ran ({ran(browser)})"
            text = browser.js("return document.documentElement.innerText + ' ' + document.title")
            shown |= {k for k in KINDS if f"{MARK}{k}<img src=x onerror=" in text}
    # the payloads reached the pages, as text: otherwise the check above proves nothing
    # (no page shows a ground's label; the staff site shows the documents, not the public notices)
    expected = set(KINDS) - {"groundlabel"} - ({"groundtext"} if site == "internal" else set())
    assert expected <= shown, f"payloads never shown on the {site} site: {expected - shown}"


@pytest.mark.parametrize("site", ["public", "internal"])
def test_search_shows_payloads_as_text(browser, sites, site):
    with serve(sites[site]) as base:
        found = {}
        for kind in KINDS:
            titles = search(browser, base, f"{MARK}{kind}")
            assert ran(browser) is None, f"search for {kind} ran a payload"
            found[kind] = titles
        for query in ("onerror", "<img src=x onerror=", payload("doctitle"), MARK, "script"):
            search(browser, base, query)
            assert ran(browser) is None, f"search for {query!r} ran a payload"
        # the payloads' pages were found, titles with their markup shown as text
        assert all(found[k] for k in ("doctitle", "sectiontitle", "text", "term", "alias", "summary")), found
        assert any("<img src=x onerror=" in t for t in found["doctitle"])
        snippets = browser.js("return [...document.querySelectorAll('#search-results p.context')]"
                              ".map(p => p.textContent).join(' ')")
        assert "onerror=\"window.__xss=" in snippets and "<script>" in snippets


def section_title_query(site: Path) -> str:
    """The section title holding a payload, as searchindex.js lists it (Sphinx escapes page
    titles there since 8.2, but not section titles)."""
    raw = (site / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(raw[raw.index("(") + 1: raw.rindex(")")])
    return next(t for t in index["alltitles"] if f"{MARK}sectiontitle" in t)


def test_section_title_is_text_in_our_search(browser, sites):
    with serve(sites["public"]) as base:
        titles = search(browser, base, section_title_query(sites["public"]))
        assert ran(browser) is None
        assert any("<img src=x onerror=" in t for t in titles), titles


def test_stock_sphinx_search_runs_a_title(browser, sites):
    """The positive control: the same public pages with Sphinx's own search run the payload."""
    with serve(sites["stock"]) as base:
        browser.get(base + "search.html?q=" + urllib.parse.quote(section_title_query(sites["stock"])))
        browser.wait(searchset.FINISHED)
        assert ran(browser) == "sectiontitle"
