"""Quiz questions: every generated question is fit to ask, and follows the source.

Checked for both audiences and several seeds: one right answer, no duplicate
option, distractors of the same kind (checked against the policy itself, not
against the generator's own bookkeeping), reproducible for a seed; a changed
clause gives a regenerated question, a vanished one is dropped with a message.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TRAINING

from toolkit.source.load import load_policy
from toolkit.training.assemble import giveaways, make_quiz
from toolkit.training.facts import enumeration_items
from toolkit.training.model import (
    BLANK_MARK,
    Blank,
    Choice,
    Scenario,
    TrueFalse,
    normal,
    problems_with,
    right_answer,
)
from toolkit.training.questions import question_pool
from toolkit.training.settings import check_against, load_training
from toolkit.training.words import phrase_boundaries
from toolkit.view.redact import redact

SEEDS = (1, 2026, 99991)


@pytest.fixture(scope="module")
def settings(policy):
    s = load_training(TRAINING)
    check_against(s, policy)
    return s


@pytest.fixture(scope="module", params=["public", "staff", "security"])
def view(request, policy):
    return redact(policy, request.param)


@pytest.fixture(scope="module")
def pools(view, settings):
    return {seed: question_pool(view, settings, seed, []) for seed in SEEDS}


def test_every_question_is_fit_to_ask(pools):
    for seed, pool in pools.items():
        assert len(pool) > 60, seed
        for q in pool:
            assert problems_with(q) == [], (seed, q.id)
            if isinstance(q, Choice | Scenario):
                assert len(q.options) == 4 and 0 <= q.correct < 4
                assert len({normal(o) for o in q.options}) == 4, q.id
            elif isinstance(q, TrueFalse):
                assert isinstance(q.truth, bool)
            else:
                assert isinstance(q, Blank) and q.prompt.count(BLANK_MARK) == 1 and q.answers
        assert len({q.id for q in pool}) == len(pool), "question ids are unique"


def test_every_question_records_clause_and_revision(pools, view):
    docs = {d.id: d for d in view.documents if d.revisions}
    for q in pools[2026]:
        doc = docs[q.source.doc_id]
        assert q.source.revision == doc.current.id
        doc.current.node(q.source.clause_id)  # the clause is in the view's current revision


def test_definition_choices_have_exactly_one_right_meaning(pools, view):
    """Read the definitions from the source: exactly one option is the term's own meaning."""
    for q in pools[2026]:
        if not q.id.endswith(("/term-meaning", "/meaning-term")):
            continue
        doc = view.document(q.source.doc_id)
        meanings = {n.term: "\n".join(n.text) for n in doc.current.walk() if n.term}
        node = doc.current.node(q.source.clause_id)
        if q.id.endswith("/term-meaning"):
            right = [o for o in q.options if o == meanings[node.term]]
            assert all(o in meanings.values() for o in q.options), "distractors are other definitions"
        else:
            right = [o for o in q.options if o == node.term]
            assert all(o in meanings for o in q.options), "distractors are other defined terms"
        assert len(right) == 1 and q.options[q.correct] == right[0], q.id


def test_body_questions_use_bodies_really_not_in_scope(pools, view, settings):
    bodies = settings.enumerations[0]
    doc = view.document(bodies.doc_id)
    in_scope = set(enumeration_items(bodies, doc.current))
    assert {"市長", "教育委員会", "議会"} <= in_scope and len(in_scope) == 8
    whole = "".join(t for n in doc.current.walk() for t in (n.title or "", n.term or "", *n.text))
    seen = 0
    for q in pools[2026]:
        if "/enum-bodies-" not in q.id or not isinstance(q, Choice):
            continue
        seen += 1
        inside = [o for o in q.options if o in in_scope]
        outside = [o for o in q.options if o not in in_scope]
        for o in outside:
            assert o not in whole, f"{o} is named in the policy"
        if q.id.endswith("-in"):
            assert inside == [q.options[q.correct]] and len(outside) == 3
        else:
            assert outside == [q.options[q.correct]] and len(inside) == 3
    assert seen == 2


def test_subject_true_false_swaps_the_layer(pools, view):
    doc = view.document("basic-policy")
    sentences = {"\n".join(n.text) for n in doc.current.node("measure-resilience").children}
    tf = [q for q in pools[2026] if q.id.endswith("/tf-subject")]
    assert len(tf) == 3
    for q in tf:
        assert isinstance(q, TrueFalse) and (q.prompt in sentences) == q.truth, q.prompt


