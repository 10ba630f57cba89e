"""Each clause's fields beyond its text (classification, ground, note …): from its record in the file,
else from the clause of ``--like`` it was matched to.

A record (:mod:`toolkit.source.importer.records`: a Markdown attribute block, a Word file's custom XML
part) is the clause as exported, edited or not: its fields are taken as they stand (a field it lacks is
not set).  A clause with no record keeps nothing of what the text cannot show unless ``--like`` gives
it: then it takes every field of the clause it matched (a record lost by an editor must not make a
clause fall to the document's level).  Runs after ``ids``.
"""

from __future__ import annotations

from toolkit.source.importer.records import ClauseRecord
from toolkit.source.importer.state import State


def run(state: State) -> None:
    old = {n.id: n for n in state.like[1].walk()} if state.like is not None else {}
    taken = 0
    for d in [*state.walk(), *state.supplementary]:
        record = next((state.records[k] for k in (d.key or "").split() if k in state.records), None)
        if record is None and d.id in old:
            record = ClauseRecord.of(old[d.id])
            taken += 1
        d.record = record
    if taken and state.records:
        state.decided("fields", 0, "", f"{taken} clauses without a record in the file took their fields "
                      f"(classification, ground, note …) from {state.like[1].id if state.like else ''}")
