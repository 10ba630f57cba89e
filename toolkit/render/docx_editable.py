"""A revision → an editable Word file (編集用 .docx), for staff who edit the policy in Word.

The layout is the Markdown export's (:func:`toolkit.render.markdown.layout`):
title, date lines, 見出し as Word headings, each clause numbered as the
policy prints it — by Word's own list numbering where Word can print the
document's styles (1. / (1) / ① / ア / 第1条 …: a clause added, removed or moved in
Word is renumbered by Word, as staff expect), else written as text (例規 項 with
the first unnumbered, 枝番); where one clause's children are numbered in another
style than their depth's, they get a Word list of their own.
The 附則 follow the body as text, each heading holding its id's bookmark.  Each clause's first paragraph holds a
hidden bookmark (``_pid_…``, see :func:`toolkit.textforms.word.bookmark_name`; an article's
first 項, on the article's line, has a ``_pik_…`` one of its own)
so that ``policy import edited.docx --like REV`` gives every clause back its
id, wherever it was moved; Word and LibreOffice keep bookmarks through edits.
What the text does not show of a clause (classification, ground, note, 改正理由, ``implements``, term or
title) is its record, kept per bookmark in a custom XML part (:mod:`toolkit.textforms.records`,
which says why there).
A paragraph that would read as a number but is text is set in the style
本文 (Body Text), which the importer reads as text.
"""

from __future__ import annotations

from pathlib import Path

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from toolkit.model import Document, Revision
from toolkit.model.numbering import place, ref_labels, style_at
from toolkit.model.numbering_styles import STYLES
from toolkit.render.docx_common import add_bookmark, new_document, save, set_properties
from toolkit.render.markdown import layout
from toolkit.textforms.lines import is_date_line
from toolkit.textforms.numbers import starts_block
from toolkit.textforms.records import ITEM, NAMESPACE, ClauseRecord, records_xml
from toolkit.textforms.word import TEXT_STYLE, bookmark_name, first_item_bookmark

# the numbering styles a Word list can print: those with a Word number format
_LISTED = {s.name: s for s in STYLES if s.word_format is not None}


def _word_numbering(d, doc: Document, rev: Revision) -> dict[str, str] | None:
    """Word lists whose levels print the revision's styles: clause id → its list's numId; None when Word
    cannot print them all.

    One list for the document's styles; where a clause's children are numbered in a style of their own
    (``Node.numbering``), that subtree gets a list of its own whose level prints that style (Word counts
    each list apart, so each such group starts at ア again and the main list's numbers go on around it).
    """
    depth = max((p.depth for p in place(doc, rev)), default=0)
    styles = [style_at(doc, k, rev) for k in range(1, depth + 1)]
    own = {x.numbering for top in rev.body for x in top.walk() if x.numbering}
    # a compound style (1―1) prints its parent's number, which a list of its own has not counted
    if any(s not in _LISTED for s in (*styles, *own)) or any(n.branch for n in rev.walk()) \
            or any("{parent}" in _LISTED[s].form for s in own):
        return None
    numbering = d.part.numbering_part.element
    main = _word_list(numbering, styles)
    lists: dict[str, str] = {}
    groups: dict[str, str] = {}  # clause id → the list of its children, numbered in a style of their own
    for p in place(doc, rev):  # a parent comes before its children
        parent = p.parent_id or ""
        lists[p.node.id] = groups.get(parent) or lists.get(parent) or main
        if p.node.numbering is not None:  # level p.depth (its children's) in their style
            groups[p.node.id] = _word_list(numbering, [p.node.numbering if k == p.depth else s
                                                       for k, s in enumerate(styles)])
    return lists


