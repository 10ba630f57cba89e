"""The PDF edition (PDF版) of a policy document, typeset with Typst.

Input is a view (``redact(policy, "public")`` for the public edition), as for
:mod:`toolkit.render.docx_official`, whose layout (:mod:`toolkit.render.official_layout`)
it shares: A4 portrait, the title block (series, title, the 策定/改定 lines in wareki), a 目次 with page
numbers, then the numbered body (``1.`` / ``(1)`` / ``①`` from
:func:`toolkit.model.numbering.place`, cross-references as the current number,
each a link), page numbers in the footer, the 附則 after the body.  It shows everything in the view and
decides nothing about visibility.

Why Typst (the ``typst`` package on PyPI) rather than LibreOffice from the
.docx: it installs with pip (one wheel, no office suite at build time), writes
tagged PDF and checks PDF/UA-1 itself (a build that would not conform fails),
makes the bookmarks and the 目次 page numbers from the headings in one pass,
and gives the same bytes for the same input.  LibreOffice stays a test tool.

The text never passes through Typst markup: the model goes in as JSON
(``sys.inputs``) and the template places its strings as text, so a title such
as ``#set`` or ``$x$`` prints as written.  Fonts are IPAex明朝 / IPAexゴシック,
the files shipped in :mod:`toolkit.fonts`; Typst is given only those and never
looks at the machine's fonts, so the PDF is the same bytes on any machine.  They
are embedded (subset); if either cannot be used the build stops instead of
falling back.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from toolkit import fonts as shipped_fonts
from toolkit.dates import build_epoch
from toolkit.errors import BuildError, Problem
from toolkit.files import atomic_write
from toolkit.model import PUBLIC, Document, PolicySet, Revision
from toolkit.model.numbering import place, ref_labels, supplementary_heading, supplementary_paragraphs
from toolkit.model.provenance import edition_text
from toolkit.model.refs import Ref, split
from toolkit.model.wareki import ledger_lines
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

BODY_FONT = shipped_fonts.MINCHO_FAMILY
HEADING_FONT = shipped_fonts.GOTHIC_FAMILY

# The layout, in Typst.  ``data`` is the JSON made by :func:`edition_data`; every
# string in it is placed as text (never evaluated as markup).
TEMPLATE = r"""
#let data = json(bytes(sys.inputs.data))
#let char = data.char * 1pt
#let mincho = sys.inputs.body_font
#let gothic = sys.inputs.heading_font
#set document(title: data.title, author: data.organisation, keywords: data.keywords,
  date: datetime(year: data.date.at(0), month: data.date.at(1), day: data.date.at(2)))
#set page(paper: "a4", margin: (top: data.margins.at(0) * 1mm, right: data.margins.at(1) * 1mm,
  bottom: data.margins.at(2) * 1mm, left: data.margins.at(3) * 1mm),
  numbering: "1",
  header: if data.header != none { align(right, text(font: gothic, size: 9pt, data.header)) },
  footer: context align(center, text(size: 9pt, "- " + counter(page).display() + " -")))
#set text(font: mincho, lang: "ja", region: "jp", size: 10.5pt, cjk-latin-spacing: none,
  hyphenate: false, fallback: false)
#set par(justify: false, leading: 0.75em, spacing: 0.75em)
#show heading: set text(font: gothic, weight: "regular", size: 10.5pt)
#show heading.where(level: 1): set text(size: 12pt)
#show outline.entry: set text(font: mincho)
#show link: set text(fill: rgb("#1a4d8f"))

#let pieces(ps) = for p in ps {
  if "r" in p { if p.a != none { link(label(p.a), p.r) } else { p.r } } else { p.t }
}

#if data.notice != none {
  block(stroke: 0.5pt, inset: 6pt, width: 100%, below: 12pt)[#data.notice
    #if data.note != none [#linebreak()#data.note]]
}
#if data.series != none { align(center, text(font: gothic, size: 12pt, data.series)) }
#align(center, block(below: 12pt, text(font: gothic, size: 18pt, data.heading)))
#for line in data.ledger { align(right, line) }
#v(12pt)
#outline(title: text(font: gothic, size: 12pt)[目次], depth: 1, indent: 0pt)
#pagebreak()

