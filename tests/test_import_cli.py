"""`policy import` writing into policy_src/: the revision file, the ledger entry (comments kept), refusals."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT, SEED, SRC, Run, run_cli

from toolkit.source.load import load_policy


def policy(*args: str, cwd: Path, stdin: str = "") -> Run:
    return run_cli(*args, cwd=cwd, stdin=stdin)


def test_new_revision_goes_into_the_source_and_the_ledger(src_copy: Path):
    ledger = src_copy / "basic-policy" / "document.yaml"
    before = ledger.read_text(encoding="utf-8")
    r = policy("import", str(SEED), "--doc", "basic-policy", "--rev", "r9", "--like", "r8",
               "--date", "2027-04-01", "--kind", "改定", "--summary", "見直し（試験）", cwd=src_copy.parent)
    assert r.returncode == 0, r.stderr
    assert "wrote policy_src/basic-policy/r9.yaml" in r.stderr
    after = ledger.read_text(encoding="utf-8")
    # everything that was there (comments included) is still there, the entry is appended in date order
    assert after.startswith(before)
    assert after[len(before):] == ("  - id: r9\n    date: 2027-04-01\n    status: draft\n    kind: 改定\n"
                                   "    provenance: authoritative\n"
                                   "    summary: 見直し（試験）\n")
    doc = load_policy(src_copy).document("basic-policy")
    assert doc.latest.id == "r9" and doc.latest.is_draft and doc.current.id == "r8"  # a draft until adopted
    assert doc.revision("r9").body == doc.revision("r8").body
    rev_text = (src_copy / "basic-policy" / "r9.yaml").read_text(encoding="utf-8")
    assert "#   R3 line 156: した契約を締 / 結し、委託事 → した契約を締結し、委託事" in rev_text
    check = policy("--src", "policy_src", "check", cwd=src_copy.parent)
    assert check.returncode == 0, check.stderr


def test_existing_revision_is_not_overwritten_without_force(src_copy: Path):
    r8 = src_copy / "basic-policy" / "r8.yaml"
    before = r8.read_bytes()
    r = policy("import", str(SEED), "--doc", "basic-policy", "--rev", "r8", "--like", "r8", cwd=src_copy.parent)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "error: policy_src/basic-policy/r8.yaml: revision r8 already exists; not overwritten" in r.stderr
    assert r8.read_bytes() == before
    forced = policy("import", str(SEED), "--doc", "basic-policy", "--rev", "r8", "--like", "r8", "--force",
                    cwd=src_copy.parent)
    assert forced.returncode == 0, forced.stderr
    assert load_policy(src_copy) == load_policy(SRC)


def test_a_revision_that_would_break_the_ledger_is_not_written(src_copy: Path):
    ledger = src_copy / "basic-policy" / "document.yaml"
    before = ledger.read_bytes()
    # the seed is dated 2026-04-01, the same day as r8: asked for the new revision's own date
    r = policy("import", str(SEED), "--doc", "basic-policy", "--rev", "r9", cwd=src_copy.parent)
    assert r.returncode == 2 and "is the date of r8, which exists" in r.stderr and "--date" in r.stderr
    assert ledger.read_bytes() == before
    # given that date anyway: the ledger would be out of order
    r = policy("import", str(SEED), "--doc", "basic-policy", "--rev", "r9", "--date", "2026-04-01", cwd=src_copy.parent)
    assert r.returncode == 2 and "ledger dates out of order: r9 (2026-04-01) is not after r8" in r.stderr
    assert ledger.read_bytes() == before
    assert not (src_copy / "basic-policy" / "r9.yaml").exists()


def test_new_document_gets_its_folder_and_is_listed(src_copy: Path):
    md = "# 千曲市サンプル規程\n\n令和8年4月1日 策定\n\n## 1. 目的\n\n目的を定める。\n\n## 2. 範囲\n\n- (1) 上記1の目的に係る範囲\n"
    r = policy("import", "-", "--doc", "sample-rule", "--rev", "r1", cwd=src_copy.parent, stdin=md)
    assert r.returncode == 2 and "give --ground" in r.stderr
    r = policy("import", "-", "--doc", "sample-rule", "--rev", "r1", "--classification", "internal",
               "--ground", "security-measures", "--provenance", "sample", cwd=src_copy.parent, stdin=md)
    assert r.returncode == 0, r.stderr
    doc = load_policy(src_copy).document("sample-rule")
    assert (doc.title, doc.classification, doc.ground, doc.numbering) == \
        ("千曲市サンプル規程", "internal", "security-measures", ("1.", "(1)"))
    assert doc.current.provenance == "sample"
    item = doc.current.body[1].children[0]
    assert item.text == (f"上記{{ref:{doc.current.body[0].id}}}の目的に係る範囲",)
    assert "  - id: sample-rule\n    public_name: 千曲市サンプル規程\n" in (src_copy / "policyset.yaml").read_text(encoding="utf-8")


def test_output_to_stdout_carries_the_ledger_entry_as_a_comment(tmp_path: Path):
    r = policy("import", str(SEED), "--doc", "basic-policy", "--rev", "r8", "-o", "-", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "#   - id: r8\n#     date: 2026-04-01\n#     kind: 全面改定\n" in r.stdout
    assert "\nrevision: r8\nbody:\n" in r.stdout
    again = policy("import", str(SEED), "--doc", "basic-policy", "--rev", "r8", "-o", "-", cwd=tmp_path)
    assert again.stdout == r.stdout  # deterministic, fresh ids included


def test_unknown_like_revision_is_a_clear_error(src_copy: Path):
    r = policy("import", str(SEED), "--doc", "basic-policy", "--rev", "r9", "--like", "r7", "-o", "-",
               cwd=src_copy.parent)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "error: document 'basic-policy' has no revision 'r7' (known: " in r.stderr


def test_new_non_public_document_goes_into_the_private_root(src_copy: Path, tmp_path: Path):
    private = tmp_path / "private_src"
    private.mkdir()
    md = "# 千曲市非公開手順\n\n令和8年4月1日 策定\n\n## 1. 手順\n\n手順を定める。\n"
    r = policy("--private-src", str(private), "import", "-", "--doc", "secret-proc", "--rev", "r1",
               "--classification", "restricted", "--ground", "security-measures", "--provenance", "sample",
               cwd=src_copy.parent, stdin=md)
    assert r.returncode == 0, r.stderr
    assert (private / "secret-proc" / "r1.yaml").is_file()
    assert not (src_copy / "secret-proc").exists()
    doc = load_policy([src_copy, private]).document("secret-proc")
    assert doc.classification == "restricted" and doc.current.body[0].title == "手順"


def test_export_of_non_public_text_says_it_is_not_for_publication(src_copy: Path):
    policy_ = load_policy(src_copy)
    hidden = next(d for d in policy_.documents if d.revisions and d.classification != "public")
    r = policy("--src", "policy_src", "export", "--doc", hidden.id, cwd=src_copy.parent)
    assert r.returncode == 0, r.stderr
    assert "holds text that is not public" in r.stderr
    public = policy("--src", "policy_src", "export", "--doc", "basic-policy", cwd=src_copy.parent)
    assert public.returncode == 0 and public.stderr == ""


# ---- issue 11: date lines → history-only ledger entries; 附則 and numbering exceptions kept ----------------

REIKI_SRC = ROOT / "tests" / "fixtures" / "reiki_src"
REIKI_TXT = ROOT / "tests" / "fixtures" / "import" / "reiki.txt"


def _reiki_copy(tmp_path: Path) -> Path:
    """tests/fixtures/reiki_src with the rules document's history-only entries (h14, h20) taken out."""
    import shutil
    src = tmp_path / "src"
    shutil.copytree(REIKI_SRC, src)
    ledger = src / "rules" / "document.yaml"
    text = ledger.read_text(encoding="utf-8")
    start, end = text.index("  - id: h14\n"), text.index("  - id: r5\n")
    ledger.write_text(text[:start] + text[end:], encoding="utf-8")
    assert load_policy(src).document("rules").history_only == ()
    return src


