"""Markdown attribute blocks (``{#id .restricted ground=…}``) at the end of a line: the clause's record.

``policy export`` writes one after each clause's line (:mod:`toolkit.textforms.records`); here
they are taken off the text and kept under the same key a Word bookmark gives the clause
(``_pid_…``; the second block of a line, an article's first 項, ``_pik_…``), so the ``ids`` rule gives the
clause its id and the ``fields`` rule its fields, as for a Word file.  Every block taken is in the
report; a block that is not a valid record stays in the text, with a warning.
"""

from __future__ import annotations

from toolkit.source.importer.state import State
from toolkit.textforms.records import ClauseRecord, split_line
from toolkit.textforms.word import bookmark_name, first_item_bookmark


def run(state: State) -> None:
    if not state.attributes:
        return
    for b in state.blocks:
        text, blocks = split_line(b.text)
        if text == b.text:
            continue
        try:
            records = [ClauseRecord.from_attributes(x) for x in blocks]
        except ValueError as e:
            state.warn(b.line, f"an attribute block that is not a clause record ({e}); kept as text", b.source,
                       "{#clause-id .classification ground=… } as `policy export` writes it")
            continue
        if len(records) > 2:
            state.warn(b.line, f"{len(records)} attribute blocks on one line; kept as text", b.source,
                       "one per clause (two: an article and its first 項)")
            continue
        keys = []
        for k, r in enumerate(records):
            key = (bookmark_name if k == 0 else first_item_bookmark)(r.id)
            state.records[key] = r
            state.keyed.setdefault(key, r.id)
            keys.append(key)
        state.decided("fields", b.line, " ".join(blocks),  # quoted: the report shows every field as written
                      "the fields of clause " + " and ".join(r.id for r in records) if records else
                      "an empty {} after text that ends like an attribute block: dropped")
        tail = b.text[len(text):].strip()
        b.text = text
        if b.source.rstrip().endswith(tail):  # kept as a paragraph, the line reads without its record
            b.source = b.source.rstrip()[: -len(tail)].rstrip(" \t\u3000")
        b.key = " ".join(keys) or b.key

