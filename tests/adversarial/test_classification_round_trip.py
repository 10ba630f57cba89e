"""Issue 17 §1 — the Word round trip declassified: every field of a clause survives export → edit → import,
and a change of classification is a change the diff, the review package, ``adopt`` and the leak check see.

The README's staff workflow, on the fixture sources: ``policy export --doc standards --rev r8 --format docx
--editable`` → a LibreOffice re-save (as an editor's save leaves the file) → ``policy import … --rev r9
--like r8``.  Before the fix r9 had none of r8's 10 関係者限り classifications, ``term:`` came back as
``title:``, ``policy diff`` said 「変更はありません」, ``adopt`` accepted the r9 and ``publish`` put the
sentence on the public site.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import REIKI, ROOT, SRC, Run, policy_process
from office import resaved

from toolkit.source.load import load_policy

RESTRICTED = 10  # 関係者限り clauses of the fixture 対策基準 r8


def cli(*args: str, cwd: Path) -> Run:
    return policy_process(*args, cwd=cwd, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(cwd)})


def ok(r: Run) -> Run:
    assert r.returncode == 0, r.stderr
    return r


def restricted(rev) -> list[str]:
    return [n.id for n in rev.walk() if n.classification == "restricted"]


def import_r9(src: Path, file: Path, doc: str = "standards", *extra: str) -> Run:
    return ok(cli("--src", str(src), "import", str(file), "--doc", doc, "--rev", "r9", "--like", "r8", "--date",
           "2027-04-01", "--kind", "改定", *extra, cwd=file.parent))


@pytest.fixture
def src(tmp_path: Path) -> Path:
    dst = tmp_path / "src"
    shutil.copytree(SRC, dst)
    return dst


# ---------------------------------------------------------------- every field survives the round trip


@pytest.mark.libreoffice
def test_the_word_round_trip_through_libreoffice_keeps_every_field(src: Path, tmp_path: Path):
    out = tmp_path / "edit.docx"
    ok(cli("--src", str(src), "export", "--doc", "standards", "--rev", "r8", "--format", "docx", "--editable",
           "-o", str(out), cwd=tmp_path))
    import_r9(src, resaved(out, tmp_path))
    doc = load_policy([src]).document("standards")
    r8, r9 = doc.revision("r8"), doc.revision("r9")
    assert len(restricted(r8)) == RESTRICTED
    assert restricted(r9) == restricted(r8)  # on main: []
    assert [n.id for n in r9.walk() if n.term] == [n.id for n in r8.walk() if n.term]  # term:, not title:
    # field for field: id, title / term, text, classification, ground, disclosable, note, implements, numbering …
    assert r9.body == r8.body


def test_the_markdown_round_trip_keeps_every_field(src: Path, tmp_path: Path):
    out = tmp_path / "r8.md"
    ok(cli("--src", str(src), "export", "--doc", "standards", "--rev", "r8", "-o", str(out), cwd=tmp_path))
    assert "{#csirt-members .restricted ground=security-measures}" in out.read_text(encoding="utf-8")
    import_r9(src, out)
    doc = load_policy([src]).document("standards")
    assert restricted(doc.revision("r9")) == restricted(doc.revision("r8"))
    assert doc.revision("r9").body == doc.revision("r8").body


def test_the_reiki_source_round_trips_through_word_and_markdown_whole(tmp_path: Path):
    """Terms (定義), 枝番, a section numbered in its own style, articles with their first 項, the 附則."""
    src = tmp_path / "reiki"
    shutil.copytree(REIKI, src)
    rules = src / "rules" / "r8.yaml"  # a classification, a note and a 改正理由 on clauses of the article kind
    text = rules.read_text(encoding="utf-8")
    term, manager = "\n              - id: term-asset\n", "\n      - id: manager\n"
    assert term in text and manager in text
    rules.write_text(text.replace(term, term + "                note: 定義の注記\n", 1)
                     .replace(manager, manager + "        reason: \"改正理由: 「管理者」の明確化\"\n", 1), encoding="utf-8")
    r8 = load_policy([src]).document("rules").revision("r8")
    assert (r8.node("term-asset").note, r8.node("term-asset").term) == ("定義の注記", "情報資産")
    assert r8.node("manager").reason == "改正理由: 「管理者」の明確化"
    for fmt, rev, date in (("md", "r9", "2027-04-01"), ("docx", "r10", "2028-04-01")):
        out = tmp_path / f"r8.{fmt}"
        ok(cli("--src", str(src), "export", "--doc", "rules", "--rev", "r8", "--format", fmt,
               *(["--editable"] if fmt == "docx" else []), "-o", str(out), cwd=tmp_path))
        ok(cli("--src", str(src), "import", str(out), "--doc", "rules", "--rev", rev, "--like", "r8", "--date", date,
               "--kind", "改定", cwd=tmp_path))
        again = load_policy([src]).document("rules").revision(rev)
        assert (again.body, again.supplementary, again.numbering) == (r8.body, r8.supplementary, r8.numbering), fmt


def _without_records_docx(data: bytes) -> bytes:
    """The Word file with its clause records (custom XML) gone, as an editor that drops them would leave it."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as z, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w:
        for info in z.infolist():
            data = z.read(info)
            if info.filename == "word/_rels/document.xml.rels":  # and the relationship to them
                data = re.sub(rb"<Relationship [^>]*customXml/item1\.xml\"/>", b"", data)
                assert b"customXml" not in data
            if not info.filename.startswith("customXml/"):
                w.writestr(info, data)
    return out.getvalue()


