"""Digest of every output the toolkit builds from the fixture sources.

A refactoring step must not change a byte of any output.  Run this before and
after the step and compare:

    .venv/bin/python dev/output_digest.py > /tmp/before.txt
    ... change the code ...
    .venv/bin/python dev/output_digest.py > /tmp/after.txt
    diff /tmp/before.txt /tmp/after.txt && echo identical

It copies each fixture source to a temporary folder, runs the commands a user
runs (publish public and staff, docx and PDF, disclose, diff in every format,
export Markdown and editable Word, train, revise + review) with a fixed
SOURCE_DATE_EPOCH and --as-of, and prints one ``sha256  path`` line per file.
Exit status 1 when a command fails (its output is printed to stderr).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLICY = [sys.executable, "-m", "toolkit"]
EPOCH = "1767225600"  # 2026-01-01 UTC
AS_OF = "2026-06-01"


def _run(src: Path, out: Path, *args: str) -> None:
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, PYTHONHASHSEED="0")
    cmd = [*POLICY, "--src", str(src), *args]
    proc = subprocess.run(cmd, cwd=out, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(f"FAILED ({proc.returncode}): {' '.join(args)}\n{proc.stdout}{proc.stderr}\n")
        raise SystemExit(1)


def _policy_src(src: Path, out: Path) -> None:
    training = os.path.relpath(out.parent.parent / "inputs" / "training", out)
    _run(src, out, "publish", "--allow-sample-site", "--as-of", AS_OF, "--out", "build/public", "--work", "work/p")
    _run(src, out, "publish", "--internal", "--as-of", AS_OF, "--out", "build/internal", "--work", "work/i")
    _run(src, out, "docx", "--all", "--as-of", AS_OF, "-o", "build/docx")
    _run(src, out, "docx", "--all", "--internal", "--as-of", AS_OF, "-o", "build/docx-internal")
    _run(src, out, "disclose", "--all", "--as-of", AS_OF, "-o", "build/disclosure")
    for doc in ("basic-policy", "standards"):
        _run(src, out, "diff", "r5", "r8", "--doc", doc, "--all-formats", "--as-of", AS_OF, "-o", f"build/diff/{doc}")
        for fmt in ("md", "docx"):
            _run(src, out, "export", "--doc", doc, "--format", fmt, "--editable", "--audience", "staff",
                 "--as-of", AS_OF, "-o", f"build/export/{doc}.{fmt}")
    _run(src, out, "train", "--all", "--as-of", AS_OF, "--training", training, "-o", "build/training")
    _run(src, out, "revise", "--doc", "basic-policy", "--new", "r99", "--date", "2027-04-01", "--kind", "改定")
    _run(src, out, "review", "--doc", "basic-policy", "--rev", "r99", "--training", training,
         "--as-of", AS_OF, "-o", "build/review")
    _imports(src, out)


def _imports(src: Path, out: Path) -> None:
    """The importer's output: each import fixture (and the seed) as a revision file and report."""
    inputs = out.parent.parent / "inputs"
    fixtures = sorted((inputs / "import").glob("*.txt"))
    fixtures.append(inputs / "seed" / "000_9b7ff9cff9a1b643.txt")
    for i, text in enumerate(fixtures):
        _run(src, out, "import", os.path.relpath(text, out), "--doc", f"imported-{i}", "--rev", "r1", "--classification", "public",
             "--date", "2020-04-01", "--kind", "策定", "-o", f"build/import/{i}.yaml",
             "--report", f"build/import/{i}.report.txt")
    for fmt in ("md", "docx"):
        exported = out / "build" / "export" / f"basic-policy.{fmt}"
        _run(src, out, "import", str(exported), "--doc", "basic-policy", "--rev", "r8", "--like", "r8",
             "-o", f"build/import/roundtrip-{fmt}.yaml", "--report", f"build/import/roundtrip-{fmt}.report.txt")


def _reiki_src(src: Path, out: Path) -> None:
    _run(src, out, "publish", "--allow-sample-site", "--as-of", AS_OF, "--out", "build/public", "--work", "work/p")
    _run(src, out, "publish", "--internal", "--as-of", AS_OF, "--out", "build/internal", "--work", "work/i")
    _run(src, out, "docx", "--all", "--internal", "--as-of", AS_OF, "-o", "build/docx")
    _run(src, out, "diff", "r5", "r8", "--doc", "rules", "--all-formats", "--as-of", AS_OF, "-o", "build/diff")
    _run(src, out, "export", "--doc", "rules", "--format", "docx", "--editable", "--audience", "staff",
         "--as-of", AS_OF, "-o", "build/export/rules.docx")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="digest-") as tmp:
        base = Path(tmp)
        lines: list[str] = []
        # inputs are copied in too: their paths appear in outputs, which must not depend on the checkout's folder
        for name in ("training", "import", "seed"):
            shutil.copytree(ROOT / "tests" / "fixtures" / name, base / "inputs" / name)
        for name, build in (("policy_src", _policy_src), ("reiki_src", _reiki_src)):
            src = base / name / "src"
            out = base / name / "out"
            shutil.copytree(ROOT / "tests" / "fixtures" / name, src)
            out.mkdir()
            build(src, out)
            # the source too: revise writes a revision file and a ledger entry through the dumper
            files = [*(out / "build").rglob("*"), *src.rglob("*")]
            # the source cache holds pickles of the model: it changes when classes move, and is no output
            for path in sorted(p for p in files if p.is_file() and ".cache" not in p.parts):
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                lines.append(f"{digest}  {path.relative_to(base)}")
        print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
