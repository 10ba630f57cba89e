"""The loader's fast path (well-formed nodes) reads exactly what the checked path reads."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import SRC
from hypothesis import given, settings
from test_source_dump import trees

import toolkit.source.load as load
import toolkit.source.revision_file as revision_file
from toolkit.model import Revision, number_tree
from toolkit.source.dump import dump_revision
from toolkit.source.yamlnodes import compose_text


def test_fast_and_checked_paths_agree_on_policy_src(monkeypatch):
    fast = load.load_policy(SRC)
    monkeypatch.setattr(revision_file, "_fast_node", lambda val, seq, problems, depth=1: None)
    slow = load.load_policy(SRC)
    assert fast == slow
    # locations too (equality ignores them)
    for a, b in zip((n for d in fast.documents for r in d.revisions for n in r.walk()),
                    (n for d in slow.documents for r in d.revisions for n in r.walk()), strict=True):
        assert a.location == b.location and a.seq == b.seq


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(trees())
def test_fast_and_checked_paths_agree_on_any_model(body):
    text = dump_revision(Revision("r1", dt.date(2026, 4, 1), "改定", "authoritative", "", number_tree(body)))
    items = compose_text(text, "r1.yaml").value["body"][1].value
    problems = load.Problems()
    fast = tuple(revision_file._fast_node(item, i, problems) for i, item in enumerate(items, start=1))
    slow = tuple(revision_file._node(item, problems, i) for i, item in enumerate(items, start=1))
    assert not problems
    assert fast == slow == number_tree(body)


def test_yaml_values_keep_their_implicit_types():
    v = compose_text('a:\nb: ~\nc: 1\nd: true\ne: 2026-04-01\nf: "1"\ng: 1.5\nh: yes\ni: !!str 3\nj: 情報\n', "x.yaml")
    got = {k: (val.value, val.tag, val.line) for k, (_key, val) in v.value.items()}
    assert got == {"a": (None, "null", 1), "b": (None, "null", 2), "c": (1, "int", 3), "d": (True, "bool", 4),
                   "e": ("2026-04-01", "timestamp", 5), "f": ("1", "str", 6), "g": (1.5, "float", 7),
                   "h": ("yes", "str", 8), "i": ("3", "str", 9), "j": ("情報", "str", 10)}