def _word_list(numbering, styles: list[str]) -> str:
    """A new list (abstractNum and num) whose level k prints ``styles[k]`` (its Word format and, as level
    text, its printed form): its numId."""
    # ids not used by the template's own lists
    abs_id = str(1 + max((int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))), default=0))
    num_id = str(1 + max((int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))), default=0))
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), abs_id)
    for k, name in enumerate(styles):
        style = _LISTED[name]
        assert style.word_format is not None  # as _LISTED holds only such
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(k))
        values = [("w:start", "1"), ("w:numFmt", style.word_format)]
        if style.through:
            values.append(("w:lvlRestart", "0"))  # 第N条: straight through the chapters
        values += [("w:suff", "space"), ("w:lvlText", style.form.format(n=f"%{k + 1}", parent=f"%{k}"))]
        for tag, val in values:
            el = OxmlElement(tag)
            el.set(qn("w:val"), val)
            lvl.append(el)
        abstract.append(lvl)
    # abstractNums come before nums in the numbering part
    last_abstract = numbering.findall(qn("w:abstractNum"))
    if last_abstract:
        last_abstract[-1].addnext(abstract)
    else:
        numbering.insert(0, abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), num_id)
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), abs_id)
    num.append(ref)
    numbering.append(num)
    return num_id


def _add_records(d, records: dict[str, ClauseRecord]) -> None:
    """The clauses' records as a custom XML part of the document (with the properties part Word expects,
    its item id fixed: same source, same bytes)."""
    package = d.part.package
    item = Part(PackURI("/" + ITEM), "application/xml", records_xml(records), package)
    props = Part(PackURI("/customXml/itemProps1.xml"), "application/vnd.openxmlformats-officedocument.customXmlProperties+xml",
                 ('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
                  '<ds:datastoreItem ds:itemID="{6F1D3C2A-5B7E-4C2B-9A51-2E0C7D4B8A10}" '
                  'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs>'
                  f'<ds:schemaRef ds:uri="{NAMESPACE}"/></ds:schemaRefs></ds:datastoreItem>').encode(), package)
    item.relate_to(props, RT.CUSTOM_XML_PROPS)
    d.part.relate_to(item, RT.CUSTOM_XML)


def _number(para, depth: int, num_id: str) -> None:
    numpr = OxmlElement("w:numPr")
    for tag, val in (("w:ilvl", str(depth - 1)), ("w:numId", num_id)):
        el = OxmlElement(tag)
        el.set(qn("w:val"), val)
        numpr.append(el)
    para._p.get_or_add_pPr().append(numpr)


def render_editable_docx(doc: Document, rev: Revision, path: Path, organisation: str = "",
                         banner: str | None = None) -> Path:
    """The editable Word file; ``banner`` (the classification marking, 「【関係者限り】…」) goes in the page
    header of every page, which ``policy import`` does not read as text (issue 17)."""
    d = new_document()
    if banner:
        d.sections[0].header.paragraphs[0].text = banner
    styles = {s.name for s in d.styles}
    auto = _word_numbering(d, doc, rev)
    nodes = {n.id: n for n in rev.walk()}
    labels = ref_labels(doc, rev)
    records: dict[str, ClauseRecord] = {}
    for chunk in layout(doc, rev, toc=False):
        numbered = auto is not None and bool(chunk.label) and chunk.text.startswith(chunk.label)
        text = chunk.text[len(chunk.label):].lstrip() if numbered else chunk.text
        if chunk.kind == "heading":
            name = "Title" if chunk.level == 1 else f"Heading {min(chunk.level - 1, 9)}"
            para = d.add_paragraph(text, style=name if name in styles else None)
        elif chunk.kind in ("dates", "toc"):
            for line in chunk.text.split("\n"):
                d.add_paragraph(line)
            continue
        else:
            text_only = chunk.escape and (starts_block(chunk.text) or is_date_line(chunk.text))
            if chunk.escape and text.startswith("\\"):
                text = "\\" + text  # the importer drops one leading backslash (its escapes rule), as Markdown does
            para = d.add_paragraph(text, style=TEXT_STYLE if text_only and TEXT_STYLE in styles else None)
        if numbered and auto is not None and chunk.node is not None:
            _number(para, chunk.depth, auto[chunk.node])
        if chunk.node is not None:
            add_bookmark(para, bookmark_name(chunk.node))
            records[bookmark_name(chunk.node)] = ClauseRecord.of(nodes[chunk.node], labels)
        if chunk.also is not None:  # the article's first 項, on its line
            add_bookmark(para, first_item_bookmark(chunk.also))
            records[first_item_bookmark(chunk.also)] = ClauseRecord.of(nodes[chunk.also], labels)
    _add_records(d, records)
    set_properties(d, title=f"{doc.title}（編集用）", organisation=organisation, date=rev.date,
                   subject=f"{doc.id} {rev.id}")
    return save(d, path)
