"""Benchmark: the toolkit's whole publish against a bare ``sphinx-build`` of the same sources.

Everything runs as the user runs it — a new process per command — in the same
run, on the same machine, and prints times (median of ``--repeat``) and ratios:

1. overhead: ``policy publish`` (start, load and check the YAML, redact, write
   the Sphinx sources, build, leak check, manifest, swap) from a cold work
   folder, against ``sphinx-build -W`` from cold over the toolkit's own
   generated sources.  Target ≤ 1.15×.
2. nothing changed: a second ``policy publish`` with the same work folder, as
   % of a full one.  Target ≤ 10 %.
3. one clause changed: which sources were rewritten, which pages Sphinx
   rebuilt, which published files changed, and the time.
4. scale: a generated internal 対策基準 of 300 and of 3,000 clauses (same
   shape: 100 clauses a chapter page), staff site from cold.  Target: 10×
   clauses ≤ 12× time.

Run: ``make bench`` or ``.venv/bin/python bench/bench_publish.py [--repeat N] [--skip-scale]``.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
POLICY = [str(BIN / "policy")] if (BIN / "policy").exists() else [sys.executable, "-m", "toolkit"]
SPHINX = [str(BIN / "sphinx-build")] if (BIN / "sphinx-build").exists() else [sys.executable, "-m", "sphinx"]

# Sentences to build generated clauses from (the wording style of the sample 対策基準).
PHRASES = [
    "情報セキュリティ管理者は、所管する課等の情報資産について、その分類に応じた管理を行わなければならない。",
    "職員等は、業務以外の目的で情報資産を外部に持ち出し、又は利用してはならない。",
    "統括情報セキュリティ責任者は、ネットワークの構成及び通信経路の状況を定期的に確認し、記録しなければならない。",
    "情報システム管理者は、サーバ等の設定の変更を行う場合には、あらかじめ情報セキュリティ責任者の承認を得なければならない。",
    "職員等は、パスワードを他者に知られないように管理し、定期的に又は必要に応じて変更しなければならない。",
    "委託事業者に情報資産を取り扱わせる場合には、契約において情報セキュリティ要件を明記しなければならない。",
    "インターネット接続系で受信した電子メールは、無害化通信によりLGWAN接続系に取り込むものとする。",
    "情報セキュリティインシデントを認知した職員等は、速やかに情報セキュリティ管理者に報告しなければならない。",
]


class Timing:
    """Wall-clock and CPU seconds of one command (CPU: the child's user+sys time, which other
    people's work on a shared machine disturbs far less than the wall clock)."""

    def __init__(self, wall: float, cpu: float) -> None:
        self.wall, self.cpu = wall, cpu

    def __str__(self) -> str:
        return f"{self.wall:.2f}/{self.cpu:.2f}"


# Commands run as a user runs them: with Python's bytecode cache (Sphinx's is written at install;
# PYTHONDONTWRITEBYTECODE, set in some shells, would make only the toolkit recompile on every run).
def run(cmd: list[str], cwd: Path = ROOT) -> Timing:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    elapsed = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stdout}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(elapsed, cpu)


def median(times: list[Timing]) -> Timing:
    return Timing(statistics.median(t.wall for t in times), statistics.median(t.cpu for t in times))


def runs(times: list[Timing]) -> str:
    return ", ".join(str(t) for t in times)


def ratio(a: Timing, b: Timing) -> str:
    return f"{a.wall / b.wall:5.2f}× wall, {a.cpu / b.cpu:5.2f}× CPU"


def publish_cmd(src: Path, out: Path, work: Path, internal: bool = False) -> list[str]:
    return [*POLICY, "--src", str(src), "publish", *(["--internal"] if internal else []),
            "--out", str(out), "--work", str(work)]


def sphinx_cmd(src: Path, out: Path, doctrees: Path) -> list[str]:
    return [*SPHINX, "-b", "html", "-W", "-q", "-d", str(doctrees), str(src), str(out)]


def mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.rglob("*") if p.is_file()}


