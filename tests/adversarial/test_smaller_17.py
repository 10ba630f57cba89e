"""Issue 17 §6: the smaller ones.

* ``policy export`` with no ``--audience`` wrote 関係者限り text with no mark in the file.
* ``export -o`` and ``import --report`` overwrote existing files without ``--force``.
* The leak check's PDF reader missed XMP metadata, annotation contents, structure ``/Alt`` and document
  JavaScript; its SQLite reader missed view (and trigger) definitions.  No renderer writes there today;
  each is planted by hand here.
"""

from __future__ import annotations

import sqlite3
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from hostile import make_project, policy

from toolkit.leakcheck import Fingerprints, normalise, scan_folder

CANARY = "CANARYSEVENTEEN"


# ---------------------------------------------------------------- export marks what it holds


def test_export_without_audience_marks_the_markdown(tmp_path):
    project = make_project(tmp_path)
    run = policy(project, "export", "--doc", "standards", "--rev", "r8", "-o", "standards.md")
    assert run.returncode == 0, str(run)
    text = (project / "standards.md").read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert "【関係者限り】" in first, first


def test_export_without_audience_marks_the_word_file(tmp_path):
    project = make_project(tmp_path)
    run = policy(project, "export", "--doc", "standards", "--rev", "r8", "--format", "docx", "--editable",
                 "-o", "standards.docx")
    assert run.returncode == 0, str(run)
    with zipfile.ZipFile(project / "standards.docx") as z:
        headers = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/header"))
    assert "【関係者限り】" in headers


def test_a_marked_export_reads_back_the_same(tmp_path):
    """The mark is not policy text: importing the export gives the same clauses (the importer drops it)."""
    project = make_project(tmp_path)
    assert policy(project, "export", "--doc", "standards", "--rev", "r8", "-o", "standards.md").returncode == 0
    run = policy(project, "import", "standards.md", "--doc", "standards", "--rev", "r9", "--like", "r8",
                 "--date", "2027-04-01", "-o", "r9.yaml")
    assert run.returncode == 0, str(run)
    assert "関係者限り】" not in (project / "r9.yaml").read_text(encoding="utf-8").split("body:", 1)[1]


def test_a_public_export_is_not_marked(tmp_path):
    project = make_project(tmp_path)
    run = policy(project, "export", "--doc", "basic-policy", "--audience", "public", "-o", "basic.md")
    assert run.returncode == 0, str(run)
    assert not (project / "basic.md").read_text(encoding="utf-8").startswith("<!--")


# ---------------------------------------------------------------- no overwrite without --force


@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_export_does_not_overwrite_without_force(tmp_path, fmt):
    project = make_project(tmp_path)
    target = project / f"mine.{fmt}"
    target.write_bytes(b"the user's own file")
    extra = ["--format", "docx", "--editable"] if fmt == "docx" else []
    run = policy(project, "export", "--doc", "basic-policy", *extra, "-o", target.name)
    assert run.returncode == 2 and "Traceback" not in run.stderr, str(run)
    assert f"{target.name}: file exists" in run.stderr
    assert target.read_bytes() == b"the user's own file"
    forced = policy(project, "export", "--doc", "basic-policy", *extra, "-o", target.name, "--force")
    assert forced.returncode == 0, str(forced)
    assert target.read_bytes() != b"the user's own file"


def test_import_report_does_not_overwrite_without_force(tmp_path):
    project = make_project(tmp_path)
    assert policy(project, "export", "--doc", "basic-policy", "-o", "basic.md").returncode == 0
    report = project / "report.txt"
    report.write_text("the user's own notes\n", encoding="utf-8")
    args = ["import", "basic.md", "--doc", "basic-policy", "--rev", "r9", "--date", "2027-04-01",
            "-o", "r9.yaml", "--report", "report.txt"]
    run = policy(project, *args)
    assert run.returncode == 2 and "Traceback" not in run.stderr, str(run)
    assert "report.txt: file exists" in run.stderr
    assert report.read_text(encoding="utf-8") == "the user's own notes\n"
    assert not (project / "r9.yaml").exists()
    assert policy(project, *args, "--force").returncode == 0
    assert report.read_text(encoding="utf-8").startswith("import report")


# ---------------------------------------------------------------- the readers


def _pdf(plant: str) -> bytes:
    """A one-page PDF (pypdf) with the canary planted in one place no page text shows."""
    from pypdf import PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    w = PdfWriter()
    page = w.add_blank_page(200, 200)
    root = w._root_object
    if plant == "xmp":
        xmp = DecodedStreamObject()
        xmp.set_data(f'<?xpacket begin=""?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description>'
                     f"<dc:title>{CANARY}</dc:title></rdf:Description></rdf:RDF></x:xmpmeta>".encode())
        xmp.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
        root[NameObject("/Metadata")] = w._add_object(xmp)
    elif plant == "annotation":
        annot = DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Text"),
            NameObject("/Rect"): ArrayObject([NumberObject(10), NumberObject(10), NumberObject(30), NumberObject(30)]),
            NameObject("/Contents"): TextStringObject(f"note {CANARY}"),
        })
        page[NameObject("/Annots")] = ArrayObject([w._add_object(annot)])
    elif plant == "alt":
        elem = DictionaryObject({NameObject("/Type"): NameObject("/StructElem"), NameObject("/S"): NameObject("/Figure"),
                                 NameObject("/Alt"): TextStringObject(f"figure {CANARY}")})
        tree = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot"),
                                 NameObject("/K"): ArrayObject([w._add_object(elem)])})
        root[NameObject("/StructTreeRoot")] = w._add_object(tree)
    elif plant == "javascript":
        action = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                                   NameObject("/JS"): TextStringObject(f"app.alert('{CANARY}');")})
        tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("open"), w._add_object(action)])})
        root[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): w._add_object(tree)})
    elif plant == "javascript-stream":
        js = DecodedStreamObject()
        js.set_data(f"app.alert('{CANARY}');".encode())
        action = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): w._add_object(js)})
        root[NameObject("/OpenAction")] = w._add_object(action)
    buf = BytesIO()
    w.write(buf)
    return buf.getvalue()


