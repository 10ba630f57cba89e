"""Benchmark: a 3,000-article 例規-style document (第N条, no chapters) on the staff site, against
StrictDoc 0.30.4 and a bare ``sphinx-build`` of the same text.

Three builds from cold, each a new process, in the same run (median of ``--repeat``):

1. ``policy publish --internal`` of a source holding only the generated document (load, check,
   redact, write the Sphinx sources, build, leak check, manifest, swap);
2. ``sphinx-build`` over the very sources the toolkit generated (the same pages, the same
   extension) — the floor the toolkit adds to.  Target: (1) ≤ 1.15 × (2);
3. ``strictdoc export --formats html`` of the same 3,000 articles as one .sdoc document.
   Target: (1) at least 3 × faster.  StrictDoc is installed on first use into its own virtual
   environment (``~/.cache/toolkit-bench/strictdoc-0.30.4``, or ``$STRICTDOC_VENV``) with pip;
   when that fails the comparison is skipped with the reason.

Run: ``.venv/bin/python bench/bench_large_site.py [--articles N] [--repeat N]`` (also ``make bench``).
All generated text is a sample (provenance: sample), never the city's.
"""

from __future__ import annotations

import argparse
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
STRICTDOC_VERSION = "0.30.4"
STRICTDOC_VENV = Path(os.environ.get("STRICTDOC_VENV",
                                     Path.home() / ".cache" / "toolkit-bench" / f"strictdoc-{STRICTDOC_VERSION}"))

PHRASES = [
    "この規程は、本市が保有する情報資産の取扱いに関し必要な事項を定めるものとする。",
    "職員等は、業務以外の目的で情報資産を外部に持ち出し、又は利用してはならない。",
    "情報システム管理者は、サーバ等の設定の変更を行う場合には、あらかじめ承認を得なければならない。",
    "委託事業者に情報資産を取り扱わせる場合には、契約において情報セキュリティ要件を明記しなければならない。",
    "情報セキュリティインシデントを認知した職員等は、速やかに情報セキュリティ管理者に報告しなければならない。",
    "前項の規定による報告を受けた者は、被害の拡大を防止するために必要な措置を講じなければならない。",
]

POLICYSET = """\
# GENERATED for bench/bench_large_site.py — provenance: sample.
organisation: 千曲市
classifications:
  - id: public
    label: 公開
  - id: internal
    label: 庁内限り
    banner: 庁内限り　この文書は千曲市職員等の業務用です。
audiences:
  - id: public
    label: 市民（公開サイト）
    sees: [public]
    provenance: [authoritative]
  - id: staff
    label: 職員等（庁内サイト）
    sees: [public, internal]
grounds:
  - id: administrative-operations
    label: 行政運営情報
    text: 公にすることにより行政運営に支障を及ぼすおそれがあるため
documents:
  - id: kitei
    public_name: ベンチマーク用の生成規程
"""


class Timing:
    def __init__(self, wall: float, cpu: float) -> None:
        self.wall, self.cpu = wall, cpu

    def __str__(self) -> str:
        return f"{self.wall:.2f} s wall / {self.cpu:.2f} s CPU"


def run(cmd: list[str], cwd: Path = ROOT, tmpdir: Path | None = None) -> Timing:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if tmpdir is not None:  # a fresh temporary folder: no cache from an earlier run (StrictDoc keeps one there)
        tmpdir.mkdir(parents=True, exist_ok=True)
        env["TMPDIR"] = str(tmpdir)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    elapsed = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stdout[-4000:]}")
    return Timing(elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))


def median(times: list[Timing]) -> Timing:
    return Timing(statistics.median(t.wall for t in times), statistics.median(t.cpu for t in times))


# ---------------------------------------------------------------- the same text, twice


def articles(n: int) -> list[tuple[str, str, list[str]]]:
    """(見出し, first paragraph, further 項) of ``n`` articles; every 7th cites the one before."""
    out = []
    for k in range(1, n + 1):
        first = PHRASES[k % len(PHRASES)]
        paras = [f"{PHRASES[(k + j) % len(PHRASES)]}（第{k}条第{j}項）" for j in (2, 3)] if k % 3 == 0 else []
        out.append((f"規定{k}", first, paras))
    return out


