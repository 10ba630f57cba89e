"""The self-check page in headless Chromium: answer the questions, see the score.

Driven through chromedriver's WebDriver HTTP API (plain urllib): real clicks
on the radio buttons, real typing into the blanks, a click on 「採点する」.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, require

from toolkit.render.quiz_html import fragment, write_page
from toolkit.training.model import BLANK, CHOICE, TRUEFALSE
from toolkit.training.questions import make_quiz
from toolkit.training.settings import load_training
from toolkit.view.redact import redact

pytestmark = pytest.mark.browser
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"  # the W3C WebDriver element key


class Driver:
    """Just enough WebDriver: open a page, find, click, type, read, run a script."""

    def __init__(self, base: str, chromium: str, profile: Path):
        self.base = base
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": chromium,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--no-first-run", f"--user-data-dir={profile}", "--window-size=1000,1400"]}}}}
        self.session = self._call("POST", "/session", caps)["sessionId"]

    def _call(self, method: str, path: str, body: dict | None = None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.loads(r.read())["value"]

    def cmd(self, method: str, path: str, body: dict | None = None):
        return self._call(method, f"/session/{self.session}{path}", body if method == "POST" else None)

    def get(self, url: str) -> None:
        self.cmd("POST", "/url", {"url": url})

    def find(self, css: str) -> str:
        return self.cmd("POST", "/element", {"using": "css selector", "value": css})[ELEMENT]

    def click(self, element: str) -> None:
        self.cmd("POST", f"/element/{element}/click", {})

    def type(self, element: str, text: str) -> None:
        self.cmd("POST", f"/element/{element}/value", {"text": text})

    def text(self, element: str) -> str:
        return self.cmd("GET", f"/element/{element}/text")

    def js(self, script: str, *args):
        return self.cmd("POST", "/execute/sync", {"script": script, "args": list(args)})

    def quit(self) -> None:
        with contextlib.suppress(Exception):
            self._call("DELETE", f"/session/{self.session}")


@pytest.fixture(scope="module")
def driver() -> Iterator[Driver]:
    chromium = require("chromium", "the self-check page is driven in Debian's headless chromium")
    chromedriver = require("chromedriver", "the test speaks WebDriver to chromium (chromium-driver)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    profile = Path(tempfile.mkdtemp(prefix="selfcheck-profile-"))
    proc = subprocess.Popen([chromedriver, f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            with contextlib.suppress(OSError), urllib.request.urlopen(base + "/status", timeout=1):
                break
            time.sleep(0.1)
        d = Driver(base, chromium, profile)
        try:
            yield d
        finally:
            d.quit()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def quiz(policy):
    return make_quiz(redact(policy, "public"), load_training(ROOT / "training"), 2026, 12, [])


@pytest.fixture(scope="module")
def page(quiz, tmp_path_factory) -> Path:
    return write_page(quiz, tmp_path_factory.mktemp("selfcheck") / "quiz.html")


def _answer(driver: Driver, quiz, number: int, right: bool) -> None:
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

