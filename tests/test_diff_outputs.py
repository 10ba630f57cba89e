"""``policy diff`` end to end: the four outputs of ``make diff`` for r5→r8 and h16→r8.

The Word 新旧対照表 is opened with python-docx and its underlined runs are
checked against the changed phrases; the JSON against the documented format.
"""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from conftest import ROOT, SRC, run_cli
from docx.enum.section import WD_ORIENT

from toolkit.cli import main
from toolkit.diff import compare
from toolkit.diff.table import DELETED_CLAUSE, NEW_CLAUSE, NOTE, OMITTED

STEMS = {("r5", "r8"): "basic-policy-r5-r8", ("h16", "r8"): "basic-policy-h16-r8"}


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """``policy diff FROM TO --all-formats -o DIR`` as ``make diff`` runs it, once per pair."""
    out = {}
    for pair in STEMS:
        folder = tmp_path_factory.mktemp(f"diff-{pair[0]}")
        run = run_cli("--src", str(SRC), "diff", *pair, "--all-formats", "-o", str(folder), cwd=ROOT)
        assert run.returncode == 0, run.stderr
        out[pair] = folder
    return out


def test_make_diff_runs_this_command():
    dry = subprocess.run(["make", "-n", "diff", "FROM=h16", "TO=r8"], cwd=ROOT, capture_output=True, text=True)
    if dry.returncode != 0:
        pytest.skip(f"make not usable here: {dry.stderr.strip()}")
    assert re.search(r"policy diff h16 r8 --all-formats -o build/diff", dry.stdout)


@pytest.mark.parametrize("pair", list(STEMS))
def test_four_outputs(built, pair):
    folder = built[pair]
    names = sorted(p.name for p in folder.iterdir())
    stem = STEMS[pair]
    assert names == sorted(f"{stem}{s}" for s in (".docx", ".html", ".json", ".txt"))


def _table(path: Path):
    word = docx.Document(str(path))
    (table,) = word.tables
    rows = []
    for row in table.rows[1:]:
        cells = []
        for cell in row.cells:
            runs = [r for p in cell.paragraphs for r in p.runs]
            cells.append(("\n".join(p.text for p in cell.paragraphs), [r.text for r in runs if r.underline]))
        rows.append(cells)
    return word, table, rows


def test_docx_r5_r8_underlines_exactly_the_changed_phrases(built):
    word, table, rows = _table(built[("r5", "r8")] / "basic-policy-r5-r8.docx")
    section = word.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
    assert [c.text for c in table.rows[0].cells] == ["改正後", "改正前"]
    assert any(NOTE in p.text for p in word.paragraphs)
    new_marks = [m for new, _old in rows for m in new[1]]
    old_marks = [m for _new, old in rows for m in old[1]]
    assert new_marks == ["多", "（クラウドサービス）", "（クラウドサービス）"]
    assert old_marks == ["二"]
    # the changed sentences are there in full, the rest shortened
    joined_new = "\n".join(new[0] for new, _ in rows)
    assert "端末への多要素認証の導入等により" in joined_new
    assert "(8)\u3000業務委託と外部サービス（クラウドサービス）の利用" in joined_new
    assert joined_new.count(OMITTED) >= 5
    assert NEW_CLAUSE not in joined_new and DELETED_CLAUSE not in joined_new


