"""The pages of each revision the view shows: its text (split into chapter pages when large),
its banners (案, 施行予定, 過去の版, 出典) and its downloads, clause by clause."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from toolkit.errors import BuildError, Problem
from toolkit.model import Document, Node, Revision
from toolkit.model.numbering import Placed, place, supplementary_heading, supplementary_paragraphs
from toolkit.model.wareki import ledger_lines, wareki
from toolkit.render import diff_html
from toolkit.render.site import rst
from toolkit.render.site.history import NO_TEXT
from toolkit.render.site.naming import anchor, doc_target, is_split, page_groups, revision_docname
from toolkit.render.site.page import Page

if TYPE_CHECKING:
    from toolkit.render.site.writer import SiteWriter

# Deepest reST section level used for titled nodes; deeper ones become items.
MAX_SECTION_LEVEL = 6
# The title of the page that holds a split revision's 附則 (each 附則 is a section of it).
SUPPLEMENTARY_PAGE = "附則"


def date_text(rev: Revision) -> str:
    """令和8年4月1日（2026-04-01）."""
    return f"{wareki(rev.date)}（{rev.date.isoformat()}）"


def revision_pages(w: SiteWriter) -> Iterable[Page]:
    """Every revision of every document shown: ``current`` pages for the text in force, ``past`` ones
    for the rest (the search lists them in that order, issue 23)."""
    for doc in w.docs:
        for rev in doc.revisions:
            yield from _revision(w, doc, rev)


def _diff_link(w: SiteWriter, doc: Document, old: Revision, new: Revision) -> str:
    slug = diff_html.site_slug(doc.id, old.id, new.id)
    if slug not in {p.slug for p in w.extra_pages}:
        return ""
    return rst.escape("改正の内容は ") + rst.role("doc", "新旧対照表", doc_target(slug)) + rst.escape(" をご覧ください。")


def _draft_banner(w: SiteWriter, doc: Document, rev: Revision) -> str:
    """「案」: a draft under review (issue 10), compared with the text in force."""
    cur = doc.current
    body = rst.escape(f"これは未採択の改定案（{wareki(rev.date)}施行予定）です。現行の版（{wareki(cur.date)} "
                      f"{cur.kind}）ではありません。")
    if cur.id != rev.id:
        body += " " + _diff_link(w, doc, cur, rev)
    review = f"review/{doc.id}-{rev.id}"  # the committee's package (toolkit.render.review_html)
    if review in {p.slug for p in w.extra_pages}:
        body += " " + rst.role("doc", "審議資料（改正理由・影響）", doc_target(review))
    return rst.directive("admonition", "案", {"class": "draft-revision"}, body) + "\n"


def _announcement(w: SiteWriter, doc: Document, rev: Revision) -> str:
    """An adopted revision not yet in force: 「令和9年4月1日から施行されます」 (issue 10)."""
    body = rst.escape(f"この{doc.title}は、{wareki(rev.date)}から{rev.kind}後の規定が施行されます"
                      f"（{wareki(rev.adopted_on) if rev.adopted_on else ''}決定）。それまでは、以下の現行の規定が適用されます。")
    link = _diff_link(w, doc, doc.current, rev)
    if link:
        body += " " + link
    return rst.directive("admonition", f"{wareki(rev.date)}から施行されます", {"class": "announced-revision"},
                         body) + "\n"


def _revision(w: SiteWriter, doc: Document, rev: Revision) -> list[Page]:
    """The pages of one revision: its chapters (when split), then its own page."""
    current = rev.id == doc.current.id
    kind = "current" if current else "past"  # a draft is not the text in force
    pages: list[Page] = []
    placed = {p.node.id: p for p in place(doc, rev)}
    _check_anchors(doc, rev, placed)
    labels = {nid: p.ref for nid, p in placed.items()}
    home = revision_docname(doc, rev)
    depth = home.count("/")
    split_pages = is_split(rev)

    title = (doc.title if current else f"{doc.title}（案）" if rev.is_draft
             else f"{doc.title}（{wareki(rev.date)} {rev.kind}）")
    out = [rst.heading(rst.escape(title), 1), ""]
    meta = []
    if doc.series:
        meta.append(rst.escape(doc.series))
    meta.append(rst.escape(f"{date_text(rev)} {rev.kind}"))
    badge = w.banner_badge(rev)
    meta_line = "　".join(meta) + (f" {badge}" if badge else "")
    out.append(rst.directive("container", "doc-meta", body=meta_line))
    dates = ledger_lines(doc, rev)
    if len(dates) > 1:  # the date lines as the city prints them under the title
        out.append(rst.directive("container", "doc-ledger",
                                 body="\n".join(f"| {rst.escape(line)}" for line in dates) + "\n"))
    out.append(w.provenance_notice(rev))
    if rev.is_draft:
        out.append(_draft_banner(w, doc, rev))
    elif not current:
        out.append(rst.directive(
            "admonition", "過去の版", {"class": "past-revision"},
            rst.escape(f"これは{wareki(rev.date)}の{rev.kind}による版です。現在の版は ")
            + rst.role("doc", doc.title, doc_target(f"{doc.id}/index")) + rst.escape(" をご覧ください。")))
        out.append("")
    if current:
        out.extend(_announcement(w, doc, a) for a in doc.announced)
        out.append(w.downloads.listing(w.downloads.owned(doc) + w.downloads.unowned(), depth))
        past = [r for r in doc.revisions if r.id != rev.id]
        if past or doc.history_only:
            items = "\n".join(f"* {item}" for item in _past_items(w, doc, past))
            out.append(rst.directive("container", "past-revisions",
                                     body=".. rubric:: 過去の版\n\n" + items + "\n\n"
                                     + rst.role("doc", "改定履歴", doc_target("history")) + rst.escape(" も参照。")))
            out.append("")

    out.extend(_preamble(w, doc, rev, labels))
    if split_pages:
        base = f"{doc.id}" if current else f"{doc.id}/{rev.id}"
        chapters = []
        for group in page_groups(rev):
            name = f"{base}/{group[0].id}"
            chapters.append(name)
            if len(group) == 1:  # a chapter: its heading is the page's
                node = group[0]
                page = [_chapter_title(w, doc, rev, placed[node.id]), ""]
            else:  # consecutive articles: 第1条～第100条
                first, last = placed[group[0].id].ref, placed[group[-1].id].ref
                page = [rst.heading(rst.escape(f"{first}～{last}"), 1), ""]
            if rev.is_draft:  # the 案 banner on every page that shows a draft
                page.append(_draft_banner(w, doc, rev))
            if len(group) == 1:
                page.append(_node_body(w, doc, rev, group[0], labels, placed, 2, set() if current else None))
            else:
                page.append(_nodes(w, doc, rev, group, labels, placed, 2, current))
            pages.append(Page(name, "\n".join(page), kind))
        if rev.supplementary:  # 附則: a page of their own after the chapters, listed with them
            name = f"{base}/{rev.supplementary[0].id}"  # a node id: never a chapter page's name
            chapters.append(name)
            page = [rst.heading(rst.escape(SUPPLEMENTARY_PAGE), 1), ""]
            if rev.is_draft:
                page.append(_draft_banner(w, doc, rev))
            page.append(_supplementary(w, doc, rev, labels, 2))
            pages.append(Page(name, "\n".join(page), kind))
        out.append(rst.directive("toctree", options={"maxdepth": "1"},
                                 body="\n".join(doc_target(c) for c in chapters)))
    else:
        out.append(_nodes(w, doc, rev, rev.body, labels, placed, 2, current))
        out.append(_supplementary(w, doc, rev, labels, 2))
    if current:
        rev_pages = [revision_docname(doc, r) for r in doc.revisions if r.id != rev.id]
        if rev_pages:
            out.append(rst.directive("toctree", options={"hidden": ""},
                                     body="\n".join(doc_target(p) for p in reversed(rev_pages))))
    pages.append(Page(home, "\n".join(out), kind))
    return pages


def _past_items(w: SiteWriter, doc: Document, past: list[Revision]) -> list[str]:
    """The list of past revisions, newest first (drafts before them, as in the ledger's reverse):
    each linked to its page; a ledger date with no text (history only) in its place by date,
    marked 「（本文なし）」 and not linked — there is no page to link to."""
    items: list[tuple[bool, _dt.date, int, str]] = []
    for i, r in enumerate(past):
        text = f"{wareki(r.date)} {r.kind}" + ("（案）" if r.is_draft else "")
        badge = w.banner_badge(r)
        link = rst.role("doc", text, doc_target(revision_docname(doc, r)))
        items.append((r.is_draft, r.date, i, link + (f" {badge}" if badge else "")))
    for e in doc.history_only:
        items.append((False, e.date, -1, rst.escape(f"{wareki(e.date)} {e.kind}{NO_TEXT}")))
    return [item for *_key, item in sorted(items, reverse=True)]


def _check_anchors(doc: Document, rev: Revision, placed: dict[str, Placed]) -> None:
    """Page anchors ignore case and ``_``/``-``: two ids equal that way would share one."""
    seen: dict[str, Node] = {}
    problems = []
    for node in (*(p.node for p in placed.values()), *rev.supplementary):  # 附則 are anchored too
        nid = node.id
        key = anchor(doc, rev, nid).replace("_", "-")
        if key in seen:
            other = seen[key]
            where = f" ({other.location})" if other.location else ""
            problems.append(Problem(node.location, f"clause id {nid!r} differs from {other.id!r}{where} only "
                                    "in letter case or _ / -, so both would get one web-page anchor",
                                    "ids that differ in more than case and _ / -"))
        seen.setdefault(key, node)
    if problems:
        raise BuildError(problems)


def _chapter_title(w: SiteWriter, doc: Document, rev: Revision, p: Placed) -> str:
    heading = p.node.heading or ""
    return rst.heading(f"{rst.role('anchor', anchor(doc, rev, p.node.id))} {rst.role('num', p.label)} "
                       f"{rst.escape(heading)}".rstrip(), 1)


def _preamble(w: SiteWriter, doc: Document, rev: Revision, labels: dict[str, str]) -> list[str]:
    """前文: the revision's unnumbered paragraphs before the body (the view has taken out what this
    audience may not see), their references linked as a clause's are."""
    if not rev.preamble:
        return []
    body = "\n\n".join(w.inline(doc, rev, " ".join(n.text), labels, n, None) for n in rev.preamble)
    return [rst.directive("container", "preamble", body=body + "\n")]


