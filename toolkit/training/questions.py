"""The question pool (確認テスト) of a view: the hand-written questions and scenarios, then the generated ones.

Hand-written questions (:mod:`toolkit.training.written`) come first; the
generated ones (:mod:`toolkit.training.generated`) are made once per process
for the same inputs and, from a large document, only about a seeded draw of
its clauses.  Every question is checked with
:func:`toolkit.training.model.problems_with`; the set is drawn by
:mod:`toolkit.training.assemble`.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import replace

from toolkit.model import Document, PolicySet, Revision
from toolkit.training.facts import document_facts, placed_in, revisions_up_to, sections, withheld_from_public
from toolkit.training.generated import facts_questions
from toolkit.training.model import Question, normal, problems_with
from toolkit.training.settings import TrainingSettings
from toolkit.training.textindex import TextIndex
from toolkit.training.written import scenario_question, written_question


def view_text(view: PolicySet) -> str:
    """Every word of every revision in the view, normalised (to tell a swapped sentence from a real one)."""
    return "\n".join(normal(t) for d in view.documents for r in d.revisions for n in r.walk()
                     for t in (n.title or "", n.term or "", *n.text))


# Per-document questions, kept for the process: a staff publish asks for the pool of the same
# view two or three times (the self-check quiz, the review package's lists of the text in force
# and of each draft), and the documents a draft does not touch are the same each time.  Keyed by
# everything the questions are made from (the view's text, the document with its revisions, the
# revision, the seed, the settings object — held, so its id is never reused — and the withheld).
_POOLS: dict[tuple[object, ...], tuple[TrainingSettings, list[Question | None], list[str]]] = {}
_POOLS_KEPT = 16
_INDEXES: dict[str, TextIndex] = {}
BUILDS = {"documents": 0}  # how many documents' questions were made (tests: once per publish)


def _text_index(text: str) -> TextIndex:
    index = _INDEXES.get(text)
    if index is None:
        _INDEXES.clear()  # one view's text at a time
        index = _INDEXES[text] = TextIndex(text)
    return index


def drawn_clauses(doc: Document, rev: Revision, seed: int, audience: str, draw: int | None) -> frozenset[str] | None:
    """The clauses a quiz asks about in a document of more than ``draw`` clauses (None: every
    clause): dealt round the top-level sections in seeded order — one clause of each section,
    then a second of each … — so every section has its turn before any has two."""
    placed = [p.node.id for p in placed_in(doc, rev)]
    if draw is None or len(placed) <= draw:
        return None

    def order(key: str) -> str:
        return hashlib.sha256(f"{seed}:{audience}:{doc.id}:{key}".encode()).hexdigest()

    top = sections(doc, rev)
    by_section: dict[str, list[str]] = defaultdict(list)
    for clause in placed:
        by_section[top.get(clause, "")].append(clause)
    rounds = [sorted(ids, key=order) for _s, ids in sorted(by_section.items(), key=lambda kv: order(kv[0]))]
    dealt = [ids[n] for n in range(max(map(len, rounds))) for ids in rounds if n < len(ids)]
    return frozenset(dealt[:draw])


def document_questions(view: PolicySet, doc: Document, rev: Revision, settings: TrainingSettings, seed: int,
                       known_text: str, withheld: list[Document], messages: list[str],
                       ask: frozenset[str] | None = None) -> list[Question | None]:
    """The generated questions of ``rev`` of ``doc``, about the clauses ``ask`` (None: all);
    made once per process for the same inputs."""
    key = (known_text, doc, rev.id, seed, id(settings), tuple(w.id for w in withheld), ask)
    hit = _POOLS.get(key)
    if hit is not None and hit[0] is settings:
        messages.extend(hit[2])
        return hit[1]
    said: list[str] = []
    facts = document_facts(view, doc, rev, settings, said, withheld)
    terms = {d.source.clause_id for d in facts.definitions}
    made: list[Question | None] = []
    for q in facts_questions(facts, settings, _text_index(known_text), seed, ask):
        if q is not None and q.source.clause_id in terms and q.topic == "clause":
            q = replace(q, topic="definition")
        made.append(q)
    BUILDS["documents"] += 1
    if len(_POOLS) >= _POOLS_KEPT:
        del _POOLS[next(iter(_POOLS))]
    _POOLS[key] = (settings, made, said)
    messages.extend(said)
    return made


def question_pool(view: PolicySet, settings: TrainingSettings, seed: int, messages: list[str],
                  as_of: dict[str, str] | None = None, draw: int | None = None) -> list[Question]:
    """Every question the view allows, checked; unfit ones are left out with a message.

    Hand-written questions and scenarios come first, in the order they are written.
    The generated questions of a document are made once per process for the same
    inputs (:func:`document_questions`), however often a publish asks.  ``draw``: a quiz
    needs a few questions, not all: from a document larger than ``draw`` clauses, only
    questions about ``draw`` clauses drawn in seeded order (:func:`drawn_clauses`), so a
    3,000-article 規程 costs a quiz what a 240-clause one does.
    """
    as_of = as_of or {}
    withheld = withheld_from_public(view)
    known_text = view_text(view)
    written: list[Question | None] = []
    generated: list[Question | None] = []
    for doc in view.documents:
        if doc.withheld or not doc.revisions:
            continue
        rev = list(revisions_up_to(doc, as_of.get(doc.id)))[-1]
        ask = drawn_clauses(doc, rev, seed, view.audience_id or "", draw)
        generated.extend(document_questions(view, doc, rev, settings, seed, known_text, withheld, messages, ask))
        written.extend(written_question(wq, doc, rev, seed, messages)
                       for wq in settings.questions if wq.doc_id == doc.id)
    written.extend(scenario_question(sc, view, seed, messages) for sc in settings.scenarios)
    out: list[Question] = []
    seen: set[str] = set()
    for q in (*written, *generated):
        if q is None or q.id in seen:
            continue
        wrong = problems_with(q)
        if wrong:
            messages.append(f"{q.origin if q.written else q.id}: left out: {'; '.join(wrong)}")
            continue
        seen.add(q.id)
        out.append(q)
    return out
