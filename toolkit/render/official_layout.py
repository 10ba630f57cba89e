"""The layout of the official edition (公式版), which its Word and PDF forms share.

One place for what makes the two files the same edition: the page (A4,
margins), the unit of every indent (one full-width character of body text),
the file names, the bookmark names the links and the 目次 point at, how a
withheld part is drawn, and the notices a text that is not the city's adopted
text carries.  :mod:`toolkit.render.docx_official` and :mod:`toolkit.render.pdf`
both import it; neither imports the other.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from toolkit.model import Document, Revision
from toolkit.model.numbering import Placed

MARGINS_MM = (30, 30, 25, 30)  # top, right, bottom, left (A4 portrait)
CHAR = 10.5  # pt: one full-width character of body text, the unit of every indent
BAR = "■■■■■■■■"  # the same length for every withheld part: its length would tell how long the text was

DRAFT_HEADER = "案（未採択の改定案：現行の規定ではありません）"  # issue 10: on every page of a draft


def file_name(doc: Document, rev: Revision) -> str:
    """``basic-policy-r8.docx``; a text that is not the city's says so: ``basic-policy-h16-reconstructed.docx``,
    and a draft: ``basic-policy-r9-draft.docx``."""
    suffix = ("" if rev.is_authoritative else f"-{rev.provenance}") + ("-draft" if rev.is_draft else "")
    return f"{doc.id}-{rev.id}{suffix}.docx"


def bookmark_names(placed: Iterable[Placed]) -> dict[str, str]:
    """Node id → bookmark name, from its numbers on the path (Word allows letters, digits and _ only):
    ``n2_3`` for 第2章第3条, ``n2_3b2`` for 第3条の2 (an 枝番 shares its article's number), ``n2_3b2_1`` below it."""
    out: dict[str, str] = {}
    for p in placed:  # document order: a parent before its children
        own = f"{p.path[-1]}b{p.node.branch}" if p.node.branch else str(p.path[-1])
        out[p.node.id] = f"{out[p.parent_id]}_{own}" if p.parent_id is not None else f"n{own}"
    return out


def printed_width(text: str) -> float:
    """Printed width in full-width characters (ambiguous ones such as ① are full-width in Japanese fonts)."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in text)


def hanging_indents(placed: list[Placed]) -> dict[str | None, float]:
    """Parent id → the hanging indent (in characters) of its items: wide enough for the widest
    number, so that the items of one list align ((9) and (10))."""
    hang: dict[str | None, float] = {}
    for p in placed:
        hang[p.parent_id] = max(hang.get(p.parent_id, 0.0), printed_width(p.label) + 0.5)
    return hang


def supplementary_anchor(i: int) -> str:
    """Bookmark name of the ``i``-th 附則 (from 1): beside :func:`bookmark_names`'s ``n1_2`` names."""
    return f"s{i}"
