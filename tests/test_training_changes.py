"""What changed (改定点): change cards on whole phrases, and the quiz on what changed."""

from __future__ import annotations

import re

import pytest
from conftest import TRAINING

from toolkit.diff import compare
from toolkit.training.changes import change_cards, change_quiz, phrases
from toolkit.training.model import Blank, TrueFalse, problems_with
from toolkit.training.settings import load_training
from toolkit.training.words import phrase_boundaries
from toolkit.view.redact import redact

_CHANGE = re.compile(r"^「(.*)」→「(.*)」$")


@pytest.fixture(scope="module")
def staff(policy):
    return redact(policy, "staff")


def test_change_phrases_are_whole_words_once_each(staff):
    seen = 0
    for doc in staff.documents:
        if doc.withheld or len(doc.revisions) < 2:
            continue
        for old, new in zip(doc.revisions, doc.revisions[1:], strict=False):
            for c in compare(doc, old, new).changed():
                if c.old is None or c.new is None:
                    continue
                found = phrases(c)
                assert len(found) == len(set(found)), found
                for ph in found:
                    assert "／" not in ph and "\n" not in ph
                    m = _CHANGE.match(ph)
                    if not m:
                        continue
                    seen += 1
                    for text, part in ((c.old_text, m.group(1)), (c.new_text, m.group(2))):
                        i = text.find(part)
                        assert i >= 0, (ph, text)
                        b = phrase_boundaries(text)
                        assert i in b and i + len(part) in b, f"{ph} cuts a word in 「{text}」"
    assert seen >= 5


def test_the_issue_example_reads_whole_words(staff):
    doc = staff.document("basic-policy")
    c = next(c for c in compare(doc, doc.revision("r5"), doc.revision("r8")).changed()
             if c.id == "resilience-mynumber")
    assert phrases(c) == ["「二要素認証」→「多要素認証」"]
    card = next(x for x in change_cards(doc, doc.revision("r5"), doc.revision("r8")) if x.source.clause_id == c.id)
    assert "\x02c1::多要素認証\x03" in card.field("本文") and "（改正前は「二要素認証」）" in card.field("本文")


def test_quiz_on_what_changed_is_staff_only_while_the_old_side_is_reconstructed(policy, staff):
    settings = load_training(TRAINING)
    assert change_quiz(redact(policy, "public"), settings, 2026) is None, "the public view has no reconstructed r5"
    quiz, stem = change_quiz(staff, settings, 2026)
    assert stem == "changes-r8" and len(quiz.questions) >= 5
    for q in quiz.questions:
        assert problems_with(q) == [] and q.topic == "change"
        if isinstance(q, TrueFalse):
            m = re.search(r"の「(.+)」は「(.+)」に改められた。$", q.prompt)
            assert m, q.prompt
            before, after = (m.group(1), m.group(2)) if q.truth else (m.group(2), m.group(1))
            assert f"「{before}」→「{after}」" in phrases(next(
                c for c in compare(staff.document(q.source.doc_id), *_step(staff, q)).changed()
                if c.id == q.source.clause_id))
        elif isinstance(q, Blank):
            assert q.answers[0] in q.source.text
    assert {type(q) for q in quiz.questions} == {TrueFalse, Blank}


def _step(view, q):
    doc = view.document(q.source.doc_id)
    new = doc.revision(q.source.revision)
    return doc.previous(new.id), new
