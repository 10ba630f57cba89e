"""Benchmark: ``policy diff`` on a generated pair of 3,000-clause revisions.

Generates (fixed seed) two revisions of ~285k characters each, built from the
wording of the real 基本方針 and sample 対策基準, the second with realistic
edits: phrases reworded, clauses added and struck out (so later ones are
renumbered), a few moved, a few ids changed, a few width/punctuation-only
changes; each with the 附則 of 40 amendments, the second with one more and one
corrected.  Then times, in the same run and on the same machine:

* baseline: ``git diff --no-index --word-diff-regex=.`` on plain-text dumps of the two texts;
* ``policy diff --format json`` end to end (a new process: start, load and check
  the YAML, align, diff, write);
* the same for ``--format html`` and ``--format docx``;
* the engine alone (``compare``) in this process, for reference.

Prints each time (best of ``--repeat``) and the ratio json/git (target ≤ 5×).
Run: ``make bench`` or ``.venv/bin/python bench/bench_diff.py [--clauses N] [--repeat N]``.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit.diff import compare  # noqa: E402
from toolkit.diff import content as clause_content  # noqa: E402
from toolkit.model import Node, Revision, number_tree  # noqa: E402
from toolkit.model.numbering import place, ref_labels  # noqa: E402
from toolkit.render import diff_json  # noqa: E402
from toolkit.source.dump import dump_revision  # noqa: E402
from toolkit.source.load import load_policy  # noqa: E402

POLICYSET = """\
organisation: 千曲市
classifications:
  - id: public
    label: 公開
audiences:
  - id: public
    label: 市民
    sees: [public]
  - id: staff
    label: 職員等
    sees: [public]
grounds: []
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
    date: 2023-07-04
    kind: 改定
    provenance: sample
    summary: 生成（旧）
  - id: v2
    date: 2026-04-01
    kind: 全面改定
    provenance: sample
    summary: 生成（新）
