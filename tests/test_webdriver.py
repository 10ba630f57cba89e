"""The tests' WebDriver client: Browser.wait polls inside the page and keeps the rules of a
poll from Python (a value true as Python reads it, errors raised, a navigation followed)."""

from __future__ import annotations

import time

import pytest
from webdriver import WebDriverError, serve

pytestmark = pytest.mark.browser

PAGE = ("<!doctype html><html lang='ja'><head><title>{0}</title></head><body><p>{0}</p>"
        "<script>{1}</script></body></html>")


def _pages(folder, **scripts: str) -> None:
    for name, script in scripts.items():
        (folder / f"{name}.html").write_text(PAGE.format(name, script), encoding="utf-8")


def test_wait_returns_the_value_soon_after_it_turns_true(browser, tmp_path):
    _pages(tmp_path, a="setTimeout(() => { window.ready = {n: 2}; }, 300)")
    with serve(tmp_path) as base:
        browser.get(base + "a.html")
        start = time.monotonic()
        assert browser.wait("return window.ready") == {"n": 2}
        assert time.monotonic() - start >= 0.25


def test_an_empty_list_or_object_is_not_true_as_in_python(browser, tmp_path):
    _pages(tmp_path, a="window.none = []; window.empty = {}; setTimeout(() => { window.none = [7]; }, 300)")
    with serve(tmp_path) as base:
        browser.get(base + "a.html")
        with pytest.raises(TimeoutError):
            browser.wait("return window.empty", timeout=0.5)
        assert browser.wait("return window.none") == [7]


def test_a_check_that_throws_is_an_error_not_a_wait(browser, tmp_path):
    _pages(tmp_path, a="")
    with serve(tmp_path) as base:
        browser.get(base + "a.html")
        start = time.monotonic()
        with pytest.raises(WebDriverError, match="nothing"):
            browser.wait("return window.nothing.here", timeout=10)
        assert time.monotonic() - start < 5


def test_a_navigation_during_the_wait_is_followed_to_the_next_page(browser, tmp_path):
    _pages(tmp_path, a="setTimeout(() => { location.href = 'b.html'; }, 200)",
           b="setTimeout(() => { window.ready = 'b'; }, 200)")
    with serve(tmp_path) as base:
        browser.get(base + "a.html")
        assert browser.wait("return location.pathname.endsWith('b.html') && window.ready") == "b"