#for p in data.preamble {
  if p.withheld { par[#data.bar#text(size: 9pt)[〔不開示：#p.ground〕]] }
  else { par(first-line-indent: (amount: char, all: true), pieces(p.pieces)) }
}

#for n in data.nodes {
  let base = (n.depth - 1) * char
  if n.kind == "heading" {
    // spacing and stickiness on the outer block: a heading's own are lost inside it
    block(above: if n.depth == 1 { 1.6em } else { 1.0em }, below: if n.depth == 1 { 0.8em } else { 0.6em },
      inset: (left: base), sticky: true,  // kept with the text below it, as a heading is
      [#heading(level: n.level, numbering: none, outlined: n.depth == 1, bookmarked: true)[#n.label #n.heading] #label(n.anchor)])
    for ps in n.paras {
      pad(left: base + char, par(first-line-indent: (amount: char, all: true), pieces(ps)))
    }
  } else if n.kind == "withheld" {
    let bar = [#n.label #data.bar#text(size: 9pt)[〔不開示：#n.ground〕]]
    if n.depth == 1 {
      [#heading(level: 1, numbering: none, outlined: true, bookmarked: true, bar) #label(n.anchor)]
    } else {
      [#pad(left: base, par(bar)) #label(n.anchor)]
    }
  } else {
    let h = n.hang * char
    let first = if n.paras.len() > 0 { n.paras.at(0) } else { () }
    [#pad(left: base, par(hanging-indent: h)[#box(width: h, n.label)#pieces(first)]) #label(n.anchor)]
    for ps in n.paras.slice(calc.min(1, n.paras.len())) {
      pad(left: base + h, par(first-line-indent: (amount: char, all: true), pieces(ps)))
    }
  }
}

// 附則 after the body: a level-1 heading each (in the 目次 and the bookmarks, tagged H1), indented
// three characters as 例規 print it; paragraphs unnumbered, or numbered 1, 2 … with the number hanging
#for s in data.supplementary {
  block(above: 1.6em, below: 0.8em, inset: (left: 3 * char), sticky: true,
    [#heading(level: 1, numbering: none, outlined: true, bookmarked: true)[#s.heading] #label(s.anchor)])
  if s.withheld {
    pad(left: char, par[#data.bar#text(size: 9pt)[〔不開示：#s.ground〕]])
  }
  for p in s.paras {
    if p.number == "" {
      par(first-line-indent: (amount: char, all: true), pieces(p.pieces))
    } else {
      par(hanging-indent: char)[#box(width: char, p.number)#pieces(p.pieces)]  // as the .docx: number at the margin
    }
  }
}
"""


def pdf_name(document: Document, rev: Revision) -> str:
    """``basic-policy-r8.pdf``: the .docx edition's name with the PDF suffix."""
    return file_name(document, rev).removesuffix(".docx") + ".pdf"


def edition_data(view: PolicySet, document: Document, rev: Revision) -> dict[str, Any]:
    """The edition as plain data for the template: title block, ledger lines and numbered nodes."""
    placed = list(place(document, rev))
    labels = ref_labels(document, rev)
    anchors = bookmark_names(placed)
    hang = hanging_indents(placed)

    def pieces(text: str) -> list[dict[str, str | None]]:
        return [{"r": piece.label, "a": anchors.get(piece.target)} if isinstance(piece, Ref) else {"t": piece}
                for piece in split(text, labels)]

    # Heading levels count headed ancestors, not depth: an item without a heading between two headings
    # must not make the outline skip a level (PDF/UA-1 forbids H1 → H3).
    level: dict[str, int] = {}
    nodes = []
    for p in placed:
        node = p.node
        up = level.get(p.parent_id, 0) if p.parent_id else 0
        headed = node.heading is not None and not node.withheld or (node.withheld and p.depth == 1)
        level[node.id] = min(up + 1, 6) if headed else up
        entry: dict[str, Any] = {"depth": p.depth, "label": p.label, "anchor": anchors[node.id],
                                 "level": max(level[node.id], 1)}
        if node.withheld:
            entry.update(kind="withheld", ground=view.ground(node.ground).label if node.ground else "不開示")
        elif node.heading is not None:
            entry.update(kind="heading", heading=node.heading, paras=[pieces(t) for t in node.text])
        else:
            entry.update(kind="item", hang=hang[p.parent_id], paras=[pieces(t) for t in node.text])
        nodes.append(entry)
    supplementary = [
        {"heading": supplementary_heading(n), "anchor": supplementary_anchor(i), "withheld": n.withheld,
         "ground": (view.ground(n.ground).label if n.ground else "不開示") if n.withheld else None,
         "paras": [] if n.withheld else [{"number": num, "pieces": pieces(t)} for num, t in supplementary_paragraphs(n)]}
        for i, n in enumerate(rev.supplementary, start=1)]
    header = []
    if view.audience_id not in (None, PUBLIC):
        try:
            banner = view.classification(document.classification).banner
        except KeyError:
            banner = None
        if banner:
            header.append(banner)
    notice = None
    if not rev.is_authoritative:
        notice = edition_text(rev.provenance).notice
        header.append(edition_text(rev.provenance).header)
    title = document.title if rev.is_authoritative else f"{document.title}（{edition_text(rev.provenance).header}）"
    if rev.is_draft:  # 「案」 on every page and in the title, as in the .docx (issue 10)
        header.insert(0, DRAFT_HEADER)
        title = f"{title}（案）"
    return {
        "margins": list(MARGINS_MM),  # the page and the indent unit: the edition's layout, as in the .docx
        "char": CHAR,
        "title": title,  # the PDF's metadata title: says when the text is not the city's
        "heading": document.title,  # as printed on page 1 (the notice box says the rest)
        "series": document.series,
        "organisation": view.organisation,
        "keywords": [k for k in (document.series, document.title) if k],
        "date": [rev.date.year, rev.date.month, rev.date.day],
        "ledger": ledger_lines(document, rev),
        "header": "\n".join(header) or None,
        "notice": notice,
        "note": rev.note if notice else None,
        "bar": BAR,
        "preamble": [{"withheld": n.withheld, "ground": (view.ground(n.ground).label if n.ground else "不開示")
                      if n.withheld else None, "pieces": [] if n.withheld else pieces(" ".join(n.text))}
                     for n in rev.preamble],  # 前文, before the body
        "nodes": nodes,
        "supplementary": supplementary,
    }


def typst_fonts() -> Any:
    """The fonts Typst may use: the two shipped files only (no system fonts, not even Typst's own)."""
    import typst

    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=False,
                       font_paths=[str(shipped_fonts.FONT_DIR)])


def pdf_bytes(view: PolicySet, doc_id: str, rev_id: str) -> bytes:
    """The PDF edition of one revision, tagged (PDF/UA-1), as bytes (the same for the same input)."""
    import typst

    try:
        document = view.document(doc_id)
        rev = document.revision(rev_id)
    except KeyError as e:
        raise BuildError([Problem(None, f"{e.args[0]} in the {view.audience_id or 'this'} view",
                                  "a revision that view shows")]) from None
    data = json.dumps(edition_data(view, document, rev), ensure_ascii=False, sort_keys=True)
    inputs = {"data": data, "body_font": BODY_FONT, "heading_font": HEADING_FONT}
    try:
        pdf, warnings = typst.compile_with_warnings(
            TEMPLATE.encode("utf-8"), sys_inputs=inputs, pdf_standards=["ua-1"],
            timestamp=build_epoch(view), font_paths=typst_fonts())  # Typst's clock: the build's, never the wall's
    except typst.TypstError as e:
        raise BuildError([Problem(document.location, f"the PDF edition of {doc_id} {rev_id} failed: {e}",
                                  "a document Typst can typeset as PDF/UA-1")]) from None
    fonts = [str(w) for w in warnings if "font" in str(w)]
    if fonts:
        raise BuildError([Problem(None, f"the PDF edition needs the fonts {BODY_FONT} and {HEADING_FONT}: "
                                  + "; ".join(fonts),
                                  f"the font files shipped in {shipped_fonts.FONT_DIR} (reinstall: make setup)")])
    assert isinstance(pdf, bytes)
    return pdf


def write_pdf(view: PolicySet, doc_id: str, rev_id: str, out_dir: Path) -> Path:
    """Write the PDF edition of ``doc_id`` ``rev_id`` into ``out_dir`` (atomically); return its path."""
    document = view.document(doc_id)
    path = Path(out_dir) / pdf_name(document, document.revision(rev_id))
    data = pdf_bytes(view, doc_id, rev_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, data)  # also into the work folder's downloads/, which is no staging folder
    return path


__all__ = ["TEMPLATE", "edition_data", "pdf_bytes", "pdf_name", "write_pdf"]