SUMMARY: list[str] = []


def verdict(name: str, value: float, target: float, unit: str = "×") -> str:
    shown = f"{value:.2f}×" if unit == "×" else f"{value:.1f} %"
    limit = f"{target:.2f}×" if unit == "×" else f"{target:.0f} %"
    line = f"   {name:<40} {shown:>8}  target ≤ {limit:<6} {'ok' if value <= target else 'MISSED'}"
    SUMMARY.append(line)
    return line


def overhead(tmp: Path, src: Path, repeat: int) -> Timing:
    print("== 1. overhead: policy publish vs bare sphinx-build (public site, both from cold)")
    toolkit, bare = [], []
    for i in range(repeat):  # alternating, so both see the same machine load
        work = tmp / f"ovh-work-{i}"
        toolkit.append(run(publish_cmd(src, tmp / f"ovh-out-{i}", work)))
        bare.append(run(sphinx_cmd(work / "src", tmp / f"ovh-bare-{i}", tmp / f"ovh-bare-dt-{i}")))
    t, b = median(toolkit), median(bare)
    pages = len(list((tmp / "ovh-out-0").rglob("*.html")))
    print(f"   policy publish   {t} s wall/CPU  (runs: {runs(toolkit)}; {pages} pages)")
    print(f"   sphinx-build -W  {b} s wall/CPU  (runs: {runs(bare)})")
    print(f"   ratio            {ratio(t, b)}  (target ≤ 1.15×; CPU is higher: the .docx and the leak "
          "check run beside Sphinx, in a second process)")
    print(verdict("1. publish / bare sphinx-build (wall)", t.wall / b.wall, 1.15))
    return t


def nothing_changed(tmp: Path, src: Path, repeat: int, full: Timing) -> None:
    print("== 2. nothing changed: a second policy publish with the same work folder")
    work = tmp / "ovh-work-0"
    times = [run(publish_cmd(src, tmp / "ovh-out-0", work)) for _ in range(repeat)]
    t = median(times)
    print(f"   second publish   {t} s wall/CPU  (runs: {runs(times)}; every published file hashed and "
          "matched to the manifest and the leak check's clean record)")
    print(f"   of a full one    {100 * t.wall / full.wall:.1f} % wall, {100 * t.cpu / full.cpu:.1f} % CPU  "
          "(target ≤ 10 %)")
    print(verdict("2. nothing changed / full publish (wall)", 100 * t.wall / full.wall, 10, "%"))
    # the same without the record of the last publish: load, check, redact, render (Sphinx not run),
    # .docx kept, leak check from its per-file record — what a changed YAML comment costs
    again = []
    for _ in range(repeat):
        (work / "published.json").unlink(missing_ok=True)
        again.append(run(publish_cmd(src, tmp / "ovh-out-0", work)))
    a = median(again)
    print(f"   without the record of the last publish (work-folder caches only): {a} s wall/CPU = "
          f"{100 * a.wall / full.wall:.1f} % wall  (runs: {runs(again)})")


def one_clause(tmp: Path, src: Path) -> None:
    print("== 3. one clause changed (basic policy 7. 情報セキュリティ監査及び自己点検の実施)")
    src2 = tmp / "src-edit"
    shutil.copytree(src, src2)
    work, out = tmp / "edit-work", tmp / "edit-out"
    run(publish_cmd(src2, out, work))
    before_src, before_html, before_out = mtimes(work / "src"), mtimes(work / "html"), hashes(out)
    r8 = src2 / "basic-policy" / "r8.yaml"
    text = r8.read_text(encoding="utf-8")
    old = "定期的又は必要に応じて情報セキュリティ監査及び自己点検を実施する。"
    assert old in text, "the clause to edit is no longer in r8.yaml"
    r8.write_text(text.replace(old, old.replace("実施する。", "実施するものとする。"), 1), encoding="utf-8")
    time.sleep(0.01)
    t = run(publish_cmd(src2, out, work))
    after_src, after_html, after_out = mtimes(work / "src"), mtimes(work / "html"), hashes(out)
    written = sorted(k for k in after_src if after_src[k] != before_src.get(k))
    rebuilt = sorted(k for k in after_html if k.endswith(".html") and after_html[k] != before_html.get(k))
    changed = sorted(k for k in after_out if after_out[k] != before_out.get(k))
    print(f"   publish          {t} s wall/CPU")
    print(f"   sources written  {', '.join(written)}")
    print(f"   pages rebuilt    {', '.join(rebuilt)}  (search.html is rewritten by Sphinx on every build)")
    print(f"   files changed    {', '.join(changed)}")


