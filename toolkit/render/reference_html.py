"""A reference document (the 総務省 guideline) on the staff site, apart from the city's documents (issue 24).

An HTML body fragment for an ``ExtraPage``: a notice naming the publisher and the edition (it is not the
city's text), each section with the city clauses that follow it, then each city clause with the sections it
follows.  Model in: the :class:`toolkit.view.reference.Reference` the staff audience may read and the
staff view of the city's documents (a clause it may not see is not named); the caller decides who gets it.
"""

from __future__ import annotations

import datetime
from html import escape

from toolkit.coverage import coverage
from toolkit.model import PolicySet
from toolkit.model.numbering import place
from toolkit.render.site.naming import clause_url
from toolkit.view.reference import Reference

SLUG_PREFIX = "reference-"  # reference-guideline.html, beside the city's documents


def slug(ref: Reference) -> str:
    return f"{SLUG_PREFIX}{ref.document.id}"


def title(ref: Reference) -> str:
    return f"参照文書：{ref.label}"


def fragment(ref: Reference, view: PolicySet, day: datetime.date) -> str:
    """The reference's edition in force on ``day``, with the follows: links of every city document the view
    (taken on ``day``) shows in force."""
    docs = [d for d in view.documents if not d.withheld and d.revisions and d.in_force_on(day)]
    reports = [coverage(ref, d, d.in_force_on(day), day, suggestions=False) for d in docs]  # type: ignore[arg-type]
    reports = [r for r in reports if r.counts()["following"] or r.counts()["stale_links"]]

    def link(doc_id: str, node_id: str, label: str) -> str:
        d = next(x for x in docs if x.id == doc_id)
        rev = d.in_force_on(day)
        assert rev is not None
        return f'<a href="{escape(clause_url(d, rev, node_id))}">{escape(label)}</a>'

    out = [f'<p class="reference-notice" role="note">この文書は{escape(ref.document.publisher or "")}の'
           f"「{escape(ref.document.title)}」（{escape(ref.edition.summary)}）です。市の規程ではありません。"
           "見出しと対応関係の確認用に掲げています。</p>\n"]
    followed: dict[str, list[str]] = {}
    for r in reports:
        for ch in r.chapters:
            for s, by in ch.sections:
                followed.setdefault(s.id, []).extend(
                    link(r.document.id, c.id, f"{r.document.title} {c.ref} {c.title}".strip()) for c in by)
    placed = {p.node.id: p for p in place(ref.document, ref.edition)}
    for chapter in ref.edition.body:
        out.append(f"<h2>{escape(placed[chapter.id].label)} {escape(chapter.heading or '')}</h2>\n")
        for node in chapter.walk():
            if node is chapter:
                continue
            p = placed[node.id]
            level = min(p.depth + 1, 6)
            out.append(f'<h{level} id="{escape(ref.document.id)}-{escape(node.id)}">{escape(p.label)} '
                       f"{escape(node.heading or '')}</h{level}>\n")
            out.extend(f"<p>{escape(t)}</p>\n" for t in node.text)
            if p.depth == 2:
                names = followed.get(node.id, [])
                out.append('<p class="reference-followed">この項目に従う市の規定：'
                           + ("、".join(names) if names else "なし") + "</p>\n")
    for r in reports:
        out.append(f"<h2>{escape(r.document.title)}の各規定が従う項目</h2>\n<table>\n<tbody>\n")
        for c in r.clauses:
            targets = [f'<a href="#{escape(ref.document.id)}-{escape(sid)}">'
                       f"{escape(placed[sid].ref)} {escape(placed[sid].node.heading or '')}</a>"
                       if sid in placed else f"{escape(sid)}（この版にない項目）" for sid in c.follows]
            out.append(f"<tr><th scope=\"row\">{link(r.document.id, c.id, f'{c.ref} {c.title}'.strip())}</th>"
                       f"<td>{'、'.join(targets) or 'なし'}</td></tr>\n")
        out.append("</tbody>\n</table>\n")
    return "".join(out)
