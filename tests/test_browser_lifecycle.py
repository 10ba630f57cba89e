"""The life cycle as readers meet it, in Debian's headless chromium: a citizen sees the text in force
with the announcement of the adopted revision and follows it to its 新旧対照表; a member of staff sees
a draft with its 「案」 banner and follows it to the committee's review page."""

from __future__ import annotations

import pytest
from test_asof import BEFORE, NEW, OLD, _source
from webdriver import Browser, serve

from toolkit.cli import main

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _visible_text(browser: Browser, css: str) -> str:
    """The rendered text of the first element matching ``css``; '' when it is absent or not displayed."""
    return browser.js("const e = document.querySelector(arguments[0]);"
                      "return e && e.offsetHeight > 0 ? e.innerText : '';", css)


def test_citizen_sees_the_text_in_force_and_the_announcement(browser, tmp_path, capsys):
    src = _source(tmp_path / "a", adopt=True)
    site = tmp_path / "public"
    assert main(["--src", str(src), "publish", "--as-of", BEFORE.isoformat(), "--out", str(site),
                 "--work", str(tmp_path / "w")]) == 0
    with serve(site) as base:
        browser.size(1280, 900)
        browser.get(base + "basic-policy/index.html")
        notice = _visible_text(browser, ".announced-revision")
        assert "令和9年4月1日から施行されます" in notice
        body = browser.js("return document.querySelector('div.body').innerText")
        assert OLD in body.replace("\n", "") and NEW not in body.replace("\n", "")
        browser.click(browser.find('.announced-revision a[href$="diff/basic-policy-r8-r9.html"]'))
        browser.wait("return location.pathname.endsWith('diff/basic-policy-r8-r9.html')")
        table = browser.js("return document.querySelector('table.pdiff-table').innerText").replace("\n", "")
        assert "規定を整備した上で" in table


def test_staff_see_the_draft_banner_and_reach_the_review(browser, tmp_path, capsys):
    src = _source(tmp_path / "d", adopt=False)
    site = tmp_path / "staff"
    assert main(["--src", str(src), "publish", "--internal", "--out", str(site), "--work", str(tmp_path / "w")]) == 0
    with serve(site) as base:
        browser.size(1280, 900)
        browser.get(base + "basic-policy/r9.html")
        banner = _visible_text(browser, ".draft-revision")
        assert banner.startswith("案") and "未採択の改定案" in banner
        browser.click(browser.find('.draft-revision a[href$="review/basic-policy-r9.html"]'))
        browser.wait("return location.pathname.endsWith('review/basic-policy-r9.html')")
        page = browser.js("return document.querySelector('div.body').innerText")
        assert "改正理由" in page and "（改正理由が未記入）" in page
