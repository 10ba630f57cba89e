"""What a trainer checks in every set and deck (設問・カードの質): measured, not assumed.

* **No tell** (:func:`tells`): in a set, the correct option is the longest of its
  ``k`` options in at most ``1/k + 0.1`` of the ``k``-option items, and the
  correct option's positions are balanced (no position used more than once
  more than another).  A test-wise reader then scores nothing without reading
  the policy.
* **One fact, one item** (:func:`fact_key`, :func:`repeated_facts`): a set never
  asks the same fact twice (the same change in three clauses is one fact).
* **Cards one can answer** (:func:`card_answer`, :func:`deck_figures`): the
  share of notes whose answer is over 40 and over 100 characters, and the
  longest (the minimum-information principle: a short phrase, a term, a number).

:mod:`toolkit.training.assemble` keeps the first two while it draws a set;
the tests run all three on every generated set and deck.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from toolkit.training.model import (
    CLOZE_CLOSE,
    CLOZE_OPEN,
    Blank,
    Card,
    Choice,
    Question,
    Scenario,
    TrueFalse,
    answer_texts,
    normal,
)

TELL_MARGIN = 0.1  # above chance (1/k) a length signal may reach
SHORT_ANSWER = 40  # characters: what a person recalls as one thing
LONG_ANSWER = 100

_CLOZE = re.compile(f"{CLOZE_OPEN}c\\d+::(.*?){CLOZE_CLOSE}", re.S)


def options_of(q: Question) -> tuple[str, ...]:
    return q.options if isinstance(q, Choice | Scenario) else ()


def correct_is_longest(q: Choice | Scenario) -> bool:
    """Whether the right option is strictly longer than every other (a tie carries no signal)."""
    right = len(q.options[q.correct])
    return all(right > len(o) for i, o in enumerate(q.options) if i != q.correct)


def tell_limit(k: int) -> float:
    """The largest share of ``k``-option items whose right option may be the longest."""
    return 1 / k + TELL_MARGIN


def length_tells(questions: Sequence[Question]) -> dict[int, tuple[int, int]]:
    """k → (items whose right option is the longest, k-option items)."""
    out: dict[int, list[int]] = {}
    for q in questions:
        if isinstance(q, Choice | Scenario):
            entry = out.setdefault(len(q.options), [0, 0])
            entry[0] += correct_is_longest(q)
            entry[1] += 1
    return {k: (v[0], v[1]) for k, v in out.items()}


def positions(questions: Sequence[Question]) -> dict[int, list[int]]:
    """k → how often the right option stands at each position."""
    out: dict[int, list[int]] = {}
    for q in questions:
        if isinstance(q, Choice | Scenario):
            out.setdefault(len(q.options), [0] * len(q.options))[q.correct] += 1
    return out


def tells(questions: Sequence[Question]) -> list[str]:
    """What in a set gives the answer away without reading it ([] when nothing)."""
    out = []
    for k, (longest, n) in sorted(length_tells(questions).items()):
        if longest > tell_limit(k) * n:
            out.append(f"the right option is the longest in {longest} of {n} {k}-option items "
                       f"(at most {tell_limit(k):.0%})")
    for k, counts in sorted(positions(questions).items()):
        if max(counts) - min(counts) > 1:
            out.append(f"the right option's positions are unbalanced: {counts} in {k}-option items")
    return out


def fact_key(q: Question) -> str:
    """What an item asks, as one key: the item's own ``fact`` when it names one (a change:
    「二要素認証」→「多要素認証」, whichever clause it is in), else its clause and answer."""
    if q.fact:
        return q.fact
    match q:
        case TrueFalse():
            what = normal(q.corrected or q.prompt)
        case Choice() | Scenario() | Blank():
            what = "|".join(normal(a) for a in answer_texts(q))
    return f"{q.source.doc_id}/{q.source.clause_id or '-'}:{what}"


def repeated_facts(questions: Sequence[Question]) -> list[str]:
    """Facts a set asks more than once."""
    seen: dict[str, int] = {}
    for q in questions:
        seen[fact_key(q)] = seen.get(fact_key(q), 0) + 1
    return sorted(k for k, n in seen.items() if n > 1)


def card_answer(card: Card) -> list[str]:
    """What a note asks a person to recall: the back of a basic note, the term of a
    definition note (its front is the meaning), each cloze gap of a cloze note."""
    fields = dict(card.fields)
    if "答え" in fields:
        return [fields["答え"]]
    if "用語" in fields:
        return [fields["用語"]]
    return _CLOZE.findall(fields.get("本文", ""))


@dataclass(frozen=True)
class DeckFigures:
    """How recallable a deck's answers are."""

    notes: int
    answers: int
    over_short: int  # answers over SHORT_ANSWER characters
    over_long: int  # answers over LONG_ANSWER characters
    longest: int

    def __str__(self) -> str:
        share = (lambda n: f"{n / self.answers:.0%}") if self.answers else (lambda n: "-")
        return (f"{self.notes} notes, {self.answers} answers: over {SHORT_ANSWER} chars {self.over_short} "
                f"({share(self.over_short)}), over {LONG_ANSWER} {self.over_long} ({share(self.over_long)}), "
                f"longest {self.longest}")


def deck_figures(cards: Sequence[Card]) -> DeckFigures:
    lengths = [len(a) for c in cards for a in card_answer(c)]
    return DeckFigures(len(cards), len(lengths), sum(n > SHORT_ANSWER for n in lengths),
                       sum(n > LONG_ANSWER for n in lengths), max(lengths, default=0))
