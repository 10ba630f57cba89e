"""The self-check page in headless Chromium: answer the questions, see the score.

Driven through chromedriver's WebDriver HTTP API (plain urllib): real clicks
on the radio buttons, real typing into the blanks, a click on 「採点する」.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from axe import axe_violations, describe, run_axe
from conftest import TRAINING
from webdriver import Browser

from toolkit.render.quiz_html import fragment, write_page
from toolkit.training.assemble import make_quiz
from toolkit.training.model import Blank, Choice, Scenario, TrueFalse, explanation, right_answer
from toolkit.training.settings import load_training
from toolkit.view.redact import redact

pytestmark = pytest.mark.browser
@pytest.fixture
def driver(browser) -> Browser:
    """The session's chromium, its window as tall as a self-check page."""
    browser.size(1000, 1400)
    return browser


@pytest.fixture(scope="module")
def quiz(policy):
    return make_quiz(redact(policy, "public"), load_training(TRAINING), 2026, 12, [])


@pytest.fixture(scope="module")
def staff_quiz(policy):
    from toolkit.publish.training import audience_quiz

    return audience_quiz(redact(policy, "staff"), load_training(TRAINING), 2026, None, [])


@pytest.fixture(scope="module")
def page(quiz, tmp_path_factory) -> Path:
    return write_page(quiz, tmp_path_factory.mktemp("selfcheck") / "quiz.html")


def _answer(driver: Browser, quiz, number: int, right: bool) -> None:
    q = quiz.questions[number - 1]
    item = f"#sc-q{number}"
    match q:
        case Choice() | Scenario():
            pick = q.correct if right else (q.correct + 1) % len(q.options)
            driver.click(driver.find(f'{item} input[value="{pick}"]'))
        case TrueFalse():
            value = q.truth if right else not q.truth
            driver.click(driver.find(f'{item} input[value="{"true" if value else "false"}"]'))
        case Blank():
            # typed with spaces around it and 、 as ・, as people do: still right (as in Moodle)
            typed = f" {q.answers[0].replace('、', '・')} " if right else "わからない"
            driver.type(driver.find(f"{item} input[type=text]"), typed)


def test_answer_and_see_the_score(driver, quiz, page):
    driver.get(page.as_uri())
    assert driver.js("return document.querySelectorAll('li.sc-q').length") == len(quiz.questions)
    # every question id on the page is the quiz's, in order
    ids = driver.js("return [...document.querySelectorAll('li.sc-q')].map(li => li.dataset.qid)")
    assert ids == [q.id for q in quiz.questions]
    kinds = [q.kind for q in quiz.questions]
    wrong = {kinds.index(Choice.kind) + 1, kinds.index(TrueFalse.kind) + 1, kinds.index(Blank.kind) + 1}
    for n in range(1, len(quiz.questions) + 1):
        _answer(driver, quiz, n, n not in wrong)
    assert driver.text(driver.find(".sc-score")) == "", "no score before scoring"
    driver.click(driver.find(".sc-submit"))
    right = len(quiz.questions) - len(wrong)
    assert driver.text(driver.find(".sc-score")) == f"採点結果: {len(quiz.questions)}問中 {right}問正解"
    results = driver.js("return [...document.querySelectorAll('li.sc-q')].map(li => li.dataset.result)")
    assert results == ["wrong" if n in wrong else "right" for n in range(1, len(quiz.questions) + 1)]
    n = min(wrong)
    mark = driver.text(driver.find(f"#sc-q{n} .sc-mark"))
    assert mark.startswith("× 不正解（正解: ") and right_answer(quiz.questions[n - 1]) in mark
    ok = min(set(range(1, len(quiz.questions) + 1)) - wrong)
    assert driver.text(driver.find(f"#sc-q{ok} .sc-mark")) == "○ 正解"
    explain = driver.text(driver.find(f"#sc-q{ok} .sc-explain"))
    q = quiz.questions[ok - 1]
    assert q.source.where in explain and q.source.text.split("\n")[0][:30] in explain, \
        "the clause number and text show after scoring"


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
    other = make_quiz(redact(policy, "staff"), load_training(TRAINING), 5, 4, [])
    html = ("<!DOCTYPE html><html lang='ja'><head><meta charset='utf-8'></head><body>"
            + fragment(quiz, "a") + fragment(other, "b") + "</body></html>")
    path = tmp_path / "two.html"
    path.write_text(html, encoding="utf-8")
    driver.get(path.as_uri())
    _answer_first(driver, other)
    driver.click(driver.find("#b .sc-submit"))
    assert driver.text(driver.find("#b .sc-score")) == f"採点結果: {len(other.questions)}問中 1問正解"
    assert driver.text(driver.find("#a .sc-score")) == "", "the other quiz on the page is untouched"



