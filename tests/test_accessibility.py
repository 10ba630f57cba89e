"""Accessibility (JIS X 8341-3:2016 / WCAG 2.x AA) of both sites, as chromium renders them.

Both sites are built by the ``policy publish`` command a user runs (public, and
``--internal`` for staff: 新旧対照表 pages, self-check quiz, 庁内限り banner), then axe-core
(vendored, see tests/axe.py) checks every HTML page at 375 and 1280 px: no violation of any
rule axe enables, best practices included.  Further checks cover what axe cannot see:
the skip link works from the keyboard, the focus ring contrasts with every background it
sits on, text follows the browser's font size, and the head is valid.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from axe import AXE_URL, WIDTHS, audit_site, axe_violations, html_pages, report, run_axe
from conftest import ROOT, SRC, run_cli
from webdriver import chromium_session, serve


@pytest.fixture(scope="module")
def a11y_sites(tmp_path_factory) -> dict[str, Path]:
    """The public and the staff site, built by the CLI from the test source."""
    root = tmp_path_factory.mktemp("a11y")
    env = {"SOURCE_DATE_EPOCH": "1775001600"}  # 2026-04-01: a fixed build date
    sites = {}
    for name, extra in (("public", []), ("internal", ["--internal"])):
        run = run_cli("--src", str(SRC), "publish", *extra, "--out", str(root / name),
                      "--work", str(root / f"work-{name}"), cwd=ROOT, env=env)
        assert run.returncode == 0, run.stdout + run.stderr
        sites[name] = root / name
    return sites


@pytest.mark.browser
@pytest.mark.parametrize("site", ["public", "internal"])
def test_every_page_passes_axe_at_phone_and_desktop_width(browser, a11y_sites, site):
    pages = html_pages(a11y_sites[site])
    assert "index.html" in pages and "search.html" in pages and len(pages) >= 5
    with serve(a11y_sites[site]) as base:
        failures = audit_site(browser, base, pages)
    assert not failures, f"axe violations on the {site} site:\n{report(failures)}"


@pytest.mark.browser
def test_axe_runs_best_practice_rules_and_catches_a_broken_page(browser, tmp_path):
    """The check can fail: a page without landmarks, skip link or alt text is reported."""
    (tmp_path / "bad.html").write_text(
        '<!doctype html><html><head><title>x</title></head><body>'
        '<div>庁内限り</div><img src="x.png"><h3>見出し</h3></body></html>', encoding="utf-8")
    with serve(tmp_path) as base:
        browser.size(1280, 900)
        browser.get(base + "bad.html")
        found = {v["id"] for v in axe_violations(browser)}
    assert {"image-alt", "html-has-lang", "region", "landmark-one-main", "page-has-heading-one"} <= found, found


@pytest.mark.browser
def test_axe_comes_by_url_from_the_pages_server_and_as_source_elsewhere(browser, tmp_path):
    (tmp_path / "p.html").write_text('<!doctype html><html lang="ja"><head><title>x</title></head>'
                                     '<body><main><h1>見出し</h1></main></body></html>', encoding="utf-8")
    with serve(tmp_path) as base:
        browser.get(base + "p.html")
        assert run_axe(browser)["rules"]
        assert browser.js("return performance.getEntriesByType('resource')"
                          ".filter(e => e.name.endsWith(arguments[0])).map(e => e.responseStatus)", AXE_URL) == [200]
        assert browser.js("return document.scripts.length") == 0  # the loader's element is gone: axe audits the page
    browser.get("data:text/html;charset=utf-8,<title>x</title><p>x</p>")  # no server of ours: the source is sent
    assert "html-has-lang" in {v["id"] for v in run_axe(browser)["violations"]}


@pytest.mark.browser
def test_widths_are_real_viewport_widths(browser, a11y_sites):
    with serve(a11y_sites["public"]) as base:
        for width in WIDTHS:
            browser.size(width, 900)
            browser.get(base + "index.html")
            assert browser.js("return window.innerWidth") == width


# ------------------------------------------------------------ beyond axe


@pytest.mark.browser
def test_skip_link_is_first_and_moves_focus_to_the_main_text(browser, a11y_sites):
    with serve(a11y_sites["internal"]) as base:
        browser.size(1280, 900)
        browser.get(base + "basic-policy/index.html")
        first = browser.js("return document.querySelector('body a[href]')")
        assert browser.js("return arguments[0].textContent.trim()", first) == "本文へ移動"
        browser.cmd("POST", "/actions", {"actions": [{"type": "key", "id": "kb", "actions": [
            {"type": "keyDown", "value": "\ue004"}, {"type": "keyUp", "value": "\ue004"}]}]})
        assert browser.js("return document.activeElement.textContent.trim()") == "本文へ移動"
        # visible when focused (not left clipped to 1 px)
        assert browser.js("return document.activeElement.getBoundingClientRect().width") > 40
        browser.cmd("POST", "/actions", {"actions": [{"type": "key", "id": "kb", "actions": [
            {"type": "keyDown", "value": "\ue007"}, {"type": "keyUp", "value": "\ue007"}]}]})
        browser.wait("return location.hash === '#main'")
        assert browser.js("return document.activeElement.id") == "main"
        assert browser.js("return document.activeElement.getAttribute('role')") == "main"


@pytest.mark.browser
def test_banner_is_a_landmark_of_its_own_on_every_internal_page(browser, a11y_sites):
    """庁内限り: a named region (so a screen reader lists it and axe's region rule holds),
    read first, and still at the top of the window after scrolling."""
    pages = html_pages(a11y_sites["internal"])
    with serve(a11y_sites["internal"]) as base:
        browser.size(1280, 900)
        for page in pages:
            browser.get(base + page)
            banner = browser.js("const b = document.querySelector('.classification-banner');"
                                "return b && {tag: b.tagName, name: b.getAttribute('aria-label'), text: b.innerText,"
                                "first: b === document.querySelector('body > :not(.skip-link)')}")
            assert banner == {"tag": "SECTION", "name": "取扱区分", "text": banner["text"], "first": True}, page
            assert banner["text"].startswith("庁内限り"), page
        browser.get(base + "basic-policy/index.html")
        browser.js("window.scrollTo(0, 2000)")
        assert browser.js("return document.querySelector('.classification-banner').getBoundingClientRect().top") == 0


def _contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    def lum(rgb: tuple[float, ...]) -> float:
        c = [x / 255 for x in rgb[:3]]
        c = [x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# The background under an element: the first opaque background colour up its ancestors.
_FOCUS_PROBE = """
function rgb(s) { const m = s.match(/[\\d.]+/g); return m ? m.map(Number) : null; }
function bg(el) {
  for (let e = el; e; e = e.parentElement) {
    const c = rgb(getComputedStyle(e).backgroundColor);
    if (c && (c.length < 4 || c[3] > 0.99)) return c;
  }
  return [255, 255, 255];
}
const out = [];
const els = [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])')]
  .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden');
