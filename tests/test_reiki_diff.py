"""The 新旧対照表 of a 例規-style text: 附則, 枝番, a change of numbering style, history-only revisions.

Behaviour on tests/fixtures/reiki_src (sample text written for the tests) and on copies of it
in tmp_path, through the real CLI where a user meets it (text, JSON, HTML, .docx; exit 2 and
no traceback for a revision known by its date only).
"""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import REIKI, Run, require, run_cli
from office import office_env

from toolkit.diff import ADDED, MODIFIED, RENUMBERED, UNCHANGED, apply, clauses, compare
from toolkit.diff.table import NEW_CLAUSE, rows
from toolkit.model.numbering import supplementary_heading
from toolkit.source.load import load_policy

NEW_SUPPL = "附\u3000則（令和8年3月27日訓令第2号）"  # r8's own 附則, as printed


def policy_cli(*args: str, src: Path = REIKI) -> Run:
    return run_cli("--src", str(src), *args)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# ---------------------------------------------------------------- the engine


def test_r5_to_r8_adds_the_amendments_supplementary_after_the_body(reiki):
    doc = reiki.document("rules")
    cs = compare(doc, doc.revision("r5"), doc.revision("r8"))
    kinds = {c.id: c.kind for c in cs.changes}
    assert kinds["suppl-r8"] == ADDED and kinds["suppl-h14"] == kinds["suppl-r5"] == UNCHANGED
    # the 附則 come after every clause of the body, in source order
    flags = [c.supplementary for c in cs.changes]
    assert flags == sorted(flags) and flags.count(True) == 3
    assert [c.id for c in cs.changes if c.supplementary] == ["suppl-h14", "suppl-r5", "suppl-r8"]
    added = next(c for c in cs.changes if c.id == "suppl-r8")
    assert added.new_ref == NEW_SUPPL == supplementary_heading(added.new_node)
    assert added.new_text == f"{NEW_SUPPL}\nこの訓令は、令和8年4月1日から施行する。"
    # counted apart: the body's counts are clauses (条項) only
    assert cs.counts()[ADDED] == 2 and cs.counts(supplementary=True)[ADDED] == 1
    assert cs.counts(supplementary=True)[UNCHANGED] == 2


def test_r5_to_r8_branch_article_added_and_items_renumbered_by_the_childrens_style(reiki):
    doc = reiki.document("rules")
    cs = compare(doc, doc.revision("r5"), doc.revision("r8"))
    by_id = {c.id: c for c in cs.changes}
    assert by_id["assistant"].kind == ADDED and by_id["assistant"].new_label == "第3条の2"
    # only the 項's numbering changed ((1)(2) → ア イ, numbering: "ア" on manager-p2): its 号 are renumbered,
    # their wording is not, and the 項 itself reads the same
    assert [(by_id[i].kind, by_id[i].old_label, by_id[i].new_label) for i in ("duty-ledger", "duty-check")] == [
        (RENUMBERED, "（1）", "ア"), (RENUMBERED, "（2）", "イ")]
    assert by_id["manager-p2"].kind == UNCHANGED
    assert by_id["misc"].kind == UNCHANGED and by_id["misc"].new_label == "第4条"  # 枝番: no renumbering after it


def test_apply_rebuilds_the_new_revision_with_its_supplementary(reiki):
    doc = reiki.document("rules")
    old, new = doc.revision("r5"), doc.revision("r8")
    rebuilt = apply(clauses(doc, old), compare(doc, old, new))
    assert rebuilt == clauses(doc, new)
    assert [c.id for c in rebuilt if c.supplementary] == ["suppl-h14", "suppl-r5", "suppl-r8"]


