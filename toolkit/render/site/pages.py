"""The site's pages: one list of producers, each making its pages from the shared
:class:`~toolkit.render.site.writer.SiteWriter` (the view, glossary, downloads and extra pages).

A new kind of page is one producer — ``(writer) -> Iterable[Page]`` — added to :data:`PAGES`,
as a Sphinx extension registers itself in ``setup()``; no other module lists the pages.  Pages
other renderers make (新旧対照表, 自己チェック, 審議資料, 対応表) arrive as
:class:`~toolkit.render.site.page.ExtraPage` and are placed by :func:`extra_pages`; which of
them a site gets is decided by :data:`toolkit.publish.pages.EXTRA_PAGES`.

The order of :data:`PAGES` is the order pages are added: a docname produced twice stops the
build with the first collision.  The page map is in :mod:`.naming`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from toolkit.render.site import rst
from toolkit.render.site.accessibility import accessibility_page
from toolkit.render.site.glossary import glossary_page
from toolkit.render.site.history import history_page
from toolkit.render.site.notice import withheld_pages
from toolkit.render.site.page import Page
from toolkit.render.site.revision import revision_pages
from toolkit.render.site.top import top_page

if TYPE_CHECKING:
    from toolkit.render.site.writer import SiteWriter

# Roles the generated pages use (declared once for every page, Sphinx's rst_prolog).
PROLOG = "".join(f".. role:: {name}\n" for name in (
    "num", "item-title", "badge", "current-badge", "count-added", "count-modified", "count-removed", "count-note", "count-from"))


def extra_pages(w: SiteWriter) -> Iterable[Page]:
    """Each :class:`ExtraPage` under its title; a 新旧対照表 or a draft's review package ranks as a comparison."""
    for page in w.extra_pages:
        out = [rst.heading(rst.escape(page.title), 1), ""]
        out.append(rst.directive("raw", "html", body=page.html))
        kind = "past" if page.slug.startswith(("diff/", "review/")) else None
        yield Page(page.slug, "\n".join(out), kind)


Producer = Callable[["SiteWriter"], Iterable[Page]]

PAGES: list[Producer] = [
    revision_pages,  # every revision shown (current / past)
    withheld_pages,  # the notice of each withheld document
    history_page,  # 改定履歴
    glossary_page,  # 用語集
    extra_pages,  # pages other renderers made
    accessibility_page,  # ウェブアクセシビリティ方針
    top_page,  # index: last, it lists the others
]
