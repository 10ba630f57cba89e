"""Printable quiz (印刷用の確認テスト): a question sheet and a separate answer key, .docx.

A4, 明朝 body and ゴシック headings as in the official edition (via
:mod:`toolkit.render.docx_common`), deterministic bytes.  The answer key gives
each answer with its explanation: the rationale of a hand-written item and
every clause cited, with its number and text.  A quiz with a classification
(「庁内限り」) carries it in the header and the footer of every page.
"""

from __future__ import annotations

from pathlib import Path
from typing import assert_never

from docx.shared import Pt

from toolkit.render.docx_common import (
    add_formatted_paragraph,
    add_page_number_footer,
    add_run,
    add_text_header,
    add_text_run,
    new_document,
    save,
    set_properties,
)
from toolkit.training.model import (
    Blank,
    Choice,
    Question,
    Quiz,
    Scenario,
    TrueFalse,
    explanation,
    title_parts,
)

LETTERS = "アイウエ"
KEEP_WHOLE = 8  # an explanation of at most this many paragraphs is kept on one page with its answer



def option_label(i: int) -> str:
    """ア / イ / ウ / エ: how options are lettered on paper."""
    return LETTERS[i]


def _lines(paragraph, text: str) -> None:
    for i, line in enumerate(text.split("\n")):
        if i:
            paragraph.add_run().add_break()
        add_text_run(paragraph, line)


def _options(doc, options: tuple[str, ...]) -> None:
    for i, option in enumerate(options):
        # the options stay with their answer line
        o = add_formatted_paragraph(doc, left_indent=Pt(21), first_line_indent=Pt(-14), keep_with_next=True,
                                    keep_together=True)
        add_text_run(o, f"{option_label(i)}　")
        _lines(o, option)


def _question(doc, q: Question, number: int) -> None:
    p = add_formatted_paragraph(doc, space_before=Pt(8), keep_with_next=True, keep_together=True)
    add_run(p, f"問{number}　", bold=True)
    match q:
        case Choice():
            _lines(p, q.prompt)
            _options(doc, q.options)
            answer = "解答（　　　）"
        case Scenario():
            add_run(p, "【事例】", bold=True)
            _lines(p, q.situation)
            p.add_run().add_break()
            _lines(p, q.prompt)
            _options(doc, q.options)
            answer = "解答（　　　）"
        case TrueFalse():
            add_text_run(p, "次の記述が正しければ○、誤っていれば×を書きなさい。")
            p.add_run().add_break()
            _lines(p, q.prompt)
            answer = "解答（　○ ・ ×　）"
        case Blank():
            _lines(p, q.prompt)
            answer = "解答（　　　　　　　　　　　　）"
        case _:
            assert_never(q)
    a = add_formatted_paragraph(doc, left_indent=Pt(21), keep_together=True)
    add_text_run(a, answer)


def _answer(doc, q: Question, number: int) -> None:
    # keep_with_next: no answer alone at the foot of a page, its 解説 overleaf
    p = add_formatted_paragraph(doc, space_before=Pt(6), keep_with_next=True, keep_together=True)
    add_run(p, f"問{number}　", bold=True)
    match q:
        case Choice() | Scenario():
            add_run(p, f"{option_label(q.correct)}　{q.options[q.correct]}", bold=True)
        case TrueFalse():
            add_run(p, "○" if q.truth else "×", bold=True)
        case Blank():
            add_run(p, " / ".join(q.answers), bold=True)
        case _:
            assert_never(q)
    lines = explanation(q)
    for n, line in enumerate(lines):
        d = add_formatted_paragraph(doc, left_indent=Pt(21), keep_together=True,
                                    keep_with_next=n < len(lines) - 1 and len(lines) <= KEEP_WHOLE)
        _lines(d, line)


def _document(quiz: Quiz, heading: str):
    doc = new_document()
    section = doc.sections[0]
    if quiz.marking:
        add_text_header(section, quiz.marking)
        add_page_number_footer(section, f"{quiz.marking}　- {{page}} -")
        banner = doc.add_paragraph()
        add_run(banner, quiz.marking_text or quiz.marking, bold=True)
    else:
        add_page_number_footer(section)
    title = doc.add_paragraph(style="Title")
    parts = title_parts(quiz.title)  # broken between its parts, never inside 「（全職員）」
    head, paren, audience = parts[-1].partition("（")
    if paren and head:  # the audience on a line of its own, smaller: 「（職員（対策基準・実施手順を含む））」
        parts[-1:] = [head, paren + audience]
    for i, part in enumerate(parts):
        if i:
            title.add_run().add_break()
        run = title.add_run(part)
        if part.startswith("（"):
            run.font.size = Pt(16)
    doc.add_paragraph(f"{heading}　{len(quiz.questions)}問（問題セット {quiz.seed}）", style="Subtitle")
    for note in quiz.notes:  # sample / reconstructed text is labelled as such
        doc.add_paragraph(note)
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
