"""Assembling a quiz (出題セットの組立て) from the question pool, by the audience's blueprint.

In order:

1. every hand-written question (the best items), in the order written;
2. up to ``blueprint.scenarios`` scenarios (seeded order);
3. each top-level section the blueprint names gets its ``each`` questions;
4. the rest, taking the kinds in turn (choice, true/false, blank).

A question joins only when it fits: no topic over its share (e.g. definitions
at most a quarter) and **no answer given away** — none of its answers appears
in another chosen question's stem or options, and none of theirs in its own
(:func:`gives_away`), no fact asked twice
(:func:`toolkit.training.quality.fact_key`: one change in three clauses is one fact) and
no tell: the right option is the longest in at most ``1/k + 0.1`` of the
``k``-option items so far (:func:`toolkit.training.quality.tell_limit`), and the right options'
positions are dealt out evenly once the set is drawn (:func:`deal_positions`).  What the blueprint asks and the pool cannot give is
reported as a message (``policy train`` prints it), never silently dropped.
The order within a kind is seeded with the audience too, so the public and
staff sets of one seed differ where their pools overlap.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from toolkit.model import PolicySet
from toolkit.training.facts import sections
from toolkit.training.model import (
    Blank,
    Choice,
    Question,
    Quiz,
    Scenario,
    TrueFalse,
    answer_texts,
    normal,
    stem,
)
from toolkit.training.quality import correct_is_longest, fact_key, tell_limit
from toolkit.training.questions import question_pool
from toolkit.training.settings import Blueprint, Cover, TrainingSettings

KIND_TURNS = (Choice.kind, TrueFalse.kind, Blank.kind)
DRAW_PER_QUESTION = 2  # a document offers a set this many clauses per question asked (dealt round its sections, seeded)
MIN_GIVEAWAY = 2  # an answer this short (normalised) is a particle, not knowledge


def gives_away(a: Question, b: Question) -> str | None:
    """An answer of ``a`` that ``b`` shows (in its stem or options), or None."""
    shown = normal(stem(b))
    for answer in answer_texts(a):
        n = normal(answer)
        if len(n) >= MIN_GIVEAWAY and n in shown:
            return answer
    return None


def giveaways(questions: Sequence[Question]) -> list[tuple[str, str, str]]:
    """Every (question id, answer, id of the question showing it) in a set."""
    out = []
    for a in questions:
        for b in questions:
            if a is not b and (hit := gives_away(a, b)) is not None:
                out.append((a.id, hit, b.id))
    return out


def _order(seed: int, audience: str, qid: str) -> str:
    return hashlib.sha256(f"{seed}:{audience}:{qid}".encode()).hexdigest()


def section_key(q: Question) -> tuple[str, str]:
    return (q.source.doc_id, q.source.section)


def assemble(pool: Sequence[Question], blueprint: Blueprint, view: PolicySet, seed: int, count: int,
             messages: list[str]) -> list[Question]:
    """``count`` questions from ``pool`` following ``blueprint`` (see the module docstring)."""
    audience = view.audience_id or ""
    ordered = sorted(pool, key=lambda q: _order(seed, audience, q.id))
    limits = dict(blueprint.at_most)
    chosen: list[Question] = []
    topics: Counter[str] = Counter()

    clauses: Counter[tuple[str, str | None]] = Counter()
    answers: set[str] = set()
    facts: set[str] = set()
    shown_by_chosen: list[str] = []  # each chosen question's stem, normalised
    chosen_answers: list[str] = []  # their answers, normalised (as gives_away reads them)
    options: Counter[int] = Counter()  # k → k-option items chosen
    longest: Counter[int] = Counter()  # k → of which the right option is the longest
    spread = True  # one question per clause while the pool allows (relaxed for the last fill)

    def fits(q: Question) -> bool:
        if q in chosen or len(chosen) >= count:
            return False
        share = limits.get(q.topic)
        if share is not None and topics[q.topic] + 1 > share * count:
            return False
        if spread and not q.written and clauses[(q.source.doc_id, q.source.clause_id)]:
            return False
        if any(normal(a) in answers for a in answer_texts(q)):
            return False  # the same answer twice (「完全性」 in two blanks) asks one thing twice
        if fact_key(q) in facts:
            return False
        if isinstance(q, Choice | Scenario) and correct_is_longest(q):
            k = len(q.options)
            if longest[k] + 1 > tell_limit(k) * (options[k] + 1):
                return False  # the length of the right option would become a tell
        # no answer of q shown by a chosen question, none of theirs shown by q (normalised once each)
        mine = [n for n in (normal(a) for a in answer_texts(q)) if len(n) >= MIN_GIVEAWAY]
        if any(n in shown for n in mine for shown in shown_by_chosen):
            return False
        own = normal(stem(q))
        return not any(n in own for n in chosen_answers)

    def take(q: Question) -> None:
        chosen.append(q)
        topics[q.topic] += 1
        clauses[(q.source.doc_id, q.source.clause_id)] += 1
        answers.update(normal(a) for a in answer_texts(q))
        shown_by_chosen.append(normal(stem(q)))
        chosen_answers.extend(n for n in (normal(a) for a in answer_texts(q)) if len(n) >= MIN_GIVEAWAY)
        facts.add(fact_key(q))
        if isinstance(q, Choice | Scenario):
            options[len(q.options)] += 1
            longest[len(q.options)] += correct_is_longest(q)

    for q in pool:
        if q.written and not isinstance(q, Scenario):
            if fits(q):
                take(q)
            else:
                messages.append(f"{q.origin}: hand-written question {q.id} not used in the {audience} set "
                                "(it would give away another answer, or the set is full)")
    scenarios = [q for q in ordered if isinstance(q, Scenario)]
    wanted = min(blueprint.scenarios, max(0, count - len(chosen)))
    for q in scenarios:
        if sum(isinstance(c, Scenario) for c in chosen) >= wanted:
            break
        if fits(q):
            take(q)
    if sum(isinstance(c, Scenario) for c in chosen) < wanted:
        messages.append(f"{audience}: blueprint asks for {blueprint.scenarios} scenarios, only "
                        f"{sum(isinstance(c, Scenario) for c in chosen)} available")
    generated = [q for q in ordered if not q.written]
    needs: list[tuple[Cover, str, str]] = []  # (rule, document id, section)
    for rule in blueprint.cover:
        try:
            doc = view.document(rule.doc_id)
        except KeyError:
            messages.append(f"{rule.location}: {audience}: document {rule.doc_id!r} is not in this view")
            continue
        if doc.withheld or not doc.revisions:
            messages.append(f"{rule.location}: {audience}: document {rule.doc_id!r} is withheld from this audience")
            continue
        needs.extend((rule, doc.id, top) for top in dict.fromkeys(v for v in sections(doc, doc.current).values() if v))
    # the sections with the fewest candidates first: they have the least room
    by_section: dict[tuple[str, str], list[Question]] = {}
    for q in generated:
        by_section.setdefault(section_key(q), []).append(q)
    candidates_of = {(d, t): by_section.get((d, t), []) for _r, d, t in needs}
    for rule, doc_id, top in sorted(needs, key=lambda n: len(candidates_of[(n[1], n[2])])):
        key = (doc_id, top)
        have = sum(section_key(c) == key for c in chosen)
        turn = 0
        candidates = candidates_of[key]
        while have < rule.each:
            kind = KIND_TURNS[turn % len(KIND_TURNS)]
            pick = next((q for q in candidates if q.kind == kind and fits(q)), None)
            pick = pick or next((q for q in candidates if fits(q)), None)
            if pick is None:
                messages.append(f"{rule.location}: {audience}: cannot cover {doc_id} 「{top}」 {rule.each} time(s): "
                                f"{have} question(s) fit")
                break
            take(pick)
            have += 1
            turn += 1
    for spread in (True, False):  # noqa: B007 - read by fits()
        by_kind = {k: [q for q in generated if q.kind == k] for k in KIND_TURNS}
        while len(chosen) < count:
            progress = False
            for kind in KIND_TURNS:
                while by_kind[kind]:
                    q = by_kind[kind].pop(0)
                    if fits(q):
                        take(q)
                        progress = True
                        break
                if len(chosen) >= count:
                    break
            if not progress:
                break
    if len(chosen) < count:
        messages.append(f"{audience}: only {len(chosen)} questions fit the blueprint (asked for {count})")
    return deal_positions(chosen, seed, audience)


def deal_positions(questions: Sequence[Question], seed: int, audience: str) -> list[Question]:
    """The right options' positions dealt out evenly over the set (seeded): each position
    is used within one time of every other, so no position is a tell.  The other options
    keep their order around it."""
    items = [i for i, q in enumerate(questions) if isinstance(q, Choice | Scenario)]
    out = list(questions)
    by_k: dict[int, list[int]] = {}
    for i in items:
        by_k.setdefault(len(out[i].options), []).append(i)  # type: ignore[union-attr]
    for k, where in by_k.items():
        # rounds of every position, each round in its own seeded order: counts differ by one at most
        deck: list[int] = []
        for r in range(-(-len(where) // k)):
            deck.extend(sorted(range(k), key=lambda p: _order(seed, audience, f"position-{k}-{r}-{p}")))  # noqa: B023
        for i, target in zip(where, deck, strict=False):
            q = out[i]
            assert isinstance(q, Choice | Scenario)
            right = q.options[q.correct]
            others = [o for j, o in enumerate(q.options) if j != q.correct]
            out[i] = replace(q, options=(*others[:target], right, *others[target:]), correct=target)
    return out


def default_blueprint(audience: str, count: int) -> Blueprint:
    return Blueprint(audience, count)


def make_quiz(view: PolicySet, settings: TrainingSettings, seed: int, count: int | None, messages: list[str],
              as_of: dict[str, str] | None = None, title: str | None = None, marking: str = "",
              marking_text: str = "") -> Quiz:
    """A quiz for the view's audience: the pool, then assembled by its blueprint with ``seed``.

    ``count`` overrides the blueprint's (None: the blueprint's, else training/decks.yaml's).
    """
    audience = view.audience_id or ""
    blueprint = settings.blueprint(audience) or default_blueprint(audience, settings.count)
    count = count or blueprint.count
    pool = question_pool(view, settings, seed, messages, as_of, draw=DRAW_PER_QUESTION * count)
    chosen = assemble(pool, blueprint, view, seed, count, messages)
    label = settings.audience_label(audience)
    dates = [q.source.revision_date for q in chosen]
    newest = max(dates) if dates else max(r.date for d in view.documents for r in d.revisions)
    return Quiz(title or f"{settings.title} 確認テスト（{label}）", audience, seed, tuple(chosen), newest,
                view.organisation, tuple(messages), marking, marking_text)
