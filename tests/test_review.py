"""The committee's review package (`policy review`, `make review`): 新旧対照表 of the draft against the
adopted text, a reason per change (missing ones listed), impact; through the boundary for staff."""

from __future__ import annotations

import dataclasses
import html
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from conftest import ROOT, SRC, TRAINING

from toolkit.cli import main
from toolkit.diff import MODIFIED, REMOVED
from toolkit.publish.review import public_impact
from toolkit.review import make_review
from toolkit.source.load import load_policy
from toolkit.view.redact import redact

# Text written for these tests (not the city's).
OLD = "利用に係る規定を整備し対策を講じる。"
NEW = "利用に係る規定を整備した上で対策を講じる。"
REASON = "試験用の改正理由：規定の整備を対策の前提とするため。"
REMOVED_REASON = "試験用の改正理由：評価・見直しは8に統合するため。"


def _draft(tmp: Path, *, reason: bool) -> Path:
    src = tmp / "policy_src"
    shutil.copytree(SRC, src)
    assert main(["--src", str(src), "revise", "--new", "r9", "--date", "2027-04-01", "--kind", "改定"]) == 0
    r9 = src / "basic-policy" / "r9.yaml"
    text = r9.read_text(encoding="utf-8")
    assert OLD in text
    text = text.replace(OLD, NEW, 1)
    if reason:
        anchor = "      - id: measure-outsourcing\n"
        text = text.replace(anchor, anchor + f"        reason: {REASON}\n", 1)
    r9.write_text(text, encoding="utf-8")
    return src


def _text(path: Path) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8"))))


def test_a_change_without_reason_is_missing(tmp_path, capsys):
    src = _draft(tmp_path, reason=False)
    out = tmp_path / "review"
    assert main(["--src", str(src), "review", "--rev", "r9", "-o", str(out), "--training", str(TRAINING)]) == 0
    shown = capsys.readouterr().out
    assert "改正理由のない改正が 1 件あります" in shown and "missing reason: 6(8) 業務委託と外部サービス（クラウドサービス）の利用 (measure-outsourcing)" in shown
    page = _text(out / "basic-policy-r9-review.html")
    assert "（改正理由が未記入）" in page and "まだ審議に付せる状態ではありません" in page
    assert sorted(p.name for p in out.iterdir()) == ["MANIFEST.sha256", "basic-policy-r9-review.docx",
                                                     "basic-policy-r9-review.html"]


def test_reasons_impact_and_the_meeting_docx(tmp_path, capsys):
    src = _draft(tmp_path, reason=True)
    out = tmp_path / "review"
    assert main(["--src", str(src), "review", "-o", str(out), "--training", str(TRAINING)]) == 0
    assert "すべての改正（1件）に改正理由があります" in capsys.readouterr().out
    page = _text(out / "basic-policy-r9-review.html")
    assert REASON in page and "未記入" not in page
    assert "規定を整備した上で" in page  # the 新旧対照表
    # training: the hand-written question on 6(8) and its generated card are listed for reissue, by
    # their text, never by internal id (issue 23)
    assert "問題「業務委託を行う場合の対策として、基本方針の「業務委託と" in page
    assert "カード「" in page and "（基本方針 6(8)）" in page
    assert "written-outsourcing-contract" not in page and "basic-policy/clause" not in page
    assert "6(8) 業務委託と外部サービス（クラウドサービス）の利用" in page  # the clause by number and title
    assert "measure-outsourcing" not in page and "改定案（令和9年4月1日施行予定）" in page
    assert "改定案 r9" not in page and "採択済みの版 r8" not in page  # versions by date
    # the public files that change on 令和9年4月1日
    for name in ("basic-policy/index.html", "history.html", "downloads/basic-policy-r9.docx", "searchindex.js"):
        assert f" {name} " in page
    d = docx.Document(str(out / "basic-policy-r9-review.docx"))
    assert "案" in d.sections[0].header.paragraphs[0].text
    words = "\n".join(p.text for p in d.paragraphs) + "\n".join(c.text for t in d.tables for r in t.rows
                                                                for c in r.cells)
    assert REASON in words and "改正案" in words and "basic-policy/index.html" in words