def test_a_clause_without_its_record_takes_its_fields_from_like(src: Path, tmp_path: Path):
    md = tmp_path / "r8.md"
    ok(cli("--src", str(src), "export", "--doc", "standards", "--rev", "r8", "-o", str(md), cwd=tmp_path))
    bare = tmp_path / "bare.md"  # every record taken off: the clauses are matched by their wording
    bare.write_text(re.sub(r" \{#[^\n]*\}$", "", md.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    assert "{#" not in bare.read_text(encoding="utf-8")
    import_r9(src, bare)
    doc = load_policy([src]).document("standards")
    assert restricted(doc.revision("r9")) == restricted(doc.revision("r8"))
    assert [(n.id, n.ground, n.disclosable, n.implements) for n in doc.revision("r9").walk()] == \
        [(n.id, n.ground, n.disclosable, n.implements) for n in doc.revision("r8").walk()]

    out = tmp_path / "edit.docx"
    ok(cli("--src", str(src), "export", "--doc", "standards", "--rev", "r8", "--format", "docx", "--editable",
           "-o", str(out), cwd=tmp_path))
    out.write_bytes(_without_records_docx(out.read_bytes()))
    ok(cli("--src", str(src), "import", str(out), "--doc", "standards", "--rev", "r10", "--like", "r8", "--date",
           "2028-04-01", "--kind", "改定", cwd=tmp_path))
    doc = load_policy([src]).document("standards")
    assert doc.revision("r10").body == doc.revision("r8").body


def test_a_classification_deleted_from_a_record_stays_as_like_says_with_a_warning(src: Path, tmp_path: Path):
    """Fail closed: a record that says nothing of the level (``.restricted`` deleted) does not lower the clause."""
    md = tmp_path / "r8.md"
    ok(cli("--src", str(src), "export", "--doc", "standards", "--rev", "r8", "-o", str(md), cwd=tmp_path))
    md.write_text(md.read_text(encoding="utf-8").replace("{#csirt-members .restricted ground=security-measures}",
                                                         "{#csirt-members}"), encoding="utf-8")
    imported = import_r9(src, md)
    assert re.search(r"r8\.md:\d+: warning: the record of clause csirt-members gives no classification or ground: "
                     r"kept classification restricted, ground security-measures as in r8", imported.stderr)
    doc = load_policy([src]).document("standards")
    assert doc.revision("r9").body == doc.revision("r8").body


def test_an_edited_record_is_a_change_of_classification_the_diff_shows(src: Path, tmp_path: Path):
    """Writing another level in a clause's record (.restricted → .internal) declassifies it in r9 — and every
    output says so."""
    md = tmp_path / "r8.md"
    ok(cli("--src", str(src), "export", "--doc", "standards", "--rev", "r8", "-o", str(md), cwd=tmp_path))
    text = md.read_text(encoding="utf-8")
    md.write_text(text.replace("{#csirt-members .restricted ground=security-measures}", "{#csirt-members .internal}"),
                  encoding="utf-8")
    imported = import_r9(src, md)  # the import says so at once, with the line
    assert re.search(r"r8\.md:\d+: note: clause csirt-members .*関係者限り → 庁内限り .*--declassify", imported.stderr)
    r9 = load_policy([src]).document("standards").revision("r9")
    assert r9.node("csirt-members").classification == "internal"
    folder = tmp_path / "diff"
    r = ok(cli("--src", str(src), "diff", "--doc", "standards", "r8", "r9", "--audience", "security",
               "--all-formats", "-o", str(folder), cwd=tmp_path))
    said = "区分の変更：関係者限り → 庁内限り"
    files = {p.suffix: p for p in folder.iterdir()}
    assert "変更はありません" not in files[".txt"].read_text(encoding="utf-8")
    assert said in files[".txt"].read_text(encoding="utf-8")
    assert said in files[".html"].read_text(encoding="utf-8")
    with zipfile.ZipFile(files[".docx"]) as z:
        assert said in re.sub(r"<[^>]+>", "", z.read("word/document.xml").decode())
    changes = [c for c in json.loads(files[".json"].read_text(encoding="utf-8"))["changes"]
               if c.get("classification_change")]
    assert [(c["id"], c["kind"], c["classification_change"]["lowered"]) for c in changes] == \
        [("csirt-members", "reclassified", True)]
    assert "区分の変更 1" in r.stderr


# ---------------------------------------------------------------- review and adoption


def _lower(src: Path, clause: str = "csirt-members") -> None:
    """A draft r9 of the 対策基準: r8 with one 関係者限り clause's classification and ground removed."""
    folder = src / "standards"
    text = (folder / "r8.yaml").read_text(encoding="utf-8").replace("revision: r8", "revision: r9")
    pattern = re.compile(rf"(- id: {clause}\n)\s+classification: restricted\n\s+ground: security-measures\n")
    assert pattern.search(text)
    (folder / "r9.yaml").write_text(pattern.sub(r"\1", text), encoding="utf-8")
    ledger = folder / "document.yaml"
    ledger.write_text(ledger.read_text(encoding="utf-8") + "  - id: r9\n    date: 2027-04-01\n    status: draft\n"
                      "    kind: 改定\n    provenance: sample\n    summary: 改定案\n", encoding="utf-8")


def test_the_review_package_lists_a_change_of_classification_with_a_required_reason(src: Path):
    from toolkit.render.review_html import fragment
    from toolkit.review import make_review
    from toolkit.view.redact import redact

    _lower(src)
    review = make_review(redact(load_policy([src]), "security"), "standards", "r9")
    items = {i.change.id: i for i in review.items}
    assert "csirt-members" in items  # on main: absent (no change)
    assert items["csirt-members"].change.lowered and items["csirt-members"].reason is None
    assert not review.ready and "csirt-members" in {i.change.id for i in review.missing}
    assert "区分の変更：関係者限り → 庁内限り" in fragment(review)
    # a reason given as for any other change: the draft is ready
    ledger = src / "standards" / "document.yaml"
    ledger.write_text(ledger.read_text(encoding="utf-8") + "    reasons:\n      csirt-members: 体制表を庁内に周知するため\n",
                      encoding="utf-8")
    review = make_review(redact(load_policy([src]), "security"), "standards", "r9")
    assert review.ready


def test_adopt_refuses_a_lowered_classification_unless_declassify_names_it_and_records_it(src: Path, tmp_path: Path):
    _lower(src)
    before = (src / "standards" / "document.yaml").read_text(encoding="utf-8")
    r = cli("--src", str(src), "adopt", "--doc", "standards", "--rev", "r9", "--date", "2026-11-20", cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert re.search(r"standards/r9\.yaml:\d+:\d+: standards r9: clause csirt-members .*関係者限り → 庁内限り", r.stderr)
    assert "--declassify csirt-members" in r.stderr
    assert (src / "standards" / "document.yaml").read_text(encoding="utf-8") == before  # nothing changed
    r = cli("--src", str(src), "adopt", "--doc", "standards", "--rev", "r9", "--date", "2026-11-20",
            "--declassify", "csirt-members", "lgwan-network", cwd=tmp_path)  # one that is not lowered: refused
    assert r.returncode == 2 and "--declassify lgwan-network" in r.stderr
    ok(cli("--src", str(src), "adopt", "--doc", "standards", "--rev", "r9", "--date", "2026-11-20",
           "--declassify", "csirt-members", cwd=tmp_path))
    r9 = load_policy([src]).document("standards").revision("r9")
    assert r9.declassified == ("csirt-members",) and not r9.is_draft
    from toolkit.source.dump import ledger_entry

    assert "    declassified:" in ledger_entry(r9) and "      - csirt-members" in ledger_entry(r9)


@pytest.mark.parametrize(("entry", "message"), [
    ("    status: adopted\n    adopted: 2026-11-20\n    declassified: [no-such-clause]\n",
     "'declassified' names clause 'no-such-clause', which revision 'r9' does not have"),
    ("    status: draft\n    declassified: [csirt-members]\n", "a draft has no 'declassified'"),
    ("    status: adopted\n    adopted: 2026-11-20\n    declassified: csirt-members\n",
     "'declassified' must be a list of clause ids"),
])
def test_a_declassified_entry_is_checked_with_its_place(src: Path, tmp_path: Path, entry: str, message: str):
    _lower(src)
    ledger = src / "standards" / "document.yaml"
    ledger.write_text(ledger.read_text(encoding="utf-8").replace("    status: draft\n", entry), encoding="utf-8")
    r = cli("--src", str(src), "check", cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert re.search(r"standards/document\.yaml:\d+:\d+: .*" + re.escape(message), r.stderr), r.stderr


# ---------------------------------------------------------------- the leak check


def _public_clause_lowered(src: Path, declassified: bool) -> str:
    """基本方針 r8 with one clause 庁内限り, and an adopted r9 in which it is public (as the Word round trip
    left it): with or without the decision in the ledger.  Returns the clause's sentence."""
    folder = src / "basic-policy"
    text = (folder / "r8.yaml").read_text(encoding="utf-8")
    anchor = "      - id: threat-staff-shortage\n"
    assert anchor in text
    (folder / "r8.yaml").write_text(text.replace(anchor, anchor + "        classification: internal\n"
                                                 "        ground: administrative-operations\n"), encoding="utf-8")
    (folder / "r9.yaml").write_text(text.replace("revision: r8", "revision: r9"), encoding="utf-8")
    (folder / "document.yaml").write_text(
        (folder / "document.yaml").read_text(encoding="utf-8")
        + "  - id: r9\n    date: 2027-04-01\n    status: adopted\n    adopted: 2026-11-20\n"
        + ("    declassified: [threat-staff-shortage]\n" if declassified else "")
        + "    kind: 改定\n    provenance: authoritative\n    summary: 改定\n", encoding="utf-8")
    return load_policy([src]).document("basic-policy").revision("r8").node("threat-staff-shortage").text[0]


def test_publish_refuses_a_clause_made_public_without_a_recorded_declassification(src: Path, tmp_path: Path):
    sentence = _public_clause_lowered(src, declassified=False)
    out = tmp_path / "public"
    r = cli("--src", str(src), "publish", "--out", str(out), "--as-of", "2027-04-02", cwd=tmp_path)
    assert r.returncode != 0 and "Traceback" not in r.stderr  # on main: published, the sentence on two pages
    assert "without a recorded declassification" in r.stderr and "threat-staff-shortage" in r.stderr
    assert re.search(r"basic-policy/r8\.yaml:\d+:\d+:", r.stderr)
    assert not out.exists() or not any(sentence in p.read_text(encoding="utf-8", errors="replace")
                                       for p in out.rglob("*.html"))
    check = cli("--src", str(src), "check", cwd=tmp_path)
    assert check.returncode == 2 and "without a recorded declassification" in check.stderr


def test_a_recorded_declassification_publishes(src: Path, tmp_path: Path):
    sentence = _public_clause_lowered(src, declassified=True)
    out = tmp_path / "public"
    ok(cli("--src", str(src), "publish", "--out", str(out), "--as-of", "2027-04-02", cwd=tmp_path))
    assert sentence in (out / "basic-policy" / "index.html").read_text(encoding="utf-8")
