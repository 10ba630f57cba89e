"""Moodle XML, parsed question by question as Moodle's importer reads it."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET

import pytest
from conftest import ROOT

from toolkit.render.quiz_moodle import moodle_xml
from toolkit.training.model import BLANK, CHOICE, TRUEFALSE
from toolkit.training.questions import make_quiz
from toolkit.training.settings import load_training
from toolkit.view.redact import redact

REQUIRED = ("name/text", "questiontext/text", "generalfeedback/text", "defaultgrade", "penalty", "hidden", "idnumber")


@pytest.fixture(scope="module", params=["public", "staff"])
def quiz(request, policy):
    # every question of the pool (count larger than the pool), so every generated question is exported
    return make_quiz(redact(policy, request.param), load_training(ROOT / "training"), 2026, 10_000, [])


def _plain(text: str | None) -> str:
    return html.unescape((text or "").replace("<br>", "\n"))


def test_moodle_xml_question_by_question(quiz):
    data = moodle_xml(quiz)
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    data.decode("utf-8")  # UTF-8 throughout
    root = ET.fromstring(data)
    assert root.tag == "quiz"
    category, *questions = root.findall("question")
    assert category.get("type") == "category" and category.findtext("category/text").startswith("$course$/")
    assert len(questions) == len(quiz.questions) > 50
    types = {CHOICE: "multichoice", TRUEFALSE: "truefalse", BLANK: "shortanswer"}
    for el, q in zip(questions, quiz.questions, strict=True):
        assert el.get("type") == types[q.kind]
        for path in REQUIRED:
            assert el.find(path) is not None, (q.id, path)
        assert el.findtext("idnumber") == q.id
        assert el.find("questiontext").get("format") == "html"
        tags = {t.text for t in el.findall("tags/tag/text")}
        assert {f"clause:{q.source.clause_id}", f"revision:{q.source.revision}"} <= tags
        answers = el.findall("answer")
        fractions = [a.get("fraction") for a in answers]
        assert set(fractions) <= {"0", "100"}
        if q.kind == CHOICE:
            assert el.findtext("single") == "true"
            assert fractions.count("100") == 1 and fractions.count("0") == 3
            texts = [_plain(a.findtext("text")) for a in answers]
            assert len(set(texts)) == 4
            assert texts[fractions.index("100")] == q.options[q.correct]
            assert _plain(el.findtext("questiontext/text")) == q.prompt
        elif q.kind == TRUEFALSE:
            values = {a.findtext("text"): a.get("fraction") for a in answers}
            assert values == {"true": "100" if q.truth else "0", "false": "0" if q.truth else "100"}
            assert _plain(el.findtext("questiontext/text")).endswith(q.prompt)
        else:
            assert el.findtext("usecase") == "0"
            assert fractions == ["100"] * len(q.answers)
            assert [a.findtext("text") for a in answers] == [x.replace("*", "\\*") for x in q.answers]
            assert "［　　　］" in el.findtext("questiontext/text")


def test_special_characters_survive(quiz):
    """A prompt with <, & and quotes comes back as written (escaped once for HTML, once for XML)."""
    from dataclasses import replace

    q = replace(quiz.questions[0], prompt='A < B & "C" の場合\n次の行')
    root = ET.fromstring(moodle_xml(replace(quiz, questions=(q,))))
    assert _plain(root.findall("question")[1].findtext("questiontext/text")).endswith('A < B & "C" の場合\n次の行')
