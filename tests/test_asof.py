"""Every view is "as of" a date: the public sees the text in force, hears of adopted text not yet in
force, and never sees a draft — not in the view, not in any file the boundary lets out."""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
from pathlib import Path

import pytest
from conftest import SRC

from toolkit.cli import main
from toolkit.errors import LeakError
from toolkit.publish import publish_checked
from toolkit.source.load import load_policy
from toolkit.view.asof import today
from toolkit.view.redact import redact

# Text written for these tests (not the city's): the one-word edit and a draft-only clause.
OLD = "利用に係る規定を整備し対策を講じる。"
NEW = "利用に係る規定を整備した上で対策を講じる。"
DRAFT_ONLY = "生成AIサービスの利用に当たっては、入力する情報の機密性を事前に確認しなければならない。"
BEFORE, AFTER = dt.date(2026, 12, 1), dt.date(2027, 4, 1)


def _source(tmp: Path, *, adopt: bool) -> Path:
    """The fixture with r9 (one word changed, one clause added): adopted on 2026-11-10 and in
    force from 2027-04-01, or left a draft."""
    src = tmp / "policy_src"
    shutil.copytree(SRC, src)
    assert main(["--src", str(src), "revise", "--new", "r9", "--date", "2027-04-01", "--kind", "改定",
                 "--summary", "試験の改定"]) == 0
    r9 = src / "basic-policy" / "r9.yaml"
    text = r9.read_text(encoding="utf-8")
    assert OLD in text
    text = text.replace(OLD, NEW, 1)
    anchor = "      - id: measure-outsourcing\n"
    assert anchor in text
    text = text.replace(anchor, f"      - id: measure-genai\n        text: {DRAFT_ONLY}\n" + anchor, 1)
    r9.write_text(text, encoding="utf-8")
    if adopt:
        assert main(["--src", str(src), "adopt", "--rev", "r9", "--date", "2026-11-10", "--by", "市長決裁"]) == 0
    return src


@pytest.fixture(scope="module")
def adopted(tmp_path_factory):
    return load_policy([_source(tmp_path_factory.mktemp("adopted"), adopt=True)])


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    return load_policy([_source(tmp_path_factory.mktemp("drafted"), adopt=False)])


def texts(rev) -> str:
    return "\n".join(t for n in rev.walk() for t in n.text)


def test_before_the_effective_date_r8_is_current_and_r9_announced(adopted):
    doc = redact(adopted, "public", as_of=BEFORE).document("basic-policy")
    assert doc.current.id == "r8" and [r.id for r in doc.revisions] == ["r8"]
    assert [r.id for r in doc.announced] == ["r9"] and NEW in texts(doc.announced[0])
    assert [e.id for e in doc.ledger] == ["h16", "r5", "r8"]  # the date lines: only what is in force
    assert doc.as_of == BEFORE


def test_from_the_effective_date_r9_is_current(adopted):
    doc = redact(adopted, "public", as_of=AFTER).document("basic-policy")
    assert doc.current.id == "r9" and [r.id for r in doc.revisions] == ["r8", "r9"]
    assert doc.announced == () and [e.id for e in doc.ledger][-1] == "r9"
    assert redact(adopted, "public", as_of=AFTER - dt.timedelta(days=1)).document("basic-policy").current.id == "r8"


def test_a_draft_is_nowhere_in_the_public_view(drafted):
    for day in (BEFORE, AFTER, dt.date(2100, 1, 1)):
        doc = redact(drafted, "public", as_of=day).document("basic-policy")
        assert [r.id for r in doc.revisions] == ["r8"] and doc.announced == ()
        assert "r9" not in {e.id for e in doc.ledger}


def test_staff_see_the_draft_after_the_text_in_force(drafted):
    doc = redact(drafted, "staff", as_of=AFTER).document("basic-policy")
    assert doc.current.id == "r8"  # a draft never becomes the text in force, whatever the date
    assert doc.latest.id == "r9" and doc.latest.is_draft and DRAFT_ONLY in texts(doc.latest)


def test_draft_only_text_is_leak_evidence_at_the_boundary(drafted, tmp_path):
    """Fail closed: a writer that puts the draft's text into a public artifact is stopped."""
    dest = tmp_path / "edition"

    def leaky(view, stage: Path) -> None:
        (stage / "page.html").write_text(f"<p>{DRAFT_ONLY}</p>", encoding="utf-8")

    with pytest.raises(LeakError) as e:
        publish_checked(drafted, "public", dest, leaky, as_of=AFTER)
    assert "r9" in str(e.value)
    assert not dest.exists()
    # while the text in force passes, and the staff edition may show the draft
    publish_checked(drafted, "public", dest, lambda v, s: (s / "p.txt").write_text(OLD, encoding="utf-8"), as_of=AFTER)
    publish_checked(drafted, "staff", tmp_path / "staff", leaky, as_of=AFTER)


