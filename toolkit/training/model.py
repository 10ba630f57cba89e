"""Study items (研修教材): flashcards and quiz questions, as plain data.

A :class:`Card` is one Anki note; a question is one of :data:`Question`
(:class:`Choice` 多肢選択, :class:`TrueFalse` 正誤, :class:`Blank` 穴埋め,
:class:`Scenario` 事例問題).  Every output format handles the kinds in one
exhaustive ``match`` ending in ``assert_never``, so mypy names every place a
new kind must be added.  Items record where they come from (:class:`Source`:
document, clause id, revision, clause text), so a new revision regenerates what
changed and drops what vanished, and every question can explain itself
(:func:`explanation`).  Nothing here knows Anki, Moodle or Word.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import ClassVar, assert_never

from toolkit.model.provenance import ProvenanceText, provenance_text

# A card's own cloze gaps, kept apart from the text: the policy's text may hold
# 「{{c9::…}}」, which must stay text (toolkit.render.anki escapes braces, then
# turns these marks into Anki's).  Control characters never pass `policy check`.
CLOZE_OPEN, CLOZE_CLOSE = "\x02", "\x03"
BLANK_MARK = "［　　　］"  # where the answer of a fill-in-the-blank question goes
CHOICES = 4  # one right answer + three distractors
TRUE_LABEL, FALSE_LABEL = "正しい", "誤り"


@dataclass(frozen=True)
class Source:
    """Where a study item comes from: document, clause and revision.

    ``revision`` is the revision whose text the item shows; ``since`` /
    ``since_date`` the oldest revision from which that text is unchanged
    (so re-importing a deck does not touch notes whose clause did not change).
    ``heading`` / ``text`` are the clause's title (or term) and its wording, shown
    in every explanation.
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
    heading: str = ""
    text: str = ""

    @property
    def where(self) -> str:
        """「基本方針 2(3)」: the citation a reader looks up."""
        return f"{self.doc_name} {self.ref}".strip()

    @property
    def cite(self) -> str:
        """「基本方針 2(3)「完全性」」."""
        return f"{self.where}「{self.heading}」" if self.heading else self.where


