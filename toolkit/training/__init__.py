"""Training material (研修教材) generated from the policy: flashcards and quizzes.

::

    view ──facts──▶ cards (Anki notes)      ──render.anki──────────▶ .apkg
         └────────▶ questions (+ hand-written, training/*.yaml) ──▶ Moodle XML / GIFT / .docx / HTML

* :mod:`toolkit.training.model` — :class:`Card`, :class:`Question`, :class:`Quiz`
  and the check every question passes (one right answer, no duplicate option).
* :mod:`toolkit.training.settings` — ``training/*.yaml`` (deck settings,
  hand-written questions, distractor pools), with located errors.
* :mod:`toolkit.training.facts` — what there is to learn in one revision of a document.
* :mod:`toolkit.training.cards` / :mod:`toolkit.training.questions` — facts → cards / questions.
* :mod:`toolkit.training.changes` — the "what changed" deck from a diff.
* :mod:`toolkit.training.build` — everything ``policy train`` writes.

Everything works on a *view* (:func:`toolkit.view.redact.redact`): the
all-staff deck and quiz are built from the public view only.
"""
