"""What a trainer checks, on every generated set and deck (issue 22 §1–§2).

Every audience's quiz and 改定点 quiz, for several seeds, from the frozen fixture
source and training inputs: no tell in the options (the right option is the
longest in at most 1/k + 0.1 of the k-option items; positions balanced), one
fact once per set, no cut fragment asked; scenario distractors of similar
length.  The checks themselves are shown to catch a tell.
"""

from __future__ import annotations

import re

import pytest
from conftest import CITY_SRC, CITY_TRAINING, SRC, TRAINING

from toolkit.publish.training import audience_quiz, marking
from toolkit.training.changes import change_quiz
from toolkit.training.model import Choice, Quiz, Scenario, Source, TrueFalse
from toolkit.training.quality import correct_is_longest, positions, repeated_facts, tell_limit, tells
from toolkit.training.settings import check_against, load_training
from toolkit.view.redact import redact

SEEDS = (2026, 7)


def generated_sets(policy, settings) -> list[tuple[str, Quiz]]:
    """Every set ``policy train`` makes, for each seed: (name, quiz)."""
    out = []
    for seed in SEEDS:
        for a in settings.audiences:
            view = redact(policy, a.id)
            out.append((f"{a.id}/seed{seed}", audience_quiz(view, settings, seed, None, [])))
            cq = change_quiz(view, settings, seed, *marking(view))
            if cq is not None:
                out.append((f"{a.id}/seed{seed}/{cq[1]}", cq[0]))
    return out


@pytest.fixture(scope="module")
def sets(policy):
    return generated_sets(policy, load_training(TRAINING))


def test_the_sets_are_many(sets):
    assert len(sets) >= 8 and any("changes" in name for name, _q in sets)
    assert sum(isinstance(q, Choice | Scenario) for _n, quiz in sets for q in quiz.questions) >= 50


def test_no_set_betrays_its_answers_by_length_or_position(sets):
    bad = {name: tells(quiz.questions) for name, quiz in sets if tells(quiz.questions)}
    assert bad == {}
    for _name, quiz in sets:
        for counts in positions(quiz.questions).values():
            assert max(counts) - min(counts) <= 1


def test_the_check_catches_a_tell():
    src = Source("d", "基本方針", "c", "1", "1 目的", "r8", __import__("datetime").date(2026, 4, 1), "authoritative")
    longest = [Choice(id=f"q{i}", prompt="どれか。", source=src, options=("長い正しい答えです", "短い", "短め", "短く"),
                      correct=0) for i in range(4)]
    assert all(correct_is_longest(q) for q in longest)
    found = tells(longest)
    assert any("longest in 4 of 4" in t for t in found)
    assert any("unbalanced" in t for t in found)  # all four at position 0
    assert tell_limit(4) == pytest.approx(0.35)


def test_no_set_asks_one_fact_twice(sets):
    assert {name: repeated_facts(quiz.questions) for name, quiz in sets if repeated_facts(quiz.questions)} == {}
    # read independently of the fact keys: a change (「a」→「b」) is named by one item of a set at most
    for name, quiz in sets:
        if "changes" not in name:
            continue
        pairs = []
        for q in quiz.questions:
            m = re.search(r"「(.+?)」は「(.+?)」に改められた", q.prompt)
            if m:
                pairs.append(frozenset(m.groups()))
            m = re.search(r"（改正前は「(.+?)」）", q.prompt)
            if m:
                pairs.append(frozenset((m.group(1), *q.answers)))  # type: ignore[union-attr]
        assert len(pairs) == len(set(pairs)), name


def test_a_change_item_is_a_whole_phrase_never_a_cut_fragment(sets):
    for name, quiz in sets:
        for q in quiz.questions:
            if q.topic != "change":
                continue
            for phrase in re.findall(r"「(.+?)」", q.prompt.split("：")[0] if isinstance(q, TrueFalse) else ""):
                assert not phrase.endswith(("ては", "なければ", "は", "を", "に", "の", "また", "ただし")), (name, phrase)
                assert "。" not in phrase, (name, phrase)


def scenario_lengths(settings) -> list[tuple[str, int, list[int]]]:
    return [(sc.id, len(sc.options[0]), [len(o) for o in sc.options[1:]]) for sc in settings.scenarios]


