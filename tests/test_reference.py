"""Issue 24 §1 §2 §6: the national guideline as a reference document (kind: reference), follows: links,
and that no reference text is ever shown as the city's (public site, training, 部分開示)."""

from __future__ import annotations

import datetime
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli

from toolkit.errors import RedactionError, SourceError
from toolkit.source.load import load_policy
from toolkit.view.redact import redact
from toolkit.view.reference import city_policy, reference, references

GUIDELINE_SRC = FIXTURES / "guideline_src"
R8 = "standards/r8.yaml"


@pytest.fixture
def gl_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "policy_src"
    shutil.copytree(GUIDELINE_SRC, dst)
    return dst


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(root: Path, rel: str, needle: str) -> int:
    return next(i for i, line in enumerate((root / rel).read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_both_editions_load_as_a_reference_with_publisher_and_provenance() -> None:
    policy = load_policy([GUIDELINE_SRC])
    guideline = policy.document("guideline")
    assert (guideline.kind, guideline.publisher) == ("reference", "総務省")
    assert [(r.id, r.provenance, r.summary) for r in guideline.revisions] == [
        ("h30", "external", "平成30年9月版"), ("r2", "external", "令和2年12月版")]
    # the edition in force follows the day: h30 before 令和2年12月, r2 after
    assert guideline.in_force_on(datetime.date(2019, 4, 1)).id == "h30"
    assert guideline.in_force_on(datetime.date(2021, 4, 1)).id == "r2"
    r2 = guideline.revision("r2")
    assert [n.title for n in r2.body][:2] == ["対象範囲及び用語説明", "組織体制"]
    assert r2.node("outsourcing") in r2.node("external").children  # moved to 外部サービスの利用 in r2
    assert "tech-vuln" not in {n.id for n in r2.walk()}
    standards = policy.document("standards").revision("r8")
    assert standards.node("ciso").follows == ("guideline:org-ciso",)
    assert policy.document("basic-policy").kind == "policy"


@pytest.mark.parametrize(("old", "new", "message"), [
    ("      - guideline:org-ciso", "      - guideline:no-such-section",
     "follows 'guideline:no-such-section': no edition of guideline has a section 'no-such-section'"),
    ("      - guideline:org-ciso", "      - basic-policy:measure-organisation",
     "follows 'basic-policy:measure-organisation': no reference document 'basic-policy'"),
    ("      - guideline:org-ciso", "      - guideline",
     "follows 'guideline' is not a section of a reference document"),
    ("- guideline:org-ciso", "- guideline:org-ciso\n          - guideline:org-ciso",
     "follows 'guideline:org-ciso' listed twice"),
])
def test_a_bad_follows_is_a_located_error(gl_copy: Path, old: str, new: str, message: str) -> None:
    _edit(gl_copy, R8, old, new)
    line = _line_of(gl_copy, R8, "- id: ciso")
    run = run_cli("--src", str(gl_copy), "check")
    assert run.returncode == 2, run.stdout
    assert f"{R8}:{line}:" in run.stderr and message in run.stderr, run.stderr
    assert "Traceback" not in run.stderr


def test_implements_may_not_name_a_reference(gl_copy: Path) -> None:
    _edit(gl_copy, R8, "      - basic-policy:measure-organisation", "      - guideline:organisation")
    with pytest.raises(SourceError, match="implements 'guideline:organisation' names reference document"):
        load_policy([gl_copy])


@pytest.mark.parametrize(("rel", "old", "new", "message"), [
    ("policyset.yaml", "    kind: reference\n    publisher: 総務省\n", "    kind: reference\n",
     "a reference document needs its publisher"),
    ("policyset.yaml", "    kind: reference", "    kind: national", "unknown document kind 'national'"),
    ("guideline/document.yaml", "    provenance: external\n    summary: 令和2年12月版",
     "    provenance: authoritative\n    summary: 令和2年12月版", "has provenance 'authoritative'"),
])
def test_a_bad_reference_entry_is_a_located_error(gl_copy: Path, rel: str, old: str, new: str, message: str) -> None:
    _edit(gl_copy, rel, old, new)
    with pytest.raises(SourceError) as e:
        load_policy([gl_copy])
    assert message in str(e.value) and rel in str(e.value)


def test_check_warns_about_a_link_the_edition_in_force_no_longer_has() -> None:
    run = run_cli("--src", str(GUIDELINE_SRC), "check", env={"SOURCE_DATE_EPOCH": "1735689600"})  # 2025-01-01
    assert run.returncode == 0, run.stderr
    assert "follows 'guideline:tech-vuln': not in the edition in force on 2025-01-01 (guideline r2" in run.stdout
    early = run_cli("--src", str(GUIDELINE_SRC), "check", env={"SOURCE_DATE_EPOCH": "1546300800"})  # 2019-01-01
    assert "tech-vuln" not in early.stdout  # h30 was in force: the link was right then


def test_no_view_of_the_city_policy_holds_a_reference() -> None:
    policy = load_policy([GUIDELINE_SRC])
    for audience in ("public", "staff", "security"):
        assert "guideline" not in {d.id for d in redact(policy, audience).documents}
    assert "guideline" not in {d.id for d in city_policy(policy).documents}
    # staff may read it apart, labelled; the public never
    day = datetime.date(2026, 4, 1)
    assert [r.label for r in references(policy, "staff", day)] == [
        "総務省 地方公共団体における情報セキュリティポリシーに関するガイドライン（令和2年12月版）"]
    assert references(policy, "public", day) == ()
    with pytest.raises(RedactionError, match="may not read"):
        reference(policy, "public", "guideline", day)
    with pytest.raises(RedactionError, match="not a reference document"):
        reference(policy, "staff", "standards", day)


def test_there_is_no_disclosure_edition_of_a_reference(tmp_path: Path) -> None:
    run = run_cli("--src", str(GUIDELINE_SRC), "disclose", "--doc", "guideline", "-o", str(tmp_path / "d"))
    assert run.returncode == 2 and "is a reference document" in run.stderr, run.stderr
    every = run_cli("--src", str(GUIDELINE_SRC), "disclose", "--all", "-o", str(tmp_path / "all"))
    assert every.returncode == 0, every.stderr  # the city's non-public documents only
    assert not any("guideline" in p.name for p in (tmp_path / "all").iterdir())


CANARY = "ＧＬカナリア７７３１"  # planted in the reference only


def _texts(folder: Path) -> str:
    """Every file's text, .docx/.apkg/.zip members included."""
    return "\n".join(_texts_of(p) for p in sorted(folder.rglob("*")) if p.is_file())


def _texts_of(path: Path) -> str:
    data = path.read_bytes().decode("utf-8", "replace")
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            data += "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    return data


def test_canary_in_the_reference_reaches_no_public_output_nor_training(gl_copy: Path, tmp_path: Path) -> None:
    """The token in the guideline's name, a chapter title and a section text of both editions; then the
    public site, the official .docx, the 部分開示 editions, the staff site and every training output."""
    _edit(gl_copy, "policyset.yaml", "    public_name: 地方公共団体における", f"    public_name: {CANARY}地方公共団体における")
    for rel in ("guideline/h30.yaml", "guideline/r2.yaml"):
        _edit(gl_copy, rel, 'title: "組織体制"', f'title: "組織体制{CANARY}"')
        _edit(gl_copy, rel, "副市長等を充てる。", f"副市長等を充てる。{CANARY}")
    assert CANARY in (gl_copy / "guideline/r2.yaml").read_text(encoding="utf-8")
    training = Path(__file__).resolve().parent / "fixtures" / "training"
    out = tmp_path / "out"
    runs = [
        ("publish", "--out", str(out / "public"), "--allow-sample-site"),
        ("publish", "--internal", "--out", str(out / "internal")),
        ("docx", "--all", "-o", str(out / "docx")),
        ("disclose", "--all", "-o", str(out / "disclosure")),
        ("train", "--all", "--training", str(training), "-o", str(out / "training")),
    ]
    for args in runs:
        run = run_cli("--src", str(gl_copy), *args, env={"SOURCE_DATE_EPOCH": "1780272000"})  # 2026-06-01
        assert run.returncode == 0, (args, run.stdout, run.stderr)
    for part in ("public", "docx", "disclosure", "training"):
        texts = _texts(out / part)
        assert texts, part
        assert CANARY not in texts, part
    # the staff site shows the reference apart, on its own labelled page, and nowhere else
    holding = [p.relative_to(out / "internal").as_posix() for p in sorted((out / "internal").rglob("*"))
               if p.is_file() and CANARY in _texts_of(p)]
    assert holding == ["reference-guideline.html"]
    page = (out / "internal" / "reference-guideline.html").read_text(encoding="utf-8")
    assert "（令和2年12月版）です。市の規程ではありません。" in page and "総務省" in page
    # the coverage report, a staff output about the guideline, does name it (the canary is live)
    cov = run_cli("--src", str(gl_copy), "coverage", "-o", str(out / "coverage"))
    assert cov.returncode == 0, cov.stderr
    assert CANARY in (out / "coverage" / "standards-guideline.html").read_text(encoding="utf-8")


def test_diff_between_editions_works_as_for_any_document_for_staff_only() -> None:
    run = run_cli("--src", str(GUIDELINE_SRC), "diff", "--doc", "guideline", "h30", "r2")
    assert run.returncode == 0, run.stderr
    assert "新設  9(4) クラウドサービスの利用" in run.stdout and "βモデル" in run.stdout
    public = run_cli("--src", str(GUIDELINE_SRC), "diff", "--doc", "guideline", "h30", "r2", "--audience", "public")
    assert public.returncode == 2 and "may not read reference document 'guideline'" in public.stderr


def test_a_new_edition_is_imported_from_its_text_and_reviewed(gl_copy: Path, tmp_path: Path) -> None:
    """A new edition as the PDF gives it (no ids): import as a revision of the reference (ids taken from the
    most similar sections of r2), adopt it on its date, then coverage --changes lists what changed."""
    md = tmp_path / "r2.md"
    assert run_cli("--src", str(gl_copy), "export", "--doc", "guideline", "--rev", "r2", "-o", str(md)).returncode == 0
    import re
    text = re.sub(r" \{#[a-z0-9-]+\}", "", md.read_text(encoding="utf-8"))
    text = re.sub(r"^<!--.*-->$", "", text, flags=re.M).replace("令和2年12月28日 改定", "令和2年12月28日 改定  \n令和5年3月28日 改定")
    text = text.replace("多要素認証を用いる。", "多要素認証を必ず用いる。")
    new = tmp_path / "r5.md"
    new.write_text(text, encoding="utf-8")
    imp = run_cli("--src", str(gl_copy), "import", str(new), "--doc", "guideline", "--rev", "r5", "--like", "r2",
                  "--provenance", "external", "--summary", "令和5年3月版")
    assert imp.returncode == 0, imp.stderr
    adopt = run_cli("--src", str(gl_copy), "adopt", "--doc", "guideline", "--rev", "r5", "--date", "2023-03-28")
    assert adopt.returncode == 0, adopt.stderr
    policy = load_policy([gl_copy])
    r5 = policy.document("guideline").revision("r5")
    assert (r5.provenance, r5.date) == ("external", datetime.date(2023, 3, 28))
    assert {n.id for n in r5.walk()} == {n.id for n in policy.document("guideline").revision("r2").walk()}
    run = run_cli("--src", str(gl_copy), "coverage", "--changes", "r2", "r5", "-o", str(tmp_path / "c"))
    assert run.returncode == 0, run.stderr
    assert "改正 1, 削除 0, 移動 0; 見直し対象 1 項目, 条項 1" in run.stdout
    assert "5(4) ID及びパスワード等の管理 ← 改正 6(4) (hr-credentials)" in run.stdout


def test_staff_site_page_shows_each_section_with_its_clauses_and_the_reverse() -> None:
    from toolkit.render import reference_html

    policy = load_policy([GUIDELINE_SRC])
    day = datetime.date(2026, 6, 1)
    (ref,) = references(policy, "staff", day)
    html = reference_html.fragment(ref, redact(policy, "staff", as_of=day), day)
    assert reference_html.slug(ref) == "reference-guideline"
    # a section → the city clause following it (a link to the clause), and a section none follows
    ciso = html[html.index('id="guideline-org-ciso"'):html.index('id="guideline-org-chief"')]
    assert "この項目に従う市の規定：<a href=" in ciso and "対策基準 1(1) 最高情報セキュリティ責任者" in ciso
    staff = html[html.index('id="guideline-org-system-staff"'):html.index('id="guideline-org-committee"')]
    assert "この項目に従う市の規定：なし" in staff
    # a city clause → the sections it follows, one of them no longer in this edition
    row = next(r for r in html.split("<tr>") if "セキュリティ情報の収集</a></th>" in r)
    assert 'href="#guideline-tech-intel"' in row and "tech-vuln（この版にない項目）" in row
    # the public site has no such page (the public audience may read no reference)
    assert references(policy, "public", day) == ()


@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_follows_survives_export_edit_import(gl_copy: Path, tmp_path: Path, fmt: str) -> None:
    """Every field survives every path (DESIGN invariant 7): follows: through Markdown and the editable Word file."""
    exported = tmp_path / f"r8.{fmt}"
    args = ["--editable"] if fmt == "docx" else []
    run = run_cli("--src", str(gl_copy), "export", "--doc", "standards", "--rev", "r8", "--format", fmt, *args,
                  "--audience", "security", "-o", str(exported))
    assert run.returncode == 0, run.stderr
    out = tmp_path / "r8.yaml"
    imp = run_cli("--src", str(gl_copy), "import", str(exported), "--doc", "standards", "--rev", "r8",
                  "--provenance", "sample", "-o", str(out))
    assert imp.returncode == 0, imp.stderr
    from toolkit.source.load import parse_revision

    body, _note = parse_revision(out.read_text(encoding="utf-8"), "r8.yaml", "r8")
    got = {n.id: n.follows for top in body for n in top.walk() if n.follows}
    want = {n.id: n.follows for n in load_policy([gl_copy]).document("standards").revision("r8").walk() if n.follows}
    assert got == want and len(want) == 38
