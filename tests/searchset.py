"""The search query set (tests/search_queries.yaml) run in chromium: shared by the browser
test (tests/test_search_queries.py) and the bench (bench/bench_search.py).

* :func:`build_sites` publishes the public and the staff site from a copy of a fixture
  source (with the fixture variants) with the real CLI, and builds each again with
  Sphinx's stock search (the same generated pages, the theme without the search fix);
* :func:`run` types each query into the header search box of the top page and reads the
  result links off the search page;
* :func:`score` counts first results as expected — precision@1 at page level (the first
  result is on the target's page) and at clause level (it is the target clause) — and false hits.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from lxml import html as lhtml
from ruamel.yaml import YAML

HERE = Path(__file__).resolve().parent
QUERIES = HERE / "search_queries.yaml"
VARIANTS = HERE / "fixtures" / "search" / "search-variants.yaml"
SITES = {"public": "public", "staff": "staff"}  # query-set section → audience


@dataclass(frozen=True)
class Query:
    site: str  # "public" or "staff"
    text: str
    target: str | None  # "page#anchor" (a clause) or "page"; None: nothing must be found
    also: tuple[str, ...] = ()  # other acceptable pages, or clauses ("page#anchor")

    @property
    def first(self) -> str | None:
        """The target's page."""
        return page_of(self.target) if self.target else None

    def right_clause(self, result: str | None) -> bool:
        if self.target is None or result is None:
            return result == self.target
        if "#" not in self.target:  # a page as a whole: any place on it
            return page_of(result) == self.target
        return result == self.target or result in self.also

    @property
    def acceptable_pages(self) -> set[str]:
        return {page_of(p) for p in self.also}


def page_of(result: str) -> str:
    return result.split("#", 1)[0]


def load_queries(path: Path = QUERIES) -> list[Query]:
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    out = []
    for site, entries in data.items():
        for entry in entries:
            text, first, *rest = entry
            out.append(Query(site, str(text), None if first == "-" else first, tuple(rest[0]) if rest else ()))
    return out


def _build(src: Path, audience: str, out: Path, work: Path) -> None:
    """The site as users get it: ``policy publish`` (downloads, 新旧対照表, leak check …)."""
    where = ["--out", str(out), "--work", str(work)]
    args = ["publish", *where] if audience == "public" else ["publish", "--internal", "--audience", audience, *where]
    from conftest import run_cli

    run = run_cli("--src", str(src), *args)
    assert run.returncode == 0, run.stdout + run.stderr


def _build_stock(work: Path, root: Path, name: str) -> Path:
    """The same generated sources with Sphinx's own Japanese search (theme only)."""
    from toolkit.render.site.build import publish_copy

    src = root / f"{name}-stock-src"
    shutil.copytree(work / "src", src)
    conf = src / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8").replace(
        "'toolkit.render.site.ext'", "'toolkit.render.site.theme'"), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-d", str(root / f"{name}-stock-doctrees"),
                    str(src), str(root / f"{name}-stock-html")], check=True)
    out = root / f"{name}-stock"
    publish_copy(root / f"{name}-stock-html", out)
    return out


def build_sites(root: Path, source: Path) -> dict[str, Path]:
    """{"public": …, "staff": …} built under ``root`` (their Sphinx sources in ``root/NAME-work``)."""
    src = root / "policy_src"
    shutil.copytree(source, src)
    shutil.copyfile(VARIANTS, src / "search-variants.yaml")
    sites = {}
    for name, audience in SITES.items():
        _build(src, audience, root / name, root / f"{name}-work")
        sites[name] = root / name
    return sites


def build_stock(root: Path, name: str) -> Path:
    """Site ``name`` of :func:`build_sites` under ``root``, rebuilt with Sphinx's stock search."""
    return _build_stock(root / f"{name}-work", root, name)


# The search page has its results: ours fills the status line; Sphinx's stock search stops its
# pulse (its Japanese catalogue leaves the summary message empty).
FINISHED = ("const s = document.querySelector('#search-results .search-summary');"
            "return location.pathname.endsWith('search.html') && s !== null && (s.textContent.length > 0 ||"
            " (Search._pulse_status === -1 && document.querySelector('#search-results h2') !== null))")