def test_a_modified_supplementary_shows_its_edit_and_numbered_paragraphs(reiki_copy):
    r8 = reiki_copy / "rules" / "r8.yaml"
    edit(r8, "    text: この訓令は、令和5年4月1日から施行する。",
         "    text:\n      - この訓令は、令和5年4月1日から施行する。\n      - 第3条の規定は、令和5年10月1日から適用する。")
    policy = load_policy([reiki_copy])
    doc = policy.document("rules")
    cs = compare(doc, doc.revision("r5"), doc.revision("r8"))
    change = next(c for c in cs.changes if c.id == "suppl-r5")
    assert change.kind == MODIFIED and change.supplementary
    # two paragraphs are numbered 1, 2 as printed: the first gains its number, the second is new
    assert change.new_text.split("\n")[1:] == ["1\u3000この訓令は、令和5年4月1日から施行する。",
                                               "2\u3000第3条の規定は、令和5年10月1日から適用する。"]
    assert [s.text for s in change.segments if s.op == "+"] == ["1\u3000", "\n2\u3000第3条の規定は、令和5年10月1日から適用する。"]
    # the heading line is kept in the table's row (the reader sees which 附則), the edit underlined
    row = next(r for r in rows(cs) if r.change is change)
    assert row.new.lines[0][0].text == "附\u3000則（令和5年3月31日訓令第5号）" and row.new.lines[0][0].kind == "heading"
    assert any(r.underline for line in row.new.lines for r in line)


def test_a_revisions_own_numbering_shows_as_renumbering_only(reiki_copy):
    """handbook r1 numbers its levels 第1 / 1 / (1); r2, the same text in the document's styles
    (1. / (1) / ①), renumbers every clause and changes no wording."""
    folder = reiki_copy / "handbook"
    text = (folder / "r1.yaml").read_text(encoding="utf-8")
    r2 = text.replace("revision: r1", "revision: r2").replace('numbering: ["第1", "1", "(1)"]\n', "")
    assert r2 != text and "numbering:" not in r2
    (folder / "r2.yaml").write_text(r2, encoding="utf-8")
    with (folder / "document.yaml").open("a", encoding="utf-8") as f:
        f.write("  - id: r2\n    date: 2025-04-01\n    status: adopted\n    adopted: 2025-03-25\n    kind: 改定\n"
                "    provenance: sample\n    summary: 番号の付け方の変更\n")
    policy = load_policy([reiki_copy])
    doc = policy.document("handbook")
    cs = compare(doc, doc.revision("r1"), doc.revision("r2"))
    by_id = {c.id: c for c in cs.changes}
    assert (by_id["scope"].old_label, by_id["scope"].new_label) == ("第1", "1.")
    assert (by_id["step-open"].old_label, by_id["step-open"].new_label) == ("1", "(1)")
    assert (by_id["step-open-a"].old_label, by_id["step-open-a"].new_label) == ("(1)", "①")
    body = cs.counts()
    assert body[MODIFIED] == body[ADDED] == body["removed"] == 0 and body[RENUMBERED] == len(by_id) - 1
    assert by_id["suppl-r1"].kind == UNCHANGED  # 附則 are not numbered: nothing to renumber


# ---------------------------------------------------------------- the outputs, as a user runs them


def test_text_output_lists_the_supplementary_after_the_clauses():
    r = policy_cli("diff", "r5", "r8", "--doc", "rules")
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "附則　新設 1  改正 0  削除 0  変更なし 2" in out
    assert f"新設  {NEW_SUPPL}\n  + {NEW_SUPPL}\n  + この訓令は、令和8年4月1日から施行する。" in out
    assert "新設  第3条の2 補助者" in out
    assert "番号  第3条第2項第1号 → 第3条第2項ア" in out
    assert out.index("第3条の2") < out.index(NEW_SUPPL)


def test_json_lists_the_supplementary_change_with_its_classification():
    r = policy_cli("diff", "r5", "r8", "--doc", "rules", "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["counts"]["supplementary"] == {"added": 1, "modified": 0, "removed": 0, "renumbered": 0,
                                               "moved": 0, "reclassified": 0, "unchanged": 2}
    change = next(c for c in data["changes"] if c["id"] == "suppl-r8")
    assert change["kind"] == "added" and change["supplementary"] is True
    assert change["classification"] == "public"
    assert change["old"] is None
    assert change["new"]["number"] == NEW_SUPPL and change["new"]["title"] == "令和8年3月27日訓令第2号"
    assert "supplementary" not in next(c for c in data["changes"] if c["id"] == "assistant")