@dataclass(frozen=True)
class Card:
    """One flashcard note.

    ``key`` names the note within its clause (``definition``, ``clause``,
    ``cloze-1`` …); with the document and clause id it makes the note's GUID,
    so a note keeps its identity when the wording changes.  ``fields`` are
    plain text, named as in the note type (the renderer escapes them).
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


@dataclass(frozen=True, kw_only=True)
class _Item:
    """What every question has.

    ``origin`` is ``generated`` or ``file:line`` of a hand-written question;
    ``rationale`` is the hand-written reason (解説); ``topic`` what the question
    is about, for the blueprint (``definition``, ``clause``, ``written``,
    ``scenario``, ``change`` …); ``sources`` further clauses it applies
    (scenarios cite several).
    """

    kind: ClassVar[str]
    id: str
    prompt: str
    source: Source
    rationale: str = ""
    fact: str = ""  # what the item asks, when several items could ask it (see toolkit.training.quality.fact_key)
    origin: str = "generated"
    topic: str = "clause"
    sources: tuple[Source, ...] = ()

    @property
    def written(self) -> bool:
        return self.origin != "generated"

    @property
    def all_sources(self) -> tuple[Source, ...]:
        return (self.source, *self.sources)


@dataclass(frozen=True, kw_only=True)
class Choice(_Item):
    """多肢選択: ``options`` in display order, ``correct`` the index of the right one."""

    kind: ClassVar[str] = "choice"
    options: tuple[str, ...]
    correct: int


@dataclass(frozen=True, kw_only=True)
class TrueFalse(_Item):
    """正誤: ``prompt`` is the statement; ``truth`` whether it is right; ``corrected`` the
    right wording when it is not (shown in the explanation)."""

    kind: ClassVar[str] = "truefalse"
    truth: bool
    corrected: str = ""


@dataclass(frozen=True, kw_only=True)
class Blank(_Item):
    """穴埋め: ``prompt`` holds :data:`BLANK_MARK`; ``answers`` are the accepted answers
    (the first is the one shown); :func:`accepted` adds their normal forms."""

    kind: ClassVar[str] = "blank"
    answers: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Scenario(_Item):
    """事例問題: a situation at work (``situation``), a question (``prompt``) and
    ``options`` of which ``correct`` is right; traced to every clause it applies."""

    kind: ClassVar[str] = "scenario"
    situation: str
    options: tuple[str, ...]
    correct: int


Question = Choice | TrueFalse | Blank | Scenario
QUESTION_KINDS = tuple(k.kind for k in (Choice, TrueFalse, Blank, Scenario))


def right_answer(q: Question) -> str:
    """The right answer as a reader would write it."""
    match q:
        case Choice() | Scenario():
            return q.options[q.correct]
        case TrueFalse():
            return f"○（{TRUE_LABEL}）" if q.truth else f"×（{FALSE_LABEL}）"
        case Blank():
            return q.answers[0]
        case _:
            assert_never(q)


def stem(q: Question) -> str:
    """Everything a reader sees before answering, as one text (situation, prompt, options)."""
    match q:
        case Choice():
            return "\n".join((q.prompt, *q.options))
        case Scenario():
            return "\n".join((q.situation, q.prompt, *q.options))
        case TrueFalse() | Blank():
            return q.prompt
        case _:
            assert_never(q)


def answer_texts(q: Question) -> tuple[str, ...]:
    """What must not be given away by any other question of the same set.

    A true/false item has none: its statement is part of its stem (and so
    checked against the other questions' answers).
    """
    match q:
        case Choice() | Scenario():
            return (q.options[q.correct],)
        case Blank():
            return q.answers
        case TrueFalse():
            return ()
        case _:
            assert_never(q)


def revision_name(src: Source) -> str:
    """How staff name the text an item shows: 「令和8年4月1日の版」 (never an internal id such as r8)."""
    from toolkit.model.wareki import wareki

    return f"{wareki(src.revision_date)}の版"


def rationale(q: Question) -> str:
    """The 解説: the hand-written reason, else one said from the item itself, citing the
    clause the 根拠 cites (the item's first source)."""
    if q.rationale:
        return q.rationale
    where = q.source.where
    match q:
        case Choice() | Scenario():
            return f"{where}の定めにより、正しいのは「{q.options[q.correct]}」。"
        case TrueFalse():
            return f"{where}の定めのとおりで、正しい。" if q.truth else f"{where}の定めと異なり、誤り。"
        case Blank():
            return f"{where}の定めにより、［　　　］に入るのは「{q.answers[0]}」。"
        case _:
            assert_never(q)


def explanation(q: Question) -> list[str]:
    """Why the answer is right: the 解説 (:func:`rationale`), the corrected statement (false
    items), then each clause cited with its text (根拠).  One list of lines used by every
    format (Moodle, GIFT, self-check page, answer key)."""
    out = [f"解説: {rationale(q)}"]
    if isinstance(q, TrueFalse) and not q.truth and q.corrected:
        out.append(f"正しくは: {q.corrected}")
    for src in q.all_sources:
        out.append(f"根拠: {src.cite}（{revision_name(src)}）")
        if src.text:
            out.append(src.text)
        label = provenance_text(src.provenance)
        if label:
            out.append(f"※ この条文は{label.study_word}です（{label.study_why}）。")
    return out


def title_parts(title: str) -> list[str]:
    """「千曲市情報セキュリティポリシー」「確認テスト（全職員）」: a title's parts, split where it has a
    space, so a printed or shown title breaks between them and never inside one (「（全職／員）」)."""
    return [p for p in title.split(" ") if p]


@dataclass(frozen=True)
class Quiz:
    """A set of questions for one audience, drawn with a seed.

    ``marking`` is the classification label the quiz carries (「庁内限り」;
    "" for public material).
    """

    title: str
    audience: str
    seed: int
    questions: tuple[Question, ...]
    date: _dt.date  # the newest revision date the questions come from (for reproducible outputs)
    organisation: str = ""
    messages: tuple[str, ...] = field(default=(), compare=False)
    marking: str = ""
    marking_text: str = ""  # the banner sentence for the marking

    @property
    def notes(self) -> tuple[str, ...]:
        """What the set says about text that is not the city's adopted wording (見本・再構成),
        once per document and provenance, shown at the top of every format."""
        seen: dict[tuple[str, str, ProvenanceText], None] = {}
        for q in self.questions:
            for src in q.all_sources:
                label = provenance_text(src.provenance)
                if label:
                    seen.setdefault((src.doc_name, revision_name(src), label), None)
        return tuple(f"※ この問題集の{doc}（{rev}）の本文は{label.study_word}です（{label.study_why}）。"
                     for doc, rev, label in seen)


# Characters the duplicate check sets aside (after NFKC, which folds full-width forms
# and 、・ variants such as ､ ･).  The katakana long-vowel mark ー is kept (サーバ is not サバ).
PUNCT_CLASS = r"\s、。，．,.・「」『』（）()〔〕［］\[\]【】｛｝{}:：;；!！?？'\"“”‘’〜~－―‐\-"
_PUNCT_RE = re.compile(f"[{PUNCT_CLASS}]+")
SEPARATORS = ("、", "・", ",", " ", "　", "")  # how staff write the break between listed words
CLOSINGS = ("", "。")  # an answer may end with a 句点
_SEPARATOR_RE = re.compile(r"[、・,，､･\s]+")
_WIDE = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})
# full-width katakana → half-width (ｶﾀｶﾅ), voiced forms as two characters (ガ → ｶﾞ), from NFKC itself
_HALF_KANA = {unicodedata.normalize("NFKC", h): h for h in
              [chr(c) for c in range(0xFF66, 0xFF9E)]
              + [chr(c) + m for c in range(0xFF66, 0xFF9E) for m in ("\uff9e", "\uff9f")]
              if len(unicodedata.normalize("NFKC", h)) == 1}
