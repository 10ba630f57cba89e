"""The Word round trip: `policy export --format docx --editable` → edits in Word / LibreOffice → `policy import`.

Edits are made with python-docx the way a person makes them (text changed, a
clause deleted, clauses swapped, a clause added) and the file is re-saved by a
real LibreOffice; the ids come back through the hidden bookmarks and `policy
diff` then shows exactly those edits.  Word's automatic numbering and tracked
changes in a Word file are read as a reader sees them.
"""

from __future__ import annotations

import copy
import io
import subprocess
from pathlib import Path

import docx
import pytest
from conftest import ROOT, Run, require, run_cli
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from office import office_env, resaved

from toolkit.diff import compare
from toolkit.model.numbering import number, style_at
from toolkit.source.importer.from_docx import read_docx
from toolkit.source.load import load_policy
from toolkit.textforms.word import BOOKMARK_PREFIX, bookmark_name

DOC = "basic-policy"


def cli(*args: str, cwd: Path) -> Run:
    return run_cli(*args, cwd=cwd, env={"HOME": str(cwd)})


def export(src: Path, rev: str, out: Path) -> None:
    r = cli("--src", str(src), "export", "--doc", DOC, "--rev", rev, "--format", "docx", "--editable", "-o", str(out),
            cwd=out.parent)
    assert r.returncode == 0, r.stderr


def current(src: Path):
    doc = load_policy([src]).document(DOC)
    return doc, doc.current


def keyed_paragraphs(d) -> list:
    return [p for p in d.paragraphs if any((b.get(qn("w:name")) or "").startswith(BOOKMARK_PREFIX)
                                           for b in p._p.iter(qn("w:bookmarkStart")))]


