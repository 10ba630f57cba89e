"""A leading backslash keeps a paragraph that looks like a number or Markdown from being read as one.

``\\(1)及び(2)の規定は…`` is text, not item (1).  The Markdown export writes
these escapes; the backslash is dropped here, after numbers were read.
"""

from __future__ import annotations

from toolkit.source.importer.state import State

ESCAPABLE = set("\\`*_{}[]()#+-.!>|=~<&:;'\"0123456789（①⑴・●○■□◆◇◎第") | set(
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
) | {chr(c) for c in range(0x2460, 0x2488)} | {chr(c) for c in range(0x3251, 0x3260)} \
    | {chr(c) for c in range(0x32B1, 0x32C0)}


def run(state: State) -> None:
    for b in state.blocks:
        b.text = unescape(b.text) or ""
    state.title = unescape(state.title)
    state.series = unescape(state.series)


def unescape(text: str | None) -> str | None:
    if text and text.startswith("\\") and text[1:2] in ESCAPABLE and text[1:2]:
        return text[1:]
    return text
