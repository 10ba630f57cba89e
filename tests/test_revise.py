"""``policy revise`` on a copy of policy_src/: copy, ledger entry, comments kept, roll back on failure."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from toolkit.cli import main
from toolkit.diff import clauses, compare
from toolkit.errors import SourceError
from toolkit.source.load import load_policy

ROOT = Path(__file__).resolve().parent.parent


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_revise_copies_and_appends(src_copy, capsys):
    folder = src_copy / "basic-policy"
    ledger_before = (folder / "document.yaml").read_text(encoding="utf-8")
    r8_text = (folder / "r8.yaml").read_text(encoding="utf-8")
    status = main(["--src", str(src_copy), "revise", "--doc", "basic-policy", "--new", "r9",
                   "--date", "2027-04-01", "--kind", "改定", "--summary", "外部サービスの規定を改定"])
    assert status == 0
    shown = capsys.readouterr().out
    assert "policy diff r8 r9 --doc basic-policy" in shown and "r9.yaml" in shown

    # the ledger: everything as it was (comments, layout), plus the entry at the end
    ledger_after = (folder / "document.yaml").read_text(encoding="utf-8")
    assert ledger_after == ledger_before + (
        "  - id: r9\n"
        "    date: 2027-04-01\n"
        "    status: draft\n"
        "    kind: 改定\n"
        "    provenance: authoritative\n"
        "    summary: 外部サービスの規定を改定\n"
    )
    # the copy: r8 byte for byte apart from its revision line and a header comment
    copy = (folder / "r9.yaml").read_text(encoding="utf-8")
    assert copy.startswith("# r9: 2027-04-01 改定 — copied from r8.yaml by `policy revise`.\n")
    assert copy.split("\n", 2)[2] == r8_text.replace("\nrevision: r8\n", "\nrevision: r9\n")

    policy = load_policy([src_copy])
    doc = policy.document("basic-policy")
    draft = doc.latest
    assert draft.id == "r9" and draft.is_draft and draft.provenance == "authoritative"
    assert doc.current.id == "r8"  # a draft is not the text in force
    assert [c.content for c in clauses(doc, draft)] == [c.content for c in clauses(doc, doc.revision("r8"))]
    assert compare(doc, doc.revision("r8"), draft).is_empty


def test_revise_then_diff_shows_the_edit(src_copy, tmp_path):
    assert main(["--src", str(src_copy), "revise", "--doc", "standards", "--new", "r9",
                 "--date", "2027-04-01", "--kind", "改定", "--provenance", "sample"]) == 0
    path = src_copy / "standards" / "r9.yaml"
    text = path.read_text(encoding="utf-8")
    assert "多要素認証" in text
    path.write_text(text.replace("多要素認証", "多要素認証（生体認証を含む。）", 1), encoding="utf-8")
    out = tmp_path / "d.txt"
    assert main(["--src", str(src_copy), "diff", "--doc", "standards", "r8", "r9", "-o", str(out)]) == 0
    report = out.read_text(encoding="utf-8")
    assert "改正 1" in report and "{+（生体認証を含む。）+}" in report
    ledger = (src_copy / "standards" / "document.yaml").read_text(encoding="utf-8")
    assert ledger.rstrip().endswith("summary: 改定")  # default summary, to be edited


@pytest.mark.parametrize("argv,message", [
    (["--new", "r8", "--date", "2027-04-01", "--kind", "改定"], "already exists"),
    (["--new", "R9", "--date", "2027-04-01", "--kind", "改定"], "not a lower-case ASCII id"),
    (["--new", "r9", "--date", "2025-04-01", "--kind", "改定"], "is not after the current revision r8"),
    (["--new", "r9", "--date", "2027-13-01", "--kind", "改定"], "is not a date"),
    (["--doc", "nosuch", "--new", "r9", "--date", "2027-04-01", "--kind", "改定"], "no document 'nosuch'"),
])
def test_refusals_leave_the_source_untouched(src_copy, argv, message, capsys):
    before = snapshot(src_copy)
    assert main(["--src", str(src_copy), "revise", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and err.startswith("error: ")
    assert snapshot(src_copy) == before


def test_refusal_as_a_process_has_no_traceback(src_copy):
    proc = subprocess.run([sys.executable, "-m", "toolkit", "--src", str(src_copy), "revise", "--new", "r8",
                           "--date", "2027-04-01", "--kind", "改定"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2
    assert "already exists" in proc.stderr and "Traceback" not in proc.stderr


def test_invalid_result_is_rolled_back(src_copy, monkeypatch):
    """If the source does not load after the change, both files are put back."""
    import toolkit.commands.revise as revise

    before = snapshot(src_copy)
    real = revise.load_policy
    calls = []

    def flaky(roots):
        calls.append(roots)
        if len(calls) == 2:  # the check after writing
            raise SourceError("simulated problem in the new revision")
        return real(roots)

    monkeypatch.setattr(revise, "load_policy", flaky)
    with pytest.raises(SourceError):
        revise.run(revise_args(src_copy))
    assert snapshot(src_copy) == before


def test_broken_source_is_refused_before_anything_is_written(src_copy):
    bad = src_copy / "basic-policy" / "r8.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("  - id: purpose", "  - id: Purpose!", 1),
                   encoding="utf-8")
    before = snapshot(src_copy)
    with pytest.raises(SourceError) as err:
        main_raise(src_copy)
    assert "r8.yaml" in str(err.value)
    assert snapshot(src_copy) == before


def revise_args(src: Path):
    import argparse

    return argparse.Namespace(src=str(src), private_src=None, doc="basic-policy", new="r9", date="2027-04-01",
                              kind="改定", provenance="authoritative", summary=None)


def main_raise(src: Path):
    import toolkit.commands.revise as revise

    return revise.run(revise_args(src))


def test_revise_of_a_reiki_text_keeps_its_supplementary_and_its_own_numbering(tmp_path, capsys):
    """The draft starts as the latest text whole: its 附則 (a new amendment adds one after them) and,
    where the revision numbers its levels its own way, that numbering (tests/fixtures/reiki_src)."""
    import shutil

    from conftest import FIXTURES

    src = tmp_path / "reiki_src"
    shutil.copytree(FIXTURES / "reiki_src", src)
    for doc_id, new, date in (("rules", "r9", "2027-04-01"), ("handbook", "r2", "2025-04-01")):
        assert main(["--src", str(src), "revise", "--doc", doc_id, "--new", new, "--date", date,
                     "--kind", "改定"]) == 0, capsys.readouterr()
    policy = load_policy([src])
    rules = policy.document("rules")
    r8, r9 = rules.revision("r8"), rules.revision("r9")
    assert r9.is_draft and r9.supplementary == r8.supplementary and len(r9.supplementary) == 3
    assert [e.id for e in rules.history_only] == ["h14", "h20"]  # the ledger's 本文なし lines stay
    handbook = policy.document("handbook")
    r1, r2 = handbook.revision("r1"), handbook.revision("r2")
    assert r2.numbering == r1.numbering == ("第1", "1", "(1)")
    assert r2.supplementary == r1.supplementary
    # so the draft reads as the text it amends: nothing to show in its 新旧対照表
    assert compare(rules, r8, r9).is_empty and compare(handbook, r1, r2).is_empty
    # and the node's own style of its children (numbering: "ア") is kept too
    assert rules.revision("r9").node("manager-p2").numbering == "ア"
