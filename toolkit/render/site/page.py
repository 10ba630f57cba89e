"""What a page of the site is: :class:`Page`, what a producer of :mod:`.pages` yields, and
:class:`ExtraPage`, a page another renderer hands the site (新旧対照表, 自己チェック …)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    """One page source: its docname (``standards/index``), its reST, and what the search ranks it as
    (``current`` text in force, ``past`` versions and comparisons; None: the site's own words)."""

    docname: str
    source: str
    kind: str | None = None


@dataclass(frozen=True)
class ExtraPage:
    """A page another renderer adds to the site (新旧対照表, 自己チェック …).

    ``html`` is a body fragment made by the toolkit's own renderers (trusted;
    it is inserted as raw HTML and its text is indexed for search).  It carries
    no title: the site shows ``title`` as the page's one ``<h1>``, so ``html``
    has no ``<h1>`` and does not repeat the title (its own headings start at
    ``<h2>``).  ``slug`` is the page path without ``.html``
    (``diff/basic-policy-r5-r8``).
    """

    slug: str
    title: str
    html: str
    summary: str = ""