def test_docx_h16_r8_marks_new_clauses_and_renumbering(built, policy):
    doc = policy.document("basic-policy")
    cs = compare(doc, doc.revision("h16"), doc.revision("r8"))
    _word, _table_, rows = _table(built[("h16", "r8")] / "basic-policy-h16-r8.docx")
    olds = [old[0] for _new, old in rows]
    assert olds.count(NEW_CLAUSE) == cs.counts()["added"] == 10
    # each added clause is underlined whole in 改正後 (number and text)
    added = [new for new, old in rows if old[0] == NEW_CLAUSE]
    for text, marks in added:
        assert "".join(marks).replace("\u3000", "") == text.replace("\n", "").replace("\u3000", "")
    # renumbered: (4) → (5) under 対象とする脅威, number underlined on both sides, text shortened
    renum = [(new, old) for new, old in rows if new[0] == "(5)\u3000（略）"]
    assert renum == [(("(5)\u3000（略）", ["(5)"]), ("(4)\u3000（略）", ["(4)"]))]
    # 6(7) → 6(8): new heading words and the two new paragraphs underlined; the
    # unchanged first paragraph shortened on both sides
    (new, old), = [(n, o) for n, o in rows if n[0].startswith("(8)\u3000業務委託")]
    assert old == ("(7)\u3000業務委託\n（略）", ["(7)"])
    assert new[0].split("\n")[1] == OMITTED
    assert new[1][:2] == ["(8)", "と外部サービス（クラウドサービス）の利用"]
    assert [m[:6] for m in new[1][2:]] == ["外部サービス", "ソーシャルメ"]
    # modified phrases
    all_new = [m for new, _ in rows for m in new[1]]
    assert "電磁的" in all_new and "、内部不正" in all_new
    assert DELETED_CLAUSE not in [new[0] for new, _ in rows]


def test_docx_columns_can_be_swapped(tmp_path):
    out = tmp_path / "t.docx"
    assert main(["--src", str(SRC), "diff", "r5", "r8", "--format", "docx", "--old-left", "-o", str(out)]) == 0
    word = docx.Document(str(out))
    assert [c.text for c in word.tables[0].rows[0].cells] == ["改正前", "改正後"]
    marks = [[r.text for p in c.paragraphs for r in p.runs if r.underline] for c in word.tables[0].columns[0].cells]
    assert ["二"] in marks


def test_outputs_are_reproducible(tmp_path, built):
    again = tmp_path / "again"
    assert main(["--src", str(SRC), "diff", "r5", "r8", "--all-formats", "-o", str(again)]) == 0
    for path in built[("r5", "r8")].iterdir():
        assert (again / path.name).read_bytes() == path.read_bytes(), path.name


def test_json_follows_the_documented_format(built, policy):
    data = json.loads((built[("h16", "r8")] / "basic-policy-h16-r8.json").read_text(encoding="utf-8"))
    assert data["format"] == "policy-changeset/1"
    # r8 is a 全面改定: its table carries the statement (note)
    assert list(data) == ["format", "document", "classification", "old", "new", "note", "counts", "changes"]
    assert data["old"] == {"id": "h16", "date": "2004-12-20", "kind": "策定", "provenance": "reconstructed",
                           "summary": "策定（再構成版）"}
    assert data["counts"]["added"] == 10 and data["counts"]["renumbered"] == 6
    doc = policy.document("basic-policy")
    assert len(data["changes"]) == len(list(doc.revision("h16").walk())) + data["counts"]["added"]
    documented = (ROOT / "docs" / "changeset-json.md").read_text(encoding="utf-8")
    for change in data["changes"]:
        for key in change:
            assert f"`{key}`" in documented, key
        for side in ("old", "new"):
            for key in change[side] or {}:
                assert f"`{key}`" in documented, key
        if change["kind"] != "unchanged":
            old = "".join(t for op, t in change["segments"] if op != "+")
            new = "".join(t for op, t in change["segments"] if op != "-")
            assert old == (change["old"] or {}).get("text", "")
            assert new == (change["new"] or {}).get("text", "")
    renum = next(c for c in data["changes"] if c["id"] == "threat-infrastructure")
    assert (renum["kind"], renum["old"]["number"], renum["new"]["number"]) == ("renumbered", "3(4)", "3(5)")