@pytest.mark.parametrize("folder", [TRAINING, CITY_TRAINING], ids=["fixture", "shipped"])
def test_scenario_distractors_are_of_similar_length(folder):
    """The right action is not given away by its length: the wrong actions are each at least
    60% of its length, and in at most a third of the scenarios is it the longest."""
    lengths = scenario_lengths(load_training(folder))
    short = [(sid, a, w) for sid, a, w in lengths if min(w) < 0.6 * a]
    assert short == []
    longest = [sid for sid, a, w in lengths if a > max(w)]
    assert len(longest) <= len(lengths) / 3, longest


def test_the_shipped_training_set_fits_the_citys_policy():
    """The city's own inputs (training/) against the city's source (policy_src/): no tell there either."""
    from toolkit.source.load import load_policy

    policy = load_policy([CITY_SRC])
    settings = load_training(CITY_TRAINING)
    check_against(settings, policy)
    assert {name: tells(q.questions) for name, q in generated_sets(policy, settings) if tells(q.questions)} == {}


def test_the_fixture_is_frozen_apart_from_the_shipped_set():
    assert TRAINING != CITY_TRAINING and (TRAINING / "scenarios.yaml").is_file()
    assert SRC.is_dir()


def generated_decks(policy, settings) -> list[tuple[str, list]]:
    """Every deck ``policy train`` writes: (name, cards)."""
    from toolkit.training.cards import deck_cards
    from toolkit.training.changes import changes_cards

    out = []
    for a in settings.audiences:
        view = redact(policy, a.id)
        out.append((f"{a.id}/deck", deck_cards(view, settings, [])))
        cards, _newest = changes_cards(view)
        if cards:
            out.append((f"{a.id}/changes", cards))
    return out


@pytest.fixture(scope="module")
def decks(policy):
    return generated_decks(policy, load_training(TRAINING))


def test_every_card_asks_one_recallable_thing(decks):
    """The minimum-information principle, measured on every deck: no answer over 40 characters
    (a term, a role, a number, a short phrase, a cloze gap), no 「何を定めているか」 note."""
    from toolkit.training.quality import SHORT_ANSWER, card_answer, deck_figures

    assert len(decks) >= 5
    for name, cards in decks:
        figures = deck_figures(cards)
        assert figures.answers >= len(cards) > 0, name
        assert figures.over_short == 0 and figures.longest <= SHORT_ANSWER, (name, str(figures))
        for c in cards:
            asked = "".join(v for k, v in c.fields if k in ("問題", "本文", "意味"))
            assert "何を定めて" not in asked, (name, c.key)
            assert all(a.strip() for a in card_answer(c)), (name, c.key)


def test_the_measure_catches_a_whole_clause_as_an_answer():
    from toolkit.training.model import Card
    from toolkit.training.quality import deck_figures

    src = Source("d", "基本方針", "c", "1", "1 目的", "r8", __import__("datetime").date(2026, 4, 1), "authoritative")
    clause = "情報" * 60
    cards = [Card("basic", "clause", src, (("問題", "何を定めているか。"), ("答え", clause))),
             Card("basic", "term", src, (("問題", "用語は。"), ("答え", "完全性")))]
    figures = deck_figures(cards)
    assert (figures.answers, figures.over_short, figures.over_long, figures.longest) == (2, 1, 1, 120)


def test_a_renumbered_clause_makes_no_change_card(policy):
    from toolkit.diff import compare
    from toolkit.training.changes import change_cards

    staff = redact(policy, "security")
    renumbered = 0
    for doc in staff.documents:
        revs = [r for r in doc.revisions]
        for old, new in zip(revs, revs[1:], strict=False):
            moved = {c.id for c in compare(doc, old, new).changed() if c.kind not in ("added", "modified", "removed")}
            renumbered += len(moved)
            carded = {c.source.clause_id for c in change_cards(doc, old, new)}
            assert not moved & carded, (doc.id, old.id, new.id, moved & carded)
    assert renumbered > 0, "the fixture holds renumbered clauses, so the check is not empty"


def test_the_classification_heads_the_front_of_every_card(policy):
    """Every template's front shows 区分, and every card of a non-public deck carries it."""
    from toolkit.publish.training import _marked
    from toolkit.render import anki

    for model in anki.MODELS.values():
        for template in model.templates:
            assert template["qfmt"].startswith("{{#区分}}"), (model.name, template["name"])
    settings = load_training(TRAINING)
    for audience in ("staff", "security"):
        view = redact(policy, audience)
        from toolkit.training.cards import deck_cards

        cards = _marked(deck_cards(view, settings, []), view)
        assert all(c.field("区分") == marking(view)[0] != "" for c in cards)


