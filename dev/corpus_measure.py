"""Print how much of each real text (tests/fixtures/import/real/) an import keeps in the source.

    .venv/bin/python dev/corpus_measure.py [-v]

Columns: characters kept in the source of those that are not page furniture, furniture share,
whether the import asked for --date, and the first line lost (-v: every line lost).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from corpus_checks import corpus, measure  # noqa: E402


def main() -> None:
    verbose = "-v" in sys.argv
    ms = [measure(p) for p in corpus()]
    for m in ms:
        state = "FAIL " + m.error[:70] if m.error else f"{m.share:6.1%}"
        print(f"{m.name:20} {state:>8}  furniture {m.furniture / max(1, m.chars):5.1%}"
              f"{'  (asked --date)' if m.asked_date else ''}")
        for raw in m.lost if verbose else m.lost[:1]:
            print(f"{'':22}lost: {raw.strip()[:60]}")
    chars = sum(m.chars - m.furniture for m in ms)
    kept = sum(m.kept for m in ms)
    ok = sum(1 for m in ms if not m.error and m.share >= 0.95)
    print(f"\n{len(ms)} texts; {ok} keep >= 95%; {sum(1 for m in ms if m.error)} refused; "
          f"characters kept {kept / max(1, chars):.1%} (of {chars}, page furniture aside); "
          f"of all input characters {kept / max(1, sum(m.chars for m in ms)):.1%}")


if __name__ == "__main__":
    main()