def test_make_review_runs_the_command():
    dry = subprocess.run(["make", "-n", "review", "DOC=basic-policy", "REV=r9"], cwd=ROOT, capture_output=True,
                         text=True)
    if dry.returncode != 0:
        pytest.skip(f"make not usable here: {dry.stderr.strip()}")
    assert "policy review --doc basic-policy --rev r9" in dry.stdout
    front = subprocess.run(["make", "-n", "review", "REV=r9", "MEETING=第3回 委員会", "SUMMARY=gaiyou.txt",
                            "DATE=2026-11-10"], cwd=ROOT, capture_output=True, text=True)
    assert "--meeting '第3回 委員会' --summary 'gaiyou.txt' --date 2026-11-10" in front.stdout


def test_removed_clause_reason_from_the_ledger_and_implementers(tmp_path):
    src = _draft(tmp_path, reason=True)
    r9 = src / "basic-policy" / "r9.yaml"
    text = r9.read_text(encoding="utf-8")
    start = text.index("      - id: measure-evaluation\n")
    end = text.index("\n  - id:", start) + 1
    r9.write_text(text[:start] + text[end:], encoding="utf-8")
    ledger = src / "basic-policy" / "document.yaml"
    ledger.write_text(ledger.read_text(encoding="utf-8") + f"    reasons:\n      measure-evaluation: {REMOVED_REASON}\n",
                      encoding="utf-8")
    # the fixture's 対策基準 chapter 8 carries out the changed clause (implements:)
    policy = load_policy([src])
    view = redact(policy, "staff")
    review = make_review(view, "basic-policy", "r9")
    kinds = {i.change.id: (i.change.kind, i.reason) for i in review.items}
    assert kinds["measure-outsourcing"] == (MODIFIED, REASON)
    assert kinds["measure-evaluation"] == (REMOVED, REMOVED_REASON)
    item = next(i for i in review.items if i.change.id == "measure-outsourcing")
    assert [(r.doc_id, r.clause_id, r.how) for r in item.referrers] == [("standards", "outsourcing", "implements")]
    assert review.ready


def test_public_impact_of_a_draft_that_changes_nothing_public(tmp_path):
    src = tmp_path / "policy_src"
    shutil.copytree(SRC, src)
    assert main(["--src", str(src), "revise", "--doc", "standards", "--new", "r9", "--date", "2027-04-01",
                 "--kind", "改定", "--provenance", "sample"]) == 0
    assert public_impact(load_policy([src]), "standards", "r9") == []


def test_review_refuses_what_is_not_a_draft(capsys):
    assert main(["--src", str(SRC), "review", "--rev", "r8", "-o", "/nonexistent/review"]) == 2
    err = capsys.readouterr().err
    assert "has no draft 'r8' to review" in err and "Traceback" not in err


@pytest.mark.slow
def test_staff_site_has_the_review_page_and_the_public_site_has_no_draft(tmp_path):
    src = _draft(tmp_path, reason=False)
    staff, public = tmp_path / "staff", tmp_path / "public"
    assert main(["--src", str(src), "publish", "--internal", "--out", str(staff), "--work", str(tmp_path / "w1")]) == 0
    page = _text(staff / "review" / "basic-policy-r9.html")
    assert "（改正理由が未記入）" in page and "規定を整備した上で" in page
    assert "審議資料" in _text(staff / "basic-policy" / "r9.html")
    assert main(["--src", str(src), "publish", "--out", str(public), "--work", str(tmp_path / "w2")]) == 0
    assert not (public / "review").exists()
    assert all("整備した上で" not in _text(p) for p in public.rglob("*.html"))