def test_editable_export_imports_back_to_the_same_revision_without_like(src_copy: Path, tmp_path: Path):
    doc, rev = current(src_copy)
    out = tmp_path / "edit.docx"
    export(src_copy, rev.id, out)
    r = cli("--src", str(src_copy), "import", str(out), "--doc", DOC, "--rev", "r99", "--date", "2030-04-01",
            "--kind", "改定", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    new = load_policy([src_copy]).document(DOC).revision("r99")
    assert new.body == rev.body  # ids from the bookmarks alone


def _leaf_items(d, rev_doc, rev):
    """Keyed paragraphs that are items of one parent with at least three siblings, in order."""
    from toolkit.model.numbering import place
    placed = list(place(rev_doc, rev))
    by_key = {bookmark_name(p.node.id): p for p in placed}
    groups: dict[str | None, list] = {}
    for para in keyed_paragraphs(d):
        key = next(b.get(qn("w:name")) for b in para._p.iter(qn("w:bookmarkStart")))
        p = by_key[key]
        if p.node.heading is None and not p.node.children and len(p.node.text) == 1:
            groups.setdefault(p.parent_id, []).append((para, p))
    return next(g for g in groups.values() if len(g) >= 3)


def _set_text(para, text: str) -> None:
    for r in para.runs[1:]:
        r._r.getparent().remove(r._r)
    para.runs[0].text = text


@pytest.mark.parametrize("through_libreoffice", [False, pytest.param(True, marks=pytest.mark.libreoffice)])
def test_edits_map_back_to_ids_and_diff_shows_exactly_them(src_copy: Path, tmp_path: Path, through_libreoffice: bool):
    doc, rev = current(src_copy)
    out = tmp_path / "edit.docx"
    export(src_copy, rev.id, out)
    d = docx.Document(str(out))
    items = _leaf_items(d, doc, rev)
    (p1, c1), (p2, c2), (p3, c3) = items[:3]
    auto = p1._p.pPr is not None and p1._p.pPr.numPr is not None  # Word numbers the clauses itself

    def typed(label: str, text: str) -> str:
        return text if auto else f"{label} {text}"

    # 1. an edit: the first item's text changes
    _set_text(p1, typed(c1.label, f"{c1.node.text[0]}（職員等に周知する。）"))
    # 2. a swap: the second and third items trade places (typed numbers retyped as a person would)
    p2._p.addprevious(p3._p)
    _set_text(p3, typed(c2.label, c3.node.text[0]))
    _set_text(p2, typed(c3.label, c2.node.text[0]))
    # 3. a deletion: the last item of the group goes
    last_para, last = items[-1]
    if len(items) > 3:
        last_para._p.getparent().remove(last_para._p)
    # 4. a new clause after the remaining last item (Enter in Word: same paragraph settings), no bookmark
    remaining = len(items) - 1 if len(items) > 3 else len(items)
    anchor = items[-2][0] if len(items) > 3 else p2
    new_p = OxmlElement("w:p")
    if anchor._p.pPr is not None:
        new_p.append(copy.deepcopy(anchor._p.pPr))
    anchor._p.addnext(new_p)
    label = number(style_at(doc, c1.depth), remaining + 1)
    Paragraph(new_p, anchor._parent).add_run(typed(label, "新たに追加した条項である。"))
    d.save(str(out))
    if through_libreoffice:
        out = resaved(out, tmp_path)
    r = cli("--src", str(src_copy), "import", str(out), "--doc", DOC, "--rev", "r99", "--date", "2030-04-01",
            "--kind", "改定", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    doc2 = load_policy([src_copy]).document(DOC)
    new = doc2.revision("r99")
    cs = compare(doc2, rev, new)
    changed = {c.id: c.kind for c in cs.changed()}
    ids_new = {n.id for n in new.walk()}
    assert c1.node.id in ids_new and c2.node.id in ids_new and c3.node.id in ids_new  # edited and moved keep ids
    assert new.node(c1.node.id).text[0].endswith("（職員等に周知する。）")
    assert new.node(c2.node.id).text == c2.node.text and new.node(c3.node.id).text == c3.node.text
    if len(items) > 3:
        assert last.node.id not in ids_new  # deleted: gone
    added = [i for i, k in changed.items() if k == "added"]
    assert len(added) == 1 and new.node(added[0]).text == ("新たに追加した条項である。",)
    assert changed[c1.node.id] == "modified"
    assert {i for i, k in changed.items() if k in ("modified", "added", "removed")} == \
        {c1.node.id, added[0]} | ({last.node.id} if len(items) > 3 else set())
    # the diff command runs on it
    r = cli("--src", str(src_copy), "diff", "--doc", DOC, rev.id, "r99", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "新たに追加した条項である。" in r.stdout


def test_editable_reiki_with_typed_numbers_imports_back(tmp_path: Path):
    """項 (first unnumbered) and 枝番 cannot be Word list numbers: they are written as text and read back."""
    from toolkit.model import Document
    from toolkit.render.docx_editable import render_editable_docx
    from toolkit.source.importer import import_text
    text = (ROOT / "tests" / "fixtures" / "import" / "reiki.txt").read_text(encoding="utf-8")
    imp = import_text(text, "reiki.txt", "r1")
    doc = Document("d", imp.title or "", "", "public", imp.numbering, (imp.revision,))
    path = render_editable_docx(doc, imp.revision, tmp_path / "reiki.docx")
    paras = [p.text for p in docx.Document(str(path)).paragraphs]
    assert "第3条の2　補助者を置くことができる。" in paras and "２　管理者は、次に掲げる事務を行う。" in paras
    inp = read_docx(path.read_bytes(), "reiki.docx")
    again = import_text(inp.text, "reiki.docx", "r1", source=inp,
                        keyed={bookmark_name(n.id): n.id for n in imp.revision.walk()})
    assert again.revision.body == imp.revision.body and again.warnings == ()


def test_tracked_changes_are_refused_with_how_or_accepted_on_request(src_copy: Path, tmp_path: Path):
    doc, rev = current(src_copy)
    out = tmp_path / "edit.docx"
    export(src_copy, rev.id, out)
    d = docx.Document(str(out))
    para = keyed_paragraphs(d)[3]
    old_run = para.runs[0]._r
    dele = OxmlElement("w:del")
    for k, v in (("w:id", "901"), ("w:author", "職員"), ("w:date", "2030-01-01T00:00:00Z")):
        dele.set(qn(k), v)
    old_run.addprevious(dele)
    dele.append(old_run)
    for t in old_run.iter(qn("w:t")):
        t.tag = qn("w:delText")
    ins = OxmlElement("w:ins")
    for k, v in (("w:id", "902"), ("w:author", "職員"), ("w:date", "2030-01-01T00:00:00Z")):
        ins.set(qn(k), v)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "置き換えた本文である。"
    run.append(t)
    ins.append(run)
    dele.addnext(ins)
    d.save(str(out))
    args = ["--src", str(src_copy), "import", str(out), "--doc", DOC, "--rev", "r99", "-o", "out.yaml"]
    r = cli(*args, cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "tracked changes (1 insertions, 1 deletions)" in r.stderr and "--accept-changes" in r.stderr
    assert not (tmp_path / "out.yaml").exists()
    r = cli(*args, "--accept-changes", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "置き換えた本文である。" in (tmp_path / "out.yaml").read_text(encoding="utf-8")


def _numbered_docx() -> bytes:
    """A Word file numbered by Word itself (w:numPr): 1. / (1) / ① levels, as a city's Word file is."""
    d = docx.Document()
    numbering = d.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "90")
    for ilvl, (fmt, text) in enumerate((("decimal", "%1."), ("decimal", "(%2)"), ("decimalEnclosedCircle", "%3"))):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(ilvl))
        for tag, val in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text)):
            el = OxmlElement(tag)
            el.set(qn("w:val"), val)
            lvl.append(el)
        abstract.append(lvl)
    numbering.insert(0, abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "7")
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), "90")
    num.append(ref)
    numbering.append(num)

    def para(text: str, ilvl: int | None = None, style: str | None = None) -> None:
        p = d.add_paragraph(text, style=style)
        if ilvl is not None:
            ppr = p._p.get_or_add_pPr()
            numpr = OxmlElement("w:numPr")
            for tag, val in (("w:ilvl", str(ilvl)), ("w:numId", "7")):
                el = OxmlElement(tag)
                el.set(qn("w:val"), val)
                numpr.append(el)
            ppr.append(numpr)

    para("サンプル情報管理要綱", style="Title")
    para("令和6年4月1日 策定")
    para("目的", 0, "Heading 1")
    para("この要綱は、情報の管理について定める。")
    para("対策", 0, "Heading 1")
    para("物理的対策", 1, "Heading 2")
    para("入退室を管理する。", 2)
    para("機器を施錠する。", 2)
    para("人的対策", 1, "Heading 2")
    para("教育を行う。")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "区分", "内容"
    table.cell(1, 0).text, table.cell(1, 1).text = "機器", "施錠する"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_word_automatic_numbering_is_read_as_a_reader_sees_it():
    from toolkit.source.importer import import_text
    inp = read_docx(_numbered_docx(), "n.docx")
    imp = import_text(inp.text, "n.docx", "r1", source=inp)
    assert imp.title == "サンプル情報管理要綱" and imp.numbering == ("1.", "(1)", "①")
    body = imp.revision.body
    assert [n.title for n in body] == ["目的", "対策"]
    assert [c.title for c in body[1].children] == ["物理的対策", "人的対策"]
    assert [c.text for c in body[1].children[0].children] == [("入退室を管理する。",), ("機器を施錠する。",)]
    # the table is kept as text, with a warning naming its Word paragraph
    assert body[1].children[1].text[-2:] == ("| 区分 | 内容 |", "| 機器 | 施錠する |")
    assert any("table row kept as text" in w.detail and w.line == 11 for w in imp.warnings)