# ---------------------------------------------------------------- scale


GENERATED = "generated-standards"


def generated_standards(clauses: int, per_chapter: int = 100) -> tuple[str, str]:
    """document.yaml and r1.yaml of an internal 対策基準 with ``clauses`` clauses."""
    document = (
        "# GENERATED for bench/bench_publish.py — provenance: sample.\n"
        f"id: {GENERATED}\ntitle: 情報セキュリティ対策基準（ベンチマーク用の生成文書）\n"
        "series: 千曲市情報セキュリティポリシー\nclassification: internal\n"
        "ground: administrative-operations\nnumbering: [\"1.\", \"(1)\", \"①\", \"ア\"]\n"
        "revisions:\n  - id: r1\n    date: 2026-04-01\n    kind: 全面改定\n    provenance: sample\n"
        "    summary: ベンチマーク用に生成した文書（サンプル）\n"
    )
    lines = ["# GENERATED for bench/bench_publish.py — provenance: sample.", "revision: r1", "body:"]
    chapters = max(1, clauses // per_chapter)
    n = 0
    for c in range(1, chapters + 1):
        lines += [f"  - id: ch{c}", f"    title: 第{c}の事項", "    children:"]
        for k in range(1, per_chapter + 1):
            n += 1
            phrase = PHRASES[n % len(PHRASES)]
            lines.append(f"      - id: ch{c}-c{k}")
            if k == 1:
                lines.append(f"        term: 生成用語{c}号")
                lines.append(f"        text: 第{c}の事項で用いる生成用語{c}号とは、{phrase}")
            elif k % 10 == 0 and c > 1:
                lines.append(f"        title: 第{c}の事項の{k}番目の規定")
                lines.append(f"        text: 上記{{ref:ch{c - 1}-c{k}}}に定めるほか、生成用語{c - 1}号について、{phrase}")
            else:
                lines.append(f"        text: {phrase}（第{c}の事項、{k}番目）")
    return document, "\n".join(lines) + "\n"


def scale(tmp: Path, src: Path, repeat: int) -> None:
    print("== 4. scale: a generated internal 対策基準 added to the policy, staff site from cold")
    results = {}
    for clauses in (300, 3000):
        root = tmp / f"scale-{clauses}"
        shutil.copytree(src, root)
        policyset = root / "policyset.yaml"
        policyset.write_text(policyset.read_text(encoding="utf-8") + f"  - id: {GENERATED}\n"
                             "    public_name: ベンチマーク用の生成文書\n", encoding="utf-8")
        std = root / GENERATED
        std.mkdir()
        document, revision = generated_standards(clauses)
        (std / "document.yaml").write_text(document, encoding="utf-8")
        (std / "r1.yaml").write_text(revision, encoding="utf-8")
        times = []
        for i in range(repeat):
            times.append(run(publish_cmd(root, tmp / f"scale-out-{clauses}-{i}", tmp / f"scale-work-{clauses}-{i}",
                                         internal=True)))
        noop = run(publish_cmd(root, tmp / f"scale-out-{clauses}-0", tmp / f"scale-work-{clauses}-0", internal=True))
        bare = run(sphinx_cmd(tmp / f"scale-work-{clauses}-0" / "src", tmp / f"scale-bare-{clauses}",
                              tmp / f"scale-bare-dt-{clauses}"))
        size = (std / "r1.yaml").stat().st_size
        pages = len(list((tmp / f"scale-out-{clauses}-0").rglob("*.html")))
        results[clauses] = median(times)
        print(f"   {clauses:5d} clauses  {median(times)} s wall/CPU  (runs: {runs(times)}; {size / 1000:.0f} KB YAML, "
              f"{pages} pages; nothing changed: {noop}; bare sphinx-build: {bare})")
    print(f"   10× clauses →    {ratio(results[3000], results[300])} time  (target ≤ 12×)")
    print(verdict("4. 3,000 / 300 clauses (wall)", results[3000].wall / results[300].wall, 12))


def in_process(tmp: Path, src: Path, repeat: int) -> None:
    """Where the time goes, in this process after a warm-up: the renderer against Sphinx alone."""
    sys.path.insert(0, str(ROOT))
    from sphinx.cmd.build import build_main

    from toolkit.publish import publish
    from toolkit.render.site import render_site
    from toolkit.source.load import load_policy
    from toolkit.view.redact import redact

    print("== 1b. in this process (imports done): render_site vs Sphinx alone on its sources, public site, cold")
    t = time.perf_counter()
    policy = load_policy([src])
    load = time.perf_counter() - t
    view = redact(policy, "public")
    render_site(view, tmp / "ip-warm", tmp / "ip-warm-work")
    renders, sphinx = [], []
    for i in range(max(8, repeat)):  # cheap in-process runs: more of them, alternating, against the noise
        work = tmp / f"ip-work-{i}"
        t = time.process_time()
        render_site(view, tmp / f"ip-out-{i}", work)
        renders.append(time.process_time() - t)
        t = time.process_time()
        if build_main(["-b", "html", "-W", "-q", "-d", str(tmp / f"ip-dt-{i}"), str(work / "src"),
                       str(tmp / f"ip-bare-{i}")]) != 0:
            sys.exit("sphinx-build failed")
        sphinx.append(time.process_time() - t)
    r, b = statistics.median(renders), statistics.median(sphinx)
    t = time.process_time()
    render_site(view, tmp / "ip-again", tmp / "ip-work-0")
    again = time.process_time() - t
    print(f"   render_site      {r:6.2f} s CPU median of {len(renders)}  (min {min(renders):.2f})")
    print(f"   Sphinx alone     {b:6.2f} s CPU median of {len(sphinx)}  (min {min(sphinx):.2f})")
    print(f"   ratio            {r / b:6.2f}×  (the renderer's own overhead)")
    print(f"   nothing changed  render_site {1000 * again:.0f} ms CPU = {100 * again / r:.1f} % of a cold render_site")
    steps: list[tuple[str, float]] = []
    publish(policy, "public", tmp / "ip-pub", tmp / "ip-pub-work",
            progress=lambda name: steps.append((name, time.perf_counter())))
    parts = [f"load {load:.2f}"]
    for (name, at), (_next, until) in zip(steps, steps[1:], strict=False):  # a step runs until the next
        parts.append(f"{name} {until - at:.2f}")
    print(f"   library publish, wall s per step: {'; '.join(parts)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-scale", action="store_true")
    args = ap.parse_args()
    os.environ.setdefault("PYTHONHASHSEED", "0")
    with tempfile.TemporaryDirectory(prefix="bench-publish-") as t:
        tmp = Path(t)
        src = tmp / "policy_src"
        shutil.copytree(ROOT / "policy_src", src)
        run(publish_cmd(src, tmp / "warm-out", tmp / "warm-work"))  # warm the disk cache and .pyc files
        full = overhead(tmp, src, args.repeat)
        in_process(tmp, src, args.repeat)
        nothing_changed(tmp, src, args.repeat, full)
        one_clause(tmp, src)
        if not args.skip_scale:
            scale(tmp, src, args.repeat)
    print("== summary (medians; the machine is shared, so re-run when a figure is near its target)")
    print("\n".join(SUMMARY))


if __name__ == "__main__":
    main()
