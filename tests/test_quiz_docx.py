"""Printed quiz: a question sheet without answers and a separate answer key, in Japanese fonts.

Read back with python-docx, and opened as a reader would in LibreOffice
(PDF → pdftotext / pdffonts).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import docx
import pytest
from conftest import ROOT, require

from toolkit.render.quiz_docx import answer_key, option_label, question_sheet
from toolkit.training.model import BLANK, CHOICE, TRUEFALSE
from toolkit.training.questions import make_quiz
from toolkit.training.settings import load_training
from toolkit.view.redact import redact


@pytest.fixture(scope="module")
def quiz(policy):
    return make_quiz(redact(policy, "public"), load_training(ROOT / "training"), 2026, 20, [])


@pytest.fixture(scope="module")
def printed(quiz, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("quizdocx")
    return {"sheet": question_sheet(quiz, out / "quiz.docx"), "key": answer_key(quiz, out / "quiz-answers.docx")}


def _text(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def test_sheet_has_every_question_and_no_answers(quiz, printed):
    paras = _text(printed["sheet"])
    text = "\n".join(paras)
    for i, q in enumerate(quiz.questions, start=1):
        start = next(p for p in paras if p.startswith(f"問{i}　"))
        assert start.endswith(q.prompt), (i, start)
        if q.kind == CHOICE:
            for j, option in enumerate(q.options):
                assert f"{option_label(j)}　{option}" in paras
    assert text.count("解答（") == len(quiz.questions)
    assert "出典:" not in text and "○（正しい）" not in text
    assert "氏名" in text


def test_key_gives_each_answer_with_its_source(quiz, printed):
    paras = _text(printed["key"])
    for i, q in enumerate(quiz.questions, start=1):
        head = next(p for p in paras if p.startswith(f"問{i}　"))
        if q.kind == CHOICE:
            assert head == f"問{i}　{option_label(q.correct)}　{q.options[q.correct]}"
        elif q.kind == TRUEFALSE:
            assert head == f"問{i}　{'○' if q.truth else '×'}"
        else:
            assert q.kind == BLANK and head == f"問{i}　{' / '.join(q.answers)}"
    assert sum(1 for p in paras if f"出典: {quiz.questions[0].source.where}" in p) >= 1
    assert "（令和8年4月1日の版、r8）" in "\n".join(paras)


def test_fonts_properties_and_bytes(quiz, printed, tmp_path):
    d = docx.Document(str(printed["sheet"]))
    styles = d.styles.element.xml
    assert 'w:eastAsia="IPAex明朝"' in styles and 'w:eastAsia="IPAexゴシック"' in styles
    section = d.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert d.core_properties.author == "千曲市" and d.core_properties.modified.year == 2026
    again = question_sheet(quiz, tmp_path / "again.docx")
    assert again.read_bytes() == printed["sheet"].read_bytes()


@pytest.mark.libreoffice
def test_libreoffice_prints_the_sheet_in_japanese(quiz, printed, tmp_path):
    soffice = require("soffice", "the printed quiz is opened in LibreOffice as a trainer would")
    pdftotext = require("pdftotext", "reads the PDF LibreOffice prints (poppler-utils)")
    pdffonts = require("pdffonts", "lists the fonts embedded in the PDF (poppler-utils)")
    cmd = [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--norestore",
           "--convert-to", "pdf", "--outdir", str(tmp_path), str(printed["sheet"]), str(printed["key"])]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    pdfs = [tmp_path / "quiz.pdf", tmp_path / "quiz-answers.pdf"]
    assert all(p.is_file() for p in pdfs), run.stdout + run.stderr
    sheet = subprocess.run([pdftotext, str(pdfs[0]), "-"], capture_output=True, text=True, check=True).stdout
    flat = "".join(sheet.split())
    assert "問題用紙" in flat and "問1" in flat and f"問{len(quiz.questions)}" in flat
    first = "".join(quiz.questions[0].prompt.split())[:20]
    assert first in flat
    fonts = subprocess.run([pdffonts, str(pdfs[0])], capture_output=True, text=True, check=True).stdout
    names = {line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:] if line.strip()}
    assert {"IPAexMincho", "IPAexGothic"} <= names, fonts
