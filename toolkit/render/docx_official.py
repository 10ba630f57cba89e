"""The official Word edition (公式版 .docx) of a policy document, as the city files it.

Input is a view (``redact(policy, "public")`` for the public edition); this
module shows everything in it and decides nothing about visibility.

Layout: A4 portrait; the title block (series, title, the 策定/改定 lines from
the ledger up to this revision, in wareki as the city writes them:
``平成16年12月20日　策定``); a 目次; then the body with the numbers of
:func:`toolkit.model.numbering.place` (``1.`` / ``(1)`` / ``①``) and
cross-references resolved to the current numbers (each a link to its target);
page numbers in the footer.  A revision that is not the city's adopted text
(reconstructed, sample) opens with a boxed notice saying so and carries it in
the header of every page.

:func:`add_body` is shared with the 部分開示 edition: a withheld placeholder
node (``Node.withheld``) is shown as its number, a black bar and its ground.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from toolkit.errors import BuildError, Problem
from toolkit.model import PUBLIC, Document, Node, PolicySet, Revision
from toolkit.model.numbering import Placed, place, ref_labels, supplementary_heading, supplementary_paragraphs
from toolkit.model.provenance import edition_text
from toolkit.model.refs import Ref, split
from toolkit.model.wareki import ledger_lines
from toolkit.render.docx_common import (
    TocEntry,
    add_bookmark,
    add_internal_link,
    add_page_number_footer,
    add_run,
    add_text_header,
    add_toc,
    new_document,
    save,
    set_paragraph_border,
    set_properties,
)
from toolkit.render.official_layout import (
    BAR,
    CHAR,
    DRAFT_HEADER,
    MARGINS_MM,
    bookmark_names,
    file_name,
    hanging_indents,
    supplementary_anchor,
)


def _indent(paragraph: Paragraph, left: float, first: float = 0.0) -> None:
    pf = paragraph.paragraph_format
    pf.left_indent = Pt(left * CHAR)
    pf.first_line_indent = Pt(first * CHAR)


def _text(paragraph: Paragraph, text: str, labels: dict[str, str], anchors: dict[str, str]) -> None:
    """A paragraph's text with ``{ref:id}`` as the current number, linked when the target is shown."""
    for piece in split(text, labels):
        if isinstance(piece, Ref):
            if piece.target in anchors:
                add_internal_link(paragraph, piece.label, anchors[piece.target])
            else:
                paragraph.add_run(piece.label)
        else:
            paragraph.add_run(piece)


def add_body(doc: DocxDocument, view: PolicySet, document: Document, rev: Revision) -> None:
    """Write the numbered body of ``rev``, every node bookmarked as
    :func:`~toolkit.render.official_layout.bookmark_names` names it."""
    placed = list(place(document, rev))
    labels = ref_labels(document, rev)
    anchors = bookmark_names(placed)
    hang = hanging_indents(placed)
    for n in rev.preamble:  # 前文: unnumbered paragraphs before the body, indented one character
        para = doc.add_paragraph()
        _indent(para, 0.0, 1.0)
        if n.withheld:  # 部分開示: the bar and the ground, nothing of its text
            para.add_run(BAR)
            add_run(para, f"〔不開示：{view.ground(n.ground).label if n.ground else '不開示'}〕", size_pt=9)
        else:
            _text(para, " ".join(n.text), labels, anchors)
    for p in placed:
        node, depth = p.node, p.depth
        base = depth - 1.0  # where this node's number starts, in characters
        if node.withheld:
            para = _withheld(doc, view, p)
        elif node.heading is not None:
            style = "Heading 1" if depth == 1 else "Heading 2" if depth == 2 else "Heading 3"
            para = doc.add_paragraph(f"{p.label} {node.heading}", style=style)
            _indent(para, base)
            for text in node.text:
                body = doc.add_paragraph()
                _indent(body, base + 1, 1)
                _text(body, text, labels, anchors)
        else:
            h = hang[p.parent_id]
            para = doc.add_paragraph()
            _indent(para, base + h, -h)
            para.paragraph_format.tab_stops.add_tab_stop(Pt((base + h) * CHAR))
            para.add_run(f"{p.label}\t")
            for i, text in enumerate(node.text):
                target = para
                if i:
                    target = doc.add_paragraph()
                    _indent(target, base + h, 1)
                _text(target, text, labels, anchors)
        add_bookmark(para, anchors[node.id])
    add_supplementary(doc, view, rev, labels, anchors)


