"""Every structure of the corpus from every format: .txt, .md, .html, .docx and .pdf give the same revision.

The other formats are made here from the corpus text (tests/fixtures/import/, test text in our own
wording): a web page with navigation, breadcrumbs and a footer around it; a Word file written with
python-docx; a PDF printed by LibreOffice.  Each is imported with nothing lost, and to the same
revision as the text.
"""

from __future__ import annotations

import html
import io
import subprocess
from pathlib import Path

import docx
import pytest
from conftest import ROOT, policy_process, require
from import_checks import lost_lines

from toolkit.model import Document, LedgerEntry
from toolkit.render.markdown import render_markdown
from toolkit.source.importer import Imported, import_text
from toolkit.source.importer.inputs import read_input

CORPUS = ROOT / "tests" / "fixtures" / "import"
NAMES = ["reiki.txt", "web-page.txt", "sections.txt", "fullwidth.txt", "mixed.txt"]
NAV = ["くらし・手続き", "市政情報", "ホーム > 市政情報 > 情報政策", "サンプル市役所　電話 000-000-0000"]


def from_text(name: str) -> Imported:
    return import_text((CORPUS / name).read_text(encoding="utf-8"), name, "r1")


def as_html(text: str) -> bytes:
    paras = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    page = f"""<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>サンプル</title><script>var nav = "{NAV[0]}";</script></head>
<body>
<header><nav class="gnav"><ul><li>{NAV[0]}</li><li>{NAV[1]}</li></ul></nav></header>
<div class="breadcrumbs">{html.escape(NAV[2])}</div>
<div id="contents">
{paras}
</div>
<footer><p>{NAV[3]}</p></footer>
</body></html>"""
    return page.encode("utf-8")


def as_docx(text: str) -> bytes:
    d = docx.Document()
    for line in text.splitlines():
        if line.strip():
            d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def as_pdf(tmp_path_factory) -> dict[str, bytes]:
    """Each corpus text as LibreOffice prints it (the PDF a city would publish): one LibreOffice for all."""
    require("soffice", "LibreOffice prints the PDF a city would publish")
    tmp = tmp_path_factory.mktemp("pdf")
    for name in NAMES:
        (tmp / name).write_text((CORPUS / name).read_text(encoding="utf-8"), encoding="utf-8")
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/profile", "--convert-to", "pdf",
                    "--outdir", str(tmp), *(str(tmp / name) for name in NAMES)], check=True, capture_output=True,
                   timeout=300)
    return {name: (tmp / name).with_suffix(".pdf").read_bytes() for name in NAMES}


@pytest.mark.parametrize("fmt", ["md", "html", "docx", pytest.param("pdf", marks=pytest.mark.libreoffice)])
@pytest.mark.parametrize("name", NAMES)
def test_each_format_imports_to_the_same_revision_with_nothing_lost(name: str, fmt: str, request):
    text = (CORPUS / name).read_text(encoding="utf-8")
    want = from_text(name)
    if fmt == "md":
        # the earlier date lines as the ledger will hold them: history-only entries (本文なし)
        ledger = (*(LedgerEntry(f"h{k}", h.date, h.kind, False) for k, h in enumerate(want.history)),
                  LedgerEntry("r1", want.revision.date, want.revision.kind))
        doc = Document("d", want.title or "", "", "public", want.numbering, (want.revision,), want.series,
                       ledger=ledger)
        data, file = render_markdown(doc, want.revision).encode(), "policy.md"
    elif fmt == "html":
        data, file = as_html(text), "policy.html"
    elif fmt == "docx":
        data, file = as_docx(text), "policy.docx"
    else:
        data, file = request.getfixturevalue("as_pdf")[name], "policy.pdf"
    inp = read_input(data, file)
    got = import_text(inp.text, file, "r1", source=inp)
    assert got.revision.body == want.revision.body
    assert (got.title, got.revision.date) == (want.title, want.revision.date)
    # 附則 kept from every format (its 施行日 read), and the earlier date lines (→ history-only entries) read
    assert got.revision.supplementary == want.revision.supplementary
    assert got.effective == want.effective
    assert [(h.date, h.kind) for h in got.history] == [(h.date, h.kind) for h in want.history]
    assert got.warnings == ()
    # nothing lost: every line the reader read is in the revision or the report
    assert lost_lines(inp.text, got) == []
    if fmt == "html":
        dropped = [d.text for d in got.report if d.kind == "dropped"]
        for nav in NAV:
            assert nav in dropped  # navigation, breadcrumbs and the footer: dropped, and listed
        assert 'var nav' not in "".join(dropped)  # a script is not text a reader sees


