"""Issue 23, 「Staff pages and print」: a staff page printed from chromium (DevTools
Page.printToPDF through the webdriver) carries its classification on every printed page, and a
draft 【案】 on every page; staff page titles carry 【庁内】.  Each page's text is read with pdftotext."""

from __future__ import annotations

import base64
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import require
from lxml import html as lhtml
from test_asof import _source
from webdriver import Browser, chromium_session, serve

from toolkit.cli import main

pytestmark = [pytest.mark.browser, pytest.mark.poppler]

MARK = "庁内限り"


@pytest.fixture(scope="module")
def staff_site(tmp_path_factory) -> Path:
    """The staff site of the fixture with a draft r9 of the basic policy (and its review page)."""
    tmp = tmp_path_factory.mktemp("print")
    src = _source(tmp / "src", adopt=False)
    assert main(["--src", str(src), "publish", "--internal", "--out", str(tmp / "staff"), "--work", str(tmp / "w")]) == 0
    return tmp / "staff"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium_session("staff pages are printed to PDF in chromium") as b:
        yield b


def printed_pages(browser: Browser, base: str, page: str, out: Path) -> list[str]:
    """Print ``page`` as chromium does (A4 from the page's CSS) and read back each page's text."""
    browser.get(base + page)
    browser.wait("return document.readyState === 'complete'")
    pdf = browser.cmd("POST", "/goog/cdp/execute", {"cmd": "Page.printToPDF",
                                                    "params": {"preferCSSPageSize": True, "printBackground": False}})
    out.write_bytes(base64.b64decode(pdf["data"]))
    pdftotext = require("pdftotext", "each printed page's text is read with poppler's pdftotext")
    text = subprocess.run([pdftotext, "-layout", str(out), "-"], check=True, capture_output=True).stdout.decode()
    return [p for p in text.split("\f") if p.strip()]


def test_every_printed_page_of_a_staff_page_carries_the_classification(browser, staff_site, tmp_path):
    with serve(staff_site) as base:
        pages = printed_pages(browser, base, "standards/index.html", tmp_path / "standards.pdf")
    assert len(pages) >= 3, "the check needs a page that prints on several pages"
    for n, text in enumerate(pages, 1):
        assert MARK in text, f"printed page {n} of {len(pages)} has no {MARK}"
        assert re.search(rf"ページ\s*{n} / {len(pages)}", text), n
        assert "【案】" not in text  # the text in force is no draft


@pytest.mark.parametrize("page", ["basic-policy/r9.html", "review/basic-policy-r9.html"])
def test_every_printed_page_of_a_draft_says_案(browser, staff_site, tmp_path, page):
    with serve(staff_site) as base:
        pages = printed_pages(browser, base, page, tmp_path / "draft.pdf")
    assert len(pages) >= 2, "the check needs a draft that prints on several pages"
    for n, text in enumerate(pages, 1):
        assert "【案】" in text and MARK in text, f"{page}: printed page {n} of {len(pages)}"


def test_staff_titles_say_庁内_and_public_titles_do_not(staff_site, tmp_path):
    pages = [p for p in staff_site.rglob("*.html") if "_static" not in p.parts]
    assert len(pages) >= 8
    for p in pages:
        title = lhtml.fromstring(p.read_bytes()).findtext(".//title")
        assert title.startswith("【庁内】"), (p, title)
    from conftest import SRC

    public = tmp_path / "public"
    assert main(["--src", str(SRC), "publish", "--out", str(public), "--work", str(tmp_path / "w")]) == 0
    for p in public.rglob("*.html"):
        assert "【庁内】" not in (lhtml.fromstring(p.read_bytes()).findtext(".//title") or ""), p
