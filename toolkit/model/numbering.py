"""Display numbers (1. / (1) / ① / ア / 第1条 …) derived from position and style.

The document gives one style per depth; a node's number is its ``seq`` in
that style.  ``ref_label`` is the form used inside sentences: 「上記3の脅威」,
「6(3)」.

例規 numbering, as the original prints it:

* 第N条 (articles) are numbered straight through the chapters (第1章 has
  第1条–第3条, 第2章 starts at 第4条): :func:`through` sets their ``seq``
  once from the full revision, so a view that hides a chapter keeps the rest.
* 枝番: an article inserted later without renumbering (第16条の2) is stored
  as ``branch`` on the node; it takes the number of the article before it.
* 項 (paragraphs of an article): the first is not numbered, then 2, 3 …
  (style ``項`` prints ASCII digits, ``項２`` full-width ones as 例規集 do).

Where a text does not keep one style per depth, the exceptions are stored:
a revision's own ``numbering`` (an old text numbered differently from the
current one) and a node's ``numbering``, the style of its children (a section
whose items are ア, イ … where the others' are (1), (2) …).  :func:`place`
is the one place that applies them; renderers read ``Placed.style``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from toolkit.model import Document, Node, Revision
from toolkit.model.numbering_styles import STYLES as _STYLES
from toolkit.model.numbering_styles import style_named

# the styles' names, in the order they are listed to a reader; each style's faces: :mod:`.numbering_styles`
STYLES = tuple(s.name for s in _STYLES)
# numbered straight through the document, not restarting under each parent
THROUGH = frozenset(s.name for s in _STYLES if s.through)
# printing the parent's number in their own (1―1): cited without the parent's
COMPOUND = frozenset(s.name for s in _STYLES if "{parent}" in s.form)
# 例規 項: the first is not numbered, then 2, 3 …
PARAGRAPHS = frozenset(s.name for s in _STYLES if s.paragraph)
# 号 (items of an article or of its 項): printed (1) / （1） / （１） / ⑴, cited 第1号
GOU_PARENTS = THROUGH | PARAGRAPHS
GOU_STYLES = frozenset(s.name for s in _STYLES if s.gou)


def number(style: str, n: int, parent: int = 0, branch: int = 0) -> str:
    """The number as printed before a heading or item, e.g. ``number("(1)", 3) == "(3)"``.

    ``parent`` is the parent's number, used only by the compound style ``1―1``
    (``number("1―1", 2, parent=3) == "3―2"``); ``branch`` is the 枝番
    (``number("第1条", 16, branch=2) == "第16条の2"``).
    """
    return style_named(style).label(n, parent, branch)


def ref_form(style: str, n: int, parent: int = 0, branch: int = 0) -> str:
    """The number as cited in running text: ``1.`` → ``1``, a 項 → ``第2項``; other styles unchanged."""
    cite = style_named(style).cite
    return cite.format(n=n) if cite is not None else number(style, n, parent, branch)


def styles_of(doc: Document, revision: Revision | None = None) -> tuple[str, ...]:
    """The styles per depth a revision is numbered in: its own, else the document's."""
    if revision is not None and revision.numbering:
        return revision.numbering
    return doc.numbering


def style_at(doc: Document, depth: int, revision: Revision | None = None) -> str:
    """The style for a 1-based depth (of ``revision`` when given); deeper levels reuse the last style."""
    styles = styles_of(doc, revision)
    return styles[min(depth, len(styles)) - 1]


def depth_style(styles: tuple[str, ...] | list[str], depth: int) -> str:
    return styles[min(depth, len(styles)) - 1]


@dataclass(frozen=True)
class Placed:
    """A node with its place in the tree: depth, numbers on the path, labels."""

    node: Node
    depth: int
    path: tuple[int, ...]
    label: str  # as printed before the heading: "3." / "(2)" / "①"
    ref: str  # as cited in text: "3" / "6(3)" / "4(2)①"
    parent_id: str | None
    style: str = "1."  # the numbering style of this node (its depth's, or its parent's ``numbering``)


