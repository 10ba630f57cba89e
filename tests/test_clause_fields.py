"""The one table of a clause's source fields (toolkit.source.clause_fields): every field of the model is
in it, each is read and written through it, and each prose field is checked and is leak evidence."""

from __future__ import annotations

import dataclasses
from dataclasses import replace

import pytest
from conftest import SRC

from toolkit.errors import Problems
from toolkit.model import Node
from toolkit.source.clause_fields import CLAUSE_FIELDS, PROSE
from toolkit.source.load import load_policy
from toolkit.source.validate import validate
from toolkit.view.visibility import _prose

# Node attributes that are not source fields: derived by the loader and the views
_DERIVED = {"seq", "withheld", "location"}


def test_every_field_of_a_clause_is_in_the_table_once():
    attrs = [f.attr for f in CLAUSE_FIELDS]
    keys = [f.key for f in CLAUSE_FIELDS]
    assert len(set(attrs)) == len(attrs) and len(set(keys)) == len(keys)
    assert set(attrs) == {f.name for f in dataclasses.fields(Node)} - _DERIVED
    assert CLAUSE_FIELDS[0].kind == "id" and CLAUSE_FIELDS[-1].kind == "children"


def test_each_prose_field_is_leak_evidence_by_itself():
    """A prose field of the table is text the leak check takes from a node without anyone listing it."""
    node = Node("a", **{name: f"canary-{name}" for name in PROSE})
    assert dict(_prose(node)) == {name: f"canary-{name}" for name in PROSE}


@pytest.mark.parametrize("name", PROSE)
def test_a_control_character_in_any_prose_field_is_a_located_error(name):
    """The checks on a model that never was YAML (an import) look at every prose field, not a list of
    some: a BEL in a 改正理由 went through (issue 19, the field table)."""
    policy = load_policy(SRC)
    doc = next(d for d in policy.documents if d.revisions)
    rev = doc.revisions[-1]
    first = rev.body[0]
    bad = replace(first, **{name: "本文\x07の途中"})
    policy = replace(policy, documents=tuple(
        replace(d, revisions=tuple(replace(r, body=(bad, *r.body[1:])) if r is rev else r for r in d.revisions))
        if d is doc else d for d in policy.documents))
    problems = Problems()
    validate(policy, problems)
    hits = [p for p in problems.items if "in the text" in p.message]
    assert hits and hits[0].location == first.location
