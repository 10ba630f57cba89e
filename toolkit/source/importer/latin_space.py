"""R4: a space inserted by PDF extraction between Latin text and Japanese is removed.

``LGWAN 接続系`` → ``LGWAN接続系``, ``LGWAN と`` → ``LGWANと``.  Japanese text
sets Latin words without spaces; the PDF's glyph positions added them.
Not in a file ``policy export`` wrote (:attr:`State.exported`): spaces there are the
source's (「庁内メール csirt@…」).
"""

from __future__ import annotations

import re

from toolkit.source.importer.state import State

_JA = r"\u3001-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60"
_SPACE = re.compile(rf"(?<=[A-Za-z0-9]) +(?=[{_JA}])|(?<=[{_JA}]) +(?=[A-Za-z0-9])")


def fix(text: str) -> str:
    return _SPACE.sub("", text)


def run(state: State) -> None:
    if state.exported:
        return
    for b in state.blocks:
        for m in _SPACE.finditer(b.text):
            before = b.text[max(0, m.start() - 5): m.end() + 3]
            state.repaired("R4", b.line, before, fix(before))
        b.text = fix(b.text)
    for name in ("series", "title"):
        text = getattr(state, name)
        if text is not None and fix(text) != text:
            state.repaired("R4", 1, text, fix(text))
            setattr(state, name, fix(text))
