"""axe-core in the real chromium: a reusable accessibility check for any page a test serves.

    from axe import audit_site, axe_violations, describe
    with chromium_session("…") as browser, serve(site) as base:
        browser.get(base + "index.html")
        assert axe_violations(browser) == [], describe(axe_violations(browser))

``axe_violations`` runs every rule axe enables by default — WCAG 2.0/2.1/2.2 A and AA
and the ``best-practice`` rules (``region``, ``landmark-one-main``, ``heading-order`` …) —
and returns the violations as axe reports them.  ``audit_site`` opens every HTML page of a
built site at each width and collects the violations per page.

axe-core is vendored (tests/vendor/axe-core/, MPL-2.0): the suite needs no network and
every run uses the same rules.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from webdriver import Browser, serve_also

AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
AXE_VERSION = "4.14.1"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
WIDTHS = (375, 1280)  # a phone and a desktop, CSS pixels

# Rules axe ships disabled (experimental) or that judge what no page can control are not
# added; everything axe enables by default runs, best practices included.
_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations']}).then(
  r => done(JSON.stringify({version: axe.version, violations: r.violations,
                            rules: r.passes.concat(r.violations, r.incomplete, r.inapplicable).map(x => x.id)})),
  e => done(JSON.stringify({error: String(e)})));
"""


@functools.cache
def _source() -> str:
    """The vendored axe-core, read and its hash checked once per process."""
    data = AXE_JS.read_bytes()
    if hashlib.sha256(data).hexdigest() != AXE_SHA256:
        raise RuntimeError(f"{AXE_JS} is not the vendored axe-core {AXE_VERSION} (hash differs); see its README")
    return data.decode("utf-8")


# axe by URL from the page's own server (webdriver.serve): chromium caches it and its compiled code,
# where the source sent with each page (half a megabyte) was parsed again for every page opened.
AXE_URL = "/__tests__/axe-core/axe.min.js"
_LOAD = """
const done = arguments[arguments.length - 1];
if (location.protocol !== 'http:') { done(false); } else {
  const s = document.createElement('script');
  s.src = new URL(arguments[0], location.origin).href;
  s.onload = () => { s.remove(); done(typeof window.axe === 'object'); };
  s.onerror = () => { s.remove(); done(false); };
  (document.head || document.documentElement).appendChild(s);
}
"""
serve_also(AXE_URL, AXE_JS)


def run_axe(browser: Browser) -> dict:
    """Inject axe into the open page (once per page load) and run it: ``{version, violations, rules}``."""
    if not browser.js("return typeof window.axe === 'object'"):
        _source()  # the vendored file, as its hash says, whichever way it is loaded
        loaded = browser.cmd("POST", "/execute/async", {"script": _LOAD, "args": [AXE_URL]})
        if not loaded:  # a page of another server, or a file: the source itself
            browser.js(_source() + "\nreturn true;")
    result = json.loads(browser.cmd("POST", "/execute/async", {"script": _RUN, "args": []}))
    if "error" in result:
        raise RuntimeError(f"axe-core failed on {browser.url}: {result['error']}")
    return result


def axe_violations(browser: Browser) -> list[dict]:
    """The violations axe finds on the open page (empty when it passes)."""
    return run_axe(browser)["violations"]


def describe(violations: Iterable[dict], limit: int = 3) -> str:
    """Violations as readable lines: rule, impact, help, and the first few offending elements."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v.get('impact')}, {', '.join(t for t in v.get('tags', []) if t.startswith(('wcag', 'best')))}): "
                     f"{v['help']}")
        for node in v.get("nodes", [])[:limit]:
            lines.append(f"    {' '.join(map(str, node.get('target', [])))}: {node.get('failureSummary', '').strip()}"
                         .replace("\n", " "))
        if len(v.get("nodes", [])) > limit:
            lines.append(f"    … and {len(v['nodes']) - limit} more")
    return "\n".join(lines)


def html_pages(site: Path) -> list[str]:
    """Every HTML page of a built site, as paths relative to its root (sorted)."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if "_static" not in p.relative_to(site).parts)


def audit_site(browser: Browser, base: str, pages: Sequence[str],
               widths: Sequence[int] = WIDTHS) -> dict[str, list[dict]]:
    """Open each page at each width; ``{"page @ width": violations}`` for pages that have any."""
    failures: dict[str, list[dict]] = {}
    for width in widths:
        browser.size(width, 900)
        for page in pages:
            browser.get(base + page)
            found = axe_violations(browser)
            if found:
                failures[f"{page} @ {width}px"] = found
    return failures


def report(failures: dict[str, list[dict]]) -> str:
    return "\n".join(f"{where}:\n{describe(v)}" for where, v in failures.items())