def test_html_line_numbers_and_a_table_in_a_page():
    page = as_html("サンプル要綱\n令和6年4月1日 策定\n1 目的\n目的を定める。\n").decode()
    page = page.replace("</div>\n<footer>", "<table><tr><td>区分</td><td>内容</td></tr></table>\n</div>\n<footer>")
    inp = read_input(page.encode(), "p.html")
    imp = import_text(inp.text, "p.html", "r1", source=inp)
    assert imp.revision.body[0].text == ("目的を定める。", "| 区分 | 内容 |")
    warning = next(w for w in imp.warnings if "table row" in w.detail)
    assert page.splitlines()[warning.line - 1].startswith("<table>")  # the HTML's own line


def test_shift_jis_page_that_says_so_is_read():
    page = as_html("サンプル要綱\n令和6年4月1日 策定\n1 目的\n目的を定める。\n").decode()
    page = page.replace('charset="utf-8"', 'charset="Shift_JIS"')
    inp = read_input(page.encode("cp932"), "sjis.html")
    assert "目的を定める。" in inp.text


def test_layout_table_of_an_older_reiki_page_is_read_as_text():
    page = ("<html><body><table><tr><td><p>○サンプル規程</p><p>令和4年4月1日訓令第2号</p></td></tr>"
            "<tr><td>（目的）<br>第1条　この規程は、定める。</td></tr>"
            "<tr><td>（管理）<br>第2条　管理する。<br>２　点検する。</td></tr></table></body></html>")
    inp = read_input(page.encode(), "old.html")
    imp = import_text(inp.text, "old.html", "r1", source=inp)
    assert imp.warnings == () and imp.title == "サンプル規程"
    assert [(n.title, n.text) for n in imp.revision.walk()] == [
        ("目的", ("この規程は、定める。",)), ("管理", ()), (None, ("管理する。",)), (None, ("点検する。",))]


@pytest.mark.slow
def test_the_official_word_and_pdf_editions_import_back_to_their_revision(src_copy: Path, tmp_path: Path):
    """`policy docx` writes the official .docx and the PDF edition; each, imported --like the revision, is it."""

    from toolkit.source.load import load_policy
    from toolkit.source.revision_file import parse_revision
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    r = policy_process("--src", str(src_copy), "docx", "-o", str(tmp_path / "out"), cwd=tmp_path, env=env)
    assert r.returncode == 0, r.stderr
    doc = load_policy([src_copy]).document("basic-policy")
    editions = sorted((tmp_path / "out").glob(f"basic-policy-{doc.current.id}.*"))
    assert {p.suffix for p in editions} >= {".docx", ".pdf"}
    for edition in editions:
        if edition.suffix not in (".docx", ".pdf"):
            continue
        out = tmp_path / f"{edition.suffix[1:]}.yaml"
        r = policy_process("--src", str(src_copy), "import", str(edition), "--doc", "basic-policy", "--rev",
                           doc.current.id, "--like", doc.current.id, "-o", str(out), cwd=tmp_path, env=env)
        assert r.returncode == 0, r.stderr
        assert "every clause matched" in r.stderr, (edition.name, r.stderr)
        body, _note = parse_revision(out.read_text(encoding="utf-8"), str(out), doc.current.id)
        assert body == doc.current.body, edition.name


@pytest.mark.parametrize("main", [True, False])
def test_a_header_holding_the_title_inside_the_content_stays_the_sites_header_goes(main: bool):
    content = ('<header class="page-header"><h1>サンプル基本方針</h1></header><p>令和2年4月1日 策定</p>'
               "<h2>1 目的</h2><p>定める。</p>")
    body = f"<main>{content}</main>" if main else f"<div>{content}</div>"
    page = f"<html><body><header>サンプル市</header>{body}</body></html>"
    inp = read_input(page.encode(), "p.html")
    imp = import_text(inp.text, "p.html", "r1", source=inp)
    assert imp.title == "サンプル基本方針" and imp.warnings == ()
    assert [d.text for d in imp.report if d.kind == "dropped"] == ["サンプル市"]
