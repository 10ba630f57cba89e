"""The PDF edition (toolkit.render.pdf), read as a reader reads it: pdftotext, pdffonts, pdfinfo, pypdf.

Built from a planted copy of the source (canaries in every non-public field
kind, 庁内限り clauses inside the public basic policy), so the text checks
also show that nothing hidden reaches the public PDF.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import SRC, require, require_module

from toolkit.errors import BuildError
from toolkit.model import Node
from toolkit.model.numbering import place, ref_labels
from toolkit.model.refs import resolve
from toolkit.render import pdf
from toolkit.view.redact import redact

FOOTER = re.compile(r"^\s*-\s*\d+\s*-\s*$", re.M)


def squash(text: str) -> str:
    """No white space (pdftotext wraps lines) and no word joiners (the 目次 leaders end in one)."""
    return re.sub(r"[\s\u2060]+", "", text)


def pdftotext(path: Path) -> str:
    exe = require("pdftotext", "reads the PDF edition's text (poppler-utils)")
    return subprocess.run([exe, str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    from fixtures.canary.tools import plant

    from toolkit.source.load import load_policy

    src = tmp_path_factory.mktemp("pdfsrc") / "policy_src"
    shutil.copytree(SRC, src)
    full = load_policy([src])
    tokens = plant(src, full)
    return load_policy([src]), tokens


@pytest.fixture(scope="module")
def edition(planted, tmp_path_factory):
    policy, _ = planted
    view = redact(policy, "public")
    rev = view.document("basic-policy").current
    path = pdf.write_pdf(view, "basic-policy", rev.id, tmp_path_factory.mktemp("pdf"))
    return view, rev, path, pdftotext(path)


@pytest.mark.poppler
def test_name_is_beside_the_docx(edition):
    view, rev, path, _ = edition
    assert path.name == f"basic-policy-{rev.id}.pdf"


@pytest.mark.poppler
def test_body_text_equals_the_source_text(edition):
    """Pages after the title page, footers removed, are exactly the numbered headings and text."""
    view, rev, path, text = edition
    doc = view.document("basic-policy")
    labels = ref_labels(doc, rev)
    expected = []
    for p in place(doc, rev):
        if p.node.heading is not None:
            expected.append(f"{p.label}{p.node.heading}")
        else:
            expected.append(p.label)
        expected.extend(resolve(t, labels) for t in p.node.text)
    pages = text.split("\f")
    body = squash(FOOTER.sub("", "\n".join(pages[1:])))
    assert body == squash("".join(expected))


@pytest.mark.poppler
def test_title_block_and_toc_with_page_numbers(edition):
    view, rev, path, text = edition
    doc = view.document("basic-policy")
    pages = text.split("\f")
    first = squash(pages[0])
    from toolkit.model.wareki import ledger_lines

    assert first.startswith(squash((doc.series or "") + doc.title))
    for line in ledger_lines(doc, rev):  # 平成16年12月20日　策定 …
        assert squash(line) in first
    assert "目次" in first
    # every top-level heading is listed with the page it is on
    on_page = {}
    for number, page in enumerate(pages, start=1):
        for line in page.splitlines():
            on_page.setdefault(line.strip(), number)
    tops = [p for p in place(doc, rev) if p.depth == 1]
    assert tops
    for p in tops:
        heading = f"{p.label} {p.node.heading}"
        m = re.search(re.escape(heading) + r"[ .]*\u2060?(\d+)\s*$", pages[0], re.M)
        assert m, f"目次 line for {heading!r} with a page number"
        assert int(m.group(1)) == on_page[heading] > 1


@pytest.mark.poppler
def test_nothing_hidden_in_the_public_pdf(planted, edition):
    policy, tokens = planted
    _, _, _, text = edition
    flat = squash(text)
    assert tokens.tokens, "canaries planted"
    found = [t for t in tokens.tokens if t in flat]
    assert not found
    # the 庁内限り clauses of the public document are absent by their text as well
    public_texts = {t for n in redact(policy, "public").document("basic-policy").current.walk() for t in n.text}
    hidden = [t for n in policy.document("basic-policy").current.walk() for t in n.text
              if t not in public_texts and len(t) > 8]
    assert hidden, "the planted source has non-public clauses in the basic policy"
    assert not [t for t in hidden if squash(t) in flat]


@pytest.mark.poppler
def test_a4_tagged_fonts_embedded(edition):
    _, _, path, _ = edition
    pdfinfo = require("pdfinfo", "reads the page size and tagging (poppler-utils)")
    pdffonts = require("pdffonts", "lists embedded fonts (poppler-utils)")
    info = subprocess.run([pdfinfo, str(path)], capture_output=True, text=True).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info), info
    assert re.search(r"Tagged:\s+yes", info), info
    fonts = subprocess.run([pdffonts, str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    names = {row[0].split("+")[-1] for row in rows}
    assert {"IPAexMincho", "IPAexGothic"} <= names, fonts
    assert all(row[-5] == "yes" for row in rows), f"every font embedded: {fonts}"


@pytest.mark.poppler
def test_bookmarks_are_the_headings_and_pdfua(edition):
    pypdf = require_module("pypdf", "reads the PDF outline")
    view, rev, path, _ = edition
    reader = pypdf.PdfReader(path)
    doc = view.document("basic-policy")

    def titles(items):
        for item in items:
            if isinstance(item, list):
                yield from titles(item)
            else:
                yield item.title

    got = list(titles(reader.outline))
    headings = [f"{p.label} {p.node.heading}" for p in place(doc, rev) if p.node.heading is not None]
    assert [t for t in got if t != "目次"] == headings
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) is True and "/StructTreeRoot" in root
    xmp = root["/Metadata"].get_object().get_data()
    assert re.search(rb"pdfuaid:part>?=?\"?1", xmp), "declares PDF/UA-1"


def test_rebuild_is_byte_identical(planted, monkeypatch):
    policy, _ = planted
    view = redact(policy, "public")
    rev = view.document("basic-policy").current.id
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1775001600")
    a = pdf.pdf_bytes(view, "basic-policy", rev)
    b = pdf.pdf_bytes(redact(policy, "public"), "basic-policy", rev)
    assert a == b
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert pdf.pdf_bytes(view, "basic-policy", rev) == a  # the clock never enters: dates come from the ledger


@pytest.mark.poppler
def test_markup_in_the_text_prints_as_written(planted, tmp_path):
    """Titles and text are hostile: Typst markup in them is text, never evaluated."""
    policy, _ = planted
    view = redact(policy, "public")
    doc = view.document("basic-policy")
    rev = doc.current
    evil_title = '#set text(size: 80pt) $x^2$ <a> @b *c* #panic("no")'
    evil_text = '] #panic("no") [ `raw` \\ #{1+1} 「<script>」'
    first = replace(rev.body[0], title=evil_title, text=(evil_text,) + rev.body[0].text[1:])
    doc2 = replace(doc, title=evil_title, revisions=(replace(rev, body=(first,) + rev.body[1:]),))
    view2 = replace(view, documents=(doc2,))
    path = pdf.write_pdf(view2, "basic-policy", rev.id, tmp_path)
    flat = squash(pdftotext(path))
    assert squash(evil_title) in flat
    assert squash(evil_text) in flat


def test_missing_font_is_a_clear_error(planted, monkeypatch, tmp_path):
    policy, _ = planted
    view = redact(policy, "public")
    monkeypatch.setattr(pdf, "BODY_FONT", "NoSuchFontAtAll")
    with pytest.raises(BuildError, match="make setup"):
        pdf.write_pdf(view, "basic-policy", view.document("basic-policy").current.id, tmp_path)
    assert not list(tmp_path.iterdir()), "nothing written"


@pytest.mark.poppler
def test_public_downloads_carry_the_pdf_beside_each_docx(planted, tmp_path):
    from toolkit.publish import official_downloads

    policy, tokens = planted
    view = redact(policy, "public")
    files = official_downloads(view, tmp_path / "downloads")
    docx = sorted(p.stem for p in files if p.suffix == ".docx")
    pdfs = sorted(p.stem for p in files if p.suffix == ".pdf")
    assert docx and docx == pdfs
    for p in files:
        if p.suffix == ".pdf":
            flat = squash(pdftotext(p))
            assert not [t for t in tokens.tokens if t in flat]


def _doc_with(base, body):
    import datetime as dt

    from toolkit.model import Document, Revision, number_tree

    rev = Revision("r1", dt.date(2026, 4, 1), "策定", "authoritative", "t", number_tree(body))
    return replace(base, documents=(Document("d", "試験文書", "試験文書", "public", ("1.", "(1)", "①", "ア"), (rev,)),))


SHAPES = {  # test text (not the city's): shapes a valid source may have
    "empty": [],
    "heading under an item": [Node("a", title="章", children=(
        Node("b", text=("号の本文",), children=(Node("c", title="深い見出し", text=("深い本文",)),)),))],
    "eight levels": [Node("l1", title="一", children=(Node("l2", title="二", children=(Node("l3", title="三", children=(
        Node("l4", title="四", children=(Node("l5", title="五", children=(Node("l6", title="六", children=(
            Node("l7", title="七", children=(Node("l8", title="八", text=("最も深い本文",)),)),)),)),)),)),)),))],
    "bare nodes": [Node("a"), Node("b", title=""), Node("c", text=("", "二段落目"))],
}


@pytest.mark.poppler
@pytest.mark.parametrize("shape", list(SHAPES))
def test_any_valid_shape_typesets_as_pdfua(planted, tmp_path, shape):
    """Heading levels follow headed ancestors (PDF/UA-1 forbids skipping one), depth has no limit."""
    view = _doc_with(redact(planted[0], "public"), SHAPES[shape])
    path = pdf.write_pdf(view, "d", "r1", tmp_path)
    flat = squash(pdftotext(path))
    for node in view.document("d").current.walk():
        for t in (node.heading or "", *node.text):
            assert squash(t) in flat


def test_the_boundary_reads_the_pdf_text(planted, tmp_path):
    """A renderer bug that typesets the full text instead of the view is caught in the PDF by the leak check."""
    from toolkit.errors import LeakError
    from toolkit.publish import publish_checked

    policy, _tokens = planted
    dest = tmp_path / "docx"
    rev = policy.document("basic-policy").current.id

    def buggy(_view, stage):
        pdf.write_pdf(replace(policy, audience_id="public"), "basic-policy", rev, stage)

    with pytest.raises(LeakError):
        publish_checked(policy, "public", dest, buggy)
    assert not dest.exists()
    # the same edition from the view passes
    publish_checked(policy, "public", dest, lambda view, stage: pdf.write_pdf(view, "basic-policy", rev, stage))
    assert (dest / f"basic-policy-{rev}.pdf").is_file()


@pytest.mark.poppler
def test_a_reconstructed_edition_says_so_on_page_one(planted, tmp_path):
    policy, _ = planted
    view = redact(policy, "staff")
    doc = view.document("basic-policy")
    recon = [r for r in doc.revisions if r.provenance == "reconstructed"]
    if not recon:
        pytest.skip("no reconstructed revision in the source")
    path = pdf.write_pdf(view, "basic-policy", recon[0].id, tmp_path)
    assert path.name == f"basic-policy-{recon[0].id}-reconstructed.pdf"
    pages = pdftotext(path).split("\f")
    assert "【再構成版】この文書は千曲市が採択した本文ではありません。" in squash(pages[0])
    assert all("再構成版（千曲市の採択文ではありません）" in squash(p) for p in pages if p.strip())  # header, every page


@pytest.mark.poppler
def test_no_page_ends_with_a_heading(edition):
    """A heading is kept on the page of the text below it."""
    view, rev, _path, text = edition
    doc = view.document("basic-policy")
    headings = {f"{p.label} {p.node.heading}" for p in place(doc, rev) if p.node.heading}
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) > 2
    for number, page in enumerate(pages[1:-1], start=2):
        lines = [line.strip() for line in FOOTER.sub("", page).splitlines() if line.strip()]
        assert lines[-1] not in headings, f"page {number} ends with the heading {lines[-1]!r}"