def test_review_of_a_reiki_draft_shows_its_new_supplementary_and_asks_its_reason(tmp_path, capsys):
    """A draft of tests/fixtures/reiki_src's rules that adds its own 附則: the review's 新旧対照表 shows it
    after the clauses, and the reasons table lists it like any change (a reason is asked for)."""
    from conftest import FIXTURES

    src = tmp_path / "reiki_src"
    shutil.copytree(FIXTURES / "reiki_src", src)
    assert main(["--src", str(src), "revise", "--doc", "rules", "--new", "r9", "--date", "2027-04-01",
                 "--kind", "改定"]) == 0
    r9 = src / "rules" / "r9.yaml"
    added = ("  - id: suppl-r9\n    title: 令和9年3月26日訓令第1号\n"
             "    text: この訓令は、令和9年4月1日から施行する。\n")  # test text
    r9.write_text(r9.read_text(encoding="utf-8") + added, encoding="utf-8")
    out = tmp_path / "review"
    argv = ["--src", str(src), "review", "--doc", "rules", "--rev", "r9", "-o", str(out),
            "--training", str(tmp_path / "no-training")]
    assert main(argv) == 0
    shown = capsys.readouterr().out
    assert "missing reason: 附\u3000則（令和9年3月26日訓令第1号） (suppl-r9)" in shown
    page = _text(out / "rules-r9-review.html")
    assert "附 則（令和9年3月26日訓令第1号）この訓令は、令和9年4月1日から施行する。（新設）" in page
    assert "附則 新設 1 改正 0 削除 0 変更なし 3" in page
    r9.write_text(r9.read_text(encoding="utf-8").replace(
        "    title: 令和9年3月26日訓令第1号\n",
        "    title: 令和9年3月26日訓令第1号\n    reason: 試験用の改正理由：施行期日を定めるため。\n"), encoding="utf-8")
    assert main(argv) == 0
    assert "すべての改正（1件）に改正理由があります" in capsys.readouterr().out
    assert "試験用の改正理由：施行期日を定めるため。" in _text(out / "rules-r9-review.html")


def test_the_package_is_marked_an_and_staff_only_like_every_staff_output(tmp_path):
    """Issue 21 §5: the review .html and .docx carry unadopted text and 改正理由, and had no 庁内限り mark.
    Both now open with the marking banner 「【案・庁内限り】…」 (and the .docx says it in every page's header)."""
    src = _draft(tmp_path, reason=True)
    out = tmp_path / "review"
    assert main(["--src", str(src), "review", "-o", str(out), "--training", str(TRAINING)]) == 0
    raw = (out / "basic-policy-r9-review.html").read_text(encoding="utf-8")
    assert "<title>【案・庁内限り】" in raw
    body = raw[raw.index("<body>"):]
    assert body.index("【案・庁内限り】") < body.index("<h1>")  # the first thing on the page
    d = docx.Document(str(out / "basic-policy-r9-review.docx"))
    assert d.paragraphs[0].text.startswith("【案・庁内限り】")
    assert d.sections[0].header.paragraphs[0].text.startswith("【案・庁内限り】")


# Test text (not the city's): a clause inserted before 6(8), so 6(8) and 6(9) only shift to 6(9) and 6(10).
INSERTED = ("      - id: measure-test-inserted\n        title: 試験用の新設条項\n"
            "        text: 試験用の条文：新たな対策を講じる。\n")


def _insert_before_outsourcing(src: Path, *, reason: bool) -> None:
    r9 = src / "basic-policy" / "r9.yaml"
    text = r9.read_text(encoding="utf-8")
    anchor = "      - id: measure-outsourcing\n"
    clause = INSERTED + (f"        reason: {REASON}\n" if reason else "")
    r9.write_text(text.replace(anchor, clause + anchor, 1), encoding="utf-8")