"""

# Rewordings of the kind a real 改定 makes.
REWORDINGS = [
    ("二要素認証", "多要素認証"), ("クラウドサービス", "外部サービス（クラウドサービス）"),
    ("しなければならない", "するものとする"), ("情報セキュリティ管理者", "情報セキュリティ責任者"),
    ("必要に応じ", "定期的に又は必要に応じ"), ("行う", "実施する"), ("庁外", "本市の管理区域外"),
]


def phrases() -> list[str]:
    """Sentence pieces from the real texts (split at 、 and 。)."""
    policy = load_policy([ROOT / "policy_src"])
    out: list[str] = []
    for doc in policy.documents:
        for rev in doc.revisions:
            for node in rev.walk():
                for para in node.text:
                    for part in para.replace("。", "。|").replace("、", "、|").split("|"):
                        if 4 <= len(part) and "{ref:" not in part:
                            out.append(part)
    return sorted(set(out))


def sentence(rng: random.Random, pool: list[str], target: int) -> str:
    text = ""
    while len(text) < target:
        text += rng.choice(pool)
    return text.rstrip("、") + ("" if text.endswith("。") else "。")


def generate(n_clauses: int, seed: int = 20260401) -> tuple[list[dict], list[dict]]:
    """Two bodies (lists of node dicts): the old one and an edited new one."""
    rng = random.Random(seed)
    pool = phrases()
    counter = iter(range(1, 10**9))

    def node(depth: int) -> dict:
        n = {"id": f"c{next(counter)}"}
        if depth < 3 and rng.random() < 0.4:
            n["title"] = sentence(rng, pool, 8)[:12].rstrip("。、")
        n["text"] = [sentence(rng, pool, rng.randint(52, 96))]
        return n

    sections, made = [], 0
    while made < n_clauses:
        sec = node(1)
        made += 1
        sec["children"] = []
        for _ in range(rng.randint(4, 9)):
            if made >= n_clauses:
                break
            sub = node(2)
            made += 1
            kids = []
            for _ in range(rng.randint(3, 12)):
                if made >= n_clauses:
                    break
                kids.append(node(3))
                made += 1
            if kids:
                sub["children"] = kids
            sec["children"].append(sub)
        sections.append(sec)

    import copy

    new = copy.deepcopy(sections)
    fresh = iter(range(10**6, 10**9))

    def edit(nodes: list[dict], depth: int) -> list[dict]:
        out = []
        for n in nodes:
            r = rng.random()
            if r < 0.01 and not n.get("children"):
                continue  # struck out (削る): later siblings are renumbered
            if r < 0.06:  # reworded (改正)
                text = n["text"][0]
                old, repl = rng.choice(REWORDINGS)
                if old in text:
                    text = text.replace(old, repl, 1)
                else:
                    cut = rng.randint(0, len(text) - 1)
                    text = text[:cut] + sentence(rng, pool, 12).rstrip("。") + text[cut:]
                n["text"] = [text]
            elif r < 0.07:  # formatting only: 、 → ，
                n["text"] = [n["text"][0].replace("、", "，")]
            elif r < 0.075:
                n["id"] = f"{n['id']}-renamed"  # id changed by hand: paired by wording
            if "children" in n:
                n["children"] = edit(n["children"], depth + 1)
            out.append(n)
            if rng.random() < 0.01:  # a new clause (新設)
                extra = {"id": f"c{next(fresh)}", "text": [sentence(rng, pool, rng.randint(52, 96))]}
                out.append(extra)
        if len(out) > 3 and rng.random() < 0.05:  # move one clause within the section
            out.insert(rng.randint(0, len(out) - 1), out.pop(rng.randint(0, len(out) - 1)))
        return out

    return sections, edit(new, 1)


SUPPLEMENTARY = 40  # 附則 of the old revision: one per amendment, as a long-lived 例規 collects them


def supplementary(new: bool) -> tuple[Node, ...]:
    """The 附則: the first one plain, then one per amendment; the new revision corrects one and adds one."""
    out = [Node("s0", text=("この訓令は、平成14年8月1日から施行する。",))]
    for k in range(1, SUPPLEMENTARY):
        text = f"この訓令は、平成{14 + k % 17}年4月1日から施行する。"
        if new and k == SUPPLEMENTARY // 2:
            text = text.replace("施行する", "施行し、同日以後の事務について適用する")
        out.append(Node(f"s{k}", title=f"平成{14 + k % 17}年3月{1 + k % 28}日訓令第{k}号", text=(text,)))
    if new:
        out.append(Node("s-new", title="令和8年3月27日訓令第2号",
                        text=("この訓令は、令和8年4月1日から施行する。", "この訓令の施行前にした手続は、なお従前の例による。")))
    return tuple(out)


def write_revision(body: list[dict], rev: str, path: Path) -> None:
    """Write a generated body (and its 附則) with the project's own canonical YAML writer."""

    def nodes(items: list[dict]) -> tuple[Node, ...]:
        return tuple(Node(id=n["id"], title=n.get("title"), text=tuple(n["text"]),
                          children=nodes(n.get("children", []))) for n in items)

    revision = Revision(rev, _dt.date(2026, 4, 1), "改定", "sample", "", number_tree(nodes(body)),
                        supplementary=supplementary(rev != "v1"))
    path.write_text(dump_revision(revision), encoding="utf-8")