def test_same_seed_same_quiz_other_seed_other_quiz(view, settings):
    a = make_quiz(view, settings, 7, 15, [])
    b = make_quiz(view, settings, 7, 15, [])
    c = make_quiz(view, settings, 8, 15, [])
    assert a == b
    assert [q.id for q in a.questions] != [q.id for q in c.questions]
    assert len(a.questions) == 15
    assert {type(q) for q in a.questions} >= {Choice, TrueFalse, Blank}


def test_public_questions_come_from_the_public_view_only(policy, settings):
    public = redact(policy, "public")
    pool = question_pool(public, settings, 2026, [])
    assert {q.source.doc_id for q in pool} == {"basic-policy"}
    assert not any("ciso" in q.id for q in pool), "the hand-written question on the 対策基準 stays out"
    staff = question_pool(redact(policy, "staff"), settings, 2026, [])
    assert any(q.id == "standards/ciso/written-ciso-who" for q in staff)
    assert {"standards", "procedures"} <= {q.source.doc_id for q in staff}


R9_IN_FORCE = __import__("datetime").date(2027, 4, 1)  # the views below are taken once r9 is in force (issue 10)


def _with_revision(src: Path, edit) -> Path:
    """Add an authoritative r9 to the basic policy: a copy of r8 changed by ``edit(text)``."""
    folder = src / "basic-policy"
    text = (folder / "r8.yaml").read_text(encoding="utf-8").replace("revision: r8", "revision: r9")
    (folder / "r9.yaml").write_text(edit(text), encoding="utf-8")
    doc = (folder / "document.yaml").read_text(encoding="utf-8")
    doc += ("  - id: r9\n    date: 2027-04-01\n    kind: 改定\n    provenance: authoritative\n"
            "    summary: テスト用の改定\n")
    (folder / "document.yaml").write_text(doc, encoding="utf-8")
    return src


def test_changed_clause_is_regenerated_vanished_clause_dropped(src_copy, settings):
    new_meaning = "情報が破壊、改ざん、消去又は不正に複製されていない状態を確保することをいう。"
    old_meaning = "情報が破壊、改ざん又は消去されていない状態を確保することをいう。"
    lines_of_asset = ("          - id: asset-information\n"
                      "            text: ネットワーク及び情報システムで取り扱う情報（これらを印刷した文書を含む。）\n")

    def edit(text: str) -> str:
        assert old_meaning in text and lines_of_asset in text
        text = text.replace(old_meaning, new_meaning)  # 完全性 changes
        return text.replace(lines_of_asset, "")  # the clause a hand-written question tests vanishes

    policy = load_policy([_with_revision(src_copy, edit)])
    messages: list[str] = []
    pool = question_pool(redact(policy, "public", as_of=R9_IN_FORCE), settings, 2026, messages)
    integrity = [q for q in pool if q.source.clause_id == "def-integrity"]
    assert integrity and all(q.source.revision == "r9" for q in integrity)
    tm = next(q for q in integrity if q.id.endswith("/term-meaning"))
    assert isinstance(tm, Choice) and tm.options[tm.correct] == new_meaning and old_meaning not in tm.options
    assert not any(q.source.clause_id == "asset-information" for q in pool)
    dropped = [m for m in messages if "assets-printed" in m]
    assert dropped and "not in basic-policy r9" in dropped[0] and "questions.yaml" in dropped[0]
    # hand-written questions on clauses that did not change are kept
    assert any(q.id.endswith("written-duties-who") for q in pool)


def test_hand_written_question_on_changed_clause_is_left_out(src_copy, settings):
    def edit(text: str) -> str:
        return text.replace("業務の遂行に当たって", "業務の遂行に当たっては")

    policy = load_policy([_with_revision(src_copy, edit)])
    messages: list[str] = []
    pool = question_pool(redact(policy, "public", as_of=R9_IN_FORCE), settings, 2026, messages)
    assert not any(q.id.endswith("written-duties-who") for q in pool)
    assert any("duties-who" in m and "changed between r8 and r9" in m for m in messages)
    # the generated questions on the same clause follow the new wording
    on_duties = [q for q in pool if q.source.clause_id == "duties" and not q.written]
    assert on_duties and all(q.source.revision == "r9" for q in on_duties)
    assert any("業務の遂行に当たっては" in q.prompt for q in on_duties)