def test_earlier_date_lines_become_history_only_entries_and_the_result_checks_and_diffs(tmp_path: Path):
    src = _reiki_copy(tmp_path)
    ledger = src / "rules" / "document.yaml"
    before = ledger.read_text(encoding="utf-8")
    r = policy("--src", str(src), "import", str(REIKI_TXT), "--doc", "rules", "--rev", "r9", "--like", "r8",
               "--date", "2027-04-01", "--kind", "改定", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    after = ledger.read_text(encoding="utf-8")
    # comments kept; 制定 平成14年 and 改正 平成20年3月31日 (no ledger entry has those dates) added, oldest first;
    # 改正 令和5年3月31日 is in force from 令和5年4月1日 (its 附則): r5's date, so not added again
    assert "# known by their 制定 / 改正 lines only (本文なし)" in after and after.startswith(before[:before.index("  - id")])
    assert after[:after.index("  - id: r5\n")].endswith(
        "  - id: h14\n    date: 2002-08-01\n    history_only: true\n    kind: 策定\n    provenance: authoritative\n"
        "    summary: 平成14年8月1日 制定（本文なし）\n"
        "  - id: h20\n    date: 2008-03-31\n    history_only: true\n    kind: 改定\n    provenance: authoritative\n"
        "    summary: 平成20年3月31日 改定（本文なし）\n")
    doc = load_policy(src).document("rules")
    assert [(e.id, e.has_text) for e in doc.ledger] == [("h14", False), ("h20", False), ("r5", True), ("r8", True),
                                                        ("r9", True)]
    r9, r8 = doc.revision("r9"), doc.revision("r8")
    # 附則 kept, their ids from --like r8 (same headings)
    assert [(n.id, n.title, n.text) for n in r9.supplementary] == [(n.id, n.title, n.text) for n in r8.supplementary[:2]]
    # the text numbers its 項 ２, ３ (full-width) where the document's style is 項: the revision's own numbering
    assert r9.numbering == ("第1章", "第1条", "項２", "（1）")
    check = policy("--src", str(src), "check", cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    diff = policy("--src", str(src), "diff", "--doc", "rules", "r8", "r9", cwd=tmp_path)
    assert diff.returncode == 0, diff.stderr
    assert "補助者を置くことができる。" in diff.stdout  # r8's 第3条の2 reads 管理者は、補助者を… (a change)


def test_a_new_document_gets_its_history_only_entries_and_minus_o_lists_them(tmp_path: Path):
    src = _reiki_copy(tmp_path)
    r = policy("--src", str(src), "import", str(REIKI_TXT), "--doc", "reiki", "--rev", "r5", "--classification",
               "public", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    doc = load_policy(src).document("reiki")
    assert [(e.id, e.date.isoformat(), e.kind, e.has_text) for e in doc.ledger] == [
        ("h14", "2002-08-01", "策定", False), ("h20", "2008-03-31", "改定", False), ("r5", "2023-04-01", "改定", True)]
    assert [n.id for n in doc.revision("r5").supplementary] == ["suppl-h14", "suppl-r5"]
    assert policy("--src", str(src), "check", cwd=tmp_path).returncode == 0
    # -o: the revision file alone; the ledger entries to add are in its header comment
    out = policy("import", str(REIKI_TXT), "--doc", "x", "--rev", "r5", "-o", "-", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    head = out.stdout[:out.stdout.index("revision: r5")]
    assert "# ledger entries to add for the earlier date lines (history only: no text), oldest first:\n" \
           "#   - id: h14\n#     date: 2002-08-01\n#     history_only: true\n" in head
    assert "#   - id: h20\n#     date: 2008-03-31\n#     history_only: true\n" in head
    assert "supplementary:\n  - id: suppl-h14\n" in out.stdout


def test_a_history_id_that_is_taken_gets_a_suffix(tmp_path: Path):
    src = _reiki_copy(tmp_path)
    ledger = src / "rules" / "document.yaml"
    # an entry named h14 at another date: the 平成14年 制定 line needs an id of its own
    text = ledger.read_text(encoding="utf-8").replace("  - id: r5\n", "  - id: h14\n    date: 2002-10-01\n"
                                                       "    history_only: true\n    kind: 改定\n    provenance: sample\n"
                                                       "    summary: 改正（本文なし）\n  - id: r5\n", 1)
    ledger.write_text(text, encoding="utf-8")
    r = policy("--src", str(src), "import", str(REIKI_TXT), "--doc", "rules", "--rev", "r9", "--date", "2027-04-01",
               "--kind", "改定", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    doc = load_policy(src).document("rules")
    assert [(e.id, e.date.isoformat()) for e in doc.history_only] == [("h14-2", "2002-08-01"), ("h14", "2002-10-01"),
                                                                      ("h20", "2008-03-31")]


def test_the_text_of_a_history_only_revision_can_be_imported_into_it(tmp_path: Path):
    """h20 was known by its date line only; its text turns up (test text, own wording) and is imported as h20."""
    import shutil
    src = tmp_path / "src"
    shutil.copytree(REIKI_SRC, src)
    old = tmp_path / "h20.txt"
    old.write_text("○サンプル市情報管理規程\n平成14年8月1日訓令第12号\n改正　平成20年4月1日訓令第3号\n\n"
                   "第1章　総則\n\n（目的）\n第1条　この規程は、情報の管理について定める。\n", encoding="utf-8")
    r = policy("--src", str(src), "import", str(old), "--doc", "rules", "--rev", "h20", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    doc = load_policy(src).document("rules")
    h20 = doc.revision("h20")  # history only no more: a text, adopted (no status added)
    assert not h20.is_draft and h20.date.isoformat() == "2008-04-01"
    assert [e.id for e in doc.history_only] == ["h14"]
    assert "history_only" not in (src / "rules" / "document.yaml").read_text(encoding="utf-8").split("- id: h20")[1] \
        .split("- id:")[0]
    assert policy("--src", str(src), "check", cwd=tmp_path).returncode == 0
