"""The 対応表 (matrix) of 基本方針 clauses and the clauses of other documents that implement them.

An HTML fragment for the site (an ``ExtraPage``), made from the audience's view:
a view that withholds the implementing documents yields no rows for them, so the
page neither names nor counts clauses its reader may not see.
"""

from __future__ import annotations

from html import escape

from toolkit.model import PolicySet
from toolkit.model.links import clause, implementers

SLUG = "links"
TITLE = "基本方針と対策基準等の対応表"


def fragment(view: PolicySet, doc_id: str = "basic-policy") -> str | None:
    """The matrix for ``doc_id``'s text in force; None when the view shows no link to it."""
    links = implementers(view)
    try:
        doc = view.document(doc_id)
    except KeyError:
        return None
    if doc.withheld or not doc.revisions or not any(k[0] == doc_id for k in links):
        return None
    others = sorted({lk.doc_id: lk.doc_title for k, v in links.items() if k[0] == doc_id for lk in v}.items())
    out = ['<table class="links-matrix">\n<thead><tr><th scope="col">'
           f"{escape(doc.title)}（{escape(doc.current.id)}）</th>"]
    out += [f'<th scope="col">{escape(title)}</th>' for _id, title in others]
    out.append("</tr></thead>\n<tbody>\n")
    for node in doc.current.walk():
        here = links.get((doc_id, node.id), [])
        if not here and not node.id.startswith("measure-"):
            continue
        c = clause(doc, node.id)
        row = [f"<th scope=\"row\">{escape(c.ref if c else node.id)} {escape(node.heading or '')}</th>"]
        for other, _title in others:
            cells = [lk for lk in here if lk.doc_id == other]
            text = "<br>".join(escape(f"{lk.ref} {lk.heading or ''}".strip()) for lk in cells)
            row.append(f"<td>{text or '—'}</td>")
        out.append("<tr>" + "".join(row) + "</tr>\n")
    out.append("</tbody>\n</table>\n")
    return "".join(out)
