"""Benchmark: does training material scale with the policy?  Two measures, each a ratio in one run.

1. **The question pool's growth.**  ``question_pool`` for the staff view of a generated
   例規-style document (bench/bench_large_site.py's text, provenance: sample) of 300, 3,000
   and 30,000 clauses, cold (no tokens cached, no pool kept).  Printed: CPU seconds (so other
   jobs on a shared machine do not count; the least of ``--repeat`` runs but for the largest size), questions,
   time per clause, and the growth ratio from one size to the next against the n log n bound
   (10 × log(10n)/log(n)), printed as the share of it the growth used (``0.74 of n log n``;
   1.00 is n log n, 10/bound is linear).  Target: every share at most 1.00.
2. **Training's share of a staff site.**  ``policy publish --internal``, cold, of the shipped
   policy plus a 3,000-article internal document: total wall and CPU time (Sphinx's process
   included), and the time spent in training (checking the training inputs, the self-check
   quiz and, for a draft, the review package's list of items).
   Target: under 10%.

3. **A training build's parts.**  ``policy train --all`` of the fixture source and training
   folder (tests/fixtures/), warm (the second build in the process: tokens cached, as in a
   publish that builds more than once): CPU seconds of the whole build, of making the
   material (cards, questions, every format) and of checking it (the leak check of each
   audience's folder, fingerprints included), and the printed quiz's .docx against a blank
   .docx saved in the same run (the fixed cost of any .docx).  Target: making at most half
   the build (the check reads every file the making writes; writing should not cost more).

Run: ``.venv/bin/python bench/bench_training.py [--sizes 300 3000 30000] [--articles 3000] [--skip-build]``
(also ``make bench``).  Nothing here is a timed assert: it prints figures and verdicts.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import math
import os
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_large_site import articles, toolkit_source  # noqa: E402

from toolkit.source.load import load_policy  # noqa: E402
from toolkit.training import facts, questions, words  # noqa: E402
from toolkit.training.settings import load_training  # noqa: E402
from toolkit.view.redact import redact  # noqa: E402


def cold() -> None:
    """Forget what an earlier measure left: tokens and the per-process pool."""
    words.tokens.cache_clear()
    words.noun_phrases.cache_clear()
    questions._POOLS.clear()
    questions._INDEXES.clear()
    facts._PLACED.clear()


PER_FILE = 3000  # articles per generated document (a source file has a size limit)


def generated_source(folder: Path, n: int) -> None:
    """n generated articles (all different) as documents of PER_FILE articles each."""
    arts = articles(n)
    chunks = [arts[i:i + PER_FILE] for i in range(0, n, PER_FILE)]
    names = []
    for i, chunk in enumerate(chunks):
        part = folder.parent / f"{folder.name}-part{i}"
        toolkit_source(part, chunk)
        name = f"kitei{i}" if len(chunks) > 1 else "kitei"
        shutil.copytree(part / "kitei", folder / name)
        meta = folder / name / "document.yaml"
        meta.write_text(meta.read_text(encoding="utf-8").replace("id: kitei\n", f"id: {name}\n", 1), encoding="utf-8")
        names.append(name)
        if i == 0:
            shutil.copy(part / "policyset.yaml", folder / "policyset.yaml")
    policyset = folder / "policyset.yaml"
    text = policyset.read_text(encoding="utf-8")
    head, _sep, _tail = text.partition("documents:\n")
    policyset.write_text(head + "documents:\n" + "".join(f"  - id: {name}\n    public_name: 生成規程{name}\n"
                                                         for name in names), encoding="utf-8")


def pool_seconds(n: int, settings, repeat: int = 1) -> tuple[float, int, int]:
    """(seconds, questions, clauses) of the staff pool of n generated articles, cold: the least CPU
    time of ``repeat`` runs (a shared machine only ever adds to a run's time)."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        generated_source(src, n)
        policy = load_policy([src])
    view = redact(policy, "staff")
    clauses = sum(1 for d in view.documents for r in d.revisions for _n in r.walk())
    best = math.inf
    for _run in range(repeat):
        cold()
        t = time.process_time()  # CPU time: other jobs on a shared machine do not count against the pool
        pool = questions.question_pool(view, settings, settings.seed, [])
        best = min(best, time.process_time() - t)
    return best, len(pool), clauses


def nlogn_bound(small: int, large: int) -> float:
    return (large * math.log(large)) / (small * math.log(small))


def cpu() -> float:
    """CPU seconds of this process and its finished children (Sphinx runs in one)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


@contextlib.contextmanager
def timed(spent: list[tuple[float, float]], owner: object, name: str) -> Iterator[None]:
    """Add the (wall, CPU) time spent in ``owner.name`` to ``spent`` while the block runs."""
    original: Callable = getattr(owner, name)

    def wrapper(*args, **kwargs):
        t, c = time.perf_counter(), time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            spent.append((time.perf_counter() - t, time.process_time() - c))

    setattr(owner, name, wrapper)
    try:
        yield
    finally:
        setattr(owner, name, original)


def staff_site_share(n: int) -> tuple[tuple[float, float], tuple[float, float], int]:
    """((wall, of which training), (CPU, of which training), pages): ``policy publish --internal``
    of the shipped policy plus an n-article document, cold."""
    from toolkit import review
    from toolkit.cli import main
    from toolkit.publish import training as build
    from toolkit.training import settings as settings_module

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "policy_src"
        shutil.copytree(ROOT / "policy_src", src)
        gen = Path(tmp) / "gen"
        toolkit_source(gen, articles(n))
        shutil.copytree(gen / "kitei", src / "kitei")
        policyset = src / "policyset.yaml"
        text = policyset.read_text(encoding="utf-8")
        policyset.write_text(text.replace("documents:\n", "documents:\n  - id: kitei\n"
                                          "    public_name: ベンチマーク用の生成規程\n", 1), encoding="utf-8")
        spent: list[tuple[float, float]] = []
        cold()
        here = os.getcwd()
        os.chdir(ROOT)  # the training inputs are read from training/
        try:
            with timed(spent, build, "selfcheck"), timed(spent, review, "training_items"), \
                    timed(spent, settings_module, "check_against"), contextlib.redirect_stdout(io.StringIO()):
                t, c = time.perf_counter(), cpu()
                status = main(["--src", str(src), "publish", "--internal", "--out", str(Path(tmp) / "out"),
                               "--work", str(Path(tmp) / "work")])
                total, total_cpu = time.perf_counter() - t, cpu() - c
        finally:
            os.chdir(here)
        if status != 0:
            sys.exit(f"policy publish --internal failed ({status})")
        pages = sum(1 for _ in (Path(tmp) / "out").rglob("*.html"))
    return (total, sum(w for w, _c in spent)), (total_cpu, sum(c for _w, c in spent)), pages


def build_parts() -> tuple[float, float, float, float, float]:
    """CPU seconds of (a warm ``policy train --all`` of the fixtures, its making, its checking) in
    the run of least total of three, then of (the staff quiz's question sheet or answer key, a
    blank .docx saved), each the least of three."""
    import toolkit.leakcheck as leak
    from toolkit.cli import main
    from toolkit.publish import training as build
    from toolkit.render import quiz_docx
    from toolkit.render.docx_common import docx_bytes, new_document

    fixtures = ROOT / "tests" / "fixtures"
    best = (math.inf, 0.0, 0.0)
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(4):  # the first is cold (dictionary, tokens): not counted
            leak.forget()  # the check of each build measured, not its results remembered from the one before
            making: list[tuple[float, float]] = []
            checking: list[tuple[float, float]] = []
            with timed(making, build, "write_audience"), timed(checking, leak, "scan_folder"), \
                    timed(checking, leak, "fingerprints_of"), contextlib.redirect_stdout(io.StringIO()):
                c = time.process_time()
                status = main(["--src", str(fixtures / "policy_src"), "train", "--training", str(fixtures / "training"),
                               "--all", "-o", str(Path(tmp) / f"out{run}")])
                total = time.process_time() - c
            if status != 0:
                sys.exit(f"policy train --all failed ({status})")
            if run and total < best[0]:
                best = (total, sum(c for _w, c in making), sum(c for _w, c in checking))
        settings = load_training(fixtures / "training")
        quiz = build.audience_quiz(redact(load_policy([fixtures / "policy_src"]), "staff"), settings, settings.seed,
                                   None, [])
        docx_best, blank_best = math.inf, math.inf
        for _run in range(3):
            c = time.process_time()
            quiz_docx.question_sheet(quiz, Path(tmp) / "q.docx")
            quiz_docx.answer_key(quiz, Path(tmp) / "a.docx")
            docx_best = min(docx_best, (time.process_time() - c) / 2)
            c = time.process_time()
            docx_bytes(new_document())
            blank_best = min(blank_best, time.process_time() - c)
    return (*best, docx_best, blank_best)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[300, 3000, 30000])
    ap.add_argument("--articles", type=int, default=3000, help="the internal document of the staff-site measure")
    ap.add_argument("--skip-site", action="store_true")
    ap.add_argument("--skip-build", action="store_true", help="skip the parts of a training build (measure 3)")
    ap.add_argument("--repeat", type=int, default=3,
                    help="runs of each pool but the largest (least CPU time kept; the largest runs once, so any "
                         "noise left makes its growth look worse, never better)")
    args = ap.parse_args()
    settings = load_training(ROOT / "training")

    if not args.skip_site:  # first, before anything loaded the tokenizer: a publish pays for that too
        (total, training), (total_cpu, training_cpu), pages = staff_site_share(args.articles)
        print(f"staff site, policy + {args.articles} articles ({pages} pages), cold:")
        for what, whole, part in (("wall", total, training), ("CPU ", total_cpu, training_cpu)):
            share = part / whole
            print(f"  {what} {whole:7.2f} s; training {part:5.2f} s = {share:5.1%}  "
                  f"[{'ok' if share < 0.10 else 'OVER'}: target < 10%]")

    if not args.skip_build:
        total, making, checking, docx, blank = build_parts()
        print("training build (policy train --all, fixtures), warm, CPU:")
        print(f"  whole {total:5.2f} s; making {making:5.2f} s = {making / total:5.1%}, checking {checking:5.2f} s = "
              f"{checking / total:5.1%}  [{'ok' if making <= total / 2 else 'OVER'}: making at most 50%]")
        print(f"  a quiz .docx (staff, {docx * 1e3:.0f} ms) = {docx / blank:.1f} × a blank .docx saved "
              f"({blank * 1e3:.0f} ms)")
        cold()

    words._tokenizer()  # the dictionary loads once per process; not part of the pool's growth
    print("question pool, staff view, cold:")
    previous: tuple[int, float] | None = None
    for n in args.sizes:
        seconds, count, clauses = pool_seconds(n, settings, 1 if n == max(args.sizes) else args.repeat)
        line = (f"  {n:6d} articles ({clauses:6d} clauses): {seconds:8.2f} s, {count:6d} questions, "
                f"{seconds / clauses * 1e3:6.2f} ms/clause")
        if previous is not None:
            ratio, bound = seconds / previous[1], nlogn_bound(previous[0], clauses)
            line += f"; growth ×{ratio:.1f} for ×{clauses / previous[0]:.1f} clauses, n log n ×{bound:.1f}: " \
                    f"{ratio / bound:.2f} of n log n [{'ok' if ratio <= bound else 'OVER'}: at most 1.00]"
        print(line, flush=True)
        previous = (clauses, seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
