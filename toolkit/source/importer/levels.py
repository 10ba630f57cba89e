"""R5: the level of a heading or item comes from its numbering style, not from ``#``.

The PDF extraction gave sections 3–10 ``###`` and items 2(11), 2(12), 6(9)
``####``.  Japanese policies number each level in its own style, so the style
says the level: styles take depths in the order they first appear
(1. → (1) → ①).  第N条 are numbered straight through the chapters, and an
枝番 (第16条の2) follows the article it was inserted after.  The number must be the one the position gives (numbers are
derived, never stored); a skipped or repeated number is not guessed at.
"""

from __future__ import annotations

from toolkit.model.numbering import THROUGH, number
from toolkit.source.importer.state import State


def run(state: State) -> None:
    numbering = state.numbering
    counters: list[int] = []  # the current number at each depth along the path
    where: dict[str, int] = {}  # style → line it first appeared on
    base: int | None = None  # Markdown level of a depth-1 heading
    through: dict[str, tuple[int, int]] = {}  # THROUGH style → (last number, last 枝番)
    for b in state.blocks:
        m = b.marker
        if m is None:
            continue
        if m.style in numbering:
            depth = numbering.index(m.style) + 1
            if depth > len(counters) + 1:
                state.warn(b.line, f"{m.raw} is numbered as a depth-{depth} item, but there is no "
                           f"enclosing {numbering[len(counters)]} item above it; kept as a paragraph", b.source,
                           f"a {numbering[depth - 2]} item before it")
                b.as_paragraph()
                continue
        else:
            depth = len(counters) + 1
            if depth <= len(numbering):
                state.warn(b.line, f"{m.raw} numbers depth {depth} in the style {m.style}, but depth {depth} "
                           f"is numbered {numbering[depth - 1]} (line {where[numbering[depth - 1]]}); "
                           "kept as a paragraph", b.source, "one numbering style per depth throughout the document")
                b.as_paragraph()
                continue
        expected = counters[depth - 1] + 1 if len(counters) >= depth else 1
        branch = 0
        if m.style in THROUGH:  # 第N条: straight through the chapters; 枝番 after its article
            last, last_branch = through.get(m.style, (0, 1))
            expected, branch = (last, last_branch + 1) if m.branch else (last + 1, 0)
        if m.number != expected or m.branch != branch:
            try:
                should = number(m.style, expected, counters[depth - 2] if depth > 1 else 0, branch)
            except (ValueError, IndexError):
                should = str(expected)
            state.warn(b.line, f"{m.raw} is out of sequence: by position it is {should}; kept as a paragraph",
                       b.source, "items numbered 1, 2, 3 … at each level (is one missing or repeated?)")
            b.as_paragraph()
            continue
        if m.style == "1―1" and depth > 1 and m.parent != counters[depth - 2]:
            state.warn(b.line, f"{m.raw} does not belong to its section {counters[depth - 2]}; kept as a paragraph",
                       b.source, f"{counters[depth - 2]}―{m.number}")
            b.as_paragraph()
            continue
        if m.style not in numbering:
            numbering.append(m.style)
            where[m.style] = b.line
            state.decided("level", b.line, b.source, f"the style {m.style} numbers depth {depth}")
        del counters[depth:]
        counters[depth - 1:] = [m.number]
        if m.style in THROUGH:
            through[m.style] = (m.number, m.branch or 1)
        b.depth = depth
        if b.kind == "heading":
            if base is None:
                base = b.level - depth
            elif b.level != base + depth:
                state.repaired("R5", b.line, f"{'#' * b.level} {m.raw}", f"depth {depth} (from the style {m.style})")
