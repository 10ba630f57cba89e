"""Everything ``policy train`` writes, per audience, into one folder.

For each audience (``public`` = all staff, from the public view only;
``staff`` = with the internal standards and procedures):

* ``<audience>.apkg`` — the Anki deck;
* ``quiz-<audience>.moodle.xml``, ``.gift.txt``, ``.docx`` (question sheet),
  ``-answers.docx`` (answer key), ``.html`` (self-check page).

Plus ``changes-<era><year>.apkg`` (e.g. ``changes-r8.apkg``, 令和8年の改定点),
from the staff view: the previous revisions are reconstructed text, which the
public is never shown as the city's.

Public outputs are written to their own folder and leak-checked before they
join the rest; the whole set is built beside the destination and swapped in
at the end, so a failure leaves the previous build as it was.
"""

from __future__ import annotations

import datetime
import os
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from toolkit import leakcheck
from toolkit.model import PolicySet
from toolkit.publish import recover, swap_in
from toolkit.render import anki, quiz_docx, quiz_gift, quiz_html, quiz_moodle
from toolkit.training.cards import OVERVIEW, deck_cards
from toolkit.training.changes import CHANGES, changes_cards, era_code, era_label
from toolkit.training.facts import short_name
from toolkit.training.model import Quiz
from toolkit.training.questions import make_quiz
from toolkit.training.settings import TrainingSettings
from toolkit.view.redact import redact


@dataclass
class Built:
    """What a build wrote (relative names) and what it had to say."""

    files: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


def deck_names(view: PolicySet, settings: TrainingSettings) -> dict[str, str]:
    """Deck key → Anki deck name: 「千曲市情報セキュリティポリシー::基本方針」 …"""
    names = {d.id: f"{settings.title}::{short_name(d)}" for d in view.documents}
    names[OVERVIEW] = f"{settings.title}::文書の公開・非公開"
    return names


def write_deck(view: PolicySet, settings: TrainingSettings, path: Path, messages: list[str],
               as_of: dict[str, str] | None = None) -> Path:
    """The audience's deck (every visible document) as one .apkg."""
    cards = deck_cards(view, settings, messages, as_of)
    label = settings.audience_label(view.audience_id or "")
    desc = {OVERVIEW: "基本方針が非公開とする文書と、その理由。"}
    desc.update({d.id: f"{short_name(d)}（{label}向け）" for d in view.documents})
    return anki.write_apkg(cards, path, deck_names(view, settings), desc)


def write_changes_deck(view: PolicySet, settings: TrainingSettings, folder: Path) -> Path | None:
    """``changes-r8.apkg``: one card per clause changed in the newest year of change (None: nothing to show)."""
    cards, newest = changes_cards(view)
    if not cards or newest is None:
        return None
    name = f"{settings.title}::{era_label(newest)}の改定点"
    return anki.write_apkg(cards, folder / f"changes-{era_code(newest)}.apkg", {CHANGES: name},
                           {CHANGES: f"{era_label(newest)}の改定で変わった条項（新旧対照表から）"})


def write_quiz(quiz: Quiz, folder: Path, stem: str) -> list[Path]:
    """The quiz in every format: Moodle XML, GIFT, question sheet and key (.docx), self-check page."""
    return [
        quiz_moodle.write(quiz, folder / f"{stem}.moodle.xml"),
        quiz_gift.write(quiz, folder / f"{stem}.gift.txt"),
        quiz_docx.question_sheet(quiz, folder / f"{stem}.docx"),
        quiz_docx.answer_key(quiz, folder / f"{stem}-answers.docx"),
        quiz_html.write_page(quiz, folder / f"{stem}.html"),
    ]


def _leak_check(folder: Path, policy: PolicySet, canaries: Iterable[str]) -> None:
    leakcheck.raise_on_leak(leakcheck.leakcheck(folder, policy, "public", canaries))


def build_audience(policy: PolicySet, settings: TrainingSettings, audience: str, folder: Path, built: Built, *,
                   seed: int, count: int, deck: bool = True, quiz_stem: str | None = None,
                   canaries: Iterable[str] = (), as_of: datetime.date | None = None) -> None:
    """One audience's deck and quiz into ``folder`` (leak-checked first when the audience is public),
    from the text in force on ``as_of`` (default: today / SOURCE_DATE_EPOCH; issue 10)."""
    view = redact(policy, audience, as_of=as_of)
    out = folder / f".{audience}.part" if audience == "public" else folder
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if deck:
        written.append(write_deck(view, settings, out / f"{audience}.apkg", built.messages))
    quiz = make_quiz(view, settings, seed, count, built.messages)
    written.extend(write_quiz(quiz, out, quiz_stem or f"quiz-{audience}"))
    if out != folder:
        _leak_check(out, policy, canaries)
        for p in written:
            os.replace(p, folder / p.name)
        shutil.rmtree(out)
    built.files.extend(p.name for p in written)


def build_all(policy: PolicySet, settings: TrainingSettings, dest: Path, *,
              audiences: Sequence[str] | None = None, seed: int | None = None, count: int | None = None,
              canaries: Iterable[str] = (), as_of: datetime.date | None = None) -> Built:
    """Every deck and quiz into ``dest`` (replaced as a whole only when everything succeeded).

    ``audiences`` defaults to those of ``training/decks.yaml``.
    """
    built = Built()
    if audiences is None:
        audiences = [a.id for a in settings.audiences]
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    recover(dest)
    new = dest.parent / f".{dest.name}.new-{os.getpid()}"
    shutil.rmtree(new, ignore_errors=True)
    new.mkdir()
    try:
        for audience in audiences:
            build_audience(policy, settings, audience, new, built, seed=seed or settings.seed,
                           count=count or settings.count, canaries=canaries, as_of=as_of)
        if "staff" in audiences:
            changes = write_changes_deck(redact(policy, "staff", as_of=as_of), settings, new)
            if changes is not None:
                built.files.append(changes.name)
        swap_in(new, dest)
    finally:
        shutil.rmtree(new, ignore_errors=True)
    built.files.sort()
    return built


def selfcheck(policy: PolicySet, settings: TrainingSettings, audience: str = "staff", *,
              seed: int | None = None, count: int | None = None,
              as_of: datetime.date | None = None) -> tuple[str, str]:
    """(title, HTML fragment) of the self-check quiz, for a page of the internal site.

    The site wires it in as ``ExtraPage("selfcheck", title, html)``: the fragment
    carries no title of its own, the site shows ``title`` as the page heading.  The
    quiz is the one ``policy train --all`` writes for the same audience and seed.
    """
    quiz = make_quiz(redact(policy, audience, as_of=as_of), settings, settings.seed if seed is None else seed,
                     count or settings.count, [])
    return quiz.title, quiz_html.fragment(quiz)


def build_quiz(policy: PolicySet, settings: TrainingSettings, audience: str, folder: Path, *, seed: int,
               count: int, canaries: Iterable[str] = (), as_of: datetime.date | None = None) -> Built:
    """A trainer's fresh set: ``quiz-<audience>-seed<N>.*`` into ``folder`` (other files left alone)."""
    built = Built()
    folder.mkdir(parents=True, exist_ok=True)
    stage = folder / f".quiz-{audience}-{os.getpid()}.part"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir()
    try:
        build_audience(policy, settings, audience, stage, built, seed=seed, count=count, deck=False,
                       quiz_stem=f"quiz-{audience}-seed{seed}", canaries=canaries, as_of=as_of)
        for name in built.files:
            os.replace(stage / name, folder / name)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return built
