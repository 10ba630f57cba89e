"""The hand-written quiz questions (``questions.yaml``) and scenarios (``scenarios.yaml``) for a view.

A hand-written question is kept only while its clause reads as it did in
the revision it was written against; otherwise it is left out with a message.
"""

from __future__ import annotations

from toolkit.model import Document, PolicySet, Revision
from toolkit.training.facts import placed_in, sections, source_of
from toolkit.training.generated import choice_question
from toolkit.training.model import Blank, Choice, Question, Scenario, Source, TrueFalse
from toolkit.training.settings import ScenarioItem, WrittenQuestion


def written_question(wq: WrittenQuestion, doc: Document, rev: Revision, seed: int,
                     messages: list[str]) -> Question | None:
    """A hand-written question for ``rev`` of ``doc`` (a view), or None with a message why not."""
    where = f"{wq.location}: question {wq.id!r}"
    current = {p.node.id: p for p in placed_in(doc, rev)}
    written_rev = next((r for r in doc.revisions if r.id == wq.revision), None)
    if written_rev is None:
        return None  # the revision it was written against is not shown to this audience
    written = {n.id: n for n in written_rev.walk()}
    if wq.clause_id not in written:
        return None  # hidden from this audience
    if wq.clause_id not in current:
        messages.append(f"{where}: clause {wq.clause_id!r} is not in {doc.id} {rev.id}; question dropped")
        return None
    old, new = written[wq.clause_id], current[wq.clause_id].node
    if (old.heading, old.text) != (new.heading, new.text):
        messages.append(f"{where}: clause {wq.clause_id!r} changed between {wq.revision} and {rev.id}; question "
                        f"left out until reviewed (update its 'revision' when it still holds)")
        return None
    src = source_of(doc, rev, current[wq.clause_id], sections(doc, rev))
    origin = str(wq.location)
    qid = f"{doc.id}/{wq.clause_id}/written-{wq.id}"
    if wq.kind == Choice.kind:
        return choice_question(qid, wq.prompt, src, wq.options[0], wq.options[1:], seed, rationale=wq.explanation,
                       origin=origin, topic="written")
    if wq.kind == TrueFalse.kind:
        return TrueFalse(id=qid, prompt=wq.prompt, source=src, truth=bool(wq.truth), rationale=wq.explanation,
                         origin=origin, topic="written")
    return Blank(id=qid, prompt=wq.prompt, source=src, answers=tuple(dict.fromkeys(wq.answers)),
                 rationale=wq.explanation, origin=origin, topic="written")


def scenario_question(sc: ScenarioItem, view: PolicySet, seed: int, messages: list[str]) -> Scenario | None:
    """A scenario (事例問題) for a view: None when a clause it applies is hidden from the
    audience (silently) or no longer reads as written (with a message: review it)."""
    sources: list[Source] = []
    for doc_id, clause_id in sc.clauses:
        try:
            doc = view.document(doc_id)
        except KeyError:
            return None
        if doc.withheld or not doc.revisions:
            return None
        rev = doc.current
        placed = {p.node.id: p for p in placed_in(doc, rev)}
        if clause_id not in placed:
            return None
        written = next((r for r in doc.revisions if r.id == sc.revisions.get(doc_id)), None)
        if written is None:
            return None
        try:
            old = written.node(clause_id)
        except KeyError:
            return None
        new = placed[clause_id].node
        if (old.heading, old.text) != (new.heading, new.text):
            messages.append(f"{sc.location}: scenario {sc.id!r}: clause {doc_id}/{clause_id} changed since "
                            f"{written.id}; left out until reviewed")
            return None
        sources.append(source_of(doc, rev, placed[clause_id], sections(doc, rev)))
    q = choice_question(f"scenario/{sc.id}", sc.prompt, sources[0], sc.options[0], sc.options[1:], seed,
                rationale=sc.rationale, origin=str(sc.location), topic="scenario")
    if q is None:
        return None
    return Scenario(id=q.id, prompt=q.prompt, source=q.source, sources=tuple(sources[1:]), situation=sc.situation,
                    options=q.options, correct=q.correct, rationale=q.rationale, origin=q.origin, topic="scenario")