def test_a_change_that_is_only_renumbering_needs_no_reason(tmp_path, capsys):
    """Issue 21 §5: a clause whose only change is its number shifting (a clause inserted before it) needs
    no 改正理由; the inserted clause does, and so does a renumbered clause whose text also changed."""
    src = _draft(tmp_path, reason=False)  # 6(8) 業務委託… changes its text (OLD → NEW): it needs a reason
    _insert_before_outsourcing(src, reason=True)
    out = tmp_path / "review"
    argv = ["--src", str(src), "review", "--rev", "r9", "-o", str(out), "--training", str(tmp_path / "none")]
    assert main(argv) == 0
    shown = capsys.readouterr().out
    assert "missing reason: 6(9)（現行 6(8)） 業務委託と外部サービス（クラウドサービス）の利用" in shown
    assert "評価・見直し" not in shown  # 6(9) → 6(10), nothing else: no reason asked
    page = _text(out / "basic-policy-r9-review.html")
    # one clause on one line, old number beside the new (the 6(9) / 6(10) split stays fixed)
    assert "6(10)（現行 6(9)） 評価・見直し番号の変更（番号の変更のみ：改正理由は不要）" in page
    policy = load_policy([src])
    review = make_review(redact(policy, "staff"), "basic-policy", "r9")
    assert [i.change.id for i in review.missing] == ["measure-outsourcing"]
    # with the text change's reason given, the draft is ready though 6(10) has none
    r9 = src / "basic-policy" / "r9.yaml"
    anchor = "      - id: measure-outsourcing\n"
    r9.write_text(r9.read_text(encoding="utf-8").replace(anchor, anchor + f"        reason: {REASON}\n", 1),
                  encoding="utf-8")
    assert main(argv) == 0
    assert "すべての改正（2件）に改正理由があります（ほかに番号の変更のみ 1 件）" in capsys.readouterr().out


def test_public_impact_names_every_public_output_that_changes(tmp_path, monkeypatch):
    """Issue 21 §5: the list of public files that change left out the PDF edition and pages other than the
    新旧対照表 that publish adds (links.html…).  It is now derived from what publish writes: the official
    editions (.docx and PDF) and every page producer, so a producer added later is listed too."""
    from toolkit.publish import pages
    from toolkit.render.site.page import ExtraPage

    src = _draft(tmp_path, reason=True)  # changes public 6(8)
    policy = load_policy([src])

    def current_page(site):  # a producer added later: a public page showing the current revision's date
        doc = site.view.document("basic-policy")
        return [ExtraPage("test-current", "試験用のページ", f"<p>{doc.current.date}</p>")]

    monkeypatch.setattr(pages, "EXTRA_PAGES", [*pages.EXTRA_PAGES, current_page])
    files = public_impact(policy, "basic-policy", "r9")
    assert {"downloads/basic-policy-r9.pdf", "downloads/basic-policy-r9.docx", "test-current.html",
            "basic-policy/index.html", "searchindex.js"} <= set(files)
    # what publish offers for download is what is listed: the same names, from one place
    from toolkit.publish.site import official_download_names
    from toolkit.review import as_adopted

    after = redact(as_adopted(policy, "basic-policy", "r9"), "public", as_of=policy.document("basic-policy")
                   .revision("r9").date)
    assert {f"downloads/{n}" for n in official_download_names(after)} >= {
        f for f in files if f.startswith("downloads/")}


def test_a_drafts_comparison_is_headed_an_and_genko(tmp_path):
    """Issue 21 §5: the committee's table compares a 案 with the text in force: its columns are headed
    改正案 / 現行 (改正後 / 改正前 stay for two adopted revisions), in the .html and the .docx alike."""
    src = _draft(tmp_path, reason=True)
    out = tmp_path / "review"
    assert main(["--src", str(src), "review", "-o", str(out), "--training", str(TRAINING)]) == 0
    raw = (out / "basic-policy-r9-review.html").read_text(encoding="utf-8")
    assert '<th scope="col">改正案</th><th scope="col">現行</th>' in raw
    assert "改正案：令和9年4月1日改定" in raw and "現行：令和8年4月1日全面改定" in raw
    assert "改正後" not in raw and "改正前" not in raw
    d = docx.Document(str(out / "basic-policy-r9-review.docx"))
    comparison = d.tables[-1]
    assert [c.text for c in comparison.rows[0].cells] == ["改正案", "現行"]
    # two adopted revisions keep 改正後 / 改正前
    diff = tmp_path / "diff.html"
    assert main(["--src", str(src), "diff", "r5", "r8", "--format", "html", "-o", str(diff)]) == 0
    assert '<th scope="col">改正後</th><th scope="col">改正前</th>' in diff.read_text(encoding="utf-8")


# Test text (not the city's).
MEETING = "令和8年度第3回情報セキュリティ委員会 <b>試験</b>"
SUMMARY = "試験用の概要：外部サービスの利用に係る規定を\n整備した上で対策を講じることとする。\n\n試験用の概要の第2段落。\n"


