"""Blocks → the node tree: a numbered block opens a node at its depth, paragraphs are its text.

A Markdown heading is a heading (title); a bullet item ``- (1) …`` is an item
(text only); an article with a caption （目的） has the caption as its title.  A numbered line of plain text is a heading when it reads like
one (short, no 。) and text or deeper items follow it, else an item.
"""

from __future__ import annotations

from toolkit.source.importer.levels import restyle
from toolkit.source.importer.state import Block, Draft, State

TITLE_MAX = 40


def run(state: State) -> None:
    path: list[Draft] = []
    blocks = state.blocks
    for i, b in enumerate(blocks):
        if b.marker is None:
            if not path:
                if b.text:
                    state.warn(b.line, f"text before the first numbered section: {b.text[:30]!r}; "
                               "not imported (quoted here)", b.source,
                               "the title, the 策定/改定 date lines and the 目次, then '1. …'")
                continue
            if b.kind == "heading":
                state.warn(b.line, f"a heading without a number: {b.text[:30]!r}; kept as a paragraph", b.source,
                           "a numbered heading (e.g. '## 1. 目的'); numbers are derived, but a heading must have one")
            if b.text:
                path[-1].text.append(b.text)
            continue
        if b.depth == 0:
            b.as_paragraph()  # not reached: the levels rule places every numbered block or makes it text
            if path:
                path[-1].text.append(b.text)
            continue
        d = Draft(line=b.line, depth=b.depth, style=b.marker.style, seq=b.marker.number, branch=bool(b.marker.branch),
                  key=b.key)
        if b.caption is not None:  # 第1条 with its （見出し）: a titled clause
            d.title = b.caption
            if b.text:
                d.text.append(b.text)
        elif b.kind == "heading" or (b.kind != "item" and _reads_as_heading(b, blocks, i)):
            if not b.text:
                state.warn(b.line, f"heading {b.marker.raw} has no title", b.source,
                           "a number and a title, e.g. '1. 目的'")
            d.title = b.text
        else:
            d.item = True
            if b.text:
                d.text.append(b.text)
        del path[b.depth - 1:]
        (path[-1].children if path else state.drafts).append(d)
        path.append(d)
    restyle(state.drafts, state.numbering)  # a section whose items are ア, イ where the others' are (1), (2)


def _reads_as_heading(b: Block, blocks: list[Block], i: int) -> bool:
    if not b.text or "。" in b.text or len(b.text) > TITLE_MAX or i + 1 >= len(blocks):
        return False
    nxt = blocks[i + 1]
    return nxt.marker is None and nxt.kind == "para" or nxt.marker is not None and nxt.depth > b.depth