class _Tags(HTMLParser):
    VOID = {"meta", "br", "link"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.ins: list[str] = []
        self.dels: list[str] = []
        self.classes: set[str] = set()
        self._grab: str | None = None

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k == "class":
                self.classes.update(v.split())
        if tag not in self.VOID:
            self.stack.append(tag)
        if tag in ("ins", "del"):
            self._grab = tag
            (self.ins if tag == "ins" else self.dels).append("")

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (self.stack, tag)
        self.stack.pop()
        if tag in ("ins", "del"):
            self._grab = None

    def handle_data(self, data):
        if self._grab == "ins":
            self.ins[-1] += data
        elif self._grab == "del":
            self.dels[-1] += data


def test_html_page_and_fragment(built, policy):
    page = (built[("r5", "r8")] / "basic-policy-r5-r8.html").read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(page)
    assert parser.stack == []  # every tag closed
    assert parser.ins == ["多", "（クラウドサービス）", "（クラウドサービス）"] and parser.dels == ["二"]
    assert all(c.startswith("pdiff") for c in parser.classes)
    assert NOTE in page and "再構成版" in page

    from toolkit.render.diff_html import fragment

    doc = policy.document("basic-policy")
    frag = fragment(doc, compare(doc, doc.revision("h16"), doc.revision("r8")))
    assert frag.startswith('<section class="pdiff"') and "<html" not in frag and "<style>" in frag
    assert frag.count(NEW_CLAUSE) == 10


def test_text_plain_when_piped_and_coloured_on_a_terminal(built):
    text = (built[("r5", "r8")] / "basic-policy-r5-r8.txt").read_text(encoding="utf-8")
    assert "\x1b[" not in text
    assert "改正  6(3)①" in text and "[-二-]{+多+}" in text

    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "toolkit", "--src", str(SRC), "diff", "r5", "r8"],
                            stdout=slave, stderr=subprocess.PIPE, cwd=ROOT, env={**os.environ, "NO_COLOR": ""})
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=60)
    os.close(master)
    shown = b"".join(chunks).decode("utf-8")
    assert proc.returncode == 0
    assert "\x1b[31m二\x1b[0m\x1b[32m多\x1b[0m" in shown and "[-二-]" not in shown


