"""The ledger's status and dates: revise makes a draft, adopt records the decision and 施行日,
drop-draft abandons a draft; `policy check` locates every inconsistency."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, Run, policy_process

from toolkit.cli import main
from toolkit.model import Adoption
from toolkit.source.load import load_policy


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def cli(src: Path, *argv: str) -> int:
    return main(["--src", str(src), *argv])


def revise(src: Path, rev: str = "r9", date: str = "2027-04-01") -> None:
    assert cli(src, "revise", "--new", rev, "--date", date, "--kind", "改定", "--summary", "試験の改定") == 0


def test_ledger_statuses_of_the_fixture(policy):
    doc = policy.document("basic-policy")
    assert [(r.id, r.status, r.adopted_on, r.date) for r in doc.revisions] == [
        ("h16", "adopted", dt.date(2004, 12, 20), dt.date(2004, 12, 20)),
        ("r5", "adopted", dt.date(2023, 7, 4), dt.date(2023, 7, 4)),
        ("r8", "adopted", dt.date(2026, 4, 1), dt.date(2026, 4, 1)),
    ]


def test_revise_adopt_keeps_comments_and_records_the_decision(src_copy, capsys):
    ledger = src_copy / "basic-policy" / "document.yaml"
    before = ledger.read_text(encoding="utf-8")
    revise(src_copy)
    assert "policy adopt --doc basic-policy --rev r9" in capsys.readouterr().out
    doc = load_policy([src_copy]).document("basic-policy")
    assert doc.latest.is_draft and doc.current.id == "r8" and doc.drafts == (doc.latest,)

    assert cli(src_copy, "adopt", "--rev", "r9", "--date", "2026-11-10", "--effective", "2027-04-01",
               "--by", "市長決裁", "--ref", "千情政第1号") == 0
    after = ledger.read_text(encoding="utf-8")
    assert after == before + (
        "  - id: r9\n    date: 2027-04-01\n    status: adopted\n    adopted: 2026-11-10\n"
        "    adopted_by: 市長決裁\n    reference: 千情政第1号\n    kind: 改定\n    provenance: authoritative\n"
        "    summary: 試験の改定\n")
    rev = load_policy([src_copy]).document("basic-policy").revision("r9")
    assert not rev.is_draft and rev.adoption == Adoption(dt.date(2026, 11, 10), "市長決裁", "千情政第1号")
    assert rev.in_force(dt.date(2027, 4, 1)) and not rev.in_force(dt.date(2027, 3, 31))


def test_adopt_moves_the_effective_date(src_copy):
    revise(src_copy)
    assert cli(src_copy, "adopt", "--rev", "r9", "--date", "2026-11-20", "--effective", "2027-10-01") == 0
    rev = load_policy([src_copy]).document("basic-policy").revision("r9")
    assert rev.date == dt.date(2027, 10, 1) and rev.adopted_on == dt.date(2026, 11, 20)


@pytest.mark.parametrize("argv,message", [
    (["--rev", "r9", "--date", "2027-05-01"], "--effective YYYY-MM-DD (the planned 施行日 2027-04-01"),
    (["--rev", "r9", "--date", "2027-03-01", "--effective", "2027-02-01"], "is before the decision"),
    (["--rev", "r9", "--date", "2027-13-01"], "is not a date"),
    (["--rev", "r8", "--date", "2027-03-01"], "already adopted"),
    (["--rev", "r7", "--date", "2027-03-01"], "has no revision 'r7'"),
])
def test_adopt_refusals_change_nothing(src_copy, argv, message, capsys):
    revise(src_copy)
    capsys.readouterr()
    before = snapshot(src_copy)
    assert cli(src_copy, "adopt", *argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.startswith("error: ")
    assert snapshot(src_copy) == before


def test_adopt_refuses_a_source_that_does_not_check(src_copy, capsys):
    revise(src_copy)
    r9 = src_copy / "basic-policy" / "r9.yaml"
    r9.write_text(r9.read_text(encoding="utf-8").replace("  - id: purpose", "  - id: Purpose!", 1), encoding="utf-8")
    before = snapshot(src_copy)
    assert cli(src_copy, "adopt", "--rev", "r9", "--date", "2027-03-01") == 2
    assert "r9.yaml" in capsys.readouterr().err
    assert snapshot(src_copy) == before


def test_drop_draft(src_copy, capsys):
    before = snapshot(src_copy)
    revise(src_copy)
    assert cli(src_copy, "drop-draft", "--rev", "r9") == 0
    assert snapshot(src_copy) == before  # byte for byte as before the revise
    assert cli(src_copy, "drop-draft", "--rev", "r8") == 2
    assert "only a draft can be dropped" in capsys.readouterr().err
    assert snapshot(src_copy) == before


def _check(src: Path) -> Run:
    return policy_process("--src", "policy_src", "check", cwd=src.parent,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def _line(path: Path, needle: str) -> int:
    """The line number of the last line equal to ``needle`` (r8's entry is the last one)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return len(lines) - lines[::-1].index(needle)


@pytest.mark.parametrize("old,new,needle,message", [
    # 施行日 before the decision
    ("    date: 2026-04-01\n    status: adopted\n    adopted: 2026-04-01\n",
     "    date: 2026-04-01\n    status: adopted\n    adopted: 2026-05-01\n",
     "  - id: r8", "revision r8 is in force from 2026-04-01 (date:), before its adoption on 2026-05-01"),
    # adopted without a decision date
    ("    status: adopted\n    adopted: 2026-04-01\n", "    status: adopted\n",
     "    status: adopted", "an adopted revision needs its decision date"),
    # a draft before an adopted revision
    ("    date: 2023-07-04\n    status: adopted\n    adopted: 2023-07-04\n",
     "    date: 2023-07-04\n    status: draft\n",
     "  - id: r5", "draft r5 comes before the adopted revision r8"),
    # a draft with a decision
    ("    date: 2026-04-01\n    status: adopted\n", "    date: 2026-04-01\n    status: draft\n",
     "    adopted: 2026-04-01", "a draft has no 'adopted'"),
    ("    status: adopted\n    adopted: 2026-04-01\n", "    status: approved\n    adopted: 2026-04-01\n",
     "    status: approved", "unknown revision status 'approved'"),
])
def test_check_locates_ledger_status_problems(src_copy, old, new, needle, message):
    ledger = src_copy / "basic-policy" / "document.yaml"
    text = ledger.read_text(encoding="utf-8")
    assert old in text
    ledger.write_text(text.replace(old, new, 1), encoding="utf-8")
    r = _check(src_copy)
    line = _line(ledger, needle)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert f"policy_src/basic-policy/document.yaml:{line}:" in r.stderr and message in r.stderr, (r.stderr, line)


def test_check_decisions_in_order(src_copy):
    ledger = src_copy / "basic-policy" / "document.yaml"
    text = ledger.read_text(encoding="utf-8")
    text = text.replace("    date: 2026-04-01\n    status: adopted\n    adopted: 2026-04-01\n",
                        "    date: 2026-04-01\n    status: adopted\n    adopted: 2023-01-01\n")
    ledger.write_text(text, encoding="utf-8")
    r = _check(src_copy)
    line = _line(ledger, "  - id: r8")
    assert r.returncode == 2
    assert (f"policy_src/basic-policy/document.yaml:{line}:5: revision r8 was adopted on 2023-01-01, before the "
            "earlier revision r5 (2023-07-04)") in r.stderr


def test_reason_and_implements_dump_and_load_back():
    from toolkit.model import Node, Revision, number_tree
    from toolkit.source.dump import dump_revision
    from toolkit.source.revision_file import parse_revision

    body = number_tree([Node("a", title="見出し", text=("本文。",), reason="理由: 試験用",
                             implements=("basic-policy:measure-x", "basic-policy:measure-y"))])
    text = dump_revision(Revision("r1", dt.date(2026, 4, 1), "改定", "sample", "", body))
    got, _note = parse_revision(text, "r1.yaml", "r1")
    assert got == body


def test_revise_drops_the_previous_reasons(src_copy):
    revise(src_copy)
    r9 = src_copy / "basic-policy" / "r9.yaml"
    text = r9.read_text(encoding="utf-8").replace("      - id: measure-outsourcing\n",
                                                  "      - id: measure-outsourcing\n        reason: 試験用の理由\n", 1)
    r9.write_text(text, encoding="utf-8")
    assert load_policy([src_copy]).document("basic-policy").revision("r9").reason_for("measure-outsourcing")
    assert cli(src_copy, "adopt", "--rev", "r9", "--date", "2026-11-20") == 0
    revise(src_copy, "r10", "2028-04-01")
    r10 = load_policy([src_copy]).document("basic-policy").revision("r10")
    assert r10.reason_for("measure-outsourcing") is None


def test_every_next_step_a_command_prints_is_in_the_readme(src_copy, capsys, tmp_path):
    """What revise / review / adopt tell the user to do next is told in the README's walkthrough."""
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert cli(src_copy, "revise", "--new", "r9", "--date", "2027-04-01", "--kind", "改定") == 0
    said = capsys.readouterr().out
    assert cli(src_copy, "review", "--rev", "r9", "-o", str(tmp_path / "review"), "--training",
               str(ROOT / "training")) == 0
    said += capsys.readouterr().out
    assert cli(src_copy, "adopt", "--rev", "r9", "--date", "2026-11-10") == 0
    said += capsys.readouterr().out
    steps = said[said.index("next:"):]
    commands = set(re.findall(r"policy (?:[a-z-]+)", steps)) | set(re.findall(r"make [a-z]+", steps))
    assert {"policy check", "policy diff", "policy adopt", "policy drop-draft", "policy publish"} <= commands
    for command in commands:
        assert command in readme, command
    for word in ("summary", "reason:", "reasons:", "--effective", "--as-of", "冒頭のコメント"):
        assert word in readme, word


def test_the_readmes_import_example_works_as_written(src_copy):
    """README「取り込みと書き出し」: the command as printed there, on the city's published text."""
    import shlex

    from conftest import SEED

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(ln for ln in readme.splitlines() if ln.startswith(".venv/bin/policy import "))
    argv = shlex.split(line)[1:]
    (src_copy.parent / argv[1]).write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "toolkit", "--src", "policy_src", *argv], cwd=src_copy.parent,
                       capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert r.returncode == 0, r.stderr
    doc = load_policy([src_copy]).document("basic-policy")
    assert doc.latest.id == "r9" and doc.latest.is_draft and doc.current.id == "r8"
    assert _check(src_copy).returncode == 0


def test_adopt_keeps_hostile_text_as_text(src_copy):
    revise(src_copy)
    by, ref = "委員会: 議決 # 第1回 {ref:x} *a &b", "'\"<script>alert(1)</script>"
    assert cli(src_copy, "adopt", "--rev", "r9", "--date", "2026-11-20", "--by", by, "--ref", ref) == 0
    rev = load_policy([src_copy]).document("basic-policy").revision("r9")
    assert rev.adoption is not None and (rev.adoption.by, rev.adoption.reference) == (by, ref)


def test_a_reason_is_text_not_markup(src_copy, tmp_path, capsys):
    revise(src_copy)
    r9 = src_copy / "basic-policy" / "r9.yaml"
    text = r9.read_text(encoding="utf-8").replace("規定を整備し対策", "規定を整備した上で対策", 1)
    text = text.replace("      - id: measure-outsourcing\n",
                        '      - id: measure-outsourcing\n        reason: "<script>alert(1)</script>"\n', 1)
    r9.write_text(text, encoding="utf-8")
    assert cli(src_copy, "review", "-o", str(tmp_path / "r"), "--training", str(tmp_path / "none")) == 0
    page = (tmp_path / "r" / "basic-policy-r9-review.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
