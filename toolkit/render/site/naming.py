"""Where each page and clause of the site lives: page names, anchors, and the split of a large revision.

Page map (docnames; ``.html`` in the output)::

    index                     top page
    <doc>/index               current revision (or the non-public notice)
    <doc>/<section>           a chapter, when a large revision is split
    <doc>/<first 附則 id>      the 附則 of a split revision (on the revision's page otherwise)
    <doc>/<rev>               a past revision ( <doc>/<rev>/index + chapters when split)
    history                   改定履歴 of every document
    glossary                  用語集 from the definitions (Node.term)
    accessibility             ウェブアクセシビリティ方針
    <slug>                    extra pages (新旧対照表, self-check quiz …)
"""

from __future__ import annotations

from toolkit.model import Document, Node, Revision

# A revision with more nodes than this is split into pages, so a change to one clause
# rebuilds one page, not the whole document: one page per chapter (章, the top-level
# parts) while there are at most MAX_CHAPTER_PAGES of them; a 例規-style text of bare
# articles (第N条 with no chapters) gets ARTICLES_PER_PAGE consecutive articles a page
# (3,000 articles: 30 pages, not 3,000).
SPLIT_THRESHOLD = 150
MAX_CHAPTER_PAGES = 60
ARTICLES_PER_PAGE = 100


def anchor(doc: Document, rev: Revision, node_id: str) -> str:
    """The label of a clause: stable ids, the revision only for past ones."""
    if rev.id == doc.current.id:
        return f"{doc.id}-{node_id}".lower()
    return f"{doc.id}-{rev.id}-{node_id}".lower()


def revision_docname(doc: Document, rev: Revision) -> str:
    """Where a revision's (first) page lives."""
    if rev.id == doc.current.id:
        return f"{doc.id}/index"
    return f"{doc.id}/{rev.id}/index" if is_split(rev) else f"{doc.id}/{rev.id}"


def clause_url(doc: Document, rev: Revision, node_id: str) -> str:
    """Where a clause is, from the site's root: ``standards/index.html#standards-ciso`` (the
    chapter page of a split revision), for links made outside Sphinx (the 対応表)."""
    page = revision_docname(doc, rev)
    if is_split(rev):
        base = f"{doc.id}" if rev.id == doc.current.id else f"{doc.id}/{rev.id}"
        for group in page_groups(rev):
            if any(n.id == node_id for top in group for n in top.walk()):
                page = f"{base}/{group[0].id}"
                break
        else:  # a 附則 of a split revision: on its own page after the chapters
            supplementary = rev.supplementary[0].id if rev.supplementary else None
            page = f"{base}/{supplementary}" if supplementary else page
    return f"{page}.html#{anchor(doc, rev, node_id)}"


def is_split(rev: Revision) -> bool:
    return sum(1 for _ in rev.walk()) > SPLIT_THRESHOLD and len(rev.body) > 1


def page_groups(rev: Revision) -> list[tuple[Node, ...]]:
    """The top-level nodes of a split revision, one tuple per page (see SPLIT_THRESHOLD)."""
    body = rev.body
    if len(body) <= MAX_CHAPTER_PAGES:
        return [(n,) for n in body]
    return [body[i:i + ARTICLES_PER_PAGE] for i in range(0, len(body), ARTICLES_PER_PAGE)]


def doc_target(path: str) -> str:
    """A ``:doc:`` target from the source root, whatever page links to it."""
    return "/" + path

