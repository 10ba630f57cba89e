"""Training material (研修教材) generated from the policy: flashcards and quizzes, and results back.

::

    view ──facts──▶ cards (Anki notes)                         ──render.anki──▶ deck.apkg
         └────────▶ question pool (+ hand-written, scenarios) ──assemble (blueprint)──▶ quiz
                                                                ──render.quiz_*──▶ Moodle XML / GIFT / .docx / HTML
    results (Moodle CSV, Anki review log) ──results──▶ analysis ──render.quiz_report──▶ report.html / .docx

* :mod:`toolkit.training.model` — :class:`Card`; the question kinds (:class:`Choice`,
  :class:`TrueFalse`, :class:`Blank`, :class:`Scenario`) matched exhaustively by every
  format; explanations; the one answer normalisation.
* :mod:`toolkit.training.settings` — ``training/*.yaml`` (deck settings, categories,
  hand-written questions, distractor pools, blueprints, scenarios), with located errors.
* :mod:`toolkit.training.facts` — what there is to learn in one revision of a document.
* :mod:`toolkit.training.words` — word boundaries (janome) for blanks and change cards.
* :mod:`toolkit.training.cards` / :mod:`toolkit.training.generated` — facts → cards / questions;
  :mod:`toolkit.training.written` — the hand-written questions and scenarios;
  :mod:`toolkit.training.questions` — the checked pool of a view.
* :mod:`toolkit.training.assemble` — a set by the audience's blueprint, nothing given away,
  no tell in the options, no fact asked twice.
* :mod:`toolkit.training.quality` — what a trainer checks in every set and deck, measured.
* :mod:`toolkit.training.textindex` — where a phrase occurs in the view's text, indexed once.
* :mod:`toolkit.training.changes` — the "what changed" deck and quiz from a diff.
* :mod:`toolkit.training.review` — hand-written items a new revision puts up for review.
* :mod:`toolkit.training.results` / :mod:`toolkit.training.analysis` — training results read back / analysed.

Everything works on a *view* (:func:`toolkit.view.redact.redact`): the
all-staff deck and quiz are built from the public view only.
"""