# the result page as search() reads it: its address, the results in order, the near form shown
RESULTS = ("const near = document.querySelector('#search-results p.search-note a[href^=\"?q=\"]');"
           "return {url: location.href, shown_for: near ? near.textContent : null,"
           " results: [...document.querySelectorAll('#search-results ul.search li > a')]"
           ".map(a => { const u = new URL(a.href); return decodeURI(u.pathname).replace(/^\\//, '')"
           " + decodeURIComponent(u.hash); })}")


class Found(list):
    """The results of one query, in order; ``shown_for``: the near form (「もしかして」) whose
    results are shown because the query itself found nothing, if any."""

    shown_for: str | None = None


def search(browser, base: str, query: str) -> Found:
    """Type ``query`` as a reader does: into the header search box of the top page, or, when the
    browser shows a result page of this site already, into that page's own box (refining a
    query: one page load, not two); the results in order, each as ``page#anchor`` (``page``
    when it links to a page as a whole)."""
    # the mark is gone once the result page replaces this one
    on_results = browser.js("window.__left = true; return location.href.startsWith(arguments[0])"
                            " && !!document.querySelector('#search-q')", base + "search.html")
    if on_results:
        box, button = browser.find("#search-q"), "#search-form button[type=submit]"
        browser.clear(box)
    else:
        browser.get(base + "index.html")
        browser.js("window.__left = true")
        box, button = browser.find("#site-search-q"), ".site-search button[type=submit]"
    browser.type(box, query)
    browser.click(browser.find(button))
    try:
        browser.wait("if (window.__left) return false; " + FINISHED, timeout=60)
    except TimeoutError:
        raise TimeoutError(f"no search results for {query!r} at {browser.url}") from None
    shown = browser.js(RESULTS)
    typed = urllib.parse.parse_qs(urllib.parse.urlparse(shown["url"]).query)["q"]
    assert typed == [query], (typed, query)
    found = Found(shown["results"])
    found.shown_for = shown["shown_for"]
    return found


def run(browser, base: str, queries: list[Query]) -> dict[Query, list[str]]:
    return {q: search(browser, base, q.text) for q in queries}


def page_text(site: Path, page: str) -> str:
    doc = lhtml.fromstring((site / page).read_bytes())
    main = doc.xpath('//*[@role="main"]')
    return (main[0] if main else doc).text_content()


@dataclass
class Report:
    queries: int = 0
    correct_first: int = 0  # page level
    correct_clause: int = 0  # clause level
    false_hits: int = 0
    wrong: list[tuple[Query, list[str]]] = field(default_factory=list)  # first result on the wrong page
    wrong_clause: list[tuple[Query, list[str]]] = field(default_factory=list)  # … or the wrong clause
    false: list[tuple[Query, str]] = field(default_factory=list)

    @property
    def precision_at_1(self) -> float:
        return self.correct_first / self.queries if self.queries else 0.0

    @property
    def clause_precision_at_1(self) -> float:
        return self.correct_clause / self.queries if self.queries else 0.0


def score(results: dict[Query, list[str]], site: Path) -> Report:
    """Precision@1 and false hits of ``results`` (pages per query) against the query set."""
    from toolkit.errors import Problems
    from toolkit.render.site.search import Variants, normalise
    from toolkit.source.variants import load_variants

    variants = Variants(load_variants(VARIANTS.parent, Problems()))
    texts: dict[str, str] = {}
    report = Report()
    for q, found in results.items():
        report.queries += 1
        first = found[0] if found else None
        if (page_of(first) if first else None) == q.first:
            report.correct_first += 1
        else:
            report.wrong.append((q, found[:3]))
        if q.right_clause(first):
            report.correct_clause += 1
        else:
            report.wrong_clause.append((q, found[:3]))
        shown = getattr(found, "shown_for", None) or q.text  # a near form's results hold the near form
        words = [normalise(w, variants) for w in shown.split()]
        for page in dict.fromkeys(page_of(r) for r in found):
            if page == q.first or page in q.acceptable_pages:
                continue
            if page not in texts:
                texts[page] = normalise(page_text(site, page), variants)
            if not all(w in texts[page] for w in words):
                report.false_hits += 1
                report.false.append((q, page))
    return report