def place(doc: Document, revision: Revision) -> Iterator[Placed]:
    """Every node of a revision in document order, with its derived number."""

    styles = styles_of(doc, revision)

    def go(nodes: tuple[Node, ...], depth: int, path: tuple[int, ...], ref: str, parent: str | None,
           above: str | None, own_style: str | None):
        style = own_style or depth_style(styles, depth)
        for node in nodes:
            p = path + (node.seq,)
            up = path[-1] if path else 0
            # a compound number (1―1) carries its parent's; an article (第3条) is cited without its chapter;
            # a 号 of an article or its 項 is cited 第1号 (第3条第2項第1号), whatever its printed form
            if above in GOU_PARENTS and style in GOU_STYLES:
                own = f"第{node.seq}号"
            elif style in PARAGRAPHS and len(nodes) == 1:
                own = ""  # an article of one 項 is cited without it (第2条第1号)
            else:
                own = ref_form(style, node.seq, up if style in COMPOUND else 0, node.branch)
            # 第2 then 1 is cited 第2の1 (not 第21), as 通知 number their parts
            r = own if style in COMPOUND or style in THROUGH else \
                ref + ("の" if ref[-1:].isdigit() and own[:1].isascii() and own[:1].isdigit() else "") + own
            yield Placed(node, depth, p, number(style, node.seq, up, node.branch), r, parent, style)
            yield from go(node.children, depth + 1, p, r, node.id, style, node.numbering)

    yield from go(revision.body, 1, (), "", None, None, None)


def through(body: tuple[Node, ...], styles: tuple[str, ...] | list[str]) -> tuple[Node, ...]:
    """Number the :data:`THROUGH` styles (第N条) straight through the revision, 枝番 after their article.

    Sets ``seq`` (and ``branch``: 2 for 第N条の2 …) from the full text, once, where
    the revision is read; views keep these numbers when they hide parts.
    """
    if not styles or not any(s in THROUGH for s in styles):
        return body
    last: dict[str, tuple[int, int]] = {}

    def go(nodes: tuple[Node, ...], depth: int, own_style: str | None = None) -> tuple[Node, ...]:
        out = []
        style = own_style or styles[min(depth, len(styles)) - 1]
        for n in nodes:
            if style in THROUGH:
                seq, br = last.get(style, (0, 1))
                seq, br = (max(seq, 1), br + 1) if n.branch else (seq + 1, 1)
                last[style] = (seq, br)
                if (seq, br if n.branch else 0) != (n.seq, n.branch):
                    n = replace(n, seq=seq, branch=br if n.branch else 0)
            if n.children and any(s in THROUGH for s in styles[depth:]):  # only where articles can be below
                kids = go(n.children, depth + 1, n.numbering)
                if any(a is not b for a, b in zip(kids, n.children, strict=True)):
                    n = replace(n, children=kids)
            out.append(n)
        return tuple(out)

    return go(body, 1)


def ref_labels(doc: Document, revision: Revision) -> dict[str, str]:
    """id → citation form, for resolving ``{ref:id}``."""
    return {p.node.id: p.ref for p in place(doc, revision)}


SUPPLEMENTARY = "附\u3000則"  # 附則, as 例規 print its heading


def supplementary_heading(node: Node) -> str:
    """A 附則's heading as printed: 附　則, or 附　則（令和5年3月31日訓令第5号） for an amendment's."""
    return f"{SUPPLEMENTARY}（{node.title}）" if node.title else SUPPLEMENTARY


def supplementary_paragraphs(node: Node) -> list[tuple[str, str]]:
    """(number, text) for each paragraph of a 附則: one paragraph is not numbered; several are
    1, 2 … from the first (例規 number a 附則's 項 so), as ``number("1", n)``."""
    if len(node.text) == 1:
        return [("", node.text[0])]
    return [(number("1", i), t) for i, t in enumerate(node.text, start=1)]
