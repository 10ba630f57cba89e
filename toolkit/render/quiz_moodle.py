"""Moodle XML (問題バンクのインポート形式) from a quiz.

Choice and scenario → ``multichoice`` (single answer, fraction 100 for the right
option and 0 for the others), true/false → ``truefalse``, blank →
``shortanswer`` with every accepted way of writing the answer
(:func:`toolkit.training.model.accepted_forms`: the same list the self-check page
judges by, since Moodle compares exact strings).  Every question explains itself
once: the general feedback carries the 解説 and the clause number and text; each
answer's feedback says only whether it is right and what the right answer is.  UTF-8;
texts are HTML (escaped plain text, line breaks as ``<br>``).  Each question
carries the clause and revision it tests as its ``idnumber`` and tags.  The
category names the quiz's classification (「庁内限り」) when it has one.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import assert_never

from toolkit.training.model import (
    Blank,
    Choice,
    Question,
    Quiz,
    Scenario,
    TrueFalse,
    accepted_forms,
    explanation,
    right_answer,
)

PENALTY = "0.3333333"
KIND_NAMES = {Choice.kind: "選択", TrueFalse.kind: "正誤", Blank.kind: "穴埋め", Scenario.kind: "事例"}


def _html(text: str) -> str:
    return html.escape(text, quote=False).replace("\n", "<br>")


def _text(parent: ET.Element, tag: str, text: str, fmt: str | None = "html") -> ET.Element:
    el = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(el, "text").text = text
    return el


def _shortanswer_text(answer: str) -> str:
    """Moodle treats ``*`` in a short answer as a wildcard: escape it."""
    return answer.replace("*", "\\*")


def name(q: Question, number: int) -> str:
    """The question's name in the question bank: number, citation, kind."""
    return f"{number:02d} {q.source.where} {KIND_NAMES[q.kind]}"


def tags(q: Question) -> list[str]:
    return [f"document:{q.source.doc_id}", f"clause:{q.source.clause_id or '-'}", f"revision:{q.source.revision}",
            f"kind:{q.kind}", f"topic:{q.topic}", f"section:{q.source.section}"]


def question_text(q: Question) -> str:
    """What the question shows, as plain text (shared with GIFT)."""
    match q:
        case Choice() | Blank():
            return q.prompt
        case Scenario():
            return f"【事例】{q.situation}\n{q.prompt}"
        case TrueFalse():
            return f"次の記述は正しいか。\n{q.prompt}"
        case _:
            assert_never(q)


def feedback(q: Question, right: bool) -> str:
    """Per-answer feedback: right or wrong and the right answer.  The explanation is the
    question's general feedback, which Moodle shows once after any answer (in the answer's
    feedback too it would be shown twice)."""
    return "正解です。" if right else f"誤りです。正解は「{right_answer(q)}」です。"


def question_element(q: Question, number: int) -> ET.Element:
    el = ET.Element("question")
    _text(el, "name", name(q, number), None)
    _text(el, "questiontext", _html(question_text(q)))
    _text(el, "generalfeedback", _html("\n".join(explanation(q))))
    ET.SubElement(el, "defaultgrade").text = "1"
    ET.SubElement(el, "hidden").text = "0"
    ET.SubElement(el, "idnumber").text = q.id[:100]
    match q:
        case Choice() | Scenario():
            el.set("type", "multichoice")
            ET.SubElement(el, "penalty").text = PENALTY
            ET.SubElement(el, "single").text = "true"
            ET.SubElement(el, "shuffleanswers").text = "true"
            ET.SubElement(el, "answernumbering").text = "abc"
            _text(el, "correctfeedback", "正解です。")
            _text(el, "partiallycorrectfeedback", "")
            _text(el, "incorrectfeedback", _html(f"正解は「{right_answer(q)}」です。"))
            for i, option in enumerate(q.options):
                a = _text(el, "answer", _html(option))
                a.set("fraction", "100" if i == q.correct else "0")
                _text(a, "feedback", _html(feedback(q, i == q.correct)))
        case TrueFalse():
            el.set("type", "truefalse")
            ET.SubElement(el, "penalty").text = "1"
            for value in (True, False):
                a = _text(el, "answer", "true" if value else "false", "moodle_auto_format")
                a.set("fraction", "100" if value == q.truth else "0")
                _text(a, "feedback", _html(feedback(q, value == q.truth)))
        case Blank():
            el.set("type", "shortanswer")
            ET.SubElement(el, "penalty").text = PENALTY
            ET.SubElement(el, "usecase").text = "0"
            variants = accepted_forms(q)
            for v in variants:
                a = _text(el, "answer", _shortanswer_text(v), "moodle_auto_format")
                a.set("fraction", "100")
                _text(a, "feedback", _html(feedback(q, True)))
            wrong = _text(el, "answer", "*", "moodle_auto_format")  # any other answer: say why
            wrong.set("fraction", "0")
            _text(wrong, "feedback", _html(feedback(q, False)))
        case _:
            assert_never(q)
    # the element order Moodle's importer reads does not matter; keep tags last
    tag_el = ET.SubElement(el, "tags")
    for t in tags(q):
        _text(tag_el, "tag", t, None)
    return el


def category(quiz: Quiz) -> str:
    """``$course$/top/［庁内限り］…`` — the category names the classification."""
    mark = f"［{quiz.marking}］" if quiz.marking else ""
    return f"$course$/top/{mark}{quiz.title}"


def moodle_xml(quiz: Quiz, category_path: str | None = None) -> bytes:
    """The quiz as a Moodle XML document (UTF-8 bytes)."""
    root = ET.Element("quiz")
    cat = ET.SubElement(root, "question", {"type": "category"})
    ET.SubElement(ET.SubElement(cat, "category"), "text").text = category_path or category(quiz)
    info = "".join(f"{line}\n" for line in (quiz.marking_text, *quiz.notes) if line)
    ET.SubElement(ET.SubElement(cat, "info", {"format": "html"}), "text").text = _html(
        f"{info}{quiz.title}（seed {quiz.seed}）。問題は千曲市情報セキュリティポリシーから生成したもの。")
    for i, q in enumerate(quiz.questions, start=1):
        root.append(question_element(q, i))
    ET.indent(root, "  ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8", xml_declaration=False) + b"\n"


def write(quiz: Quiz, path: Path, category_path: str | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    # into a staging folder, swapped in as a whole (publish_checked): a plain write
    path.write_bytes(moodle_xml(quiz, category_path))
    return path
