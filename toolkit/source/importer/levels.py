"""R5: the level of a heading or item comes from its numbering style, not from ``#``.

The PDF extraction gave sections 3–10 ``###`` and items 2(11), 2(12), 6(9)
``####``.  Japanese policies number each level in its own style, so the style
says the level.  A number continues the sequence of the nearest enclosing
level numbered in its style (1. → (1) → ①: a ``(2)`` after ``①`` is the next
``(1)``-item, not a child); a style not on the path opens the first child
level of the clause before it.  The styles take depths in the order they
first appear (``State.numbering``).

Mixed numbering: where one section's items are (1), (2) and another's ア, イ
(a style that is not its depth's), the children keep their style as the
exception it is: the parent's ``numbering`` (:func:`restyle`), reported as a
``numbering`` decision.  第N条 are never such an exception (they are numbered
straight through the chapters, an 枝番 such as 第16条の2 following the article
it was inserted after).  The number must be the one the position gives
(numbers are derived, never stored); a skipped or repeated number is not
guessed at: that line stays a paragraph, with a warning.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.model.numbering import THROUGH, depth_style, number
from toolkit.source.importer.state import Draft, State


@dataclass
class _Level:
    """The siblings at one depth of the current path: their style and the last number."""

    style: str
    number: int = 0
    exception: bool = False  # not its depth's style: its parent's ``numbering``


def run(state: State) -> None:
    numbering = state.numbering
    path: list[_Level] = []  # one level per depth, down to the last numbered block
    base: int | None = None  # Markdown level of a depth-1 heading
    through: dict[str, tuple[int, int]] = {}  # THROUGH style → (last number, last 枝番)
    for b in state.blocks:
        m = b.marker
        if m is None:
            continue
        depth = next((d for d in range(len(path), 0, -1) if path[d - 1].style == m.style), 0)
        exception = depth > 0 and path[depth - 1].exception
        if not depth:  # a style not on the path: the first child of the clause before
            depth = len(path) + 1
            default = numbering[depth - 1] if depth <= len(numbering) else None
            # a new depth takes the style (the next in State.numbering), else it is an exception
            new_depth = default is None and depth == len(numbering) + 1 and m.style not in numbering
            exception = m.style != default and not new_depth
            if exception and m.style in THROUGH:
                state.warn(b.line, f"{m.raw} is an article inside a {path[-1].style} item, where depth {depth} is "
                           f"numbered {default or numbering[-1]}; kept as a paragraph", b.source,
                           "articles (第N条) at one depth, numbered straight through")
                b.as_paragraph()
                continue
        expected = path[depth - 1].number + 1 if len(path) >= depth else 1
        branch = 0
        if m.style in THROUGH:  # 第N条: straight through the chapters; 枝番 after its article
            last, last_branch = through.get(m.style, (0, 1))
            expected, branch = (last, last_branch + 1) if m.branch else (last + 1, 0)
        if m.number != expected or m.branch != branch:
            try:
                should = number(m.style, expected, path[depth - 2].number if depth > 1 else 0, branch)
            except (ValueError, IndexError):
                should = str(expected)
            state.warn(b.line, f"{m.raw} is out of sequence: by position it is {should}; kept as a paragraph",
                       b.source, "items numbered 1, 2, 3 … at each level (is one missing or repeated?)")
            b.as_paragraph()
            continue
        if m.style == "1―1" and depth > 1 and m.parent != path[depth - 2].number:
            state.warn(b.line, f"{m.raw} does not belong to its section {path[depth - 2].number}; kept as a paragraph",
                       b.source, f"{path[depth - 2].number}―{m.number}")
            b.as_paragraph()
            continue
        if exception and len(path) < depth:  # the first of these items (the rest follow it)
            state.decided("numbering", b.line, b.source,
                          f"the style {m.style} numbers these depth-{depth} items, where depth {depth} is numbered "
                          f"{numbering[depth - 1] if depth <= len(numbering) else numbering[-1]}: kept as items, "
                          f"the style stored on their parent (numbering: {m.style})")
        elif not exception and m.style not in numbering:
            numbering.append(m.style)
            state.decided("level", b.line, b.source, f"the style {m.style} numbers depth {depth}")
        del path[depth:]
        if len(path) < depth:
            path.append(_Level(m.style, exception=exception))
        path[depth - 1].number = m.number
        if m.style in THROUGH:
            through[m.style] = (m.number, m.branch or 1)
        b.depth = depth
        if b.kind == "heading":
            if base is None:
                base = b.level - depth
            elif b.level != base + depth:
                state.repaired("R5", b.line, f"{'#' * b.level} {m.raw}", f"depth {depth} (from the style {m.style})")


def restyle(drafts: list[Draft], styles: tuple[str, ...] | list[str]) -> int | None:
    """Set each draft's ``numbering`` (its children's style, where not their depth's in ``styles``).

    Returns how many exceptions that takes; None when ``styles`` cannot number the text (the top level in
    another style, or articles (第N条) as an exception), and then nothing is changed.
    """
    if not drafts:
        return 0
    if not styles or drafts[0].style != styles[0]:
        return None
    plan: list[tuple[Draft, str | None]] = []

    def go(ds: list[Draft], depth: int) -> bool:
        for d in ds:
            if d.children:
                own = d.children[0].style
                exc = own if own != depth_style(styles, depth + 1) else None
                if exc in THROUGH:
                    return False
                plan.append((d, exc))
                if not go(d.children, depth + 1):
                    return False
        return True

    if not go(drafts, 1):
        return None
    for d, exc in plan:
        d.numbering = exc
    return sum(1 for _d, exc in plan if exc is not None)