def add_supplementary(doc: DocxDocument, view: PolicySet, rev: Revision, labels: dict[str, str],
                      anchors: dict[str, str]) -> None:
    """The 附則 after the body, in source order: each headed 「附　則（…）」 in the body's top heading
    style (so Word's navigation and the PDF export see a heading), indented as 例規 print it; one
    paragraph unnumbered, several numbered 1, 2 … (:func:`~toolkit.model.numbering.supplementary_paragraphs`).
    A withheld 附則 (the 部分開示 view) keeps its heading and shows the bar and its ground."""
    for i, node in enumerate(rev.supplementary, start=1):
        head = doc.add_paragraph(supplementary_heading(node), style="Heading 1")
        _indent(head, 3)
        add_bookmark(head, supplementary_anchor(i))
        if node.withheld:
            para = doc.add_paragraph()
            _indent(para, 1)
            para.add_run(BAR)
            add_run(para, f"〔不開示：{view.ground(node.ground).label if node.ground else '不開示'}〕", size_pt=9)
            continue
        for number, text in supplementary_paragraphs(node):
            para = doc.add_paragraph()
            if number:  # 1, 2 … hanging, as a numbered 項
                _indent(para, 1, -1)
                para.paragraph_format.tab_stops.add_tab_stop(Pt(CHAR))
                para.add_run(f"{number}\t")
            else:
                _indent(para, 0, 1)
            _text(para, text, labels, anchors)


def toc_entries(document: Document, rev: Revision) -> list[TocEntry]:
    """The 目次: every top-level section, as numbered in the body, then each 附則 by its heading."""
    top = [p for p in place(document, rev) if p.depth == 1]
    names = bookmark_names(top)
    entries = [TocEntry(1, f"{p.label} {BAR if p.node.withheld else p.node.heading or ''}".rstrip(), names[p.node.id])
               for p in top]
    entries += [TocEntry(1, supplementary_heading(n), supplementary_anchor(i))
                for i, n in enumerate(rev.supplementary, start=1)]
    return entries


def _withheld(doc: DocxDocument, view: PolicySet, p: Placed) -> Paragraph:
    """A withheld part: its number, the bar and 〔不開示：ground〕 — nothing of its text."""
    node: Node = p.node
    label = view.ground(node.ground).label if node.ground else "不開示"
    style = "Heading 1" if p.depth == 1 else None
    para = doc.add_paragraph(style=style)
    _indent(para, p.depth - 1.0)
    para.add_run(f"{p.label} {BAR}")
    add_run(para, f"〔不開示：{label}〕", size_pt=9)
    return para


def official_document(view: PolicySet, doc_id: str, rev_id: str) -> DocxDocument:
    """The official edition of one revision as a python-docx Document (not yet saved)."""
    document, rev = _revision(view, doc_id, rev_id)
    doc = new_document(margins_mm=MARGINS_MM)
    section = doc.sections[0]
    header = []
    if view.audience_id not in (None, PUBLIC):
        banner = _banner(view, document)
        if banner:
            header.append(banner)
    if not rev.is_authoritative:
        notice = doc.add_paragraph()
        add_run(notice, edition_text(rev.provenance).notice)
        if rev.note:
            notice.add_run("\n" + rev.note)
        set_paragraph_border(notice)
        notice.paragraph_format.space_after = Pt(12)
        header.append(edition_text(rev.provenance).header)
    if rev.is_draft:
        header.insert(0, DRAFT_HEADER)
    if header:
        add_text_header(section, "\n".join(header))
    if document.series:
        doc.add_paragraph(document.series, style="Subtitle")
    title = doc.add_paragraph(document.title, style="Title")
    title.paragraph_format.space_after = Pt(12)
    for line in ledger_lines(document, rev):
        para = doc.add_paragraph(line)
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    add_toc(doc, toc_entries(document, rev))
    doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    add_body(doc, view, document, rev)
    add_page_number_footer(section)
    set_properties(doc, title=_title(document, rev), organisation=view.organisation, date=rev.date,
                   subject=document.series or "")
    return doc


def _title(document: Document, rev: Revision) -> str:
    if rev.is_draft:
        return f"{document.title}（案）"
    if rev.is_authoritative:
        return document.title
    return f"{document.title}（{edition_text(rev.provenance).header}）"


def _banner(view: PolicySet, document: Document) -> str | None:
    try:
        return view.classification(document.classification).banner
    except KeyError:
        return None


def _revision(view: PolicySet, doc_id: str, rev_id: str) -> tuple[Document, Revision]:
    try:
        document = view.document(doc_id)
        return document, document.revision(rev_id)
    except KeyError as e:
        audience = view.audience_id or "this"
        raise BuildError([Problem(None, f"{e.args[0]} in the {audience} view",
                                  "a revision that view shows (reconstructed revisions need --internal)")]) from None


def write_official(view: PolicySet, doc_id: str, rev_id: str, out_dir: Path) -> Path:
    """Write the official edition of ``doc_id`` ``rev_id`` into ``out_dir``; return its path.

    ``view`` is a redacted policy (``redact(policy, "public")`` for the
    public edition).  The file is written atomically and is byte-identical
    for the same input.
    """
    document, rev = _revision(view, doc_id, rev_id)
    return save(official_document(view, doc_id, rev_id), Path(out_dir) / file_name(document, rev))


def editions(view: PolicySet, doc_ids: list[str] | None = None) -> Iterator[tuple[str, str]]:
    """(doc id, rev id) of every revision the view shows, for ``--all``."""
    for document in view.documents:
        if document.withheld or (doc_ids and document.id not in doc_ids):
            continue
        for rev in document.revisions:
            yield document.id, rev.id


__all__ = ["add_body", "add_supplementary", "editions", "file_name", "official_document", "toc_entries",
           "write_official"]