def _supplementary(w: SiteWriter, doc: Document, rev: Revision, labels: dict[str, str], level: int) -> str:
    """附則, after the body: each a section headed 「附　則（令和5年3月31日訓令第5号）」 (a real heading,
    anchored by its id), its paragraphs numbered 1, 2 … when there are several — both from
    :mod:`toolkit.model.numbering`, as every edition prints them."""
    out = []
    for node in rev.supplementary:
        title = f"{rst.role('anchor', anchor(doc, rev, node.id))} {rst.escape(supplementary_heading(node))}"
        numbered = False
        paras: list[str] = []
        if node.withheld:
            paras.append(rst.escape("（この部分は表示していません）"))
        else:
            for number, text in supplementary_paragraphs(node):
                body = w.inline(doc, rev, text, labels, node, None)
                paras.append(f"{rst.role('num', number)} {body}" if number else body)
                numbered = numbered or bool(number)
        out.append(rst.heading(title, level))
        if paras:
            out.append(rst.directive("container", "supplementary numbered" if numbered else "supplementary",
                                     body="\n\n".join(paras)) + "\n")
        out += _note(w, node)
    return "\n".join(out)


def _nodes(w: SiteWriter, doc: Document, rev: Revision, nodes: tuple[Node, ...], labels: dict[str, str],
           placed: dict[str, Placed], level: int, link_terms: bool) -> str:
    out = []
    for node in nodes:
        # each chapter links a term's first occurrence again
        seen: set[str] | None = set() if link_terms else None
        out.append(_node(w, doc, rev, node, labels, placed, level, seen))
    return "\n".join(out)