def test_the_pool_of_a_view_is_made_once_per_process(policy):
    """A staff publish asks for the pool of the same view for the self-check quiz and the review
    package (the text in force, then each draft): each document's questions are made once."""
    from toolkit.training import questions

    settings = load_training(TRAINING)
    questions._POOLS.clear()
    start = questions.BUILDS["documents"]
    first = questions.question_pool(redact(policy, "staff"), settings, settings.seed, [])
    made = questions.BUILDS["documents"] - start
    assert made == 3  # basic-policy, standards, procedures
    again = questions.question_pool(redact(policy, "staff"), settings, settings.seed, [])  # an equal, new view
    assert questions.BUILDS["documents"] - start == made and again == first
    pinned = questions.question_pool(redact(policy, "staff"), settings, settings.seed, [], {"basic-policy": "r5"})
    assert questions.BUILDS["documents"] - start == made + 1, "only the pinned document is made again"
    assert {q.id for q in pinned if q.source.doc_id != "basic-policy"} == \
        {q.id for q in first if q.source.doc_id != "basic-policy"}


def test_the_text_index_counts_as_str_count():
    import random

    from toolkit.training.textindex import TextIndex

    rng = random.Random(5)
    text = "".join(rng.choice("情報資産管理者のセキュリティ") for _ in range(5000))
    index = TextIndex(text)
    for _ in range(300):
        start = rng.randrange(len(text) - 6)
        s = text[start:start + rng.randrange(2, 7)]
        if len(set(s)) == len(s):  # cannot overlap itself: str.count and the index agree
            assert index.count(s) == text.count(s)
            assert index.count(s, 2) == min(2, text.count(s))
    assert "存在しない語" not in index and text[10:14] in index and index.count("") == 0


class _CountedText(str):
    """A text that counts the candidates the index verifies in it (``startswith`` calls)."""

    checks = 0

    def startswith(self, *args, **kwargs):  # type: ignore[override]
        _CountedText.checks += 1
        return super().startswith(*args, **kwargs)


def _regulation(articles: int) -> str:
    """A 規程's text as it grows: numbered articles that repeat two sentences, roles taking turns."""
    roles = ["情報セキュリティ管理者", "情報システム管理者", "統括情報セキュリティ責任者", "課室情報セキュリティ責任者"]
    return "\n".join(f"第{i}条　{roles[i % 4]}は、サーバ等の設定の変更を行う場合には、あらかじめ承認を得なければならない。"
                     f"2　最高情報セキュリティ責任者は、第{i}条第2項の報告を受けるものとする。" for i in range(1, articles + 1))


def test_the_text_index_finds_long_strings_as_str_count():
    """Long strings, present and absent, once the second index is made: the same counts as str.count."""
    import random

    from toolkit.training.textindex import TextIndex

    text = _regulation(400)
    index = TextIndex(text)
    rng = random.Random(3)
    queries = ["情報システム管理者は、サーバ等の設定の変更を行う場合には、あらかじめ承認を得なければならない。",
               "統括情報セキュリティ責任者は、サーバ等の設定", "第12条第2項", "第400条第2項", "第401条第2項", "第12条"]
    queries += [text[s:s + rng.randrange(3, 40)] for s in (rng.randrange(len(text) - 40) for _ in range(400))]
    for _round in range(3):  # asked again, from the prefix tree made on the way
        for s in queries:
            if all(s.find(s[:k]) == 0 and not s.endswith(s[:k]) for k in range(1, len(s))):  # cannot overlap itself
                assert index.count(s) == text.count(s), s
                assert index.count(s, 2) == min(2, text.count(s)), s
                assert (s in index) == (s in text), s
    assert index._next, "strings were looked up by their beginnings"


def test_the_text_index_grows_linearly_with_the_regulation():
    """The pool's questions about each article of a 3,000-article 規程 (a swapped role, a reference to
    a 項) verify a few candidates each in all, not one per occurrence of a common sentence: checked
    once per occurrence, they add up to ~750 per article, quadratic as the 規程 grows."""
    from toolkit.training.textindex import TextIndex

    articles = 3000
    text = _CountedText(_regulation(articles))
    index = TextIndex(text)
    _CountedText.checks = 0
    for i in range(1, articles + 1):
        _ = "最高情報セキュリティ責任者は、サーバ等の設定の変更を行う場合には、あらかじめ承認を得なければならない。" in index
        index.count(f"第{i}条第2項", 3)
    assert _CountedText.checks <= len(text) / 2, f"{_CountedText.checks} candidates checked in {len(text)} characters"
