"""Issue 17 §3: the life cycle.

* ``adopt --date`` after the build date (a decision that has not happened) is refused, and a view never
  treats a revision as adopted before its decision date (a decision dated 2099 published r9 and its
  新旧対照表 at once).
* The 部分開示 edition is never made of a draft; ``disclose --all`` skips drafts and says so.
* ``{ref:doc:id}`` in a non-public clause: ``publish`` and ``train --audience public`` failed with a
  false "non-public text" while ``check`` said ok, and the 部分開示 edition printed the raw reference.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

from conftest import ROOT
from hostile import edit_yaml, make_project, policy

OLD = "利用に係る規定を整備し対策を講じる。"
NEW = "利用に係る規定を整備した上で対策を講じる（二〇九九年の決定を待つ試験文）。"
TRAINING = ROOT / "training"


def _revise(project: Path, doc: str = "basic-policy", provenance: str = "authoritative") -> Path:
    run = policy(project, "revise", "--doc", doc, "--new", "r9", "--date", "2027-04-01", "--kind", "改定",
                 "--provenance", provenance)
    assert run.returncode == 0, str(run)
    return project / "policy_src" / doc / "r9.yaml"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_adopt_with_a_decision_after_the_build_date_is_refused(tmp_path):
    project = make_project(tmp_path)
    _revise(project)
    before = _snapshot(project / "policy_src")
    run = policy(project, "adopt", "--rev", "r9", "--date", "2099-01-01", "--effective", "2099-04-01")
    assert run.returncode == 2 and "Traceback" not in run.stderr, str(run)
    assert "2099-01-01" in run.stderr and "build date" in run.stderr, str(run)
    assert _snapshot(project / "policy_src") == before


def _adopted_in_2099(project: Path) -> None:
    """r9 changes one sentence, and its ledger says adopted on 2099-01-01, in force from 2099-04-01 (a hand edit
    of document.yaml, or a source from another machine: the toolkit must not take the decision as made)."""
    r9 = _revise(project)
    text = r9.read_text(encoding="utf-8")
    assert text.count(OLD) == 1
    r9.write_text(text.replace(OLD, NEW), encoding="utf-8")

    def adopt(data) -> None:
        entry = next(e for e in data["revisions"] if e["id"] == "r9")
        entry["status"] = "adopted"
        entry["adopted"] = dt.date(2099, 1, 1)
        entry["date"] = dt.date(2099, 4, 1)

    edit_yaml(project / "policy_src" / "basic-policy" / "document.yaml", adopt)


def test_a_decision_dated_2099_is_not_published_now(tmp_path):
    project = make_project(tmp_path)
    _adopted_in_2099(project)
    assert policy(project, "check").returncode == 0
    run = policy(project, "publish", wall=300, cpu=300)
    assert run.returncode == 0, str(run)
    public = project / "build" / "public"
    text = "".join(p.read_text(encoding="utf-8") for p in public.rglob("*.html"))
    assert "二〇九九年の決定" not in text, "the undecided text is on the public site"
    assert not list(public.rglob("*r8-r9*")), "the 新旧対照表 of an undecided revision is on the public site"
    assert "施行されます" not in (public / "basic-policy" / "index.html").read_text(encoding="utf-8")


def test_a_view_before_the_decision_date_shows_a_draft(tmp_path):
    from toolkit.source.load import load_policy
    from toolkit.view.redact import redact

    project = make_project(tmp_path)
    _adopted_in_2099(project)
    source = load_policy([project / "policy_src"])
    today = dt.date(2030, 1, 1)
    public = redact(source, "public", as_of=today).document("basic-policy")
    assert "r9" not in {r.id for r in (*public.revisions, *public.announced)}
    staff = redact(source, "staff", as_of=today).document("basic-policy")
    assert [r.id for r in staff.announced] == []
    assert [r.id for r in staff.drafts] == ["r9"], "before its decision, r9 is a draft (案) to staff"
    after = redact(source, "public", as_of=dt.date(2099, 1, 2)).document("basic-policy")
    assert [r.id for r in after.announced] == ["r9"], "after the decision it is announced"


def test_disclose_never_issues_an_edition_of_a_draft(tmp_path):
    project = make_project(tmp_path)
    _revise(project, "standards", "sample")
    one = policy(project, "disclose", "--doc", "standards", "--rev", "r9", "-o", "one")
    assert one.returncode == 2 and "Traceback" not in one.stderr, str(one)
    assert "draft" in one.stderr
    assert not (project / "one").exists()
    every = policy(project, "disclose", "--all", "-o", "all")
    assert every.returncode == 0, str(every)
    names = sorted(p.name for p in (project / "all").glob("*.docx"))
    assert names and not [n for n in names if "r9" in n], names
    assert re.search(r"standards: skipped r9 .*draft", every.stderr), str(every)


XREF = "（{ref:basic-policy:measure-physical}参照）"


def _cite_across(project: Path) -> None:
    """A clause of the (non-public) 対策基準 cites a clause of the public 基本方針, by id; the clause is
    disclosable (readable in the 部分開示 edition)."""
    r8 = project / "policy_src" / "standards" / "r8.yaml"
    text = r8.read_text(encoding="utf-8")
    anchor = "外部機関との連絡調整を行うものとする。"
    node = "          - id: csirt-role\n"
    assert text.count(anchor) == 1 and text.count(node) == 1
    text = text.replace(anchor, anchor[:-1] + XREF + "。").replace(node, node + "            disclosable: true\n")
    r8.write_text(text, encoding="utf-8")


def test_a_cross_reference_in_a_non_public_clause_is_not_a_false_leak(tmp_path):
    project = make_project(tmp_path)
    _cite_across(project)
    check = policy(project, "check")
    assert check.returncode == 0, str(check)
    published = policy(project, "publish", wall=300, cpu=300)
    assert published.returncode == 0, str(published)
    trained = policy(project, "train", "--audience", "public", "--training", str(TRAINING), wall=300, cpu=300)
    assert trained.returncode == 0, str(trained)


def test_the_disclosure_edition_prints_no_raw_reference(tmp_path):
    project = make_project(tmp_path)
    _cite_across(project)
    run = policy(project, "disclose", "--doc", "standards", "-o", "out")
    assert run.returncode == 0, str(run)
    [docx] = (project / "out").glob("*.docx")
    with zipfile.ZipFile(docx) as z:
        body = re.sub(r"<[^>]+>", "", z.read("word/document.xml").decode("utf-8"))
    assert "連絡調整を行うものとする" in body, "the cited clause is readable in the edition"
    assert "{ref:" not in body and "measure-physical" not in body
    assert "情報セキュリティ基本方針" in body