# Moodle trims a short answer with PHP's trim(): these characters only (not the full-width space)
MOODLE_TRIM = " \t\n\r\0\x0b"


def normal(text: str) -> str:
    """Text with width (NFKC), spaces, punctuation and 、・ variants set aside: two options
    equal here are duplicates, an answer found here in another item's text is given away.
    (Whether a typed answer is right is :func:`is_right`, the same rule in every format.)"""
    return _PUNCT_RE.sub("", unicodedata.normalize("NFKC", text))


def _half_kana(text: str) -> str:
    return "".join(_HALF_KANA.get(ch, ch) for ch in text)


def accepted(answer: str) -> tuple[str, ...]:
    """Every way of writing ``answer`` that is right, in every format (Moodle short answer,
    GIFT, the self-check page): the listed words separated by 、 ・ , a space (half or full
    width) or nothing; letters and digits in half or full width, katakana in full or half
    width (ｶﾀｶﾅ); with or without a closing 。; with a full-width space before or after it
    (Moodle, like PHP's trim(), sets aside only half-width spaces).  A finite list, so Moodle (which compares
    exact strings) and the page accept exactly the same inputs (:func:`is_right`).
    """
    base = unicodedata.normalize("NFKC", answer).strip()
    out = [answer.strip()]
    for sep in SEPARATORS:
        v = _SEPARATOR_RE.sub(sep, base)
        for w in (v, v.translate(_WIDE), _half_kana(v)):
            out.extend(w + end for end in CLOSINGS)
    # Moodle trims ASCII spaces only: a full-width space typed before or after (an IME habit) is listed
    out.extend(f"{s}{v}{e}" for v in dict.fromkeys((answer.strip(), base)) for s, e in (("　", ""), ("", "　")))
    return tuple(v for v in dict.fromkeys(out) if v and normal(v) == normal(answer))


def accepted_forms(q: Blank) -> tuple[str, ...]:
    """Every accepted way of writing a blank's answers, in order: the list each format is given."""
    return tuple(dict.fromkeys(v for a in q.answers for v in accepted(a)))


def answer_key(text: str) -> str:
    """A typed answer as Moodle compares it: NFC, trimmed as PHP's trim() does, case set aside."""
    return unicodedata.normalize("NFC", text).strip(MOODLE_TRIM).lower()


def is_right(typed: str, forms: tuple[str, ...] | list[str]) -> bool:
    """Whether a typed answer is right: equal (:func:`answer_key`) to one of ``forms``, the
    accepted ways of writing it (:func:`accepted_forms`).  Moodle and GIFT are given the same
    list; the self-check page's script applies this same rule to it."""
    given = answer_key(typed)
    return bool(given) and any(answer_key(v) == given for v in forms)


def problems_with(q: Question) -> list[str]:
    """What is wrong with a question ([] when fit to ask).

    Checked for every generated and hand-written question: one right answer,
    no duplicate options, the answer not given away in its own prompt.
    """
    out = []
    if not q.prompt.strip():
        out.append("empty prompt")
    match q:
        case Choice() | Scenario():
            if len(q.options) != CHOICES:
                out.append(f"{len(q.options)} options, expected {CHOICES}")
            if not 0 <= q.correct < len(q.options):
                out.append("no right answer among the options")
            seen = [normal(o) for o in q.options]
            if len(set(seen)) != len(seen):
                out.append("duplicate options")
            if any(not o.strip() for o in q.options):
                out.append("an empty option")
            if isinstance(q, Scenario) and not q.situation.strip():
                out.append("a scenario without a situation")
        case TrueFalse():
            pass
        case Blank():
            if q.prompt.count(BLANK_MARK) != 1:
                out.append(f"a blank question needs exactly one {BLANK_MARK}")
            if not q.answers or any(not a.strip() for a in q.answers):
                out.append("no accepted answer")
            if any(normal(a) and normal(a) in normal(q.prompt) for a in q.answers):
                out.append("the answer is given away in the prompt")
        case _:
            assert_never(q)
    return out
