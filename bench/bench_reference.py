"""Benchmark: a guideline-sized reference document (issue 24) in coverage and on the staff site.

Generates (fixed seed) a reference of ``--chapters`` chapters × ``--sections`` sections, each with items
and sub-items to four levels (the guideline's depth; ~3,000 nodes and ~300k characters by default, the
size of its hundreds of pages), in two editions (a few sections reworded, removed, moved), and a city
document of ``--clauses`` clauses each following one or two sections.  Then times, in this process:

* baseline: ``compare`` of the two editions (the 新旧対照表 engine, see bench_diff.py);
* ``coverage`` (per-chapter counts, suggestions by TF-IDF for the clauses that follow nothing,
  their top-1 accuracy on the linked ones);
* ``edition_changes`` (the review list of the new edition);
* the staff site's reference page (``reference_html.fragment``).

Prints each (best of ``--repeat``) and its ratio to the baseline.
Run: ``make bench`` or ``.venv/bin/python bench/bench_reference.py [--chapters N] [--sections N] [--repeat N]``.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit.coverage import coverage  # noqa: E402
from toolkit.coverage.changes import edition_changes  # noqa: E402
from toolkit.diff import compare  # noqa: E402
from toolkit.model import Audience, Classification, Document, Node, PolicySet, Revision, number_tree  # noqa: E402
from toolkit.render import reference_html  # noqa: E402
from toolkit.view.reference import Reference  # noqa: E402

WORDS = ("情報資産", "職員等", "管理者", "情報システム", "ネットワーク", "記録媒体", "アクセス権限", "利用者ID",
         "パスワード", "バックアップ", "ログ", "外部委託", "クラウドサービス", "インシデント", "監査", "研修",
         "端末", "サーバ", "通信回線", "暗号化", "不正プログラム", "脆弱性", "管理区域", "持出し")


def sentence(rng: random.Random) -> str:
    a, b, c = rng.sample(WORDS, 3)
    return f"{a}について、{b}は{c}の取扱いを定め、必要な対策を講じなければならない。" * rng.randint(1, 3)


def edition(rng: random.Random, chapters: int, sections: int) -> tuple[Node, ...]:
    body = []
    for c in range(chapters):
        secs = []
        for s in range(sections):
            items = tuple(Node(f"c{c}s{s}i{i}", text=(sentence(rng),), children=tuple(
                Node(f"c{c}s{s}i{i}j{j}", text=(sentence(rng),)) for j in range(2))) for i in range(2))
            title = "・".join(rng.sample(WORDS, 2)) + "の管理"
            secs.append(Node(f"c{c}s{s}", title=title, text=(sentence(rng),), children=items))
        body.append(Node(f"c{c}", title=f"第{c + 1}章の対策", children=tuple(secs)))
    return number_tree(body)


def reworded(rng: random.Random, body: tuple[Node, ...]) -> tuple[Node, ...]:
    """The next edition: every 20th section reworded, every 50th removed, the last chapter's first moved."""
    out = []
    moved = body[-1].children[0]
    for ci, ch in enumerate(body):
        secs = []
        for si, s in enumerate(ch.children):
            if s is moved or (si + ci) % 50 == 49:
                continue
            secs.append(replace(s, text=(sentence(rng),)) if (si + ci) % 20 == 0 else s)
        if ci == 0:
            secs.append(moved)
        out.append(replace(ch, children=tuple(secs)))
    return number_tree(out)


def best(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--chapters", type=int, default=12)
    p.add_argument("--sections", type=int, default=40)
    p.add_argument("--clauses", type=int, default=400)
    p.add_argument("--repeat", type=int, default=3)
    a = p.parse_args()
    rng = random.Random(24)
    old_body = edition(rng, a.chapters, a.sections)
    new_body = reworded(rng, old_body)
    old = Revision("e1", _dt.date(2020, 12, 28), "改定", "external", "第1版", old_body)
    new = Revision("e2", _dt.date(2023, 3, 28), "改定", "external", "第2版", new_body)
    guideline = Document("guideline", "ガイドライン", "ガイドライン", "internal", ("1.", "(1)", "①", "ア"), (old, new),
                         kind="reference", publisher="総務省")
    sections = [s.id for ch in new_body for s in ch.children]
    clauses = []
    for k in range(a.clauses):
        follows = () if k % 10 == 0 else tuple(f"guideline:{s}" for s in rng.sample(sections, rng.randint(1, 2)))
        clauses.append(Node(f"k{k}", title="・".join(rng.sample(WORDS, 2)), text=(sentence(rng),), follows=follows))
    chapters = [Node(f"t{t}", title=f"第{t + 1}", children=tuple(clauses[t::10])) for t in range(10)]
    city_rev = Revision("r1", _dt.date(2024, 4, 1), "全面改定", "sample", "対策基準", number_tree(chapters))
    city = Document("standards", "対策基準", "対策基準", "internal", ("1.", "(1)", "①"), (city_rev,), as_of=_dt.date(2026, 1, 1))
    cls = (Classification("public", "公開", 0), Classification("internal", "庁内限り", 1))
    view = PolicySet("千曲市", cls, (Audience("staff", "職員等", frozenset({"public", "internal"})),), (), (city,),
                     audience_id="staff")
    ref = Reference(guideline, new)
    day = _dt.date(2026, 1, 1)
    nodes = sum(1 for _ in new.walk())
    chars = sum(len(t) for n in new.walk() for t in (n.title or "", *n.text))
    print(f"reference: {nodes} nodes, {chars:,} characters per edition; city: {a.clauses} clauses")
    base = best(a.repeat, lambda: compare(guideline, old, new))
    print(f"baseline compare(e1, e2):     {base:.3f} s")
    rows = [("coverage", lambda: coverage(ref, city, city_rev, day)),
            ("edition_changes", lambda: edition_changes(guideline, old, new, city, city_rev)),
            ("reference page (staff site)", lambda: reference_html.fragment(ref, view, day))]
    for name, fn in rows:
        t = best(a.repeat, fn)
        print(f"{name + ':':30}{t:.3f} s  ({t / base:.2f}× baseline)")


if __name__ == "__main__":
    main()