def test_not_a_word_file_is_a_clear_error(tmp_path: Path):
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    r = cli("import", str(bad), "--doc", "x", "--rev", "r1", "-o", "-", cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr and "broken.docx" in r.stderr


def test_word_reiki_with_articles_numbered_through_chapters_a_text_box_and_a_comment():
    """第%1章 / 第%2条 with w:lvlRestart 0 (articles do not restart in a new chapter), as a city's 例規 in Word."""
    from toolkit.source.importer import import_text
    d = docx.Document()
    numbering = d.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "91")
    for ilvl, text, restart in ((0, "第%1章", None), (1, "第%2条", "0")):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(ilvl))
        for tag, val in (("w:start", "1"), ("w:numFmt", "decimal"), ("w:lvlText", text)):
            el = OxmlElement(tag)
            el.set(qn("w:val"), val)
            lvl.append(el)
        if restart is not None:
            el = OxmlElement("w:lvlRestart")
            el.set(qn("w:val"), restart)
            lvl.append(el)
        abstract.append(lvl)
    numbering.insert(0, abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "8")
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), "91")
    num.append(ref)
    numbering.append(num)

    def para(text: str, ilvl: int | None = None):
        p = d.add_paragraph(text)
        if ilvl is not None:
            numpr = OxmlElement("w:numPr")
            for tag, val in (("w:ilvl", str(ilvl)), ("w:numId", "8")):
                el = OxmlElement(tag)
                el.set(qn("w:val"), val)
                numpr.append(el)
            p._p.get_or_add_pPr().append(numpr)
        return p

    para("サンプル文書取扱規程")
    para("令和4年4月1日訓令第3号")
    para("総則", 0)
    para("（目的）")
    para("\u3000この規程は、文書の取扱いを定める。", 1)
    para("管理", 0)
    para("（管理者）")
    holder = para("\u3000管理者を置く。", 1)
    box = OxmlElement("w:txbxContent")
    bp = OxmlElement("w:p")
    br = OxmlElement("w:r")
    bt = OxmlElement("w:t")
    bt.text = "枠の中の注記である。"
    br.append(bt)
    bp.append(br)
    box.append(bp)
    holder.runs[0]._r.append(box)
    d.add_comment(holder.runs, text="ここは要確認", author="職員")
    buf = io.BytesIO()
    d.save(buf)
    inp = read_docx(buf.getvalue(), "r.docx")
    imp = import_text(inp.text, "r.docx", "r1", source=inp)
    from toolkit.model import Document
    from toolkit.model.numbering import place
    doc = Document("d", "", "", "public", imp.numbering, (imp.revision,))
    assert [p.label for p in place(doc, imp.revision)] == ["第1章", "第1条", "第2章", "第2条"]
    assert imp.revision.body[1].children[0].title == "管理者"
    assert imp.revision.body[1].children[0].text == ("管理者を置く。", "枠の中の注記である。")
    assert any("text box" in w.detail and w.line == 8 for w in imp.warnings)
    assert any(x.kind == "dropped" and x.text == "ここは要確認" and "comment" in x.detail for x in imp.report)


