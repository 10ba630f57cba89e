"""Everything ``policy train`` writes: one folder per audience, each marked and checked.

A publisher, not training content: it takes the cards and questions :mod:`toolkit.training`
makes, renders them in every format and writes each audience's folder through the boundary.

``build/training/<audience>/`` (``public``, ``staff``, ``security`` — the
audiences of ``training/decks.yaml``) holds that audience's material only:

* ``deck.apkg`` — the Anki deck (every visible document);
* ``quiz.moodle.xml``, ``quiz.gift.txt``, ``quiz.docx`` (question sheet),
  ``quiz-answers.docx`` (answer key), ``quiz.html`` (self-check page);
* where the view holds an earlier revision of a document:
  ``changes-<era><year>.apkg`` (e.g. ``changes-r8.apkg``, 令和8年の改定点) and
  the quiz on what changed, ``changes-<era><year>.*`` in every quiz format.
  The public view holds no reconstructed revision, so these are staff-only
  while the old side is reconstructed — decided by the view, not here.

Each folder is written by :func:`write_audience` — a ``write(view, stage)``
function — through the one publication boundary
(:func:`toolkit.publish.publish_checked`): staged, leak-checked for *that*
audience, manifested and swapped in; a failure leaves the previous folder as
it was.  Material for an audience that may see classified text carries the
classification label (:func:`marking`) on the deck names, every card, the
quiz's Moodle category, the .docx header and footer and the HTML banner.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from toolkit.model import STAFF, PolicySet
from toolkit.model.wareki import era_code, wareki_year
from toolkit.publish.boundary import publish_checked
from toolkit.render import anki, quiz_docx, quiz_gift, quiz_html, quiz_moodle
from toolkit.training.assemble import make_quiz
from toolkit.training.cards import OVERVIEW, deck_cards, revision_label
from toolkit.training.changes import CHANGES, change_quiz, changes_cards
from toolkit.training.facts import short_name
from toolkit.training.model import Card, Quiz
from toolkit.training.settings import TrainingSettings
from toolkit.view.redact import redact

DECK = "deck.apkg"
QUIZ = "quiz"


@dataclass
class Built:
    """What a build wrote (paths relative to the output folder) and what it had to say."""

    files: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


def marking(view: PolicySet) -> tuple[str, str]:
    """(label, banner) of the most restricted classification the view's audience may see:
    (「庁内限り」, 「庁内限り　この文書は…」) for staff, ("", "") for the public."""
    if view.audience_id is None:
        return "", ""
    audience = view.audience(view.audience_id)
    levels = [c for c in view.classifications if c.id in audience.sees]
    top = max(levels, key=lambda c: c.rank, default=None)
    if top is None or top.rank == min(c.rank for c in view.classifications):
        return "", ""
    return top.label, top.banner or top.label


def deck_names(view: PolicySet, settings: TrainingSettings) -> dict[str, str]:
    """Deck key → Anki deck name: 「千曲市情報セキュリティポリシー［庁内限り］::基本方針」 …"""
    label, _banner = marking(view)
    root = f"{settings.title}［{label}］" if label else settings.title
    names = {d.id: f"{root}::{short_name(d)}" for d in view.documents}
    names[OVERVIEW] = f"{root}::文書の公開・非公開"
    return names


def _marked(cards: list[Card], view: PolicySet) -> list[Card]:
    label, _banner = marking(view)
    return [replace(c, fields=(*c.fields, ("区分", label))) for c in cards]


def write_deck(view: PolicySet, settings: TrainingSettings, path: Path, messages: list[str],
               as_of: dict[str, str] | None = None) -> Path:
    """The audience's deck (every visible document) as one .apkg."""
    cards = _marked(deck_cards(view, settings, messages, as_of), view)
    label = settings.audience_label(view.audience_id or "")
    desc = {OVERVIEW: "基本方針が非公開とする文書と、その理由。"}
    # the revision each document's cards are from is named once, here (the notes name none)
    desc.update({d.id: f"{short_name(d)}（{label}向け）　{revision_label(d, d.current.id)}の本文"
                 for d in view.documents if d.revisions})
    return anki.write_apkg(cards, path, deck_names(view, settings), desc)


def write_changes_deck(view: PolicySet, settings: TrainingSettings, folder: Path) -> Path | None:
    """``changes-r8.apkg``: one card per clause changed in the newest year of change (None: nothing to show)."""
    cards, newest = changes_cards(view)
    if not cards or newest is None:
        return None
    label, _banner = marking(view)
    root = f"{settings.title}［{label}］" if label else settings.title
    name = f"{root}::{wareki_year(newest.date)}の改定点"
    return anki.write_apkg(_marked(cards, view), folder / f"changes-{era_code(newest.date)}.apkg", {CHANGES: name},
                           {CHANGES: f"{wareki_year(newest.date)}の改定で変わった条項（新旧対照表から）"})


