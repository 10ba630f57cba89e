"""Benchmark: ``load_policy`` on a generated 3,000-clause revision.

Generates (fixed seed) a revision of 3,000 clauses from the wording of the
real 基本方針 r8 — sections, definitions, items, cross-references — writes it
in canonical form (toolkit.source.dump) into a temporary source root, then
times in this process, best of ``--repeat``:

* ``load_policy`` (parse, locate, validate: the whole of what ``policy check`` does);
* baseline: PyYAML's C loader, ``yaml.load(text, Loader=yaml.CSafeLoader)``, on the same revision file;
* ruamel.yaml's round-trip loader (``YAML(typ="rt")``) on the same file, for reference.

Prints the time per 1,000 clauses and the ratios.
Run: ``make bench`` or ``.venv/bin/python bench/bench_load.py [--clauses N] [--repeat N] [--profile]``.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import pstats
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit.model import Node, Revision, number_tree  # noqa: E402
from toolkit.source.dump import dump_revision  # noqa: E402
from toolkit.source.load import load_policy  # noqa: E402

POLICYSET = """\
organisation: 千曲市
classifications:
  - id: public
    label: 公開
  - id: internal
    label: 庁内限り
audiences:
  - id: public
    label: 市民
    sees: [public]
grounds:
  - id: administrative-operations
    label: 行政運営情報
    text: 公にすることにより本市の行政運営に重大な支障を及ぼすおそれがあるため
documents:
  - id: bench
    public_name: ベンチマーク文書
"""

DOCUMENT = """\
id: bench
title: ベンチマーク文書
classification: public
numbering: ["1.", "(1)", "①"]
revisions:
  - id: v1
    date: 2026-04-01
    kind: 全面改定
    provenance: sample
    summary: ベンチマーク用に生成
"""


def generate(clauses: int, seed: int = 8) -> Revision:
    """~``clauses`` nodes in three levels, with the wording of r8 and some references."""
    rng = random.Random(seed)
    real = load_policy(ROOT / "policy_src").document("basic-policy").revision("r8")
    texts = [t for n in real.walk() for t in n.text if "{ref:" not in t]
    titles = [n.heading for n in real.walk() if n.heading]
    made = 0
    sections: list[Node] = []
    s = 0
    while made < clauses:
        s += 1
        sec_id = f"s{s}"
        made += 1
        kids = []
        for c in range(1, rng.randint(5, 15) + 1):
            if made >= clauses:
                break
            made += 1
            items = []
            for i in range(1, rng.choice((0, 0, 3, 5)) + 1):
                if made >= clauses:
                    break
                made += 1
                items.append(Node(f"s{s}-{c}-{i}", text=(rng.choice(texts),)))
            text = [rng.choice(texts) for _ in range(rng.randint(1, 2))]
            if s > 1 and rng.random() < 0.1:
                text[0] = f"上記{{ref:s{rng.randint(1, s - 1)}}}の規定により、" + text[0]
            heading = rng.choice(titles)
            kind = {"term": heading} if rng.random() < 0.3 else {"title": heading}
            internal = rng.random() < 0.02  # a few non-public clauses, with their ground
            kids.append(Node(f"s{s}-{c}", text=tuple(text), children=tuple(items),
                             classification="internal" if internal else None,
                             ground="administrative-operations" if internal else None, **kind))
        sections.append(Node(sec_id, title=rng.choice(titles), text=(rng.choice(texts),), children=tuple(kids)))
    return Revision("v1", dt.date(2026, 4, 1), "全面改定", "sample", "", number_tree(sections))


def best(fns: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Best time of each function; runs are interleaved so a busy machine slows all alike."""
    times: dict[str, float] = {name: float("inf") for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            t = time.perf_counter()
            fn()
            times[name] = min(times[name], time.perf_counter() - t)
    return times


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clauses", type=int, default=3000)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--profile", action="store_true", help="print where load_policy spends its time")
    args = ap.parse_args()

    rev = generate(args.clauses)
    count = sum(1 for _ in rev.walk())
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "policy_src"
        (root / "bench").mkdir(parents=True)
        (root / "policyset.yaml").write_text(POLICYSET, encoding="utf-8")
        (root / "bench" / "document.yaml").write_text(DOCUMENT, encoding="utf-8")
        rev_file = root / "bench" / "v1.yaml"
        rev_file.write_text(dump_revision(rev), encoding="utf-8")
        size = rev_file.stat().st_size

        loaded = load_policy(root).document("bench").revision("v1")
        assert loaded.body == rev.body, "the generated revision does not load back as itself"

        def pyyaml_c() -> object:
            return yaml.load(rev_file.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

        def ruamel_rt() -> object:
            return YAML(typ="rt").load(io.StringIO(rev_file.read_text(encoding="utf-8")))

        fast = best({"ours": lambda: load_policy(root), "base": pyyaml_c}, args.repeat)
        ours, base = fast["ours"], fast["base"]
        rt = best({"rt": ruamel_rt}, max(1, args.repeat // 3))["rt"]
        print(f"revision: {count} clauses, {size / 1024:.0f} KiB of YAML ({rev_file.name}); best of {args.repeat}")
        print(f"load_policy (parse, locate, validate)  {ours * 1000:8.1f} ms   {ours * 1000 / count * 1000:7.1f} ms per 1,000 clauses")
        print(f"PyYAML CSafeLoader (baseline)          {base * 1000:8.1f} ms   {base * 1000 / count * 1000:7.1f} ms per 1,000 clauses")
        print(f"ruamel.yaml round-trip loader          {rt * 1000:8.1f} ms   {rt * 1000 / count * 1000:7.1f} ms per 1,000 clauses")
        print(f"ratio load_policy / PyYAML C: {ours / base:.2f}x   load_policy / ruamel rt: {ours / rt:.2f}x")
        if args.profile:
            prof = cProfile.Profile()
            prof.enable()
            load_policy(root)
            prof.disable()
            pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
