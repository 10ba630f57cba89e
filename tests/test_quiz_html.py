"""The self-check page in headless Chromium: answer the questions, see the score.

Driven through chromedriver's WebDriver HTTP API (plain urllib): real clicks
on the radio buttons, real typing into the blanks, a click on 「採点する」.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT
from webdriver import Browser, chromium_session

from toolkit.render.quiz_html import fragment, write_page
from toolkit.training.model import BLANK, CHOICE, TRUEFALSE
from toolkit.training.questions import make_quiz
from toolkit.training.settings import load_training
from toolkit.view.redact import redact

pytestmark = pytest.mark.browser
@pytest.fixture(scope="module")
def driver() -> Iterator[Browser]:
    with chromium_session("the self-check page is driven in Debian's headless chromium",
                          ("--window-size=1000,1400",)) as b:
        yield b


@pytest.fixture(scope="module")
def quiz(policy):
    return make_quiz(redact(policy, "public"), load_training(ROOT / "training"), 2026, 12, [])


@pytest.fixture(scope="module")
def page(quiz, tmp_path_factory) -> Path:
    return write_page(quiz, tmp_path_factory.mktemp("selfcheck") / "quiz.html")


def _answer(driver: Browser, quiz, number: int, right: bool) -> None:
    q = quiz.questions[number - 1]
    item = f"#sc-q{number}"
    if q.kind == CHOICE:
        pick = q.correct if right else (q.correct + 1) % len(q.options)
        driver.click(driver.find(f'{item} input[value="{pick}"]'))
    elif q.kind == TRUEFALSE:
        value = q.truth if right else not q.truth
        driver.click(driver.find(f'{item} input[value="{"true" if value else "false"}"]'))
    else:
        assert q.kind == BLANK
        # typed with a full-width space around it, as people do: still right
        driver.type(driver.find(f"{item} input[type=text]"), f"　{q.answers[0]} " if right else "わからない")


def test_answer_and_see_the_score(driver, quiz, page):
    driver.get(page.as_uri())
    assert driver.js("return document.querySelectorAll('li.sc-q').length") == len(quiz.questions)
    # every question id on the page is the quiz's, in order
    ids = driver.js("return [...document.querySelectorAll('li.sc-q')].map(li => li.dataset.qid)")
    assert ids == [q.id for q in quiz.questions]
    wrong = {2, 3, 7}  # a true/false, a blank and a choice answered wrongly (seed 2026 order)
    kinds = {quiz.questions[n - 1].kind for n in wrong}
    assert kinds == {CHOICE, TRUEFALSE, BLANK}, kinds
    for n in range(1, len(quiz.questions) + 1):
        _answer(driver, quiz, n, n not in wrong)
    assert driver.text(driver.find(".sc-score")) == "", "no score before scoring"
    driver.click(driver.find(".sc-submit"))
    right = len(quiz.questions) - len(wrong)
    assert driver.text(driver.find(".sc-score")) == f"採点結果: {len(quiz.questions)}問中 {right}問正解"
    results = driver.js("return [...document.querySelectorAll('li.sc-q')].map(li => li.dataset.result)")
    assert results == ["wrong" if n in wrong else "right" for n in range(1, len(quiz.questions) + 1)]
    mark = driver.text(driver.find("#sc-q7 .sc-mark"))
    assert mark.startswith("× 不正解（正解: ") and quiz.questions[6].right_answer in mark
    assert driver.text(driver.find("#sc-q1 .sc-mark")) == "○ 正解"
    explain = driver.text(driver.find("#sc-q1 .sc-explain"))
    assert quiz.questions[0].source.where in explain, "the explanation and source show after scoring"


def test_reset_then_all_right(driver, quiz, page):
    driver.get(page.as_uri())
    driver.click(driver.find(".sc-submit"))  # nothing answered: nothing right
    assert driver.text(driver.find(".sc-score")) == f"採点結果: {len(quiz.questions)}問中 0問正解"
    driver.click(driver.find(".sc-reset"))
    assert driver.text(driver.find(".sc-score")) == ""
    assert driver.js("return document.querySelector('#sc-q1 .sc-explain').hidden") is True
    for n in range(1, len(quiz.questions) + 1):
        _answer(driver, quiz, n, True)
    driver.click(driver.find(".sc-submit"))
    n = len(quiz.questions)
    assert driver.text(driver.find(".sc-score")) == f"採点結果: {n}問中 {n}問正解"


def test_two_fragments_on_one_page_score_separately(driver, quiz, policy, tmp_path):
    other = make_quiz(redact(policy, "staff"), load_training(ROOT / "training"), 5, 4, [])
    html = ("<!DOCTYPE html><html lang='ja'><head><meta charset='utf-8'></head><body>"
            + fragment(quiz, "a") + fragment(other, "b") + "</body></html>")
    path = tmp_path / "two.html"
    path.write_text(html, encoding="utf-8")
    driver.get(path.as_uri())
    q = other.questions[0]
    if q.kind == BLANK:
        driver.type(driver.find("#b-q1 input[type=text]"), q.answers[0])
    elif q.kind == CHOICE:
        driver.click(driver.find(f'#b-q1 input[value="{q.correct}"]'))
    else:
        driver.click(driver.find(f'#b-q1 input[value="{"true" if q.truth else "false"}"]'))
    driver.click(driver.find("#b .sc-submit"))
    assert driver.text(driver.find("#b .sc-score")) == f"採点結果: {len(other.questions)}問中 1問正解"
    assert driver.text(driver.find("#a .sc-score")) == "", "the other quiz on the page is untouched"