def test_key_sentence_whose_phrase_vanished_is_dropped(src_copy, settings):
    def edit(text: str) -> str:
        return text.replace("自治体情報セキュリティクラウドの導入等", "共同利用型の監視基盤の導入等")

    policy = load_policy([_with_revision(src_copy, edit)])
    messages: list[str] = []
    pool = question_pool(redact(policy, "public", as_of=R9_IN_FORCE), settings, 2026, messages)
    assert not any(q.id.startswith("basic-policy/resilience-internet/blank-") for q in pool)
    assert any("resilience-internet" in m and "自治体情報セキュリティクラウド" in m for m in messages)


# ---------------------------------------------------------------- issue 12: what makes a set worth taking


@pytest.fixture(scope="module")
def quizzes(view, settings):
    return {seed: make_quiz(view, settings, seed, None, messages := []) for seed in SEEDS} | {"messages": messages}


def test_no_answer_is_given_away_in_a_set(quizzes):
    """Every answer against every other question's stem and options, in the whole set."""
    for seed in SEEDS:
        quiz = quizzes[seed]
        for a in quiz.questions:
            for b in quiz.questions:
                if a is b:
                    continue
                for answer in (right_answer(a),) if not isinstance(a, TrueFalse) else ():
                    shown = normal("\n".join((b.prompt, *getattr(b, "options", ()), getattr(b, "situation", ""))))
                    assert len(normal(answer)) < 2 or normal(answer) not in shown, (seed, a.id, answer, b.id)
        assert giveaways(quiz.questions) == []


def test_the_issue_example_is_a_giveaway():
    """「情報が破壊、改ざん又は消去されていない状態」 as an option gives away the blank 「情報が［　］されていない状態」."""
    from toolkit.training.model import Source

    src = Source("d", "基本方針", "c", "2(6)", "2. 定義", "r8", __import__("datetime").date(2026, 4, 1), "authoritative")
    option = Choice(id="a", prompt="「完全性」の意味は", source=src, correct=0,
                    options=("情報が破壊、改ざん又は消去されていない状態", "x", "y", "z"))
    blank = Blank(id="b", prompt=f"情報が{BLANK_MARK}されていない状態", source=src, answers=("破壊、改ざん又は消去",))
    assert giveaways([option, blank]) == [("b", "破壊、改ざん又は消去", "a")]


def test_blueprint_every_section_once_and_definitions_at_most_a_share(quizzes, view, settings):
    from toolkit.training.facts import sections

    blueprint = settings.blueprint(view.audience_id)
    limit = dict(blueprint.at_most)["definition"]
    for seed in SEEDS:
        quiz = quizzes[seed]
        assert len(quiz.questions) == blueprint.count
        for rule in blueprint.cover:
            doc = view.document(rule.doc_id)
            tops = set(sections(doc, doc.current).values()) - {""}
            covered = {q.source.section for q in quiz.questions if q.source.doc_id == doc.id}
            assert tops <= covered, (seed, sorted(tops - covered))
        definitions = sum(q.topic == "definition" for q in quiz.questions)
        assert definitions <= limit * len(quiz.questions), (seed, definitions)
    assert not any("cannot cover" in m for m in quizzes["messages"])


def test_hand_written_questions_are_all_used_first(quizzes, view, settings):
    pool = question_pool(view, settings, 2026, [])
    written = [q.id for q in pool if q.written and not isinstance(q, Scenario)]
    assert written
    for seed in SEEDS:
        ids = [q.id for q in quizzes[seed].questions]
        assert set(written) <= set(ids), seed


def test_public_and_staff_sets_differ(policy, settings):
    pub = make_quiz(redact(policy, "public"), settings, 2026, None, [])
    staff = make_quiz(redact(policy, "staff"), settings, 2026, None, [])
    shared = {q.id for q in pub.questions} & {q.id for q in staff.questions}
    written = {q.id for q in pub.questions if q.written}  # hand-written ones are always used, in both sets
    assert len(shared - written) <= 3, sorted(shared - written)


