"""GIFT, parsed back with a small parser written from the format's description.

GIFT gives ``~ = # { } :`` a meaning; every text must come back exactly as
it was written, whatever characters it holds.
"""

from __future__ import annotations

import html
from dataclasses import replace

import pytest
from conftest import TRAINING
from hypothesis import given
from hypothesis import strategies as st

from toolkit.render.quiz_gift import escape, gift
from toolkit.training.model import Blank, Choice, Quiz, Scenario, TrueFalse, accepted, explanation
from toolkit.training.questions import question_pool
from toolkit.training.settings import load_training
from toolkit.view.redact import redact

SPECIAL = "~=#{}:\\"


def _split(text: str, stops: str) -> list[tuple[str, str]]:
    """Split on unescaped ``stops``: [(stop char or "", piece)], escapes kept."""
    out, cur, stop, i = [], [], "", 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            cur.append(text[i : i + 2])
            i += 2
            continue
        if ch in stops:
            out.append((stop, "".join(cur)))
            cur, stop = [], ch
        else:
            cur.append(ch)
        i += 1
    out.append((stop, "".join(cur)))
    return out


def _find(text: str, token: str, start: int) -> int:
    """Index of the first unescaped ``token`` at or after ``start``."""
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
        elif text.startswith(token, i):
            return i
        else:
            i += 1
    raise ValueError(f"no {token!r} in {text!r}")


def unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in SPECIAL:
            out.append(text[i + 1])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _html(text: str) -> str:
    return html.unescape(unescape(text).replace("<br>", "\n"))


PHP_TRIM = " \t\n\r\0\x0b"


def parse_gift(source: str) -> list[dict]:
    """Questions as dicts: title, kind, text, options/answers/truth, feedback."""
    blocks = [b for b in source.split("\n\n") if b.strip()]
    out = []
    for block in blocks:
        lines = [ln for ln in block.split("\n") if not ln.startswith("//") and not ln.startswith("$CATEGORY:")]
        body = "\n".join(lines).strip()
        if not body:
            continue
        assert body.startswith("::")
        end = _find(body, "::", 2)
        title, rest = unescape(body[2:end]), body[end + 2 :]
        assert rest.startswith("[html]")
        rest = rest[len("[html]") :]
        pieces = _split(rest, "{}")
        assert [s for s, _p in pieces] == ["", "{", "}"] and pieces[2][1] == "", "one answer block"
        text, answer = pieces[0][1].rstrip(), pieces[1][1]
        answer_parts = answer.split("####")
        assert len(answer_parts) == 2, "general feedback present"
        answer, feedback = answer_parts[0].strip(), _html(answer_parts[1].strip())
        q = {"title": title, "text": _html(text), "feedback": feedback}
        if answer.split("#")[0] in ("TRUE", "FALSE", "T", "F"):
            value, *fbs = _split(answer, "#")
            q.update(kind=TrueFalse.kind, truth=value[1].startswith("T"), answer_feedback=[_html(p) for _s, p in fbs])
        else:
            marks = [(s, p.strip(PHP_TRIM)) for s, p in _split(answer, "=~") if s]
            texts, fbs = [], []
            for _s, p in marks:
                parts = _split(p, "#")
                texts.append(parts[0][1].strip(PHP_TRIM))  # as Moodle's importer trims (PHP: ASCII only)
                fbs.append(_html(parts[1][1]) if len(parts) > 1 else "")
            q["answer_feedback"] = fbs
            if all(s == "=" for s, _p in marks):
                q.update(kind=Blank.kind, answers=[unescape(t) for t in texts])
            else:
                q.update(kind=Choice.kind, options=[_html(t) for t in texts],
                         right=[i for i, (s, _p) in enumerate(marks) if s == "="])
        out.append(q)
    return out


@pytest.fixture(scope="module", params=["public", "staff"])
def quiz(request, policy):
    view = redact(policy, request.param)
    pool = question_pool(view, load_training(TRAINING), 2026, [])
    return Quiz("t", request.param, 2026, tuple(pool), max(q.source.revision_date for q in pool))


def test_gift_parses_back_question_by_question(quiz):
    parsed = parse_gift(gift(quiz))
    assert len(parsed) == len(quiz.questions) > 50
    for p, q in zip(parsed, quiz.questions, strict=True):
        assert p["kind"] == (Choice.kind if isinstance(q, Scenario) else q.kind), q.id
        assert q.source.where in p["title"]
        # each answer says right or wrong; the 解説 is the general feedback, shown once
        assert all(("正解です" in fb or "誤りです" in fb) and "解説:" not in fb for fb in p["answer_feedback"]), q.id
        match q:
            case Choice() | Scenario():
                assert p["text"].endswith(q.prompt)
                assert p["options"] == list(q.options) and p["right"] == [q.correct]
            case TrueFalse():
                assert p["text"].endswith(q.prompt) and p["truth"] is q.truth
                assert len(p["answer_feedback"]) == 2
            case Blank():
                assert p["text"] == q.prompt
                assert p["answers"] == list(dict.fromkeys(v for a in q.answers for v in accepted(a)))
        assert p["feedback"] == "\n".join(explanation(q))


def test_special_characters_are_escaped(quiz):
    nasty = "a~b=c#d{e}f:g\\h ::x:: {=y} ~z ####w"
    choice = next(q for q in quiz.questions if isinstance(q, Choice))
    blank = next(q for q in quiz.questions if isinstance(q, Blank))
    choice = replace(choice, prompt=nasty, options=(nasty + "1", "二", "三", "四"), rationale=nasty)
    blank = replace(blank, prompt=nasty + "［　　　］", answers=("x=y", "{z}"))
    text = gift(replace(quiz, questions=(choice, blank)))
    for ch in "~=#{}":
        assert f"\\{ch}" in text
    a, b = parse_gift(text)
    assert a["text"] == nasty and a["options"][0] == nasty + "1" and a["feedback"].startswith("解説: " + nasty)
    assert b["answers"][:1] == ["x=y"] and "{z}" in b["answers"]


@given(st.text(alphabet=st.sampled_from(list("~=#{}:\\ab 機密性\n")), max_size=30))
def test_escape_round_trip(text):
    assert unescape(escape(text)) == text
    assert not any(s == "{" or s == "}" for s, _p in _split(escape(text), "{}")[1:])
