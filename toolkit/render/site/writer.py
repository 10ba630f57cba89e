"""The site's pages as reStructuredText, generated from a (redacted) view.

Pure: the view in, ``{docname: source}`` out.  Nothing here decides what may
be shown — every document, revision and node in the view is rendered; a
withheld document (``Document.withheld``) becomes a notice page with its
public name and the ground's text only.

:class:`SiteWriter` holds what the pages share (the view, the glossary and its
linker, the downloads, the extra pages) and runs the page producers registered
in :data:`toolkit.render.site.pages.PAGES`; :mod:`.naming` has the page map.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Sequence
from pathlib import Path

from toolkit.dates import build_date
from toolkit.errors import BuildError, Problem
from toolkit.model import Document, Node, PolicySet, Revision
from toolkit.model.links import implemented, implementers
from toolkit.model.provenance import badge, provenance_text
from toolkit.model.refs import Ref, split
from toolkit.render.site import rst
from toolkit.render.site.downloads import Downloads
from toolkit.render.site.glossary import Linker, glossary_entries, search_keys
from toolkit.render.site.naming import anchor
from toolkit.render.site.page import ExtraPage
from toolkit.render.site.pages import PAGES

_H1_RE = re.compile(r"<h1[\s>]", re.IGNORECASE)
_SLUG_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*(/[A-Za-z0-9][A-Za-z0-9_-]*)*$")
_RESERVED = {"index", "history", "glossary", "search", "genindex", "downloads", "_static", "accessibility"}


class SiteWriter:
    """Turns a view into page sources.  One instance per build."""

    def __init__(self, view: PolicySet, extra_pages: Sequence[ExtraPage] = (),
                 downloads: Sequence[Path] = ()) -> None:
        self.view = view
        self.extra_pages = tuple(extra_pages)
        audience = view.audience(view.audience_id) if view.audience_id else None
        self.audience_label = audience.label if audience else ""
        # provenance badges only where the view can hold more than the city's adopted text
        self.show_provenance = audience is None or audience.provenance != frozenset({"authoritative"})
        self.docs = [d for d in view.documents if not d.withheld and d.revisions]
        self.withheld = [d for d in view.documents if d.withheld]
        self.glossary = glossary_entries(self.docs)
        # only documents that get a page (as the top page's toctree): a public document whose revisions
        # are all hidden has none, and a link to it broke the build (9b, found by test_hostile_fuzz)
        self.linker = Linker(self.glossary, [d for d in view.documents if d.withheld or d.revisions])
        self.downloads = Downloads(self.docs, downloads)
        # links between documents (issue 10), from the view: a reader never sees a link to a hidden clause
        self.implementers = implementers(view)
        self.implemented = implemented(view)
        self.pages: dict[str, str] = {}
        # which pages hold the text in force, past versions and comparisons, or the site's own
        # words: the search lists them in that order (issue 23); pages not named are "site"
        self.page_kinds: dict[str, str] = {}

    # -- public -------------------------------------------------------------

    def render(self) -> dict[str, str]:
        """``{docname: reST source}`` for every page of the site, from each producer in turn."""
        self._check_slugs()
        for produce in PAGES:
            for page in produce(self):
                self.add(page.docname, page.source)
                if page.kind is not None:
                    self.page_kinds[page.docname] = page.kind
        return dict(sorted(self.pages.items()))

    @property
    def search_keys(self) -> list[str]:
        return search_keys(self.glossary)

    @property
    def search_example(self) -> str:
        """A short term for the search hints (the first document's last one: 無害化通信)."""
        first = [e for e in self.glossary if e.doc.id == self.glossary[0].doc.id] if self.glossary else []
        short = [k for e in reversed(first) for k in e.keys if len(k) <= 8]
        return short[0] if short else "情報セキュリティ"

    @property
    def date(self) -> _dt.date:
        """The site's date (:func:`build_date`)."""
        return build_date(self.view)

    @property
    def title(self) -> str:
        return f"{self.view.organisation} 情報セキュリティポリシー"

    # -- helpers ------------------------------------------------------------

    def add(self, docname: str, text: str) -> None:
        if docname in self.pages:
            raise BuildError(f"two site pages would both be {docname}.html (a document, revision, "
                             "section or extra page id collides)")
        self.pages[docname] = text

    def _check_slugs(self) -> None:
        problems = []
        doc_ids = {d.id for d in self.view.documents}
        for page in self.extra_pages:
            top = page.slug.split("/")[0]
            if not _SLUG_RE.match(page.slug):
                problems.append(Problem(None, f"extra page slug {page.slug!r} is not a page path",
                                        "ASCII letters, digits, - and _, segments joined by /"))
            elif top in _RESERVED or top in doc_ids:
                problems.append(Problem(None, f"extra page slug {page.slug!r} collides with a site page",
                                        f"a name other than {', '.join(sorted(_RESERVED | doc_ids))}"))
            if _H1_RE.search(page.html):
                problems.append(Problem(None, f"extra page {page.slug!r} brings its own <h1>; the site "
                                        "already shows its title as the page heading",
                                        "a fragment without a title, headings from <h2>"))
        if problems:
            raise BuildError(problems)

    def inline(self, doc: Document, rev: Revision, text: str, labels: dict[str, str],
               node: Node, seen: set[str] | None) -> str:
        """Body text: cross-references as the current number (linked), glossary terms linked."""
        parts: list[tuple[bool, str]] = []
        try:
            pieces = list(split(text, labels))
        except KeyError as e:
            raise BuildError([Problem(node.location, f"reference to {e.args[0]!r} cannot be resolved "
                                      f"in {doc.id} {rev.id}", "the id of a clause in the same revision")]) from None
        for piece in pieces:
            if isinstance(piece, Ref):
                parts.append((True, rst.role("ref", piece.label, anchor(doc, rev, piece.target))))
            elif seen is None:
                parts.append((False, rst.escape(piece)))
            else:
                parts.extend(self.linker.pieces(piece, doc.id, node.id, seen))
        return rst.join(parts)

    def banner_badge(self, rev: Revision) -> str:
        if rev.is_draft:  # not (yet) the city's adopted text, whatever its provenance (issue 10)
            return rst.role("badge", "案（未採択）")
        if not self.show_provenance:
            return ""
        return rst.role("badge", badge(rev.provenance))

    def provenance_notice(self, rev: Revision) -> str:
        known = provenance_text(rev.provenance)
        if rev.provenance == "authoritative" or known is None and not rev.note:
            return ""
        body = rst.escape(known.site_note if known else "")
        if rev.note:
            body += "\n\n" + rst.escape(rev.note)
        return rst.directive("admonition", rst.escape(f"出典: {badge(rev.provenance)}"),
                             {"class": f"provenance provenance-{rev.provenance}"}, body) + "\n"

