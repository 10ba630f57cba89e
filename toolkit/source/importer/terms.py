"""Definitions (定義): under a section titled …定義, a heading and its text are a term and its meaning."""

from __future__ import annotations

from toolkit.source.importer.state import State


def run(state: State) -> None:
    for d in state.walk():
        if d.title is not None and "定義" in d.title:
            for c in d.children:
                if c.title is not None and c.text and not c.children:
                    c.term, c.title = c.title, None