def dump_text(root: Path, rev_id: str, path: Path) -> int:
    """Plain-text dump of a revision (number, heading, text per clause) for git diff."""
    policy = load_policy([root])
    doc = policy.document("bench")
    rev = doc.revision(rev_id)
    labels = ref_labels(doc, rev)
    lines = []
    for p in place(doc, rev):
        lines.append(f"{p.ref} {clause_content(p.node, labels)}")
    text = "\n".join(lines) + "\n"
    path.write_text(text, encoding="utf-8")
    return len(text)


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def best(cmd: list[str], repeat: int, ok: tuple[int, ...] = (0,), env: dict[str, str] | None = None,
         fresh_cache: Path | None = None) -> tuple[float, float]:
    """Best wall time and best CPU time (user + system) of ``repeat`` runs.

    The CPU time is the steadier figure on a shared machine: other people's
    processes stretch the wall time, much less the CPU time of ours.
    """
    walls, cpus = [], []
    for _ in range(repeat):
        if fresh_cache is not None:  # every run a first run: no parsed revision kept from before
            shutil.rmtree(fresh_cache, ignore_errors=True)
        cpu0, start = _child_cpu(), time.perf_counter()
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT, env=env)
        walls.append(time.perf_counter() - start)
        cpus.append(_child_cpu() - cpu0)
        if proc.returncode not in ok:
            raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.decode()[-500:]}")
    return min(walls), min(cpus)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clauses", type=int, default=3000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--keep", metavar="DIR", help="keep the generated source and outputs here")
    args = ap.parse_args()
    git = shutil.which("git")
    if git is None:
        raise SystemExit("git not found: it is the baseline of this benchmark")

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-diff-"))
    try:
        root = work / "src"
        (root / "bench").mkdir(parents=True, exist_ok=True)
        (root / "policyset.yaml").write_text(POLICYSET, encoding="utf-8")
        (root / "bench" / "document.yaml").write_text(DOCUMENT, encoding="utf-8")
        old, new = generate(args.clauses)
        write_revision(old, "v1", root / "bench" / "v1.yaml")
        write_revision(new, "v2", root / "bench" / "v2.yaml")
        size_a = dump_text(root, "v1", work / "v1.txt")
        size_b = dump_text(root, "v2", work / "v2.txt")

        t_load = engine = t_render = float("inf")
        for _ in range(args.repeat):  # the parts, in this process
            start = time.perf_counter()
            policy = load_policy([root])
            t_load = min(t_load, time.perf_counter() - start)
            doc = policy.document("bench")
            start = time.perf_counter()
            cs = compare(doc, doc.revision("v1"), doc.revision("v2"))
            engine = min(engine, time.perf_counter() - start)
            start = time.perf_counter()
            diff_json.dumps(doc, cs)
            t_render = min(t_render, time.perf_counter() - start)
        n_old = len(list(doc.revision("v1").walk()))
        n_new = len(list(doc.revision("v2").walk()))
        yaml_kb = sum(p.stat().st_size for p in (root / "bench").glob("v*.yaml")) / 1024

        base = [git, "diff", "--no-index", "--word-diff-regex=.", "--no-color", str(work / "v1.txt"),
                str(work / "v2.txt")]
        t_git = best(base, args.repeat, ok=(0, 1))  # 1 = differences found
        policy_cmd = [sys.executable, "-m", "toolkit", "--src", str(root), "diff", "--doc", "bench", "v1", "v2"]
        # the parse cache of revision files (toolkit.source.revcache) in the bench's own folder
        cache = work / "cache"
        env = {**os.environ, "POLICY_CACHE_DIR": str(cache)}
        json_cmd = policy_cmd + ["--format", "json", "-o", str(work / "out.json")]
        t_cold = best(json_cmd, args.repeat, env=env, fresh_cache=cache)
        t_json = best(json_cmd, args.repeat, env=env)
        t_html = best(policy_cmd + ["--format", "html", "-o", str(work / "out.html")], args.repeat, env=env)
        t_docx = best(policy_cmd + ["--format", "docx", "-o", str(work / "out.docx")], args.repeat, env=env)
        t_start = best([sys.executable, "-m", "toolkit", "diff", "--help"], args.repeat)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    print(f"clauses: {n_old} old / {n_new} new; text: {size_a:,} / {size_b:,} characters; YAML {yaml_kb:,.0f} KB")
    print(f"changes: {cs.counts()} (formatting only: {cs.formatting_only})")
    compared = [c.kind for c in cs.changes if getattr(c, "supplementary", False)]  # 0 before 附則 were compared
    print(f"附則 compared: {len(compared)} ({', '.join(f'{k} {compared.count(k)}' for k in sorted(set(compared)))})")
    print(f"{'':50} {'wall':>8} {'CPU':>8}")
    print(f"{'baseline: git diff --no-index --word-diff-regex=.':50} {t_git[0]:7.3f}s {t_git[1]:7.3f}s")
    for name, t in (("json", t_json), ("json, first run", t_cold), ("html", t_html), ("docx", t_docx)):
        label = f"policy diff --format {name} (end to end)"
        print(f"{label:50} {t[0]:7.3f}s {t[1]:7.3f}s   ratio {t[0] / t_git[0]:5.1f}× wall, "
              f"{t[1] / max(t_git[1], 1e-3):5.1f}× CPU" + ("   (target ≤ 5×)" if name == "json" else ""))
    print("  (first run: no revision file parsed before; the others reuse the parse cache, as a reviewer's")
    print("   second diff against the same adopted revision does)")
    print("where the json run goes (each part timed on its own):")
    print(f"  start-up: policy diff --help                    {t_start[0]:7.3f} s")
    print(f"  load_policy() (YAML, checks) in process         {t_load:7.3f} s")
    print(f"  compare() in process                            {engine:7.3f} s   ratio {engine / t_git[0]:5.1f}× git's wall time")
    print(f"  diff_json.dumps() in process                    {t_render:7.3f} s")
    print(f"(best of {args.repeat} runs each; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