def _node(w: SiteWriter, doc: Document, rev: Revision, node: Node, labels: dict[str, str],
          placed: dict[str, Placed], level: int | None, seen: set[str] | None, indent: int = 1) -> str:
    """A titled node becomes a section (while levels allow); anything else an item."""
    p = placed[node.id]
    name = anchor(doc, rev, node.id)
    if node.heading is not None and level is not None and level <= MAX_SECTION_LEVEL and not node.withheld:
        title = f"{rst.role('anchor', name)} {rst.role('num', p.label)} {rst.escape(node.heading)}"
        return "\n".join([rst.heading(title, level),
                          _node_body(w, doc, rev, node, labels, placed, level + 1, seen)])
    return _item(w, doc, rev, node, labels, placed, seen, name, indent)


def _node_body(w: SiteWriter, doc: Document, rev: Revision, node: Node, labels: dict[str, str],
               placed: dict[str, Placed], child_level: int, seen: set[str] | None) -> str:
    out = [w.inline(doc, rev, t, labels, node, seen) + "\n" for t in node.text]
    out += _note(w, node)
    out += _links(w, doc, rev, node)
    for child in node.children:
        out.append(_node(w, doc, rev, child, labels, placed, child_level, seen))
    return "\n".join(out)


def _links(w: SiteWriter, doc: Document, rev: Revision, node: Node) -> list[str]:
    """「この規定を実施する規定」/「実施する基本方針の規定」 under a clause of the text in force."""
    if rev.id != doc.current.id:
        return []
    out = []
    for label, links in (("実施している規定", w.implementers.get((doc.id, node.id), [])),
                         ("実施する規定", w.implemented.get((doc.id, node.id), []))):
        if links:
            items = "、".join(rst.role("ref", lk.label, f"{lk.doc_id}-{lk.node_id}".lower()) for lk in links)
            out.append(rst.directive("container", "clause-links", body=rst.escape(f"{label}：") + items) + "\n")
    return out