def test_announced_text_is_not_a_leak(adopted, tmp_path):
    publish_checked(adopted, "public", tmp_path / "d",
                    lambda v, s: (s / "p.html").write_text(f"<p>{NEW}</p>", encoding="utf-8"), as_of=BEFORE)


def test_today_follows_source_date_epoch():
    assert today({"SOURCE_DATE_EPOCH": "1806537600"}) == dt.date(2027, 4, 1)
    assert today({}) == dt.date.today()
    with pytest.raises(ValueError):
        today({"SOURCE_DATE_EPOCH": "soon"})


def test_default_view_date_is_source_date_epoch(adopted, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1806537600")  # 2027-04-01
    assert redact(adopted, "public").document("basic-policy").current.id == "r9"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795737600")  # 2026-11-27
    assert redact(adopted, "public").document("basic-policy").current.id == "r8"


def _page_text(path: Path) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8")))


def _files_text(folder: Path) -> str:
    return "\n".join(_page_text(p) for p in sorted(folder.rglob("*.html")))


@pytest.mark.slow
def test_public_site_at_two_dates_and_staff_site_with_a_draft(tmp_path, capsys):
    src = _source(tmp_path / "a", adopt=True)
    before, after = tmp_path / "before", tmp_path / "after"
    assert main(["--src", str(src), "publish", "--as-of", BEFORE.isoformat(), "--out", str(before),
                 "--work", str(tmp_path / "w1")]) == 0
    assert main(["--src", str(src), "publish", "--as-of", AFTER.isoformat(), "--out", str(after),
                 "--work", str(tmp_path / "w2")]) == 0
    current = _page_text(before / "basic-policy" / "index.html")
    assert "令和9年4月1日から施行されます" in current and OLD in current and NEW not in current
    assert NEW in _page_text(before / "diff" / "basic-policy-r8-r9.html")  # with its 新旧対照表
    # on the history as 施行予定 (issue 23), not as a version whose text is shown
    assert "令和9年4月1日（2027-04-01）" in _page_text(before / "history.html")
    assert "施行予定" in _page_text(before / "history.html")
    assert "令和9年4月1日から改定後の規定が施行されます" in _page_text(before / "index.html")  # the top page too
    assert "施行されます" not in _page_text(after / "index.html")
    current = _page_text(after / "basic-policy" / "index.html")
    assert NEW in current and OLD not in current and "施行されます" not in current
    assert "令和9年4月1日" in _page_text(after / "history.html")

    draft_src = _source(tmp_path / "d", adopt=False)
    public, staff = tmp_path / "public", tmp_path / "staff"
    assert main(["--src", str(draft_src), "publish", "--as-of", AFTER.isoformat(), "--out", str(public),
                 "--work", str(tmp_path / "w3")]) == 0
    site = _files_text(public)
    assert DRAFT_ONLY not in site and NEW not in site and "案" not in _page_text(public / "history.html")
    assert main(["--src", str(draft_src), "publish", "--internal", "--as-of", AFTER.isoformat(), "--out",
                 str(staff), "--work", str(tmp_path / "w4")]) == 0
    page = _page_text(staff / "basic-policy" / "r9.html")
    assert "案" in page and "これは未採択の改定案" in page and DRAFT_ONLY in page
    assert OLD in _page_text(staff / "basic-policy" / "index.html")  # the text in force stays current


def test_bad_as_of_is_a_clear_error(capsys):
    assert main(["--src", str(SRC), "publish", "--as-of", "2027-02-30", "--out", "/nonexistent/x"]) == 2
    err = capsys.readouterr().err
    assert "--as-of '2027-02-30' is not a date" in err and "Traceback" not in err


def test_the_docx_of_a_draft_says_an_on_every_page(tmp_path, capsys):
    import docx

    src = _source(tmp_path / "d", adopt=False)
    assert main(["--src", str(src), "docx", "--internal", "--rev", "r9", "-o", str(tmp_path / "out")]) == 0
    path = tmp_path / "out" / "basic-policy-r9-draft.docx"
    d = docx.Document(str(path))
    for section in d.sections:  # one header for every page: no distinct first / even page header
        assert not section.different_first_page_header_footer and not d.settings.odd_and_even_pages_header_footer
        assert "案" in "\n".join(p.text for p in section.header.paragraphs)
    assert d.core_properties.title.endswith("（案）")
    # the public edition of a draft does not exist
    assert main(["--src", str(src), "docx", "--rev", "r9", "-o", str(tmp_path / "pub")]) == 2
    assert not (tmp_path / "pub").exists() or not any((tmp_path / "pub").iterdir())


def test_docx_as_of_picks_the_text_in_force(tmp_path, capsys):
    src = _source(tmp_path / "a", adopt=True)
    assert main(["--src", str(src), "docx", "--as-of", BEFORE.isoformat(), "-o", str(tmp_path / "b")]) == 0
    assert main(["--src", str(src), "docx", "--as-of", AFTER.isoformat(), "-o", str(tmp_path / "c")]) == 0
    assert [p.name for p in (tmp_path / "b").glob("*.docx")] == ["basic-policy-r8.docx"]
    assert [p.name for p in (tmp_path / "c").glob("*.docx")] == ["basic-policy-r9.docx"]


def test_train_as_of_teaches_the_text_in_force(tmp_path, capsys):
    """The staff 改定点 deck is the last change in force: r8's before 令和9年4月1日, r9's from then."""
    from conftest import ROOT

    src = _source(tmp_path / "a", adopt=True)
    for day, deck in ((BEFORE, "changes-r8.apkg"), (AFTER, "changes-r9.apkg")):
        out = tmp_path / f"train-{day}"
        assert main(["--src", str(src), "train", "--all", "--as-of", day.isoformat(), "--training",
                     str(ROOT / "training"), "-o", str(out)]) == 0
        names = sorted(p.name for p in (out / "staff").iterdir())  # one folder per audience (issue 12)
        other = ({"changes-r8.apkg", "changes-r9.apkg"} - {deck}).pop()
        assert deck in names and other not in names, names


def test_disclose_as_of_picks_the_revision_in_force(tmp_path, capsys):
    src = tmp_path / "policy_src"
    shutil.copytree(SRC, src)
    assert main(["--src", str(src), "revise", "--doc", "standards", "--new", "r9", "--date", "2027-04-01",
                 "--kind", "改定", "--provenance", "sample"]) == 0
    assert main(["--src", str(src), "adopt", "--doc", "standards", "--rev", "r9", "--date", "2026-11-10"]) == 0
    for day, rev in ((BEFORE, "r8"), (AFTER, "r9")):
        out = tmp_path / f"d-{day}"
        assert main(["--src", str(src), "disclose", "--doc", "standards", "--as-of", day.isoformat(),
                     "-o", str(out)]) == 0
        assert [p.name for p in out.glob("*.docx")] == [f"standards-{rev}-disclosure.docx"]


def test_an_adopted_revision_that_is_not_the_citys_text_is_never_announced_to_the_public(tmp_path, capsys):
    src = tmp_path / "policy_src"
    shutil.copytree(SRC, src)
    assert main(["--src", str(src), "revise", "--new", "r9", "--date", "2027-04-01", "--kind", "改定",
                 "--provenance", "reconstructed"]) == 0
    assert main(["--src", str(src), "adopt", "--rev", "r9", "--date", "2026-11-10"]) == 0
    policy = load_policy([src])
    for day in (BEFORE, AFTER):
        doc = redact(policy, "public", as_of=day).document("basic-policy")
        assert doc.current.id == "r8" and doc.announced == ()
    assert [r.id for r in redact(policy, "staff", as_of=BEFORE).document("basic-policy").announced] == ["r9"]


def test_a_reason_is_leak_evidence_for_the_public(tmp_path, capsys):
    """改正理由 are for the committee: the public view drops them and a public file quoting one is stopped."""
    src = _source(tmp_path, adopt=True)
    r9 = src / "basic-policy" / "r9.yaml"
    reason = "庁内検討会の指摘により、委託先の管理規程を先に改めるための改正である。"  # test text
    r9.write_text(r9.read_text(encoding="utf-8").replace(
        "      - id: measure-outsourcing\n", f"      - id: measure-outsourcing\n        reason: {reason}\n", 1),
        encoding="utf-8")
    policy = load_policy([src])
    view = redact(policy, "public", as_of=AFTER)
    assert all(n.reason is None for r in view.document("basic-policy").revisions for n in r.walk())
    with pytest.raises(LeakError):
        publish_checked(policy, "public", tmp_path / "d",
                        lambda v, s: (s / "p.html").write_text(f"<p>{reason}</p>", encoding="utf-8"), as_of=AFTER)


@pytest.mark.slow
def test_another_date_is_not_nothing_changed(tmp_path, capsys):
    """The nothing-changed shortcut of `policy publish` keys on the date too: the text in force changes with it."""
    src = _source(tmp_path / "a", adopt=True)
    argv = ["--src", str(src), "publish", "--out", str(tmp_path / "pub"), "--work", str(tmp_path / "w")]
    assert main([*argv, "--as-of", BEFORE.isoformat()]) == 0
    assert main([*argv, "--as-of", BEFORE.isoformat()]) == 0
    assert "nothing changed" in capsys.readouterr().out
    assert main([*argv, "--as-of", AFTER.isoformat()]) == 0
    assert "nothing changed" not in capsys.readouterr().out
    assert NEW in _page_text(tmp_path / "pub" / "basic-policy" / "index.html")
