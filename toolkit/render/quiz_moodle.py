"""Moodle XML (問題バンクのインポート形式) from a quiz.

Multiple choice → ``multichoice`` (single answer, fraction 100 for the right
option and 0 for the others), true/false → ``truefalse``, fill-in-the-blank →
``shortanswer``.  UTF-8; texts are HTML (escaped plain text, line breaks as
``<br>``).  Each question carries the clause and revision it tests as its
``idnumber`` and tags, so a course can filter and replace it after a revision.
"""

from __future__ import annotations

import html
import os
import xml.etree.ElementTree as ET
from pathlib import Path

from toolkit.training.model import BLANK, CHOICE, TRUEFALSE, Question, Quiz

PENALTY = "0.3333333"


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
    kinds = {CHOICE: "選択", TRUEFALSE: "正誤", BLANK: "穴埋め"}
    return f"{number:02d} {q.source.where} {kinds[q.kind]}"


def tags(q: Question) -> list[str]:
    return [f"document:{q.source.doc_id}", f"clause:{q.source.clause_id or '-'}", f"revision:{q.source.revision}",
            f"kind:{q.kind}"]


def question_element(q: Question, number: int) -> ET.Element:
    moodle_type = {CHOICE: "multichoice", TRUEFALSE: "truefalse", BLANK: "shortanswer"}[q.kind]
    el = ET.Element("question", {"type": moodle_type})
    _text(el, "name", name(q, number), None)
    prompt = q.prompt if q.kind != TRUEFALSE else f"次の記述は正しいか。\n{q.prompt}"
    _text(el, "questiontext", _html(prompt))
    _text(el, "generalfeedback", _html(q.explanation or q.source.where))
    ET.SubElement(el, "defaultgrade").text = "1"
    ET.SubElement(el, "penalty").text = "1" if q.kind == TRUEFALSE else PENALTY
    ET.SubElement(el, "hidden").text = "0"
    ET.SubElement(el, "idnumber").text = q.id[:100]
    if q.kind == CHOICE:
        ET.SubElement(el, "single").text = "true"
        ET.SubElement(el, "shuffleanswers").text = "true"
        ET.SubElement(el, "answernumbering").text = "abc"
        _text(el, "correctfeedback", "正解です。")
        _text(el, "partiallycorrectfeedback", "")
        _text(el, "incorrectfeedback", _html(f"正解は「{q.right_answer}」です。"))
        for i, option in enumerate(q.options):
            a = _text(el, "answer", _html(option))
            a.set("fraction", "100" if i == q.correct else "0")
            _text(a, "feedback", "", "html")
    elif q.kind == TRUEFALSE:
        for value in (True, False):
            a = _text(el, "answer", "true" if value else "false", "moodle_auto_format")
            a.set("fraction", "100" if value == q.truth else "0")
            _text(a, "feedback", "正解です。" if value == q.truth else _html(q.explanation or "誤りです。"), "html")
    else:
        ET.SubElement(el, "usecase").text = "0"
        for answer in q.answers:
            a = _text(el, "answer", _shortanswer_text(answer), "moodle_auto_format")
            a.set("fraction", "100")
            _text(a, "feedback", "", "html")
    tag_el = ET.SubElement(el, "tags")
    for t in tags(q):
        _text(tag_el, "tag", t, None)
    return el


def moodle_xml(quiz: Quiz, category: str | None = None) -> bytes:
    """The quiz as a Moodle XML document (UTF-8 bytes)."""
    root = ET.Element("quiz")
    cat = ET.SubElement(root, "question", {"type": "category"})
    ET.SubElement(ET.SubElement(cat, "category"), "text").text = category or f"$course$/top/{quiz.title}"
    ET.SubElement(ET.SubElement(cat, "info", {"format": "html"}), "text").text = _html(
        f"{quiz.title}（seed {quiz.seed}）。問題は千曲市情報セキュリティポリシーから生成したもの。")
    for i, q in enumerate(quiz.questions, start=1):
        root.append(question_element(q, i))
    ET.indent(root, "  ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8", xml_declaration=False) + b"\n"


def write(quiz: Quiz, path: Path, category: str | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    part.write_bytes(moodle_xml(quiz, category))
    os.replace(part, path)
    return path
