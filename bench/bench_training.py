"""Benchmark: ``policy train --all`` on the shipped sources, by phase, in one process.

Times, best of ``--repeat`` (each after a cold start of the tokenizer cache):

* baseline: writing the public Anki deck (genanki + SQLite + zip: a renderer that predates this
  work and does not tokenize);
* word boundaries (janome): tokenizing every paragraph and title of the staff view once, cold;
* the question pools of every audience (with the tokens cached);
* the whole build (decks, quizzes in every format, leak checks, three folders).

Prints seconds and the ratios to the baseline.
Run: ``make bench`` or ``.venv/bin/python bench/bench_training.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit.source.load import load_policy  # noqa: E402
from toolkit.training import words  # noqa: E402
from toolkit.training.build import build_all, write_deck  # noqa: E402
from toolkit.training.questions import question_pool  # noqa: E402
from toolkit.training.settings import load_training  # noqa: E402
from toolkit.view.redact import redact  # noqa: E402


def best(fn: Callable[[], object], repeat: int, before: Callable[[], None] = lambda: None) -> float:
    times = []
    for _ in range(repeat):
        before()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    src = ROOT / "policy_src"
    policy = load_policy([src])
    settings = load_training(ROOT / "training")
    staff = redact(policy, "staff")
    texts = sorted({t for d in staff.documents for r in d.revisions for n in r.walk()
                    for t in (n.title or "", *n.text) if t})
    words._tokenizer()  # the dictionary loads once per process (~1 s), not part of any phase

    def cold() -> None:
        words.tokens.cache_clear()

    public = redact(policy, "public")
    with tempfile.TemporaryDirectory() as tmp:
        base = best(lambda: write_deck(public, settings, Path(tmp) / "deck.apkg", []), args.repeat)
    tok = best(lambda: [words.tokens(t) for t in texts], args.repeat, cold)
    pools = best(lambda: [question_pool(redact(policy, a.id), settings, 2026, []) for a in settings.audiences],
                 args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        build = best(lambda: build_all(policy, settings, Path(tmp) / "training"), args.repeat, cold)
    print(f"public deck (baseline)        {base:7.3f} s")
    print(f"tokenize {len(texts)} texts (cold)   {tok:7.3f} s  = {tok / base:5.1f} x baseline")
    print(f"question pools, 3 audiences   {pools:7.3f} s  = {pools / base:5.1f} x baseline")
    print(f"policy train --all (cold)     {build:7.3f} s  = {build / base:5.1f} x baseline")
    return 0


if __name__ == "__main__":
    sys.exit(main())