def _hits(folder: Path) -> list[str]:
    report = scan_folder(folder, Fingerprints(canaries={normalise(CANARY): CANARY}))
    return [h.file for h in report.hits if not h.unverified]


@pytest.mark.parametrize("plant", ["xmp", "annotation", "alt", "javascript", "javascript-stream"])
def test_pdf_text_outside_the_pages_is_read(tmp_path, plant):
    data = _pdf(plant)
    (tmp_path / "edition.pdf").write_bytes(data)
    assert _hits(tmp_path), f"a canary in the PDF's {plant} was not found"


def test_a_pdf_with_a_parent_cycle_ends(tmp_path):
    """The object walk keeps a set of objects seen: a page tree pointing at itself is read once."""
    from pypdf import PdfWriter
    from pypdf.generic import NameObject

    w = PdfWriter()
    w.add_blank_page(100, 100)
    w._root_object[NameObject("/Loop")] = w._root_object.indirect_reference
    buf = BytesIO()
    w.write(buf)
    (tmp_path / "loop.pdf").write_bytes(buf.getvalue())
    scan_folder(tmp_path, Fingerprints(canaries={normalise(CANARY): CANARY}))


@pytest.mark.parametrize("plant", ["view", "trigger", "default"])
def test_sqlite_schema_text_is_read(tmp_path, plant):
    db = tmp_path / "collection.anki2"
    con = sqlite3.connect(db)
    con.execute("create table notes (id integer primary key, flds text)")
    if plant == "view":
        con.execute(f"create view v as select flds from notes where flds = '{CANARY}'")
    elif plant == "trigger":
        con.execute(f"create trigger t after insert on notes begin select '{CANARY}'; end")
    else:
        con.execute(f"create table other (x text default '{CANARY}')")
    con.commit()
    con.close()
    assert _hits(tmp_path), f"a canary in a {plant} definition was not found"


def test_a_recursive_sqlite_view_is_not_run(tmp_path):
    """The definition is read, never the view itself (a recursive view runs forever)."""
    db = tmp_path / "collection.anki2"
    con = sqlite3.connect(db)
    con.execute("create table notes (id integer primary key, flds text)")
    con.execute("create view forever as with recursive n(i) as (select 1 union all select i + 1 from n) "
                f"select i, '{CANARY}' from n")
    con.commit()
    con.close()
    assert _hits(tmp_path)


# ---------------------------------------------------------------- what the public can infer from numbers


def _hide_two(project: Path) -> None:
    """6(4) (in the middle of 6) and 6(3)③ (the last item of 6(3)) made 関係者限り; 6(5) cites 6(4)."""
    r8 = project / "policy_src" / "basic-policy" / "r8.yaml"
    s = r8.read_text(encoding="utf-8")
    for node, indent in (("measure-physical", 8), ("resilience-internet", 12)):
        line = f"{' ' * (indent - 2)}- id: {node}\n"
        assert s.count(line) == 1
        s = s.replace(line, line + f"{' ' * indent}classification: restricted\n{' ' * indent}ground: security-measures\n")
    cited = "十分な教育及び啓発を行う等の人的な対策を講じる。"
    assert s.count(cited) == 1
    r8.write_text(s.replace(cited, cited[:-1] + "（{ref:measure-physical}参照）。"), encoding="utf-8")


def test_public_numbers_are_the_citys_and_show_only_gaps_and_citations(tmp_path):
    """The README's statement, checked: numbers are not closed up (the public 6(5) is the city's 6(5));
    a gap between shown clauses and a shown sentence citing a hidden clause show that it exists; a hidden
    clause after the last shown one shows nothing, and no hidden title or text is shown."""
    import html
    import re

    from toolkit.model.numbering import ref_labels
    from toolkit.source.load import load_policy
    from toolkit.view.redact import redact

    project = make_project(tmp_path)
    _hide_two(project)
    source = load_policy([project / "policy_src"])
    labels = {}
    for audience in ("public", "staff"):
        doc = redact(source, audience).document("basic-policy")
        labels[audience] = ref_labels(doc, doc.current)
    assert labels["public"]["measure-personnel"] == labels["staff"]["measure-personnel"] == "6(5)"
    assert "measure-physical" not in labels["public"] and "resilience-internet" not in labels["public"]

    run = policy(project, "publish", wall=300, cpu=300)
    assert run.returncode == 0, str(run)
    page = html.unescape(re.sub(r"<[^>]+>", "", (project / "build" / "public" / "basic-policy" / "index.html")
                                .read_text(encoding="utf-8")))
    shown = re.findall(r"^\((\d+)\) (\S+?)#?$", page.split("6. 情報セキュリティ対策", 1)[1].split("7. ", 1)[0], re.M)
    assert [n for n, _ in shown][:4] == ["1", "2", "3", "5"], shown  # the gap: 6(4) exists and is not shown
    assert "（6(4)参照）" in page  # a shown sentence citing it says its number
    section_3 = page.split("(3) 情報システム全体の強靱性の向上#", 1)[1].split("(5) 人的セキュリティ#", 1)[0]
    assert "①" in section_3 and "②" in section_3 and "③" not in section_3  # nothing after the last shown item
    assert "物理的セキュリティ" not in page and "不正通信の監視機能" not in page