def _answer_first(driver: Browser, quiz) -> None:
    q = quiz.questions[0]
    match q:
        case Blank():
            driver.type(driver.find("#b-q1 input[type=text]"), q.answers[0])
        case Choice() | Scenario():
            driver.click(driver.find(f'#b-q1 input[value="{q.correct}"]'))
        case TrueFalse():
            driver.click(driver.find(f'#b-q1 input[value="{"true" if q.truth else "false"}"]'))


def test_structure_for_screen_readers(driver, staff_quiz, tmp_path):
    """Each question a fieldset with a legend; blanks labelled with their question; one live region;
    true/false options read 正しい / 誤り (no ○ glyph beside a radio); the staff page's banner."""
    page = write_page(staff_quiz, tmp_path / "staff.html")
    driver.get(page.as_uri())
    n = len(staff_quiz.questions)
    assert driver.js("return document.querySelectorAll('li.sc-q > fieldset > legend').length") == n
    labels = driver.js("""return [...document.querySelectorAll('input[type=text]')].map(
        i => i.labels.length === 1 ? i.labels[0].textContent : null)""")
    blanks = [i for i, q in enumerate(staff_quiz.questions, 1) if isinstance(q, Blank)]
    assert labels == [f"問{i}の［　　　］に入る語句" for i in blanks]
    assert driver.js("return document.querySelectorAll('[aria-live]').length") == 1
    tf = driver.js("""return [...document.querySelectorAll('li[data-kind=truefalse] label')].map(l => l.textContent.trim())""")
    assert tf and set(tf) == {"正しい", "誤り"}
    assert driver.text(driver.find(".sc-banner")).startswith("庁内限り")


def test_axe_finds_no_violations_before_and_after_scoring(driver, staff_quiz, quiz, tmp_path):
    for q in (staff_quiz, quiz):
        page = write_page(q, tmp_path / f"{q.audience}.html")
        driver.get(page.as_uri())
        result = run_axe(driver)
        assert {"label", "color-contrast", "region"} <= set(result["rules"]), "axe ran its rules"
        assert result["violations"] == [], describe(result["violations"])
        driver.click(driver.find(".sc-submit"))
        found = axe_violations(driver)
        assert found == [], describe(found)


def test_blank_answers_are_checked_with_the_one_normalisation(driver, tmp_path, quiz):
    """The page accepts exactly what Moodle and GIFT are given (accepted()), and the same variants."""
    from dataclasses import replace

    from toolkit.training.model import accepted

    blank = next(q for q in quiz.questions if isinstance(q, Blank))
    blank = replace(blank, answers=("破壊、改ざん又は消去",))
    page = write_page(replace(quiz, questions=(blank,)), tmp_path / "one.html")
    for typed, right in [*((v, True) for v in accepted("破壊、改ざん又は消去")), ("破壊　改ざん又は消去。", True), ("　破壊、改ざん又は消去", True),
                         ("破壊、改ざん", False)]:
        driver.get(page.as_uri())
        driver.type(driver.find("#sc-q1 input[type=text]"), typed)
        driver.click(driver.find(".sc-submit"))
        assert (driver.js("return document.querySelector('#sc-q1').dataset.result") == "right") is right, typed
    assert explanation(blank)


def test_explanations_are_text_and_absent_until_scoring(driver, quiz, tmp_path):
    """Written in as text on scoring: markup in an explanation never runs, and before scoring the
    page's text holds no explanation (a site search cannot show answers in its snippets)."""
    from dataclasses import replace

    payload = '<img src=x onerror="document.title=`pwned`">解説'
    q = replace(quiz.questions[0], rationale=payload)
    page = write_page(replace(quiz, questions=(q,)), tmp_path / "x.html")
    text = page.read_text(encoding="utf-8")
    assert "<img" not in text.replace("&lt;img", "")
    driver.get(page.as_uri())
    assert "根拠:" not in driver.js("return document.body.textContent")
    driver.click(driver.find(".sc-submit"))
    assert payload in driver.js("return document.querySelector('#sc-q1 .sc-explain').textContent")
    assert driver.js("return document.querySelectorAll('.sc-explain img').length") == 0
    assert driver.js("return document.title") != "pwned"
