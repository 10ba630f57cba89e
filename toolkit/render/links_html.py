"""The 対応表 (matrix) of 基本方針 clauses and the clauses of other documents that implement them.

An HTML fragment for the site (an ``ExtraPage``), made from the audience's view:
a view that withholds the implementing documents yields no rows for them, so the
page neither names nor counts clauses its reader may not see.

Every document the view shows with a text has a column (対策基準 and 実施手順), also one
that names no clause of the 基本方針 itself: a 実施手順 clause implementing a 対策基準 clause
that implements a 基本方針 clause is listed under the 基本方針 clause.  Each clause is a link
to it; versions are named by date (令和8年4月1日 全面改定), never by revision id (issue 23).
"""

from __future__ import annotations

from html import escape

from toolkit.model import PolicySet
from toolkit.model.links import Link, clause, implementers
from toolkit.model.wareki import wareki
from toolkit.render.site.naming import clause_url

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
    docs = {d.id: d for d in view.documents if not d.withheld and d.revisions}
    others = [d for d in view.documents if d.id != doc_id and d.id in docs]

    def below(key: tuple[str, str], seen: frozenset[tuple[str, str]] = frozenset()) -> list[Link]:
        """The clauses implementing ``key``, and those implementing them, in turn."""
        out = []
        for lk in links.get(key, []):
            if (lk.doc_id, lk.node_id) in seen:
                continue
            out.append(lk)
            out += below((lk.doc_id, lk.node_id), seen | {key})
        return out

    def link(lk: Link) -> str:
        target = docs[lk.doc_id]
        label = escape(f"{lk.ref} {lk.heading or ''}".strip())
        return f'<a href="{escape(clause_url(target, target.current, lk.node_id))}">{label}</a>'

    def version(d_id: str) -> str:
        rev = docs[d_id].current
        return f"{wareki(rev.date)} {rev.kind}"

    rev = doc.current
    out = ['<table class="links-matrix">\n<caption>', escape(
        f"{doc.title}の各規定（行）を、どの文書のどの規定が実施しているか（列）。各文書の現行の版"
        f"（{doc.title}は{version(doc_id)}の版）による。規定の番号を選ぶと、その規定を表示します。"),
        "</caption>\n<thead><tr>", f'<th scope="col">{escape(doc.title)}<br>（{escape(version(doc_id))}）</th>']
    out += [f'<th scope="col">{escape(d.title)}<br>（{escape(version(d.id))}）</th>' for d in others]
    out.append("</tr></thead>\n<tbody>\n")
    for node in rev.walk():
        here = below((doc_id, node.id))
        if not here and not node.id.startswith("measure-"):
            continue
        c = clause(doc, node.id)
        head = f"{c.ref if c else ''} {node.heading or ''}".strip()
        row = [f'<th scope="row"><a href="{escape(clause_url(doc, rev, node.id))}">{escape(head)}</a></th>']
        for other in others:
            cells = [lk for lk in here if lk.doc_id == other.id]
            row.append(f"<td>{'<br>'.join(link(lk) for lk in cells) or '—'}</td>")
        out.append("<tr>" + "".join(row) + "</tr>\n")
    out.append("</tbody>\n</table>\n")
    return "".join(out)
