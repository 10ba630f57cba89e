"""Benchmark: search quality, the toolkit's search against Sphinx's stock search.

Builds the public and the staff site from the test fixture source (with the test
variants file), each twice from the same generated pages — with the toolkit's search
and with Sphinx's own Japanese search (the theme without the search fix) — then types
every query of ``tests/search_queries.yaml`` into the search box of each site in
headless chromium and prints precision@1 at page level (the first result is on the page a
reader wants, or nothing where nothing must be found) and at clause level (it links to the
clause a reader wants: the section or numbered item holding the words), and the number of
false hits (result pages that hold neither the query's words nor are judged acceptable for it).
Target (issue 23): clause-level precision@1 of the toolkit's search ≥ 0.95.

Run: ``make bench`` or ``.venv/bin/python bench/bench_search.py [--show]`` (needs chromium
and chromium-driver, as the browser tests).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import searchset  # noqa: E402
from conftest import SRC  # noqa: E402
from webdriver import chromium_session, serve  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="list every query whose first result is wrong")
    parser.add_argument("--no-stock", action="store_true", help="skip the comparison with Sphinx's stock search")
    args = parser.parse_args()
    queries = searchset.load_queries()
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        sites = searchset.build_sites(Path(tmp), SRC)
        if not args.no_stock:
            sites.update({f"{site}-stock": searchset.build_stock(Path(tmp), site) for site in searchset.SITES})
        reports: dict[tuple[str, str], searchset.Report] = {}
        with chromium_session("the bench types the queries into the search page") as browser:
            for site in searchset.SITES:
                subset = [q for q in queries if q.site == site]
                kinds = [("toolkit", sites[site])] + ([] if args.no_stock else [("stock", sites[f"{site}-stock"])])
                for kind, folder in kinds:
                    with serve(folder) as base:
                        reports[site, kind] = searchset.score(searchset.run(browser, base, subset), folder)
    print(f"search quality on {len(queries)} queries ({sum(q.first is None for q in queries)} must find nothing), "
          f"source {SRC.relative_to(ROOT) if SRC.is_relative_to(ROOT) else SRC}")
    print(f"{'site':8} {'search':8} {'queries':>7} {'P@1 page':>9} {'P@1 clause':>11} {'false hits':>11}")
    totals: dict[str, list[int]] = {}
    for (site, kind), r in reports.items():
        print(f"{site:8} {kind:8} {r.queries:7d} {r.precision_at_1:9.2f} {r.clause_precision_at_1:11.2f} "
              f"{r.false_hits:11d}")
        t = totals.setdefault(kind, [0, 0, 0, 0])
        t[0] += r.queries
        t[1] += r.correct_first
        t[2] += r.correct_clause
        t[3] += r.false_hits
    for kind, (n, correct, clause, false) in totals.items():
        print(f"{'all':8} {kind:8} {n:7d} {correct / n:9.2f} {clause / n:11.2f} {false:11d}")
    if args.show:
        for (site, kind), r in reports.items():
            for q, found in r.wrong_clause:
                print(f"  {site}/{kind}: {q.text!r} → {found} (expected {q.target or 'nothing'})")
            for q, page in r.false:
                print(f"  {site}/{kind}: false hit {q.text!r} → {page}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
