"""Printed quiz: a question sheet without answers and a separate answer key, in Japanese fonts.

Read back with python-docx, and opened as a reader would in LibreOffice
(PDF → pdftotext / pdffonts).
"""

from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from conftest import TRAINING, require
from office import office_env

from toolkit.render.quiz_docx import answer_key, option_label, question_sheet
from toolkit.training.assemble import make_quiz
from toolkit.training.model import Blank, Choice, Scenario, TrueFalse, explanation
from toolkit.training.settings import load_training
from toolkit.view.redact import redact


@pytest.fixture(scope="module")
def quiz(policy):
    return make_quiz(redact(policy, "public"), load_training(TRAINING), 2026, None, [])


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
        if isinstance(q, Choice | Scenario):
            for j, option in enumerate(q.options):
                assert f"{option_label(j)}　{option}" in paras
    assert text.count("解答（") == len(quiz.questions)
    assert "根拠:" not in text and "○（正しい）" not in text
    assert "氏名" in text


def test_key_gives_each_answer_with_its_explanation(quiz, printed):
    paras = _text(printed["key"])
    for i, q in enumerate(quiz.questions, start=1):
        k = next(n for n, p in enumerate(paras) if p.startswith(f"問{i}　"))
        head = paras[k]
        lines = explanation(q)  # one paragraph per line, so the key's items can be kept on a page
        body = "\n".join(paras[k + 1:k + 1 + len(lines)])
        match q:
            case Choice() | Scenario():
                assert head == f"問{i}　{option_label(q.correct)}　{q.options[q.correct]}"
            case TrueFalse():
                assert head == f"問{i}　{'○' if q.truth else '×'}"
            case Blank():
                assert head == f"問{i}　{' / '.join(q.answers)}"
        # the clause number and its text, and the rationale of a hand-written item
        assert body == "\n".join(explanation(q)) and f"根拠: {q.source.where}" in body
        assert q.source.text and q.source.text in body
        if q.rationale:
            assert f"解説: {q.rationale}" in body


def test_marked_quiz_has_its_classification_in_header_and_footer(quiz, tmp_path):
    marked = replace(quiz, marking="庁内限り", marking_text="庁内限り　この文書は千曲市職員等の業務用です。")
    for path in (question_sheet(marked, tmp_path / "m.docx"), answer_key(marked, tmp_path / "m-answers.docx")):
        d = docx.Document(str(path))
        section = d.sections[0]
        assert "庁内限り" in "".join(p.text for p in section.header.paragraphs)
        assert "庁内限り" in "".join(p.text for p in section.footer.paragraphs)
    plain = docx.Document(str(question_sheet(quiz, tmp_path / "p.docx")))
    assert "庁内限り" not in "".join(p.text for p in plain.sections[0].header.paragraphs)


def test_fonts_properties_and_bytes(quiz, printed, tmp_path):
    d = docx.Document(str(printed["sheet"]))
    styles = d.styles.element.xml
    assert 'w:eastAsia="ＭＳ 明朝"' in styles and 'w:eastAsia="ＭＳ ゴシック"' in styles
    section = d.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert d.core_properties.author == "千曲市" and d.core_properties.modified.year == 2026
    again = question_sheet(quiz, tmp_path / "again.docx")
    assert again.read_bytes() == printed["sheet"].read_bytes()


@pytest.mark.libreoffice
@pytest.mark.poppler
def test_libreoffice_prints_the_sheet_in_japanese(quiz, printed, tmp_path):
    soffice = require("soffice", "the printed quiz is opened in LibreOffice as a trainer would")
    pdftotext = require("pdftotext", "reads the PDF LibreOffice prints (poppler-utils)")
    pdffonts = require("pdffonts", "lists the fonts embedded in the PDF (poppler-utils)")
    cmd = [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--norestore",
           "--convert-to", "pdf", "--outdir", str(tmp_path), str(printed["sheet"]), str(printed["key"])]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=office_env())
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
