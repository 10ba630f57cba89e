"""前文: the unnumbered paragraphs before the first section belong to the revision (``Revision.preamble``).

Real policies often open with several paragraphs on why the policy exists, before 「1 目的」; a text
with no numbered section at all (a web page of prose and unnumbered headings) is all 前文.  Each
paragraph becomes a preamble node (kept verbatim, its line in the report); none is dropped.
"""

from __future__ import annotations

from toolkit.source.importer.state import State


def run(state: State) -> None:
    first = next((i for i, b in enumerate(state.blocks) if b.marker is not None), len(state.blocks))
    for b in state.blocks[:first]:
        if not b.text:
            continue
        if b.kind == "heading":
            b.as_paragraph()  # an unnumbered heading in the 前文: kept as its paragraph
        state.preamble.append(b)
        state.decided("preamble", b.line, b.source, "前文 (a paragraph before the first section)")
    del state.blocks[:first]
