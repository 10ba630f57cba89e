"""A leading backslash keeps a paragraph that looks like a number or Markdown from being read as one.

``\\(1)及び(2)の規定は…`` is text, not item (1).  The Markdown export writes
these escapes; the backslash is dropped here, after numbers, dates and the
目次 were read.  (Exactly one leading backslash is dropped, as Markdown does.)
"""

from __future__ import annotations

from toolkit.source.importer.state import State


def unescape(text: str | None) -> str | None:
    if text and text.startswith("\\") and text[1:2].strip():
        return text[1:]
    return text


def run(state: State) -> None:
    for b in state.blocks:
        if b.marker is None:  # after a number the text is never read as one
            b.text = unescape(b.text) or ""
    state.title = unescape(state.title)
    state.series = unescape(state.series)