def test_other_documents(tmp_path):
    out = tmp_path / "s.json"
    assert main(["--src", str(SRC), "diff", "--doc", "standards", "r5", "r8", "--format", "json", "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["document"]["id"] == "standards" and data["counts"]["modified"] > 0


@pytest.mark.parametrize("argv,message", [
    (["diff", "r5", "r9"], "has no revision 'r9'"),
    (["diff", "--doc", "nosuch", "r5", "r8"], "no document 'nosuch'"),
    (["diff", "r5", "r8", "--format", "docx"], "cannot go to the terminal"),
    (["diff", "r5", "r8", "--all-formats"], "needs a folder"),
    (["diff", "r5", "r8", "--audience", "public"], "has no revision 'r5' for audience 'public'"),
])
def test_bad_requests_exit_2(argv, message, capsys):
    assert main(["--src", str(SRC), *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and err.startswith("error: ")


def test_bad_request_as_a_process_has_no_traceback():
    proc = subprocess.run([sys.executable, "-m", "toolkit", "--src", str(SRC), "diff", "r5", "r9"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2
    assert "has no revision 'r9'" in proc.stderr and "Traceback" not in proc.stderr


def test_site_pages_follow_the_view(policy):
    from toolkit.render.diff_html import site_pages
    from toolkit.view.redact import hidden_nodes, redact

    public = site_pages(redact(policy, "public"))
    assert public == []  # only r8 of the 基本方針 is authoritative: no public pair
    staff = site_pages(redact(policy, "staff"))
    slugs = [slug for slug, _t, _h, _s in staff]
    assert "diff/basic-policy-h16-r5" in slugs and "diff/basic-policy-r5-r8" in slugs
    html = {slug: h for slug, _t, h, _s in staff}["diff/standards-r5-r8"]
    hidden = [n for _d, _r, n in hidden_nodes(policy, "staff") if n is not None and n.text]
    assert hidden, "the sample 対策基準 has 関係者限り clauses"
    for node in hidden:
        for para in node.text:
            assert para[:40] not in html, node.id


def test_a_drafts_table_is_marked_an_and_never_public(src_copy, tmp_path):
    """Issue 21 §5: 「make diff FROM=r8 TO=r9」 on a draft wrote 【公開】 and "classification": "public" with no 案
    anywhere.  Unadopted text is the committee's: every format says 案 and the first non-public level."""
    r = run_cli("--src", str(src_copy), "revise", "--doc", "basic-policy", "--new", "r99", "--date", "2027-04-01",
                "--kind", "改定")
    assert r.returncode == 0, r.stderr
    out = tmp_path / "diff"
    r = run_cli("--src", str(src_copy), "diff", "r8", "r99", "--doc", "basic-policy", "--all-formats",
                "--as-of", "2026-06-01", "-o", str(out))
    assert r.returncode == 0, r.stderr
    text = (out / "basic-policy-r8-r99.txt").read_text(encoding="utf-8")
    assert text.startswith("【案・庁内限り】"), text[:40]
    data = json.loads((out / "basic-policy-r8-r99.json").read_text(encoding="utf-8"))
    assert data["classification"]["id"] == "internal" and data["classification"]["draft"] is True
    html = (out / "basic-policy-r8-r99.html").read_text(encoding="utf-8")
    assert "<title>【案・庁内限り】" in html and "【公開】" not in html
    word = "\n".join(p.text for p in docx.Document(str(out / "basic-policy-r8-r99.docx")).paragraphs)
    assert word.startswith("【案・庁内限り】")
    # an adopted pair of the same public document stays 【公開】
    r = run_cli("--src", str(src_copy), "diff", "r5", "r8", "--doc", "basic-policy", "--as-of", "2026-06-01")
    assert r.returncode == 0 and r.stdout.startswith("【公開】"), r.stdout[:40]


def test_the_whole_revision_note_is_in_every_format(built):
    """Issue 21 §5: the 全面改定 statement was only in the .docx.  r8 is a 全面改定: the HTML, text and JSON
    tables carry the same statement (one text, toolkit.diff.table.whole_revision_note); an 改定 carries none."""
    from toolkit.diff.table import WHOLE_REVISION_NOTE

    folder = built[("r5", "r8")]
    html = (folder / "basic-policy-r5-r8.html").read_text(encoding="utf-8")
    assert f'<p class="pdiff-note pdiff-whole">（{WHOLE_REVISION_NOTE}）</p>' in html
    text = (folder / "basic-policy-r5-r8.txt").read_text(encoding="utf-8")
    assert f"（{WHOLE_REVISION_NOTE}）" in text.splitlines()[:4]
    data = json.loads((folder / "basic-policy-r5-r8.json").read_text(encoding="utf-8"))
    assert data["note"] == WHOLE_REVISION_NOTE
    word = "\n".join(p.text for p in docx.Document(str(folder / "basic-policy-r5-r8.docx")).paragraphs)
    assert f"（{WHOLE_REVISION_NOTE}）" in word


def test_an_amendment_carries_no_whole_revision_note(src_copy, tmp_path):
    from toolkit.diff.table import WHOLE_REVISION_NOTE

    r = run_cli("--src", str(src_copy), "revise", "--doc", "basic-policy", "--new", "r99", "--date", "2027-04-01",
                "--kind", "改定")
    assert r.returncode == 0, r.stderr
    out = tmp_path / "diff"
    r = run_cli("--src", str(src_copy), "diff", "r8", "r99", "--all-formats", "--as-of", "2026-06-01", "-o", str(out))
    assert r.returncode == 0, r.stderr
    for path in out.glob("basic-policy-r8-r99.*"):
        if path.suffix != ".docx":
            assert WHOLE_REVISION_NOTE not in path.read_text(encoding="utf-8"), path.name
    assert "note" not in json.loads((out / "basic-policy-r8-r99.json").read_text(encoding="utf-8"))
