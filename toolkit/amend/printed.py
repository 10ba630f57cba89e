"""A revision as a 例規集 prints it, line by line: what an amending instrument quotes and cites.

The 改め文 names provisions by their citation (第3条第2項第1号) and quotes strings of their printed
text, so both come from here:

* an article (条) prints its 見出し on a line of its own, 「（目的）」, then 「第1条　本文」;
  its first 項 is printed on the article's line (unnumbered), the next ones 「2　本文」;
* a 号 and a 号の細分 print 「（1）　本文」, 「ア　本文」, a defined term first (「（1）　情報資産　本文」);
* a chapter (章・節) prints 「第1章　総則」; any other numbered node 「label　heading」, then its text;
* a second paragraph of a node is a line of its own.

A :class:`Provision` is one node's printed part: its lines, and its *own text* (the lines with their
number taken off, joined by newlines): the text a 「…中「A」を「B」に改める」 edits.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from toolkit.model import Document, Node, Revision
from toolkit.model.numbering import (
    SUPPLEMENTARY,
    Placed,
    place,
    supplementary_heading,
    supplementary_paragraphs,
)
from toolkit.model.refs import resolve

SP = "\u3000"  # the full-width space between a number and its text
ARTICLE = "第1条"
CHAPTERS = frozenset({"第1章", "第1節"})
PARAGRAPHS = frozenset({"項", "項２"})


@dataclass(frozen=True)
class Provision:
    """One node as printed: ``cite`` (第3条第2項), ``label`` (2), the ``caption`` (an article's 見出し,
    without its brackets), ``text`` (its own text, numbers off, one line per paragraph) and ``lines``."""

    placed: Placed
    cite: str
    caption: str | None
    text: str
    lines: tuple[str, ...]

    @property
    def id(self) -> str:
        return self.placed.node.id

    @property
    def is_article(self) -> bool:
        return self.placed.style == ARTICLE

    @property
    def is_chapter(self) -> bool:
        return self.placed.style in CHAPTERS


def provisions(doc: Document, rev: Revision) -> list[Provision]:
    """Every node of ``rev``'s body, in reading order, as printed (see the module docstring)."""
    placed = list(place(doc, rev))
    labels = {p.node.id: p.ref for p in placed}
    out: list[Provision] = []
    pending = ""  # an article's number waiting for its first 項's text
    for p in placed:
        node = p.node
        paras = [resolve(t, labels) for t in node.text]
        caption: str | None = None
        if p.style == ARTICLE:
            caption = node.heading
            head = [f"（{caption}）"] if caption is not None else []
            if not paras and node.children and _unnumbered(node.children[0], p):
                pending = p.label
                out.append(Provision(p, p.ref, caption, "", tuple(head)))
                continue
            own = paras or [""]
            lines = head + [f"{p.label}{SP}{own[0]}", *own[1:]]
            text = "\n".join(own)
        elif p.style in CHAPTERS or (p.style not in PARAGRAPHS and node.title is not None):
            lines = [f"{p.label}{SP}{node.heading}", *paras]
            text = "\n".join([node.heading or "", *paras])
        else:
            first = ([f"{node.term}{SP}{paras[0]}" if paras else node.term] + paras[1:]
                     if node.term is not None else paras) or [""]
            label = pending or p.label
            pending = ""
            lines = [f"{label}{SP}{first[0]}" if label else first[0], *first[1:]]
            text = "\n".join(first)
        out.append(Provision(p, p.ref, caption, text, tuple(lines)))
    return out


def _unnumbered(child: Node, article: Placed) -> bool:
    """Whether an article's first child is a 項 printed on the article's own line."""
    return child.seq == 1 and not child.title and not child.term


CONTENTS = "目次"
RANGE = "―"  # 「（第3条―第5条）」: three or more articles; two 「（第3条・第4条）」; one 「（第3条）」


def contents(provs: list[Provision]) -> list[str]:
    """The 目次 a text divided into 章 (節) opens with, as the 例規集 prints it: 「目次」, then each 章・節
    (indented by its depth) with the articles directly under it, then 「附則」; [] for a text without 章.
    It is derived, never stored (the import drops it), so an 改め文 amends it when a 章名 or a range
    changes: 「目次中「第3条・第4条」を「第3条―第4条」に改める。」."""
    if not any(p.is_chapter for p in provs):
        return []
    out = [CONTENTS]
    articles: list[str] = []
    for p in [*provs, None]:
        if p is None or p.is_chapter:
            if len(out) > 1 and articles:
                joint = "・" if len(articles) == 2 else RANGE
                out[-1] += f"（{articles[0]}）" if len(articles) == 1 else f"（{articles[0]}{joint}{articles[-1]}）"
            articles = []
            if p is not None:
                out.append(SP * p.placed.depth + p.lines[0])
        elif p.is_article and len(out) > 1:
            articles.append(p.placed.label)
    return [*out, SP + "附則"]


def printed_lines(doc: Document, rev: Revision) -> list[str]:
    """The whole text as a 例規集 prints it: the 目次 (where it has 章), the body, then each 附則 under
    its heading."""
    provs = provisions(doc, rev)
    lines = [*contents(provs), *(line for p in provs for line in p.lines)]
    for node in rev.supplementary:
        lines.append(supplementary_heading(node))
        lines.extend(f"{num}{SP}{t}" if num else t for num, t in supplementary_paragraphs(node))
    return lines


def subtree(provs: list[Provision], index: int) -> list[Provision]:
    """The provision at ``index`` and every provision below it."""
    top = provs[index].placed
    out = [provs[index]]
    for p in provs[index + 1:]:
        if p.placed.depth <= top.depth:
            break
        out.append(p)
    return out


def scope_text(provs: list[Provision]) -> str:
    """What a 「<cite>中」 reaches: the own text of a provision and of everything below it."""
    return "\n".join(p.text for p in provs)


def units(provs: list[Provision]) -> Iterator[Provision]:
    """The provisions an instrument adds, removes and renumbers whole: the articles when the text has
    them, else the top-level sections."""
    articles = [p for p in provs if p.is_article]
    yield from articles if articles else (p for p in provs if p.placed.depth == 1)


__all__ = ["CONTENTS", "SP", "contents", "SUPPLEMENTARY", "Provision", "printed_lines", "provisions", "scope_text", "subtree", "units"]
