"""Study items (研修教材): flashcards and quiz questions, as plain data.

A :class:`Card` is one Anki note; a :class:`Question` one quiz question.  Both
record where they come from (:class:`Source`: document, clause id, revision),
so a new revision regenerates what changed and drops what vanished.  Nothing
here knows Anki, Moodle or Word: the renderers in :mod:`toolkit.render` do.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass, field

# Question kinds.
CHOICE = "choice"  # 多肢選択: one right answer, three distractors of the same kind
TRUEFALSE = "truefalse"  # 正誤
BLANK = "blank"  # 穴埋め (short answer)
QUESTION_KINDS = (CHOICE, TRUEFALSE, BLANK)

BLANK_MARK = "［　　　］"  # where the answer of a fill-in-the-blank question goes
CHOICES = 4  # one right answer + three distractors


@dataclass(frozen=True)
class Source:
    """Where a study item comes from: document, clause and revision.

    ``revision`` is the revision whose text the item shows; ``since`` /
    ``since_date`` the oldest revision from which that text is unchanged
    (so re-importing a deck does not touch notes whose clause did not change).
    """

    doc_id: str
    doc_name: str  # 基本方針 / 対策基準 …
    clause_id: str | None  # None: about the document as a whole
    ref: str  # citation form, e.g. "2(3)"; "" for a whole document
    section: str  # top-level section, e.g. "2 定義"
    revision: str
    revision_date: _dt.date
    provenance: str  # authoritative / reconstructed / sample
    since: str = ""
    since_date: _dt.date | None = None
    path: tuple[int, ...] = ()  # the clause's place in the document (1-based positions), for reading order

    @property
    def where(self) -> str:
        """「基本方針 2(3)」: the citation a reader looks up."""
        return f"{self.doc_name} {self.ref}".strip()


@dataclass(frozen=True)
class Card:
    """One flashcard note.

    ``key`` names the note within its clause (``definition``, ``clause``,
    ``cloze-1`` …); with the document and clause id it makes the note's GUID,
    so a note keeps its identity when the wording changes.  ``fields`` are
    HTML-escaped plain text, named as in the note type.
    """

    note_type: str  # see toolkit.render.anki: "basic", "definition", "cloze"
    key: str
    source: Source
    fields: tuple[tuple[str, str], ...]
    tags: tuple[str, ...] = ()
    deck: str = ""  # deck key: a document id, "overview" or "changes"

    @property
    def identity(self) -> tuple[str, str, str]:
        return (self.source.doc_id, self.source.clause_id or "", self.key)

    def field(self, name: str) -> str:
        return dict(self.fields)[name]


@dataclass(frozen=True)
class Question:
    """One quiz question.

    * ``choice``: ``options`` in display order, ``correct`` the index of the right one.
    * ``truefalse``: ``prompt`` is the statement, ``truth`` whether it is right.
    * ``blank``: ``prompt`` holds :data:`BLANK_MARK`; ``answers`` are the accepted answers.

    ``origin`` is ``generated`` or ``file:line`` of a hand-written question.
    """

    id: str
    kind: str
    prompt: str
    source: Source
    options: tuple[str, ...] = ()
    correct: int = -1
    truth: bool | None = None
    answers: tuple[str, ...] = ()
    explanation: str = ""
    origin: str = "generated"

    @property
    def right_answer(self) -> str:
        """The right answer as a reader would write it."""
        if self.kind == CHOICE:
            return self.options[self.correct]
        if self.kind == TRUEFALSE:
            return "○（正しい）" if self.truth else "×（誤り）"
        return self.answers[0]


@dataclass(frozen=True)
class Quiz:
    """A set of questions for one audience, drawn with a seed."""

    title: str
    audience: str
    seed: int
    questions: tuple[Question, ...]
    date: _dt.date  # the newest revision date the questions come from (for reproducible outputs)
    organisation: str = ""
    messages: tuple[str, ...] = field(default=(), compare=False)


_PUNCT_RE = re.compile(r"[\s、。，．,.・「」『』（）()]+")


def normal(text: str) -> str:
    """Text with width, spacing and punctuation set aside: two options equal here are duplicates."""
    return _PUNCT_RE.sub("", unicodedata.normalize("NFKC", text))


def problems_with(q: Question) -> list[str]:
    """What is wrong with a question ([] when fit to ask).

    Checked for every generated and hand-written question: one right answer,
    no duplicate options, the answer not given away in a blank's prompt.
    """
    out = []
    if q.kind not in QUESTION_KINDS:
        return [f"unknown kind {q.kind!r}"]
    if not q.prompt.strip():
        out.append("empty prompt")
    if q.kind == CHOICE:
        if len(q.options) != CHOICES:
            out.append(f"{len(q.options)} options, expected {CHOICES}")
        if not 0 <= q.correct < len(q.options):
            out.append("no right answer among the options")
        seen = [normal(o) for o in q.options]
        if len(set(seen)) != len(seen):
            out.append("duplicate options")
        if any(not o.strip() for o in q.options):
            out.append("an empty option")
    elif q.kind == TRUEFALSE:
        if q.truth is None:
            out.append("no truth value")
    else:
        if q.prompt.count(BLANK_MARK) != 1:
            out.append(f"a blank question needs exactly one {BLANK_MARK}")
        if not q.answers or any(not a.strip() for a in q.answers):
            out.append("no accepted answer")
        if any(normal(a) and normal(a) in normal(q.prompt) for a in q.answers):
            out.append("the answer is given away in the prompt")
    return out