def toolkit_source(folder: Path, arts: list[tuple[str, str, list[str]]]) -> None:
    """policy_src/ with one internal 例規-style document: bare articles 第N条, 項 as children."""
    doc = folder / "kitei"
    doc.mkdir(parents=True)
    (folder / "policyset.yaml").write_text(POLICYSET, encoding="utf-8")
    (doc / "document.yaml").write_text(
        "# GENERATED for bench/bench_large_site.py — provenance: sample.\n"
        "id: kitei\ntitle: 千曲市情報セキュリティ規程（ベンチマーク用の生成文書）\n"
        "classification: internal\nground: administrative-operations\nnumbering: [\"第1条\", \"1\", \"(1)\"]\n"
        "revisions:\n  - id: r1\n    date: 2026-04-01\n    kind: 策定\n    provenance: sample\n"
        "    summary: ベンチマーク用に生成した文書（サンプル）\n", encoding="utf-8")
    lines = ["# GENERATED for bench/bench_large_site.py — provenance: sample.", "revision: r1", "body:"]
    for k, (title, first, paras) in enumerate(arts, start=1):
        lines += [f"  - id: a{k}", f"    title: （{title}）"]
        text = f"{{ref:a{k - 1}}}の規定にかかわらず、{first}" if k % 7 == 0 else first
        lines.append(f'    text: "{text}"')
        if paras:
            lines.append("    children:")
            for j, p in enumerate(paras, start=2):
                lines += [f"      - id: a{k}-p{j}", f'        text: "{p}"']
    (doc / "r1.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def strictdoc_source(folder: Path, arts: list[tuple[str, str, list[str]]]) -> None:
    """The same articles as one StrictDoc document (one [REQUIREMENT] per article)."""
    folder.mkdir(parents=True)
    out = ["[DOCUMENT]", "TITLE: 千曲市情報セキュリティ規程（ベンチマーク用の生成文書）", ""]
    for k, (title, first, paras) in enumerate(arts, start=1):
        text = f"第{k - 1}条の規定にかかわらず、{first}" if k % 7 == 0 else first
        body = "\n\n".join([text, *(f"{j}　{p}" for j, p in enumerate(paras, start=2))])
        out += ["[REQUIREMENT]", f"UID: A{k}", f"TITLE: 第{k}条（{title}）", "STATEMENT: >>>", body, "<<<", ""]
    (folder / "kitei.sdoc").write_text("\n".join(out), encoding="utf-8")


# ---------------------------------------------------------------- StrictDoc in its own venv


def strictdoc() -> tuple[list[str] | None, str]:
    """The strictdoc command (installed on first use), or None and why not."""
    exe = STRICTDOC_VENV / "bin" / "strictdoc"
    if not exe.exists():
        print(f"   installing StrictDoc {STRICTDOC_VERSION} into {STRICTDOC_VENV} (first use) …", flush=True)
        try:
            subprocess.run([sys.executable, "-m", "venv", str(STRICTDOC_VENV)], check=True, capture_output=True)
            subprocess.run([str(STRICTDOC_VENV / "bin" / "pip"), "install", "-q", f"strictdoc=={STRICTDOC_VERSION}"],
                           check=True, capture_output=True, timeout=1800)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as e:
            shutil.rmtree(STRICTDOC_VENV, ignore_errors=True)
            detail = getattr(e, "stderr", b"") or b""
            return None, f"pip could not install strictdoc=={STRICTDOC_VERSION}: {detail.decode(errors='replace')[-300:] or e}"
    try:
        version = subprocess.run([str(exe), "--version"], capture_output=True, text=True, timeout=120).stdout.strip()
    except (OSError, subprocess.TimeoutExpired) as e:
        return None, f"strictdoc does not start: {e}"
    return [str(exe)], version


# ---------------------------------------------------------------- main


def verdict(name: str, value: float, target: float, higher_is_better: bool = False) -> str:
    ok = value >= target if higher_is_better else value <= target
    sign = "≥" if higher_is_better else "≤"
    return f"   {'PASS' if ok else 'MISS'}  {name}: {value:.2f}× (target {sign} {target}×)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=3000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-strictdoc", action="store_true")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-large-"))
    try:
        arts = articles(args.articles)
        src = tmp / "policy_src"
        toolkit_source(src, arts)
        strictdoc_source(tmp / "sdoc", arts)
        print(f"== a {args.articles:,}-article 例規-style document (no chapters), staff site from cold; "
              f"median of {args.repeat}", flush=True)

        sd_cmd: list[str] | None = None
        if args.skip_strictdoc:
            print("   StrictDoc: skipped (--skip-strictdoc)")
        else:
            sd_cmd, sd_version = strictdoc()
            if sd_cmd is None:
                print(f"   StrictDoc: SKIPPED — {sd_version}")

        # Rounds, each running all three, so a busy moment on a shared machine hits all alike.
        tool, bare, sd = [], [], []
        for i in range(args.repeat):
            tool.append(run([*POLICY, "--src", str(src), "publish", "--internal",
                             "--out", str(tmp / f"out-{i}"), "--work", str(tmp / f"work-{i}")],
                            cwd=tmp))  # outside the project: no training/ inputs (no self-check page)
            bare.append(run([*SPHINX, "-b", "html", "-q", "-W", "-d", str(tmp / f"bare-dt-{i}"),
                             str(tmp / "work-0" / "src"), str(tmp / f"bare-{i}")]))
            if sd_cmd is not None:
                sd.append(run([*sd_cmd, "export", "--formats", "html", "--output-dir", str(tmp / f"sd-{i}"),
                               str(tmp / "sdoc")], cwd=tmp, tmpdir=tmp / f"sd-tmp-{i}"))
            print(f"   round {i + 1}: publish {tool[-1]}; sphinx-build {bare[-1]}"
                  + (f"; StrictDoc {sd[-1]}" if sd else ""), flush=True)

        pages = sorted((tmp / "out-0").rglob("*.html"))
        doc_pages = [p for p in pages if p.parent.name == "kitei"]
        print(f"   policy publish --internal : {median(tool)}   ({len(pages)} HTML pages, "
              f"{len(doc_pages)} of them the document's)")
        print(f"   bare sphinx-build (same generated pages, same extension) : {median(bare)}")
        sd_time = median(sd) if sd else None
        if sd_time is not None:
            sd_pages = len(list((tmp / "sd-0").rglob("*.html")))
            print(f"   StrictDoc {sd_version} export --formats html (one document) : {sd_time}   ({sd_pages} HTML files)")

        # Wall clock is what a user waits; CPU time (the children's user+sys) is what the shared
        # machine disturbs least — both are printed, each against the target.
        print("== verdict")
        t, b = median(tool), median(bare)
        print(verdict("policy publish / bare sphinx-build, wall", t.wall / b.wall, 1.15))
        print(verdict("policy publish / bare sphinx-build, CPU ", t.cpu / b.cpu, 1.15))
        if sd_time is not None:
            print(verdict("StrictDoc / policy publish (speed-up), wall", sd_time.wall / t.wall, 3, higher_is_better=True))
            print(verdict("StrictDoc / policy publish (speed-up), CPU ", sd_time.cpu / t.cpu, 3, higher_is_better=True))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
