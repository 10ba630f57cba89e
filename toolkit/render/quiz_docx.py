"""Printable quiz (印刷用の確認テスト): a question sheet and a separate answer key, .docx.

A4, 明朝 body and ゴシック headings as in the official edition (via
:mod:`toolkit.render.docx_common`), deterministic bytes.  The answer key gives
each answer with the clause and revision it comes from, so a trainer can
show where the policy says it.
"""

from __future__ import annotations

from pathlib import Path

from docx.shared import Pt

from toolkit.model.wareki import wareki
from toolkit.render.docx_common import add_page_number_footer, add_run, new_document, save, set_properties
from toolkit.training.model import BLANK, CHOICE, TRUEFALSE, Question, Quiz

LETTERS = "アイウエ"


def option_label(i: int) -> str:
    """ア / イ / ウ / エ: how options are lettered on paper."""
    return LETTERS[i]


def _lines(paragraph, text: str) -> None:
    for i, line in enumerate(text.split("\n")):
        if i:
            paragraph.add_run().add_break()
        paragraph.add_run(line)


def _question(doc, q: Question, number: int) -> None:
    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(8)
    p.paragraph_format.keep_with_next = True
    add_run(p, f"問{number}　", bold=True)
    if q.kind == TRUEFALSE:
        p.add_run("次の記述が正しければ○、誤っていれば×を書きなさい。")
        p.add_run().add_break()
    _lines(p, q.prompt)
    if q.kind == CHOICE:
        for i, option in enumerate(q.options):
            o = doc.add_paragraph()
            o.paragraph_format.left_indent = Pt(21)
            o.paragraph_format.first_line_indent = Pt(-14)
            o.paragraph_format.keep_with_next = i < len(q.options) - 1
            o.add_run(f"{option_label(i)}　")
            _lines(o, option)
    a = doc.add_paragraph()
    a.paragraph_format.left_indent = Pt(21)
    a.add_run({CHOICE: "解答（　　　）", TRUEFALSE: "解答（　○ ・ ×　）", BLANK: "解答（　　　　　　　　　　　　）"}[q.kind])


def _answer(doc, q: Question, number: int) -> None:
    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(6)
    add_run(p, f"問{number}　", bold=True)
    if q.kind == CHOICE:
        add_run(p, f"{option_label(q.correct)}　{q.options[q.correct]}", bold=True)
    elif q.kind == TRUEFALSE:
        add_run(p, "○" if q.truth else "×", bold=True)
    else:
        add_run(p, " / ".join(q.answers), bold=True)
    d = doc.add_paragraph()
    d.paragraph_format.left_indent = Pt(21)
    if q.explanation:
        _lines(d, q.explanation)
        d.add_run().add_break()
    src = q.source
    d.add_run(f"出典: {src.where}（{wareki(src.revision_date)}の版、{src.revision}）")


def _document(quiz: Quiz, heading: str):
    doc = new_document()
    doc.add_paragraph(quiz.title, style="Title")
    doc.add_paragraph(f"{heading}　{len(quiz.questions)}問（問題セット {quiz.seed}）", style="Subtitle")
    add_page_number_footer(doc.sections[0])
    return doc


def question_sheet(quiz: Quiz, path: Path) -> Path:
    """The sheet handed out: questions with blanks for the answers, no answers."""
    doc = _document(quiz, "問題用紙")
    doc.add_paragraph("所属（　　　　　　　　　　　）　氏名（　　　　　　　　　　　）")
    for i, q in enumerate(quiz.questions, start=1):
        _question(doc, q, i)
    set_properties(doc, title=f"{quiz.title} 問題用紙", organisation=quiz.organisation, date=quiz.date,
                   subject="情報セキュリティ研修", keywords=f"seed {quiz.seed}")
    return save(doc, path)


def answer_key(quiz: Quiz, path: Path) -> Path:
    """The trainer's key: each answer, why, and where the policy says it."""
    doc = _document(quiz, "解答・解説")
    for i, q in enumerate(quiz.questions, start=1):
        _answer(doc, q, i)
    set_properties(doc, title=f"{quiz.title} 解答・解説", organisation=quiz.organisation, date=quiz.date,
                   subject="情報セキュリティ研修", keywords=f"seed {quiz.seed}")
    return save(doc, path)