@pytest.mark.libreoffice
@pytest.mark.poppler
def test_editable_file_shows_the_numbers_when_opened_in_libreoffice(src_copy: Path, tmp_path: Path):
    """Word's own numbering in the editable file prints the policy's numbers (LibreOffice → PDF → pdftotext)."""
    require("soffice", "LibreOffice opens the editable file as an editor would")
    require("pdftotext", "the printed text of the file")
    from toolkit.model.numbering import place
    doc, rev = current(src_copy)
    out = tmp_path / "edit.docx"
    export(src_copy, rev.id, out)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(out)], check=True, capture_output=True, timeout=180,
                   env=office_env())
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "edit.pdf"), "-"], check=True, capture_output=True,
                          text=True).stdout
    lines = ["".join(ln.split()) for ln in text.splitlines()]  # pdftotext spaces Latin words apart
    for p in list(place(doc, rev))[:12]:
        shown = "".join((f"{p.label} {p.node.heading}" if p.node.heading else p.label).split())
        assert any(ln.startswith(shown) for ln in lines), (shown, lines[:40])


def test_accepting_a_deleted_paragraph_mark_joins_the_two_paragraphs():
    from toolkit.source.importer import import_text
    d = docx.Document()
    d.add_paragraph("サンプル要綱")
    d.add_paragraph("令和6年4月1日 策定")
    d.add_paragraph("1. 目的")
    first = d.add_paragraph("この要綱は、文書の取扱いを定める。")
    d.add_paragraph("併せて保存期間を定める。")  # a sentence apart: only the accepted deletion joins them
    rpr = OxmlElement("w:rPr")
    dele = OxmlElement("w:del")
    for k, v in (("w:id", "5"), ("w:author", "職員"), ("w:date", "2030-01-01T00:00:00Z")):
        dele.set(qn(k), v)
    rpr.append(dele)
    first._p.get_or_add_pPr().append(rpr)
    buf = io.BytesIO()
    d.save(buf)
    with pytest.raises(Exception, match="tracked changes"):
        read_docx(buf.getvalue(), "j.docx")
    inp = read_docx(buf.getvalue(), "j.docx", accept_changes=True)
    imp = import_text(inp.text, "j.docx", "r1", source=inp)
    assert imp.revision.body[0].text == ("この要綱は、文書の取扱いを定める。併せて保存期間を定める。",)


# ---- 附則 and numbering exceptions through Word (tests/fixtures/reiki_src) --------------------------------