def test_blueprint_that_cannot_be_met_is_reported(view, settings):
    from dataclasses import replace

    bp = settings.blueprint(view.audience_id)
    greedy = replace(bp, cover=tuple(replace(c, each=50) for c in bp.cover))
    s = replace(settings, blueprints=tuple(greedy if b is bp else b for b in settings.blueprints))
    messages: list[str] = []
    make_quiz(view, s, 2026, None, messages)
    assert any("cannot cover" in m and "blueprints.yaml" in m for m in messages)


def test_false_statements_are_believable(pools, view, settings):
    """A false item differs from a real sentence by a word of the same category (a role for a role,
    a term of the same kind in a definition), or is another revision's wording."""
    cats = {w: c.id for c in settings.categories for w in c.words}
    seen = 0
    for q in pools[2026]:
        if not isinstance(q, TrueFalse) or q.truth or q.written:
            continue
        seen += 1
        if q.id.endswith(("-swap",)):
            swapped = q.prompt.split("：", 1)[1]
            original = q.corrected
            # exactly one category word differs, for one of the same category
            a = [w for w in cats if w in original and w not in swapped]
            b = [w for w in cats if w in swapped and w not in original]
            assert a and b and {cats[w] for w in a} & {cats[w] for w in b}, (q.id, original, swapped)
        elif q.id.endswith("/tf-definition"):
            term = q.prompt.split("「", 1)[1].split("」", 1)[0]
            assert term in cats, f"a definition swap only within a category: {q.id}"
        assert q.corrected, f"a false item says what is right: {q.id}"
    assert seen >= 5


def test_generated_blanks_cover_whole_words(pools):
    for q in pools[2026]:
        if not isinstance(q, Blank) or q.written or "/blank-" in q.id and "/p" not in q.id:
            continue
        before, after = q.prompt.split(BLANK_MARK)
        before = before.split("：", 1)[-1]
        text = before + q.answers[0] + after
        b = phrase_boundaries(text)
        end = len(before) + len(q.answers[0])
        # a trailing 等 is a suffix of the phrase, left outside the answer
        assert len(before) in b and (end in b or text[end:end + 1] == "等"), (q.id, q.prompt)


def test_choice_distractors_of_a_category_are_of_that_category(pools, settings):
    words = {c.id: set(c.words) for c in settings.categories}
    seen = 0
    for q in pools[2026]:
        if isinstance(q, Choice) and q.id.endswith("-which"):
            cat = q.id.rsplit("/", 1)[1].removesuffix("-which")
            assert set(q.options) <= words[cat], q.id
            seen += 1
    assert seen >= 2


def test_which_title_items_cannot_be_answered_by_matching_words(pools):
    """「法令遵守」 is not asked of a clause saying 「…法令…を遵守し…」."""
    from toolkit.training.words import GENERIC, tokens

    seen = 0
    for q in pools[2026]:
        if isinstance(q, Choice) and q.id.endswith("/which-title"):
            seen += 1
            title = q.options[q.correct]
            words = [w for w, pos in tokens(title) if pos.startswith("名詞") and len(w) >= 2 and w not in GENERIC]
            assert not any(normal(w) in normal(q.prompt) for w in words), (q.id, words)
    assert seen >= 1


def test_a_set_asks_each_thing_once(quizzes):
    """No two questions share an answer, and generated ones spread over clauses."""
    from collections import Counter

    from toolkit.training.model import answer_texts

    for seed in SEEDS:
        quiz = quizzes[seed]
        answers = [normal(a) for q in quiz.questions for a in answer_texts(q)]
        assert len(answers) == len(set(answers)), seed
        per_clause = Counter((q.source.doc_id, q.source.clause_id) for q in quiz.questions if not q.written)
        assert max(per_clause.values()) == 1, (seed, per_clause.most_common(2))


def test_definition_choices_take_terms_of_the_same_category_first(pools, settings, view):
    """「機密性」 is asked among 完全性 and 可用性 (its kin), not among unrelated terms only."""
    seen = 0
    for q in pools[2026]:
        if isinstance(q, Choice) and q.id.endswith("/meaning-term"):
            right = q.options[q.correct]
            doc = view.document(q.source.doc_id)
            defined = {n.term for n in doc.current.walk() if n.term}
            kin = next((set(c.words) & defined for c in settings.categories if right in c.words), set())
            if not 2 <= len(kin) <= 4:
                continue
            seen += 1
            assert kin <= set(q.options), (q.id, q.options, kin)
    assert seen >= 1
