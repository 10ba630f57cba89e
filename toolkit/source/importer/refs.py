"""Cross-references: 「上記3の脅威」 → ``上記{ref:threats}の脅威``.

A number cited after 上記 / 前記 / 下記 (and a list of them: 「上記6、7及び8」)
becomes a reference to the node it numbers, so it stays right after a
renumbering.  Only a number that is exactly a node's full citation label is
converted (rendering prints that label back, so the wording never changes);
anything else is left as text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from toolkit.model.refs import resolve
from toolkit.source.importer.build import labels
from toolkit.source.importer.state import State

_CUE = re.compile(r"上記|前記|下記")
_SEP = re.compile(r"、|，|,|及び|並びに|又は|若しくは|から|～|〜|・")
# after a label, these would mean the number goes on (6(3), 30, 6―1)
_CONTINUES = re.compile(r"[0-9０-９(（―\u2460-\u2487\u3251-\u325f\u32b1-\u32bf]")


def run(state: State) -> None:
    for n, d in enumerate(state.walk(), start=1):
        d.id = f"t{n}"  # temporary; the ids rule gives the real ones
    by_id = labels(state.drafts, state.numbering, state.file)
    state.temp_labels = by_id  # the ids rule reads the same (the tree does not change in between)
    by_label: dict[str, str] = {}
    for i, lab in by_id.items():
        by_label.setdefault(lab, i)  # one label, several nodes (an article and its only 項): the first
    ordered = Labels(by_label)
    for d in state.walk():
        for k, para in enumerate(d.text):
            converted = convert(para, by_label, ordered)
            if converted != para:
                assert resolve(converted, by_id) == para, (para, converted)
                d.text[k] = converted


class Labels:
    """The labels, looked up by the text at a position, longest first (without a scan of every label)."""

    def __init__(self, labels: Iterable[str]) -> None:
        self.labels = set(labels)
        self.lengths = sorted({len(x) for x in self.labels}, reverse=True)


def _label_at(text: str, pos: int, ordered: Labels) -> str | None:
    for n in ordered.lengths:
        lab = text[pos:pos + n]
        if len(lab) == n and lab in ordered.labels and not _CONTINUES.match(text, pos + n):
            return lab
    return None


def convert(text: str, by_label: dict[str, str], ordered: Labels) -> str:
    out: list[str] = []
    pos = 0
    for m in _CUE.finditer(text):
        if m.start() < pos:
            continue
        j = m.end()
        spans: list[tuple[int, int, str]] = []
        while True:
            lab = _label_at(text, j, ordered)
            if lab is None:
                break
            spans.append((j, j + len(lab), by_label[lab]))
            j += len(lab)
            sep = _SEP.match(text, j)
            if sep is None or _label_at(text, sep.end(), ordered) is None:
                break
            j = sep.end()
        for start, end, target in spans:
            out.append(text[pos:start])
            out.append(f"{{ref:{target}}}")
            pos = end
    out.append(text[pos:])
    return "".join(out)