@pytest.mark.parametrize("through_libreoffice", [False, pytest.param(True, marks=pytest.mark.libreoffice)])
def test_supplementary_provisions_and_numbering_exceptions_survive_an_edit_in_word(tmp_path: Path,
                                                                                    through_libreoffice: bool):
    """rules r8: 附則 (ids in bookmarks on their headings), 号 numbered ア, イ under one 項, 第3条の2 —
    one 附則's text edited in Word, re-saved by LibreOffice, imported as r9: only that edit."""
    import shutil
    src = tmp_path / "src"
    shutil.copytree(ROOT / "tests" / "fixtures" / "reiki_src", src)
    out = tmp_path / "rules.docx"
    r = cli("--src", str(src), "export", "--doc", "rules", "--rev", "r8", "--format", "docx", "--editable", "-o",
            str(out), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    d = docx.Document(str(out))
    texts = [p.text for p in d.paragraphs]
    assert "附　則（令和5年3月31日訓令第5号）" in texts and "ア 台帳の整備" in texts
    edited = next(p for p in d.paragraphs if p.text == "この訓令は、令和8年4月1日から施行する。")
    _set_text(edited, "この訓令は、令和8年4月1日から施行する。ただし、第3条の2の規定は、同年7月1日から施行する。")
    d.save(str(out))
    if through_libreoffice:
        out = resaved(out, tmp_path)
    r = cli("--src", str(src), "import", str(out), "--doc", "rules", "--rev", "r9", "--like", "r8", "--date",
            "2027-04-01", "--kind", "改定", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    doc = load_policy([src]).document("rules")
    r8, r9 = doc.revision("r8"), doc.revision("r9")
    assert r9.body == r8.body and r9.numbering == r8.numbering  # ア, イ under their 項: manager-p2's numbering
    assert r9.node("manager-p2").numbering == "ア"
    assert [n.id for n in r9.supplementary] == [n.id for n in r8.supplementary]
    assert r9.supplementary[:2] == r8.supplementary[:2]
    assert r9.supplementary[2].text == ("この訓令は、令和8年4月1日から施行する。ただし、第3条の2の規定は、同年7月1日から施行する。",)
    # no clause of the body changed (comparing 附則 is the diff's own: where it does, suppl-r8 is the one change)
    changed = {c.id: c.kind for c in compare(doc, r8, r9).changed() if c.kind != "unchanged"}
    assert set(changed) <= {"suppl-r8"}, changed


@pytest.mark.parametrize("through_libreoffice", [False, pytest.param(True, marks=pytest.mark.libreoffice)])
def test_every_id_comes_back_from_the_bookmarks_without_like(tmp_path: Path, through_libreoffice: bool):
    """附則 (a bookmark on each heading) and an article's first 項 (printed on the article's line, a bookmark
    of its own): hand-written ids come back without --like, also after a LibreOffice re-save."""
    import shutil
    src = tmp_path / "src"
    shutil.copytree(ROOT / "tests" / "fixtures" / "reiki_src", src)
    out = tmp_path / "rules.docx"
    assert cli("--src", str(src), "export", "--doc", "rules", "--rev", "r8", "--format", "docx", "--editable", "-o",
               str(out), cwd=tmp_path).returncode == 0
    # the 附則 reordered in Word, one heading's date corrected: each keeps its id (from its bookmark)
    d = docx.Document(str(out))
    heads = [p for p in d.paragraphs if p.text.startswith("附　則")]
    last_head, last_text = heads[2]._p, heads[2]._p.getnext()
    heads[1]._p.addprevious(last_head)  # the third 附則 (heading and text) moved before the second
    heads[1]._p.addprevious(last_text)
    _set_text(heads[1], "附　則（令和6年3月31日訓令第5号）")  # a date corrected: its id stays suppl-r5, not suppl-r6
    d.save(str(out))
    if through_libreoffice:
        require("soffice", "LibreOffice re-saves the edited file as an editor would")
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                        "docx", "--outdir", str(tmp_path / "lo"), str(out)], check=True, capture_output=True, timeout=180)
        out = tmp_path / "lo" / out.name
    order = [p.text for p in docx.Document(str(out)).paragraphs if p.text.startswith("附　則")]
    r = cli("--src", str(src), "import", str(out), "--doc", "rules", "--rev", "r9", "--date", "2027-04-01",
            "--kind", "改定", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    doc = load_policy([src]).document("rules")
    r9 = doc.revision("r9")
    assert r9.body == doc.revision("r8").body  # definitions-p1, manager-p1: first 項, from their own bookmarks
    assert order == ["附　則", "附　則（令和8年3月27日訓令第2号）", "附　則（令和6年3月31日訓令第5号）"]
    assert [n.text for n in r9.supplementary] == [("この訓令は、平成14年8月1日から施行する。",),
                                                  ("この訓令は、令和8年4月1日から施行する。",),
                                                  ("この訓令は、令和5年4月1日から施行する。",)]
    assert {n.title: n.id for n in r9.supplementary} == {None: "suppl-h14", "令和6年3月31日訓令第5号": "suppl-r5",
                                                         "令和8年3月27日訓令第2号": "suppl-r8"}


def test_a_revision_numbered_in_its_own_styles_round_trips_through_word(tmp_path: Path):
    """handbook r1 numbers its levels 第1 / 1 / (1) where the document says 1. / (1) / ①: Word's own list
    numbers print them, and the import gives the revision's own numbering back (ids from the bookmarks)."""
    import shutil
    src = tmp_path / "src"
    shutil.copytree(ROOT / "tests" / "fixtures" / "reiki_src", src)
    out = tmp_path / "handbook.docx"
    assert cli("--src", str(src), "export", "--doc", "handbook", "--rev", "r1", "--format", "docx", "--editable",
               "-o", str(out), cwd=tmp_path).returncode == 0
    d = docx.Document(str(out))
    step = next(p for p in d.paragraphs if p.text == "点検の準備")
    assert step._p.pPr is not None and step._p.pPr.numPr is not None  # numbered by Word, not typed
    r = cli("--src", str(src), "import", str(out), "--doc", "handbook", "--rev", "r2", "--date", "2025-04-01",
            "--kind", "改定", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    doc = load_policy([src]).document("handbook")
    r1, r2 = doc.revision("r1"), doc.revision("r2")
    assert (r2.numbering, r2.body, r2.supplementary) == (r1.numbering, r1.body, r1.supplementary)


@pytest.mark.parametrize("through_libreoffice", [False, pytest.param(True, marks=pytest.mark.libreoffice)])
def test_mixed_numbering_is_word_list_numbering_and_reads_back(tmp_path: Path, through_libreoffice: bool):
    """tests/fixtures/import/mixed.txt (own wording): section 3's items are ア, イ where the others' are (1), (2).
    They get a Word list of their own (numbered by Word, not typed); section 4's (1), (2) start again at (1);
    one more item added in Word under section 3 is numbered ウ by Word and read back as a third ア-item."""
    from toolkit.model import Document
    from toolkit.render.docx_editable import render_editable_docx
    from toolkit.source.importer import import_text
    text = (ROOT / "tests" / "fixtures" / "import" / "mixed.txt").read_text(encoding="utf-8")
    imp = import_text(text, "mixed.txt", "r1")
    doc = Document("d", imp.title or "", "", "public", imp.numbering, (imp.revision,))
    path = render_editable_docx(doc, imp.revision, tmp_path / "mixed.docx")
    d = docx.Document(str(path))
    items = [p for p in d.paragraphs if p.text.startswith("職員は、")]
    assert len(items) == 2 and all(p._p.pPr is not None and p._p.pPr.numPr is not None for p in items)
    assert all(not p.text.startswith("ア") for p in items)  # the number is Word's, not typed
    new_p = copy.deepcopy(items[-1]._p)
    items[-1]._p.addnext(new_p)
    _set_text(Paragraph(new_p, items[-1]._parent), "職員は、研修を受けなければならない。")
    for b in list(new_p.iter(qn("w:bookmarkStart"))) + list(new_p.iter(qn("w:bookmarkEnd"))):
        new_p.remove(b)  # a new clause: no id of its own
    d.save(str(path))
    if through_libreoffice:
        require("soffice", "LibreOffice re-saves the edited file as an editor would")
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                        "docx", "--outdir", str(tmp_path / "lo"), str(path)], check=True, capture_output=True,
                       timeout=180)
        path = tmp_path / "lo" / path.name
    inp = read_docx(path.read_bytes(), "mixed.docx")
    again = import_text(inp.text, "mixed.docx", "r2", source=inp,
                        keyed={bookmark_name(n.id): n.id for n in imp.revision.walk()})
    assert again.warnings == ()
    body = again.revision.body
    assert [(n.title, n.numbering) for n in body] == [(n.title, n.numbering) for n in imp.revision.body]
    assert [c.text[0] for c in body[2].children] == [
        "職員は、この要綱を守らなければならない。", "職員は、事故を見付けたときは、直ちに担当者に知らせなければならない。",
        "職員は、研修を受けなければならない。"]
    assert body[3] == imp.revision.body[3] and body[1] == imp.revision.body[1]  # (1), (2) around it: unchanged
    assert again.revision.supplementary == imp.revision.supplementary