def write_quiz(quiz: Quiz, folder: Path, stem: str) -> list[Path]:
    """The quiz in every format: Moodle XML, GIFT, question sheet and key (.docx), self-check page."""
    return [
        quiz_moodle.write(quiz, folder / f"{stem}.moodle.xml"),
        quiz_gift.write(quiz, folder / f"{stem}.gift.txt"),
        quiz_docx.question_sheet(quiz, folder / f"{stem}.docx"),
        quiz_docx.answer_key(quiz, folder / f"{stem}-answers.docx"),
        quiz_html.write_page(quiz, folder / f"{stem}.html"),
    ]


def audience_quiz(view: PolicySet, settings: TrainingSettings, seed: int, count: int | None,
                  messages: list[str]) -> Quiz:
    label, banner = marking(view)
    return make_quiz(view, settings, seed, count, messages, marking=label, marking_text=banner)


def write_audience(view: PolicySet, stage: Path, settings: TrainingSettings, built: Built, *, seed: int,
                   count: int | None, deck: bool = True) -> None:
    """Everything for the view's audience into ``stage`` (the boundary's ``write(view, stage)``)."""
    written: list[Path] = []
    if deck:
        written.append(write_deck(view, settings, stage / DECK, built.messages))
        changes = write_changes_deck(view, settings, stage)
        if changes is not None:
            written.append(changes)
        label, banner = marking(view)
        cq = change_quiz(view, settings, seed, label, banner)
        if cq is not None:
            quiz, stem = cq
            written.extend(write_quiz(quiz, stage, stem))
    written.extend(write_quiz(audience_quiz(view, settings, seed, count, built.messages), stage, QUIZ))
    built.files.extend(f"{stage.name}/{p.name}" for p in written)


def _publish(policy: PolicySet, audience: str, dest: Path, settings: TrainingSettings, built: Built, *,
             seed: int, count: int | None, deck: bool, canaries: Sequence[str],
             as_of: datetime.date | None = None) -> None:
    files: list[str] = []

    def write(view: PolicySet, stage: Path) -> None:
        mine = Built(messages=built.messages)
        write_audience(view, stage, settings, mine, seed=seed, count=count, deck=deck)
        files.extend(name.split("/", 1)[1] for name in mine.files)

    publish_checked(policy, audience, dest, write, as_of=as_of, canaries=canaries, label=f"training/{dest.name}")
    built.files.extend(f"{dest.name}/{name}" for name in sorted(files))


def build_all(policy: PolicySet, settings: TrainingSettings, dest: Path, *,
              audiences: Sequence[str] | None = None, seed: int | None = None, count: int | None = None,
              canaries: Sequence[str] = (), as_of: datetime.date | None = None) -> Built:
    """Every audience's folder under ``dest`` (``dest/public``, ``dest/staff`` …), each swapped in
    when it passed its check, taught from the text in force on ``as_of`` (the view decides).
    ``audiences`` defaults to those of ``training/decks.yaml``."""
    built = Built()
    if audiences is None:
        audiences = [a.id for a in settings.audiences]
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    for audience in audiences:
        _publish(policy, audience, dest / audience, settings, built, seed=settings.seed if seed is None else seed,
                 count=count, deck=True, canaries=canaries, as_of=as_of)
    return built


def selfcheck(policy: PolicySet, settings: TrainingSettings, audience: str = STAFF, *,
              seed: int | None = None, count: int | None = None,
              as_of: datetime.date | None = None) -> tuple[str, str]:
    """(title, HTML fragment) of the self-check quiz, for a page of the internal site.

    The site wires it in as ``ExtraPage("selfcheck", title, html)``: the fragment
    carries no title of its own, the site shows ``title`` as the page heading.  The
    quiz is the one ``policy train --all`` writes for the same audience and seed.
    """
    quiz = audience_quiz(redact(policy, audience, as_of=as_of), settings, settings.seed if seed is None else seed,
                         count, [])
    return quiz.title, quiz_html.fragment(quiz)


def build_quiz(policy: PolicySet, settings: TrainingSettings, audience: str, dest: Path, *, seed: int,
               count: int | None, canaries: Sequence[str] = (), as_of: datetime.date | None = None) -> Built:
    """A trainer's fresh set: ``dest/<audience>-seed<N>/quiz.*`` (other folders left alone)."""
    built = Built()
    dest.mkdir(parents=True, exist_ok=True)
    _publish(policy, audience, dest / f"{audience}-seed{seed}", settings, built, seed=seed, count=count, deck=False,
             canaries=canaries, as_of=as_of)
    return built
