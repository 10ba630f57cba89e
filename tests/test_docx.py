"""The official .docx edition and the shared Word helpers (no LibreOffice needed here).

The package is opened as a zip and its XML read directly, so what is checked
is what Word and LibreOffice will read.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from conftest import SRC
from docx import Document as open_docx
from lxml import etree

from toolkit.cli import main
from toolkit.model.numbering import place
from toolkit.model.wareki import ledger_lines, wareki
from toolkit.render.docx_common import ZIP_DATE, new_document, save, set_properties
from toolkit.render.docx_official import toc_entries, write_official
from toolkit.render.official_layout import BAR, bookmark_names, file_name
from toolkit.view.redact import redact

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def paragraphs(path: Path) -> list[str]:
    """The text of every paragraph, tabs and line breaks kept (fields' cached results included)."""
    root = etree.fromstring(parts(path)["word/document.xml"])
    out = []
    for p in root.iter(W + "p"):
        text = ""
        for run in p.iter(W + "r"):
            for el in run:
                if el.tag == W + "t":
                    text += el.text or ""
                elif el.tag == W + "tab":
                    text += "\t"
                elif el.tag == W + "br" and el.get(W + "type") != "page":
                    text += "\n"
        out.append(text)
    return out


@pytest.fixture(scope="session")
def public_view(policy):
    return redact(policy, "public")


@pytest.fixture(scope="session")
def r8(public_view, tmp_path_factory) -> Path:
    return write_official(public_view, "basic-policy", "r8", tmp_path_factory.mktemp("docx"))


# ---------------------------------------------------------------- Word helpers


def test_fonts_are_east_asian_and_theme_fonts_are_gone(r8):
    styles = etree.fromstring(parts(r8)["word/styles.xml"])
    theme_attrs = [a for el in styles.iter(W + "rFonts") for a in el.attrib if "Theme" in a or "theme" in a]
    assert theme_attrs == [], "a theme font attribute would override the explicit fonts"

    def fonts(style_id: str) -> dict[str, str]:
        el = styles.find(f"w:style[@w:styleId='{style_id}']/w:rPr/w:rFonts", NS)
        return {k.removeprefix(W): v for k, v in el.attrib.items()}

    for sid in ("Normal",):
        assert fonts(sid)["eastAsia"] == "ＭＳ 明朝" and fonts(sid)["ascii"] == "ＭＳ 明朝"
    for sid in ("Heading1", "Heading2", "Heading3", "Title"):
        assert fonts(sid)["eastAsia"] == "ＭＳ ゴシック", sid
    for sid in ("Normal", "Heading1", "Title"):
        lang = styles.find(f"w:style[@w:styleId='{sid}']/w:rPr/w:lang", NS)
        assert lang.get(W + "eastAsia") == "ja-JP"
    default_lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert default_lang.get(W + "eastAsia") == "ja-JP"
    # the fonts every Japanese Windows has, declared with their English names for Word's matching
    table = etree.fromstring(parts(r8)["word/fontTable.xml"])
    alt = {f.get(W + "name"): f.find("w:altName", NS).get(W + "val") for f in table.findall("w:font", NS)
           if f.find("w:altName", NS) is not None}
    assert alt == {"ＭＳ 明朝": "MS Mincho", "ＭＳ ゴシック": "MS Gothic"}


def test_a4_portrait_with_page_number_footer(r8):
    p = parts(r8)
    doc = etree.fromstring(p["word/document.xml"])
    size = doc.find(".//w:sectPr/w:pgSz", NS)
    assert (size.get(W + "w"), size.get(W + "h")) == ("11906", "16838")  # 210 × 297 mm in twips
    assert size.get(W + "orient") in (None, "portrait")
    footers = [k for k in p if re.fullmatch(r"word/footer\d+\.xml", k)]
    assert footers and any(b" PAGE " in p[k] for k in footers)


def test_no_template_noise_and_core_properties_from_the_ledger(r8):
    p = parts(r8)
    assert set(p) >= {"[Content_Types].xml", "_rels/.rels", "word/document.xml", "docProps/core.xml"}
    for unwanted in ("docProps/thumbnail.jpeg", "docProps/app.xml", "word/stylesWithEffects.xml"):
        assert unwanted not in p
    assert not any(k.startswith("customXml/") for k in p)
    for name, data in p.items():
        assert b"python-docx" not in data, name
    core = open_docx(str(r8)).core_properties
    assert core.author == "千曲市" and core.last_modified_by == "千曲市"
    assert core.title == "情報セキュリティ基本方針"
    assert core.created == core.modified == dt.datetime(2026, 4, 1, tzinfo=dt.UTC)
    xml = p["docProps/core.xml"].decode()
    assert "cp:revision" not in xml and "lastPrinted" not in xml and "description" not in xml


def test_deterministic_bytes(public_view, tmp_path):
    a = write_official(public_view, "basic-policy", "r8", tmp_path / "a")
    b = write_official(public_view, "basic-policy", "r8", tmp_path / "b")
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as z:
        infos = z.infolist()
    assert {i.date_time for i in infos} == {ZIP_DATE}
    assert [i.filename for i in infos][:2] == ["[Content_Types].xml", "_rels/.rels"]


def test_save_is_atomic_and_replaces(tmp_path):
    doc = new_document()
    doc.add_paragraph("一")
    set_properties(doc, title="t", organisation="千曲市", date=dt.date(2026, 4, 1))
    path = save(doc, tmp_path / "x.docx")
    first = path.read_bytes()
    doc.add_paragraph("二")
    save(doc, path)
    assert path.read_bytes() != first
    assert [p.name for p in tmp_path.iterdir()] == ["x.docx"]  # no temporary left behind


def test_save_is_one_atomic_write_of_the_deterministic_bytes(tmp_path, monkeypatch):
    """Issue 19: the .docx save is the toolkit's one atomic write, called once with the finished bytes."""
    import toolkit.files
    from toolkit.render.docx_common import docx_bytes, package

    calls: list[tuple[Path, bytes]] = []

    def recording(path, data):
        calls.append((path, data))
        toolkit.files.atomic_write(path, data)

    monkeypatch.setattr(package, "atomic_write", recording)
    doc = new_document()
    doc.add_paragraph("一")
    set_properties(doc, title="t", organisation="千曲市", date=dt.date(2026, 4, 1))
    path = save(doc, tmp_path / "sub" / "x.docx")
    assert calls == [(path, docx_bytes(doc))]
    assert path.read_bytes() == calls[0][1]


def test_landscape_for_wide_tables():
    section = new_document(landscape=True).sections[0]
    assert section.page_width > section.page_height


# ---------------------------------------------------------------- the official edition


def test_title_block_lists_the_ledger_in_wareki(r8, public_view):
    text = paragraphs(r8)
    assert text[0] == "千曲市情報セキュリティポリシー"
    assert text[1] == "情報セキュリティ基本方針"
    doc = public_view.document("basic-policy")
    lines = ledger_lines(doc, doc.revision("r8"))
    assert lines == [f"{wareki(e.date)}\u3000{e.kind}" for e in doc.ledger]
    assert lines[-1] == "令和8年4月1日\u3000全面改定"
    if "h16" in {e.id for e in doc.ledger}:  # the reconstructed history is in the ledger (issue 5)
        assert lines[:2] == ["平成16年12月20日\u3000策定", "令和5年7月4日\u3000改定"]
    assert text[2:2 + len(lines)] == lines


def test_toc_entries_with_page_number_fields(r8, public_view):
    xml = parts(r8)["word/document.xml"].decode()
    doc = public_view.document("basic-policy")
    entries = toc_entries(doc, doc.revision("r8"))
    assert [e.text for e in entries][:3] == ["1. 目的", "2. 定義", "3. 対象とする脅威"]
    assert entries[-1].text == "10. 情報セキュリティ実施手順の策定"
    text = paragraphs(r8)
    start = text.index("目次") + 1
    assert [t.split("\t")[0] for t in text[start:start + len(entries)]] == [e.text for e in entries]
    for e in entries:  # each entry links to its heading's bookmark, and its page number is a PAGEREF to it
        assert f'w:anchor="{e.anchor}"' in xml and f'w:name="{e.anchor}"' in xml
        assert f'<w:instrText xml:space="preserve"> PAGEREF {e.anchor} \\h </w:instrText>' in xml
    # Word computes the fields when it opens the file
    settings = etree.fromstring(parts(r8)["word/settings.xml"])
    assert settings.find("w:updateFields", NS).get(W + "val") == "true"


def test_every_node_is_numbered_as_on_the_site(r8, public_view):
    doc = public_view.document("basic-policy")
    rev = doc.revision("r8")
    text = paragraphs(r8)
    body = text[text.index("1. 目的", text.index("目次") + 11):]
    starts = []
    for p in place(doc, rev):
        node = p.node
        if node.heading is not None:
            starts.append(f"{p.label} {node.heading}")
        else:
            starts.append(f"{p.label}\t")
    i = 0
    for expected in starts:  # in document order, each on its own paragraph
        while i < len(body) and not body[i].startswith(expected):
            i += 1
        assert i < len(body), f"no paragraph starts with {expected!r} (in order)"
        i += 1
    for sample in ("(11) 通信経路の分割", "6. 情報セキュリティ対策", "(3) 情報システム全体の強靱性の向上", "10. 情報セキュリティ実施手順の策定"):
        assert sample in body
    assert any(t.startswith("①\tマイナンバー利用事務系においては") for t in body)


def test_cross_references_resolved_and_linked(r8, public_view):
    text = paragraphs(r8)
    assert any(t.startswith("上記3の脅威から情報資産を保護するために") for t in text)
    assert any(t.startswith("上記6、7及び8に規定する対策等を実施するために") for t in text)
    assert not any("{ref:" in t for t in text)
    xml = parts(r8)["word/document.xml"].decode()
    doc = public_view.document("basic-policy")
    threats = bookmark_names(place(doc, doc.revision("r8")))["threats"]
    assert re.search(rf'<w:hyperlink w:anchor="{threats}"[^>]*><w:r><w:t[^>]*>3</w:t>', xml)


def test_bookmark_names_are_unique_with_branch_articles(reiki):
    """第3条の2 (an 枝番) shares 第3条's number on the path: its bookmark, and its children's, differ."""
    doc = reiki.document("rules")
    rev = doc.revision("r8")
    names = bookmark_names(place(doc, rev))
    assert len(set(names.values())) == len(names) == sum(1 for _ in place(doc, rev))
    assert names["manager"] == "n2_3" and names["assistant"] == "n2_3b2" and names["manager-p1"] == "n2_3_1"


def test_public_edition_has_no_reconstruction_notice(r8):
    text = "\n".join(paragraphs(r8))
    assert "再構成" not in text and "見本" not in text and BAR not in text
    assert r8.name == "basic-policy-r8.docx"


def test_reconstructed_revision_only_internal_and_marked(policy, tmp_path):
    doc = policy.document("basic-policy")
    reconstructed = [r for r in doc.revisions if r.provenance == "reconstructed"]
    if not reconstructed:
        pytest.skip("no reconstructed revision in policy_src yet")
    rev = reconstructed[0]
    rc = main(["--src", str(SRC), "docx", "--rev", rev.id, "-o", str(tmp_path / "public")])
    assert rc == 2 and not (tmp_path / "public").exists()
    assert main(["--src", str(SRC), "docx", "--internal", "--rev", rev.id, "-o", str(tmp_path / "int")]) == 0
    path = tmp_path / "int" / file_name(doc, rev)
    assert path.name == f"basic-policy-{rev.id}-reconstructed.docx"
    text = paragraphs(path)
    assert text[0].startswith("【再構成版】この文書は千曲市が採択した本文ではありません。")
    header = b"".join(v for k, v in parts(path).items() if k.startswith("word/header")).decode()
    assert "再構成版（千曲市の採択文ではありません）" in header
    lines = ledger_lines(doc, rev)
    assert lines and all(line in text for line in lines)
    later = [f"{wareki(r.date)}\u3000{r.kind}" for r in doc.revisions if r.date > rev.date]
    assert not any(line in text for line in later), "dates after this revision are not in its title block"
    assert "再構成" in (open_docx(str(path)).core_properties.title or "")


def test_cli_all_builds_every_authoritative_revision(official_editions, public_view):
    expected = {f"{d.id}-{r.id}{ext}" for d in public_view.documents if not d.withheld for r in d.revisions
                for ext in (".docx", ".pdf")}  # the PDF edition beside each .docx (13c)
    assert {p.name for p in official_editions.iterdir()} == expected | {"MANIFEST.sha256"}
    assert "basic-policy-r8.docx" in expected


def test_cli_refuses_non_public_document(tmp_path, capsys):
    assert main(["--src", str(SRC), "docx", "--doc", "standards", "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "standards" in err and "not public" in err and "policy disclose" in err


def test_bad_source_leaves_previous_build(src_copy, tmp_path, capsys):
    out = tmp_path / "docx"
    assert main(["--src", str(src_copy), "docx", "-o", str(out)]) == 0
    before = (out / "basic-policy-r8.docx").read_bytes()
    r8_yaml = src_copy / "basic-policy" / "r8.yaml"
    r8_yaml.write_text(r8_yaml.read_text(encoding="utf-8").replace("    title: 目的", "    titel: 目的", 1),
                       encoding="utf-8")
    assert main(["--src", str(src_copy), "docx", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert re.search(r"r8\.yaml:\d+:\d+: .*titel", err), err
    assert "Traceback" not in err
    assert (out / "basic-policy-r8.docx").read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == ["MANIFEST.sha256", "basic-policy-r8.docx", "basic-policy-r8.pdf"]
