"""What ``training/*.yaml`` says, as data: deck settings, clause roles, pools, questions, blueprints, scenarios."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from toolkit.errors import Location
from toolkit.training.model import Blank, Choice, TrueFalse

DEFAULT_DIR = Path("training")
FILES = ("decks.yaml", "questions.yaml", "distractors.yaml", "blueprints.yaml", "scenarios.yaml")
WRITTEN_KINDS = (Choice.kind, TrueFalse.kind, Blank.kind)  # what questions.yaml may hold (scenarios have their file)
PROVENANCE = "toolkit"  # written by the toolkit team, not adopted by the city
BLANK_IN_YAML = "___"  # how a hand-written blank is typed in questions.yaml


@dataclass(frozen=True)
class Enumeration:
    """A list inside one sentence: the items between ``before`` and ``after``, split on 、 and 及び."""

    id: str
    doc_id: str
    clause_id: str
    before: str
    after: str
    label: str  # what the items are, e.g. 「本基本方針が適用される実施機関」
    location: Location


@dataclass(frozen=True)
class SubjectItems:
    """Children of a clause whose sentence opens with a subject up to ``until`` (「…においては、」)."""

    doc_id: str
    clause_id: str
    until: str
    prompt: str  # with {subject}
    location: Location


@dataclass(frozen=True)
class KeySentence:
    """A sentence to learn word for word: ``hide`` are the phrases blanked out."""

    doc_id: str
    clause_id: str
    name: str  # distinguishes several key sentences of one clause (part of the note GUID)
    hide: tuple[str, ...]
    location: Location


@dataclass(frozen=True)
class Pool:
    """Wrong answers for an enumeration, e.g. bodies that are not in scope."""

    id: str
    enumeration: str
    items: tuple[tuple[str, Location], ...]
    location: Location


@dataclass(frozen=True)
class WrittenQuestion:
    """A hand-written question, written against ``revision`` of its clause."""

    id: str
    kind: str
    doc_id: str
    clause_id: str
    revision: str
    prompt: str
    options: tuple[str, ...] = ()  # choice: the right answer first, then three wrong ones
    truth: bool | None = None
    answers: tuple[str, ...] = ()
    explanation: str = ""
    location: Location = Location("")
    clause_at: Location = Location("")  # where 'clause:' (and 'revision:') are written


@dataclass(frozen=True)
class Category:
    """Words of one kind (roles, threats, systems …): distractors for each other,
    and swapped for each other to make a believable false statement."""

    id: str
    label: str  # what a reader calls them: 「役割」「脅威」
    words: tuple[str, ...]
    location: Location


@dataclass(frozen=True)
class ScenarioItem:
    """A hand-written scenario (事例問題): the right action first in ``options``."""

    id: str
    clauses: tuple[tuple[str, str], ...]  # (document id, clause id) the answer applies
    revisions: dict[str, str]  # document id → the revision it was written against
    situation: str
    prompt: str
    options: tuple[str, ...]
    rationale: str
    location: Location


@dataclass(frozen=True)
class Cover:
    """Every top-level section of ``doc_id`` at least ``each`` times."""

    doc_id: str
    each: int
    location: Location


@dataclass(frozen=True)
class Blueprint:
    """How one audience's quiz is assembled (出題設計)."""

    audience: str
    count: int
    cover: tuple[Cover, ...] = ()
    at_most: tuple[tuple[str, float], ...] = ()  # (topic, largest share of the set)
    scenarios: int = 0  # how many scenarios (after the hand-written questions)
    location: Location = Location("")


@dataclass(frozen=True)
class TrainingAudience:
    """An audience that gets a deck and a quiz, and how training material names it (全職員 …)."""

    id: str
    label: str
    location: Location


@dataclass(frozen=True)
class TrainingSettings:
    title: str
    seed: int
    count: int
    audiences: tuple[TrainingAudience, ...] = ()
    enumerations: tuple[Enumeration, ...] = ()
    subject_items: tuple[SubjectItems, ...] = ()
    key_sentences: tuple[KeySentence, ...] = ()
    pools: tuple[Pool, ...] = ()
    questions: tuple[WrittenQuestion, ...] = ()
    categories: tuple[Category, ...] = ()
    scenarios: tuple[ScenarioItem, ...] = ()
    blueprints: tuple[Blueprint, ...] = ()

    def blueprint(self, audience_id: str) -> Blueprint | None:
        return next((b for b in self.blueprints if b.audience == audience_id), None)

    def audience_label(self, audience_id: str) -> str:
        return next((a.label for a in self.audiences if a.id == audience_id), audience_id)

    def pool_for(self, enumeration_id: str) -> tuple[str, ...]:
        return tuple(item for p in self.pools if p.enumeration == enumeration_id for item, _loc in p.items)

