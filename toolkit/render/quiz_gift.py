"""GIFT (Moodle's plain-text question format) from a quiz.

GIFT gives ``~ = # { } :`` a meaning, so each is escaped with a backslash in
every text (and the backslash itself); texts are ``[html]`` so a line break
is ``<br>`` and never ends a question.  A blank line separates questions.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

from toolkit.render.quiz_moodle import name
from toolkit.training.model import BLANK, CHOICE, TRUEFALSE, Question, Quiz

SPECIAL = "\\~=#{}:"


def escape(text: str) -> str:
    """Escape GIFT's special characters (backslash first)."""
    for ch in SPECIAL:
        text = text.replace(ch, "\\" + ch)
    return text


def _html(text: str) -> str:
    return escape(html.escape(text, quote=False).replace("\n", "<br>"))


def question(q: Question, number: int) -> str:
    head = f"// {q.id} ({q.source.revision}, {q.origin})\n::{escape(name(q, number))}::"
    feedback = f"####{_html(q.explanation or q.source.where)}"
    if q.kind == CHOICE:
        lines = [("=" if i == q.correct else "~") + _html(o) for i, o in enumerate(q.options)]
        return f"{head}[html]{_html(q.prompt)} {{\n" + "\n".join(lines) + f"\n{feedback}\n}}"
    if q.kind == TRUEFALSE:
        return f"{head}[html]{_html('次の記述は正しいか。' + chr(10) + q.prompt)} {{{'TRUE' if q.truth else 'FALSE'}{feedback}}}"
    assert q.kind == BLANK
    answers = " ".join("=" + escape(a) for a in q.answers)
    return f"{head}[html]{_html(q.prompt)} {{{answers} {feedback}}}"


def gift(quiz: Quiz) -> str:
    """The quiz as GIFT text (UTF-8 when written)."""
    head = [
        f"// {quiz.title} — seed {quiz.seed}, {len(quiz.questions)} questions",
        "// 千曲市情報セキュリティポリシーから生成。各問の出典（条項・版）はコメントと問題名に記載。",
        f"$CATEGORY: $course$/top/{quiz.title.replace(chr(10), ' ')}",
    ]
    return "\n".join(head) + "\n\n" + "\n\n".join(question(q, i) for i, q in enumerate(quiz.questions, 1)) + "\n"


def write(quiz: Quiz, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    part.write_text(gift(quiz), encoding="utf-8")
    os.replace(part, path)
    return path