def test_the_front_has_meeting_date_and_summary(tmp_path, monkeypatch, capsys):
    """Issue 21 §5: the package had no 改定の概要, 作成日 or 会議名.  --summary FILE, --meeting TEXT and the
    作成日 (the build's date: SOURCE_DATE_EPOCH, or --date) are on the front of the .html and the .docx."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1793750400")  # 2026-11-04 UTC
    src = _draft(tmp_path, reason=True)
    summary = tmp_path / "gaiyou.txt"
    summary.write_text(SUMMARY, encoding="utf-8")
    out = tmp_path / "review"
    argv = ["--src", str(src), "review", "-o", str(out), "--training", str(TRAINING), "--meeting", MEETING,
            "--summary", str(summary)]
    assert main(argv) == 0
    raw = (out / "basic-policy-r9-review.html").read_text(encoding="utf-8")
    assert ("<dt>会議名</dt><dd>令和8年度第3回情報セキュリティ委員会 &lt;b&gt;試験&lt;/b&gt;</dd>\n"
            "<dt>作成日</dt><dd>令和8年11月4日</dd>") in raw
    assert ("<h2>改定の概要</h2>\n<div class=\"review-summary\">\n"
            "<p>試験用の概要：外部サービスの利用に係る規定を整備した上で対策を講じることとする。</p>\n"
            "<p>試験用の概要の第2段落。</p>") in raw
    assert raw.index("改定の概要") < raw.index("改正点と改正理由")  # on the front
    d = docx.Document(str(out / "basic-policy-r9-review.docx"))
    lines = [p.text for p in d.paragraphs]
    at = lines.index("【案】情報セキュリティ基本方針 改定案（令和9年4月1日施行予定）審議資料")
    assert lines[at + 1:at + 6] == [f"会議名\u3000{MEETING}", "作成日\u3000令和8年11月4日", "改定の概要",
                                    "試験用の概要：外部サービスの利用に係る規定を整備した上で対策を講じることとする。",
                                    "試験用の概要の第2段落。"]
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    assert main(argv) == 0  # reproducible: the same bytes again
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first
    assert main([*argv, "--date", "2026-11-10"]) == 0
    assert "<dt>作成日</dt><dd>令和8年11月10日</dd>" in (out / "basic-policy-r9-review.html").read_text(encoding="utf-8")
    capsys.readouterr()


@pytest.mark.parametrize("bad, message", [
    (b"\x8e\x8e\x8c\xb1\n", "gaiyou.txt:1:1: not UTF-8 text"),  # Shift_JIS
    (None, "gaiyou.txt:1:1: cannot be read"),
])
def test_a_bad_summary_file_stops_with_its_location_and_loses_nothing(tmp_path, capsys, monkeypatch, bad, message):
    src = _draft(tmp_path, reason=True)
    out = tmp_path / "review"
    assert main(["--src", str(src), "review", "-o", str(out), "--training", str(TRAINING)]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    summary = tmp_path / "gaiyou.txt"
    if bad is not None:
        summary.write_bytes(bad)
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert main(["--src", str(src), "review", "-o", str(out), "--training", str(TRAINING),
                 "--summary", "gaiyou.txt"]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert main(["--src", str(src), "review", "-o", str(out), "--date", "2026-13-01"]) == 2
    assert "--date '2026-13-01' is not a date" in capsys.readouterr().err


def test_the_summary_defaults_to_the_drafts_ledger_summary():
    from toolkit.review import cover

    policy = load_policy([SRC])
    r8 = policy.document("basic-policy").revision("r8")
    day = r8.date
    assert r8.summary != r8.kind and cover(r8, day).summary == (r8.summary,)
    assert cover(r8, day, summary="  \n\n").summary == ()  # given (empty): nothing from the ledger
    bare = dataclasses.replace(r8, summary=r8.kind)  # what 'policy revise' writes until someone does
    assert cover(bare, day).summary == ()
    assert cover(bare, day, meeting=" 委員会\n 第3回 ").meeting == "委員会 第3回"
