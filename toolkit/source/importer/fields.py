"""Each clause's fields beyond its text (classification, ground, note …): from its record in the file,
else from the clause of ``--like`` it was matched to.

A record (:mod:`toolkit.source.importer.records`: a Markdown attribute block, a Word file's custom XML
part) is the clause as exported, edited or not: its fields are taken as they stand, and its text's
references are its ``refs`` (each found where the record says, else at the nearest place the text prints
that clause's number; one the text no longer prints is a warning); a record without ``refs`` leaves the
text as the refs rule read it.

What the file does not say is taken from the clause of ``--like`` the clause matched: every field of a
clause with no record (a record lost by an editor, a paragraph pasted from elsewhere), and each field a
record lacks (fail closed: deleting ``.restricted`` from a record does not lower the clause — it stays
as the ``--like`` clause is, with a warning; a lower level is written as one, ``.internal``, which the
diff, the review package and ``policy adopt --declassify`` then see).  A clause that matched nothing
gets only what its record says.  Runs after ``ids``.
"""

from __future__ import annotations

from dataclasses import replace

from toolkit.model.numbering import ref_labels
from toolkit.model.refs import resolve
from toolkit.source.importer.build import labels
from toolkit.source.importer.records import ClauseRecord
from toolkit.source.importer.refs import _CONTINUES
from toolkit.source.importer.state import Draft, State, Supplement


def run(state: State) -> None:
    old = {n.id: n for n in state.like[1].walk()} if state.like is not None else {}
    old_labels = ref_labels(*state.like) if state.like is not None else {}
    taken = 0
    for d in [*state.walk(), *state.supplementary]:
        record = next((state.records[k] for k in (d.key or "").split() if k in state.records), None)
        if d.id in old:
            like = ClauseRecord.of(old[d.id], old_labels)
            if record is None:
                record = like
                taken += 1
            else:
                record = _filled(state, d, record, like)
        d.record = record
    if taken and state.records:
        state.decided("fields", 0, "", f"{taken} clauses without a record in the file took their fields "
                      f"(classification, ground, note …) from {state.like[1].id if state.like else ''}")
    if any(d.record is not None and d.record.refs for d in state.walk()):
        final = labels(state.drafts, state.numbering, state.file)
        for d in state.walk():
            if d.record is not None and d.record.refs:
                d.text = _cite(d, d.record, final, state)


# fields a record may lack, and what lacking one looks like (disclosable: false is a value; term: false is not)
_FALLBACK = ("classification", "ground", "disclosable", "note", "reason", "implements", "term", "refs", "follows")


def _filled(state: State, d: Draft | Supplement, record: ClauseRecord, like: ClauseRecord) -> ClauseRecord:
    """``record`` with each field it lacks taken from the ``--like`` clause's, said in the report (a lost
    classification or ground as a warning: the file said nothing, the clause keeps its level)."""
    filled = {name: getattr(like, name) for name in _FALLBACK
              if _absent(name, getattr(record, name)) and not _absent(name, getattr(like, name))}
    if not filled:
        return record
    rev = state.like[1].id if state.like is not None else ""
    kept = [n for n in ("classification", "ground") if n in filled]
    if kept:
        state.warn(d.line, f"the record of clause {d.id} gives no {' or '.join(kept)}: kept "
                   + ", ".join(f"{n} {filled[n]}" for n in kept) + f" as in {rev}", "",
                   "the level written out to change it (e.g. .internal), which policy adopt --declassify decides")
    state.decided("fields", d.line, "", f"clause {d.id}: {', '.join(filled)} not in its record: taken from {rev}")
    return replace(record, **filled)


def _absent(name: str, value: object) -> bool:
    return value is None or value == () or (name == "term" and value is False)


def _cite(d: Draft, record: ClauseRecord, final: dict[str, str], state: State) -> list[str]:
    """The draft's paragraphs as printed, with the record's references put back as ``{ref:id}``."""
    printed = [resolve(t, final) for t in d.text]
    spans: list[list[tuple[int, int, str]]] = [[] for _ in printed]
    for target, k, at in record.cited():
        label = final.get(target)
        if k >= len(printed) or label is None:
            state.warn(d.line, f"clause {d.id} cited {target}, which the text no longer has; kept as text",
                       printed[k] if k < len(printed) else "", "the cited clause, or remove the citation")
            continue
        text = printed[k]
        taken = spans[k]

        def free(i: int, taken: list[tuple[int, int, str]] = taken, n: int = len(label)) -> bool:
            return not any(a < i + n and i < b for a, b, _t in taken)

        # where the record says (the text unedited there), else where the text prints the number nearest it
        places = [at] if text.startswith(label, at) and free(at) else \
            [i for i in _occurrences(text, label) if free(i)]
        if not places:
            state.warn(d.line, f"clause {d.id} cited {target} ({label}), which its text no longer prints; "
                       "kept as text", text, f"the number {label} where the clause is cited")
            continue
        pos = min(places, key=lambda i: (abs(i - at), i))
        taken.append((pos, pos + len(label), target))
    out = []
    for text, taken in zip(printed, spans, strict=True):
        for a, b, target in sorted(taken, reverse=True):
            text = f"{text[:a]}{{ref:{target}}}{text[b:]}"
        out.append(text)
    return out


def _occurrences(text: str, label: str) -> list[int]:
    """Where ``text`` prints ``label`` as a whole number (not a part of 12, 6(3) or （2）)."""
    out = []
    i = text.find(label)
    while i >= 0:
        before = text[i - 1] if i else ""
        if not (before.isdigit() or (label[0].isdigit() and before in "(（―")) and not _CONTINUES.match(text, i + len(label)):
            out.append(i)
        i = text.find(label, i + 1)
    return out