for (const el of els) {
  el.focus({preventScroll: true});
  if (document.activeElement !== el) continue;
  const s = getComputedStyle(el);
  const ring = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 ? rgb(s.outlineColor) : null;
  // the ring sits outside the element (outline-offset): it is seen against the parent's background
  out.push({what: el.outerHTML.slice(0, 80), ring: ring, width: parseFloat(s.outlineWidth),
            behind: bg(el.parentElement), own: bg(el)});
  el.blur();
}
return out;
"""


@pytest.mark.browser
def test_focus_ring_contrasts_with_every_background(browser, a11y_sites):
    """WCAG 2.4.11/1.4.11: every focusable thing shows a ring of ≥ 2 px and ≥ 3:1 against what
    surrounds it (the parent's background), on every page of both sites, phone and desktop."""
    bad, seen = [], 0
    for site in ("public", "internal"):
        with serve(a11y_sites[site]) as base:
            for width in WIDTHS:
                browser.size(width, 900)
                for page in html_pages(a11y_sites[site]):
                    # keyboard focus (focus-visible) as a keyboard user has it
                    browser.get(base + page)
                    browser.cmd("POST", "/actions", {"actions": [{"type": "key", "id": "kb", "actions": [
                        {"type": "keyDown", "value": "\ue004"}, {"type": "keyUp", "value": "\ue004"}]}]})
                    for f in browser.js(_FOCUS_PROBE):
                        seen += 1
                        if f["ring"] is None:
                            bad.append(f"{site}/{page} @{width}: no focus ring on {f['what']}")
                        elif _contrast(f["ring"], f["behind"]) < 3:
                            bad.append(f"{site}/{page} @{width}: ring {f['ring']} on {f['behind']} "
                                       f"= {_contrast(f['ring'], f['behind']):.2f}:1 for {f['what']}")
    assert seen > 50
    assert not bad, "\n".join(dict.fromkeys(bad))


def test_text_follows_the_browsers_font_size(a11y_sites):
    """No font size in px in the site's CSS: rem/em/% scale with the reader's setting."""
    css = (a11y_sites["public"] / "_static" / "site.css").read_text(encoding="utf-8")
    sizes = re.findall(r"font-size\s*:\s*([^;}]+)", css)
    assert sizes
    fixed = [s for s in sizes if re.search(r"\d\s*px", s)]
    assert not fixed, fixed


@pytest.mark.browser
def test_text_grows_with_the_browser_default_font_size(a11y_sites):
    """The same page with chromium's default font size at 24 px: body text is 1.5× larger."""
    sizes = {}
    for default in (16, 24):
        with chromium_session("font-size check", prefs={"webkit.webprefs.default_font_size": default}) as b, \
                serve(a11y_sites["public"]) as base:
            b.size(1280, 900)
            b.get(base + "basic-policy/index.html")
            # the body and a clause's text (a paragraph inside a numbered section)
            sizes[default] = b.js("return [document.body, document.querySelector('div.body section section > p')]"
                                  ".map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert sizes[24] == pytest.approx([x * 1.5 for x in sizes[16]], rel=0.02), sizes


def test_head_is_valid(a11y_sites):
    """One viewport meta, one charset, one title, and no <style> inside <body>."""
    for site in ("public", "internal"):
        for page in html_pages(a11y_sites[site]):
            html = (a11y_sites[site] / page).read_text(encoding="utf-8")
            head, _, body = html.partition("</head>")
            where = f"{site}/{page}"
            assert len(re.findall(r'<meta[^>]+name="viewport"', html)) == 1, where
            assert len(re.findall(r"<meta[^>]+charset", head, re.I)) == 1, where
            assert len(re.findall(r"<title>", head)) == 1, where
            assert "<style" not in body, where
            assert '<html lang="ja"' in html, where


@pytest.mark.browser
def test_search_result_count_is_announced_in_a_status_region(browser, a11y_sites):
    """The count reaches screen readers through exactly one live region (role=status),
    which says what the visible summary says (two regions would announce it twice)."""
    import urllib.parse

    with serve(a11y_sites["public"]) as base:
        browser.size(1280, 900)
        for query, found in (("情報資産", True), ("zzzzqqqq", False)):
            browser.get(base + "search.html?q=" + urllib.parse.quote(query))
            browser.wait("const s = document.querySelector('#search-results .search-summary');"
                         "return s && s.textContent.trim().length > 0")
            regions = browser.wait(
                "const r = [...document.querySelectorAll('[role=status], [aria-live]')]"
                ".filter(e => e.getAttribute('aria-live') !== 'off');"
                "return r.some(e => e.textContent.trim()) && r.map(e => e.textContent.trim())")
            summary = browser.js("return document.querySelector('#search-results .search-summary').textContent.trim()")
            assert [t for t in regions if t] == [summary], regions
            assert bool(re.search(r"\d", summary)) == found, summary