def test_an_internal_supplementary_of_a_public_document_is_marked_and_kept_from_the_public(reiki_copy):
    r8 = reiki_copy / "rules" / "r8.yaml"
    edit(r8, "    title: 令和8年3月27日訓令第2号\n", "    title: 令和8年3月27日訓令第2号\n    classification: internal\n")
    r = policy_cli("diff", "r5", "r8", "--doc", "rules", "--format", "json", src=reiki_copy)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["classification"]["id"] == "internal"
    assert next(c for c in data["changes"] if c["id"] == "suppl-r8")["classification"] == "internal"
    text = policy_cli("diff", "r5", "r8", "--doc", "rules", src=reiki_copy).stdout
    assert f"新設  {NEW_SUPPL}［庁内限り］" in text
    public = policy_cli("diff", "r5", "r8", "--doc", "rules", "--audience", "public", "--format", "json",
                        src=reiki_copy)
    assert public.returncode == 0, public.stderr
    assert "令和8年3月27日訓令第2号" not in public.stdout and "suppl-r8" not in public.stdout
    assert json.loads(public.stdout)["counts"]["supplementary"]["unchanged"] == 2


def test_html_and_docx_tables_end_with_the_added_supplementary(tmp_path):
    r = policy_cli("diff", "r5", "r8", "--doc", "rules", "--all-formats", "-o", str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert "附則: 新設 1, 改正 0, 削除 0, 変更なし 2" in r.stderr  # the summary says so too
    html = (tmp_path / "rules-r5-r8.html").read_text(encoding="utf-8")
    last_row = html[html.rindex("<tr "):]
    assert 'class="pdiff-added"' in last_row and f"<ins>{NEW_SUPPL}</ins>" in last_row and NEW_CLAUSE in last_row
    assert html.index("第3条の2") < html.index(NEW_SUPPL)
    assert "附則　新設 1" in html
    with zipfile.ZipFile(tmp_path / "rules-r5-r8.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert xml.rindex(NEW_SUPPL) > xml.rindex("第3条の2") and xml.rindex(NEW_SUPPL) < xml.rindex(NEW_CLAUSE)


@pytest.mark.libreoffice
@pytest.mark.poppler
def test_docx_as_libreoffice_prints_it_shows_the_supplementary(tmp_path):
    soffice = require("soffice", "prints the .docx as a reader sees it")
    pdftotext = require("pdftotext", "reads the printed PDF (poppler-utils)")
    path = tmp_path / "t.docx"
    assert policy_cli("diff", "r5", "r8", "--doc", "rules", "--format", "docx", "-o", str(path)).returncode == 0
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)], check=True, capture_output=True,
                   timeout=180, env=office_env())
    text = subprocess.run([pdftotext, "-layout", str(tmp_path / "t.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    squashed = "".join(text.split())
    assert "附則（令和8年3月27日訓令第2号）" in squashed
    assert "この訓令は、令和8年4月1日から施行する。" in squashed
    assert squashed.index("第3条の2") < squashed.index("附則（令和8年3月27日訓令第2号）")


# ---------------------------------------------------------------- history-only revisions named by the user


HISTORY_ONLY = [
    (["diff", "h14", "r5", "--doc", "rules"], "no text to compare"),
    (["diff", "r5", "h20", "--doc", "rules", "--format", "json"], "no text to compare"),
    (["review", "--doc", "rules", "--rev", "h14"], "no text to review"),
    (["adopt", "--doc", "rules", "--rev", "h20", "--date", "2026-05-01"], "no text to adopt"),
    (["drop-draft", "--doc", "rules", "--rev", "h14"], "no text to drop"),
    (["docx", "--internal", "--doc", "rules", "--rev", "h14"], "no text to build an edition from"),
]


@pytest.mark.parametrize("argv,what", HISTORY_ONLY, ids=[a[0] + "-" + a[-1] for a, _w in HISTORY_ONLY])
def test_a_history_only_revision_is_named_as_such(reiki_copy, tmp_path, argv, what):
    before = {p: p.read_bytes() for p in reiki_copy.rglob("*") if p.is_file()}
    out = ["-o", str(tmp_path / "out")] if argv[0] in ("review", "docx") else []
    r = policy_cli(*argv, *out, src=reiki_copy)
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr
    rev = "h14" if "h14" in argv else "h20"
    line = next(ln for ln in r.stderr.splitlines() if "known by its date only" in ln)
    assert f"revision {rev!r} of document 'rules'" in line and what in line
    assert "document.yaml:" in line  # where the ledger entry is
    assert "r5, r8" in line or argv[0] in ("review", "adopt", "drop-draft")  # which revisions have text
    assert {p: p.read_bytes() for p in reiki_copy.rglob("*") if p.is_file()} == before
    assert not (tmp_path / "out").exists()


def test_a_hostile_supplementary_title_is_text_in_every_output(reiki_copy, tmp_path):
    """A 附則's title is the source's text: markup in it is printed, never run (HTML) nor parsed (.docx)."""
    hostile = '<script>alert("x")</script>&amp;訓令第2号'
    edit(reiki_copy / "rules" / "r8.yaml", "    title: 令和8年3月27日訓令第2号\n", f"    title: '{hostile}'\n")
    out = tmp_path / "out"
    r = policy_cli("diff", "r5", "r8", "--doc", "rules", "--all-formats", "-o", str(out), src=reiki_copy)
    assert r.returncode == 0, r.stderr
    page = (out / "rules-r5-r8.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;amp;訓令第2号" in page
    with zipfile.ZipFile(out / "rules-r5-r8.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "&lt;script&gt;" in xml and "<script>" not in xml
    data = json.loads((out / "rules-r5-r8.json").read_text(encoding="utf-8"))
    assert next(c for c in data["changes"] if c["id"] == "suppl-r8")["new"]["title"] == hostile


def test_supplementary_are_paired_by_id_only(reiki_copy):
    """Two amendments' 附則 read alike; one whose id is not in the old revision is a new 附則, never
    「the old one, modified」 — while a clause whose id changed is still paired by its wording."""
    edit(reiki_copy / "rules" / "r8.yaml", "  - id: suppl-r5\n", "  - id: suppl-r5-renamed\n")
    edit(reiki_copy / "rules" / "r8.yaml", "      - id: misc\n", "      - id: misc-renamed\n")
    policy = load_policy([reiki_copy])
    doc = policy.document("rules")
    kinds = {(c.kind, c.id, c.matched_by) for c in compare(doc, doc.revision("r5"), doc.revision("r8")).changes}
    assert {("removed", "suppl-r5", None), ("added", "suppl-r5-renamed", None)} <= kinds
    assert ("unchanged", "misc-renamed", "text") in kinds


def test_the_disclosure_edition_of_a_history_only_revision_is_refused(reiki_copy, tmp_path):
    doc_yaml = reiki_copy / "handbook" / "document.yaml"
    edit(doc_yaml, "revisions:\n", "revisions:\n  - id: h30\n    date: 2018-04-01\n    history_only: true\n"
                                   "    kind: 策定\n    provenance: sample\n    summary: 試験用（本文なし）\n")
    r = policy_cli("disclose", "--doc", "handbook", "--rev", "h30", "-o", str(tmp_path / "out"), src=reiki_copy)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "revision 'h30' of document 'handbook' is known by its date only" in r.stderr
    assert "no text to disclose (expected a revision with text: r1)" in r.stderr
    assert not (tmp_path / "out").exists()
    assert policy_cli("disclose", "--doc", "handbook", "--rev", "r1", "-o", str(tmp_path / "out"),
                      src=reiki_copy).returncode == 0  # the control: the revision with text is disclosed
