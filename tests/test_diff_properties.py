"""Properties of the diff engine, over generated revision pairs (hypothesis).

* diff(a, a) has no changes;
* applying the change set to a gives b (clause by clause: id, place, number, content);
* every clause of a and of b is accounted for exactly once;
* segments are well formed (no empty segment, no two neighbours of one kind).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.diff import EQUAL, UNCHANGED, apply, clauses, compare
from toolkit.diff.textdiff import diff_chars
from toolkit.model import Document, Node, Revision, number_tree

# A small alphabet so texts share characters (the hard case for a character diff),
# with full/half-width pairs and both comma styles (formatting-only changes).
ALPHABET = "情報資産のをにはする、，。ＡAＢB１1（(）)"
texts = st.text(alphabet=ALPHABET, min_size=0, max_size=30)
# strategies made once: one made anew for each draw is validated anew (much of the drawing time)
some_text = texts.filter(bool)
heading = st.one_of(st.none(), some_text)
paragraphs = st.lists(some_text, max_size=2)
edit_actions = st.sampled_from(["keep", "keep", "text", "drop", "move", "width"])
IDS = [f"n{i}" for i in range(14)]


@st.composite
def trees(draw, ids: list[str] | None = None) -> tuple[Node, ...]:
    """A forest of up to 3 levels with unique ids drawn from ``IDS``."""
    pool = list(ids if ids is not None else draw(st.permutations(IDS)))
    n = draw(st.integers(min_value=0, max_value=len(pool)))
    pool = pool[:n]

    def build(depth: int) -> list[Node]:
        out = []
        while pool and draw(st.booleans()):
            node_id = pool.pop()
            title = draw(heading)
            paras = tuple(draw(paragraphs))
            kids = tuple(build(depth + 1)) if depth < 3 else ()
            if title is None and not paras and not kids:
                paras = ("本文",)
            out.append(Node(node_id, title=title, text=paras, children=kids))
        return out

    return number_tree(build(1))


def _doc(*bodies: tuple[Node, ...]) -> tuple[Document, list[Revision]]:
    revs = [Revision(f"v{i}", dt.date(2000 + i, 1, 1), "改定", "sample", "test", body)
            for i, body in enumerate(bodies)]
    doc = Document("d", "文書", "文書", "public", ("1.", "(1)", "①"), tuple(revs))
    return doc, revs


@st.composite
def edited(draw, body: tuple[Node, ...]) -> tuple[Node, ...]:
    """``body`` with random edits: text changed, nodes dropped, added, or moved to the top."""
    free = [i for i in IDS if i not in {n.id for root in body for n in root.walk()}]
    moved: list[Node] = []

    def go(nodes: tuple[Node, ...]) -> list[Node]:
        out = []
        for n in nodes:
            action = draw(edit_actions)
            if action == "drop":
                continue
            kids = tuple(go(n.children))
            if action == "text":
                n = replace(n, text=(draw(some_text),) + n.text[1:])
            elif action == "width":  # formatting only: full width ⇄ half width, 、 ⇄ ，
                swap = str.maketrans("ＡAＢB、，", "AＡBＢ，、")
                n = replace(n, text=tuple(t.translate(swap) for t in n.text))
            n = replace(n, children=kids)
            if action == "move":
                moved.append(n)
                continue
            out.append(n)
        if free and draw(st.booleans()):
            out.insert(draw(st.integers(0, len(out))), Node(free.pop(), text=(draw(some_text),)))
        return out

    top = go(body)
    for n in moved:
        top.insert(draw(st.integers(0, len(top))), n)
    return number_tree(top)


def _check_accounting(doc: Document, a: Revision, b: Revision) -> None:
    cs = compare(doc, a, b)
    olds = Counter(c.old.node.id for c in cs.changes if c.old)
    news = Counter(c.new.node.id for c in cs.changes if c.new)
    assert olds == Counter(n.id for n in a.walk())
    assert news == Counter(n.id for n in b.walk())
    assert sum(cs.counts().values()) + sum(cs.counts(supplementary=True).values()) == len(cs.changes)
    flags = [c.supplementary for c in cs.changes]
    assert flags == sorted(flags)  # the 附則 after the body's clauses
    assert Counter(c.id for c in cs.changes if c.supplementary and c.new) == Counter(n.id for n in b.supplementary)
    for c in cs.changes:
        assert all(s.text for s in c.segments), c
        assert all(x.op != y.op for x, y in zip(c.segments, c.segments[1:], strict=False)), c
        if c.kind == UNCHANGED:
            assert not c.text_changed and c.old_label == c.new_label
    assert apply(clauses(doc, a), cs) == clauses(doc, b)


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SUPPL_IDS = [f"s{i}" for i in range(5)]  # 附則 ids: never a clause's
some_paragraphs = st.lists(some_text, min_size=1, max_size=2)


@st.composite
def supplementaries(draw) -> tuple[Node, ...]:
    """Up to five 附則 in any order: an optional heading parenthesis, one or two paragraphs."""
    ids = draw(st.lists(st.sampled_from(SUPPL_IDS), unique=True, max_size=len(SUPPL_IDS)))
    return tuple(Node(i, title=draw(heading), text=tuple(draw(some_paragraphs))) for i in ids)


@pytest.mark.slow
@SETTINGS
@given(st.data())
def test_pair_with_supplementary_applies_and_accounts(data):
    body = data.draw(trees())
    doc, (a, b) = _doc(body, data.draw(edited(body)))
    a = replace(a, supplementary=data.draw(supplementaries()))
    b = replace(b, supplementary=data.draw(supplementaries()))
    doc = replace(doc, revisions=(a, b))
    _check_accounting(doc, a, b)


@SETTINGS
@given(trees())
def test_diff_with_itself_is_empty(body):
    doc, (a,) = _doc(body)
    cs = compare(doc, a, a)
    assert cs.is_empty
    assert cs.counts()["unchanged"] == len(list(a.walk())) == len(cs.changes)
    assert list(cs.changed()) == []


@SETTINGS
@given(st.data())
def test_edited_pair_applies_and_accounts(data):
    body = data.draw(trees())
    doc, (a, b) = _doc(body, data.draw(edited(body)))
    _check_accounting(doc, a, b)


@SETTINGS
@given(trees(), trees())
def test_unrelated_pair_applies_and_accounts(body_a, body_b):
    doc, (a, b) = _doc(body_a, body_b)
    _check_accounting(doc, a, b)


@SETTINGS
@given(texts, texts)
def test_character_segments_rebuild_both_texts(old, new):
    segs = diff_chars(old, new)
    assert "".join(s.text for s in segs if s.op != "+") == old
    assert "".join(s.text for s in segs if s.op != "-") == new
    if old == new:
        assert all(s.op == EQUAL for s in segs)