def _note(w: SiteWriter, node: Node) -> list[str]:
    if not node.note:
        return []
    return [rst.directive("container", "provenance-note",
                          body=rst.escape(f"注（出典）: {node.note}")) + "\n"]


def _item(w: SiteWriter, doc: Document, rev: Revision, node: Node, labels: dict[str, str],
          placed: dict[str, Placed], seen: set[str] | None, name: str, indent: int) -> str:
    """A numbered item (号) as flat paragraphs, not a nested block: the ``item`` role carries
    the anchor and number, and the extension turns it into ``<p class="item indent-N" id=…>``
    (a docutils directive per item made 3,000-clause documents slow to parse)."""
    p = placed[node.id]
    first = [rst.role("item", f"{indent} {name} {p.label}".rstrip())]  # 項1 (例規): no number
    if node.heading:
        first.append(rst.role("item-title", node.heading))
    if node.withheld:
        first.append(rst.escape("（この部分は表示していません）"))
        paragraphs = []
    else:
        paragraphs = [w.inline(doc, rev, t, labels, node, seen) for t in node.text]
    if paragraphs:
        first.append(paragraphs.pop(0))
    body = [" ".join(first) + "\n"]
    body += [rst.role("item-cont", str(indent)) + " " + t + "\n" for t in paragraphs]
    body += _note(w, node)
    if not node.withheld:
        body += _links(w, doc, rev, node)
    if not node.withheld:
        for child in node.children:
            body.append(_node(w, doc, rev, child, labels, placed, None, seen, indent + 1))
    return "\n".join(body)
