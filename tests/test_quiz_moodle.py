"""Moodle XML, parsed question by question as Moodle's importer reads it."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET

import pytest
from conftest import TRAINING

from toolkit.render.quiz_moodle import moodle_xml
from toolkit.training.model import Blank, Choice, Quiz, Scenario, TrueFalse, accepted, normal
from toolkit.training.questions import question_pool
from toolkit.training.settings import load_training
from toolkit.view.redact import redact

REQUIRED = ("name/text", "questiontext/text", "generalfeedback/text", "defaultgrade", "penalty", "hidden", "idnumber")


@pytest.fixture(scope="module", params=["public", "staff"])
def quiz(request, policy):
    # every question of the pool, so every generated question is exported
    view = redact(policy, request.param)
    pool = question_pool(view, load_training(TRAINING), 2026, [])
    return Quiz("t", request.param, 2026, tuple(pool), max(q.source.revision_date for q in pool), marking="庁内限り")


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
    types = {Choice.kind: "multichoice", Scenario.kind: "multichoice", TrueFalse.kind: "truefalse",
             Blank.kind: "shortanswer"}
    assert "［庁内限り］" in category.findtext("category/text"), "the category names the classification"
    for el, q in zip(questions, quiz.questions, strict=True):
        assert el.get("type") == types[q.kind]
        for path in REQUIRED:
            assert el.find(path) is not None, (q.id, path)
        assert el.findtext("idnumber") == q.id
        assert el.find("questiontext").get("format") == "html"
        tags = {t.text for t in el.findall("tags/tag/text")}
        assert {f"clause:{q.source.clause_id}", f"revision:{q.source.revision}"} <= tags
        general = _plain(el.findtext("generalfeedback/text"))
        assert q.source.where in general and q.source.text.split("\n")[0] in general, q.id
        answers = el.findall("answer")
        fractions = [a.get("fraction") for a in answers]
        assert set(fractions) <= {"0", "100"}
        for a in answers:  # every answer says right or wrong; the explanation is not repeated there
            fb = _plain(a.findtext("feedback/text"))
            assert ("正解です" in fb or "誤りです" in fb) and "解説:" not in fb and "根拠:" not in fb, q.id
        # the 解説 is shown to the learner once: the general feedback, nowhere else in the question
        shown = "".join(_plain(x.text) for x in el.iter("text"))
        assert shown.count("解説:") == 1 and general.startswith("解説:"), q.id
        match q:
            case Choice() | Scenario():
                assert el.findtext("single") == "true"
                assert fractions.count("100") == 1 and fractions.count("0") == 3
                texts = [_plain(a.findtext("text")) for a in answers]
                assert len(set(texts)) == 4
                assert texts[fractions.index("100")] == q.options[q.correct]
                assert q.prompt in _plain(el.findtext("questiontext/text"))
            case TrueFalse():
                values = {a.findtext("text"): a.get("fraction") for a in answers}
                assert values == {"true": "100" if q.truth else "0", "false": "0" if q.truth else "100"}
                assert _plain(el.findtext("questiontext/text")).endswith(q.prompt)
            case Blank():
                assert el.findtext("usecase") == "0"
                right = [a.findtext("text") for a in answers if a.get("fraction") == "100"]
                want = list(dict.fromkeys(v for x in q.answers for v in accepted(x)))
                assert right == [x.replace("*", "\\*") for x in want]
                assert [a.findtext("text") for a in answers if a.get("fraction") == "0"] == ["*"]
                assert "［　　　］" in el.findtext("questiontext/text")


def test_short_answers_accept_what_the_self_check_page_accepts():
    """One normalisation: every variant written for Moodle normalises to the answer (so the
    page accepts it too), and the usual ways of writing a list are all there."""
    answer = "破壊、改ざん又は消去"
    variants = accepted(answer)
    assert {"破壊、改ざん又は消去", "破壊・改ざん又は消去", "破壊 改ざん又は消去", "破壊改ざん又は消去"} <= set(variants)
    assert all(normal(v) == normal(answer) for v in variants)
    assert "ＬＧＷＡＮ接続系" in accepted("LGWAN接続系")
    assert normal("ＬＧＷＡＮ　接続系。") == normal("LGWAN接続系")
    assert normal("サーバ") != normal("サバ"), "the long-vowel mark is kept"


def test_special_characters_survive(quiz):
    """A prompt with <, & and quotes comes back as written (escaped once for HTML, once for XML)."""
    from dataclasses import replace

    q = replace(quiz.questions[0], prompt='A < B & "C" の場合\n次の行')
    root = ET.fromstring(moodle_xml(replace(quiz, questions=(q,))))
    assert _plain(root.findall("question")[1].findtext("questiontext/text")).endswith('A < B & "C" の場合\n次の行')
