"""GIFT (Moodle's plain-text question format) from a quiz.

GIFT gives ``~ = # { } :`` a meaning, so each is escaped with a backslash in
every text (and the backslash itself); texts are ``[html]`` so a line break
is ``<br>`` and never ends a question.  A blank line separates questions.
Each answer has its feedback (``#``) and each question its general feedback
(``####``): the clause number and text.  Short answers list every accepted
way of writing the answer (:func:`toolkit.training.model.accepted`).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import assert_never

from toolkit.render.quiz_moodle import category, feedback, name, question_text
from toolkit.training.model import (
    Blank,
    Choice,
    Question,
    Quiz,
    Scenario,
    TrueFalse,
    accepted_forms,
    explanation,
)

SPECIAL = "\\~=#{}:"


def escape(text: str) -> str:
    """Escape GIFT's special characters (backslash first)."""
    for ch in SPECIAL:
        text = text.replace(ch, "\\" + ch)
    return text


def _html(text: str) -> str:
    return escape(html.escape(text, quote=False).replace("\n", "<br>"))


def question(q: Question, number: int) -> str:
    head = f"// {q.id} ({q.origin})\n::{escape(name(q, number))}::[html]{_html(question_text(q))}"
    general = f"####{_html(chr(10).join(explanation(q)))}"
    match q:
        case Choice() | Scenario():
            lines = [("=" if i == q.correct else "~") + _html(o) + "#" + _html(feedback(q, i == q.correct))
                     for i, o in enumerate(q.options)]
            return f"{head} {{\n" + "\n".join(lines) + f"\n{general}\n}}"
        case TrueFalse():
            # GIFT: {TRUE#feedback for a wrong answer#feedback for a right answer}
            value = "TRUE" if q.truth else "FALSE"
            return f"{head} {{{value}#{_html(feedback(q, False))}#{_html(feedback(q, True))}{general}}}"
        case Blank():
            variants = accepted_forms(q)
            answers = "\n".join(f"={escape(v)}#{_html(feedback(q, True))}" for v in variants)
            return f"{head} {{\n{answers}\n{general}\n}}"
        case _:
            assert_never(q)


def gift(quiz: Quiz) -> str:
    """The quiz as GIFT text (UTF-8 when written)."""
    head = [f"// {quiz.title} — seed {quiz.seed}, {len(quiz.questions)} questions"]
    head += [f"// {line}" for line in (quiz.marking_text, *quiz.notes) if line]
    head += [
        "// 千曲市情報セキュリティポリシーから生成。各問の出典（条項・版）はコメントと問題名に記載。",
        f"$CATEGORY: {category(quiz).replace(chr(10), ' ')}",
    ]
    return "\n".join(head) + "\n\n" + "\n\n".join(question(q, i) for i, q in enumerate(quiz.questions, 1)) + "\n"


def write(quiz: Quiz, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    # into a staging folder, swapped in as a whole (publish_checked): a plain write
    path.write_text(gift(quiz), encoding="utf-8")
    return path
