"""R1: ``(1 1)`` → ``(11)``: the digits of a number split by PDF extraction."""

from __future__ import annotations

from toolkit.source.importer.state import State
from toolkit.textforms.numbers import SPLIT_DIGITS


def run(state: State) -> None:
    for b in state.blocks:
        m = SPLIT_DIGITS.match(b.text)
        if m:
            fixed = m.group(1) + m.group(2).replace(" ", "") + m.group(3)
            state.repaired("R1", b.line, m.group(0), fixed)
            b.text = fixed + b.text[m.end():]
