"""Redaction: the one place visibility is decided (DESIGN.md invariants 1 and 2)."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.errors import Location, RedactionError
from toolkit.model import Node, PolicySet
from toolkit.view import hidden_nodes, redact


def with_node(policy: PolicySet, doc_id: str, node_id: str, **changes) -> PolicySet:
    """The policy with one node of the document's current revision changed."""
    doc = policy.document(doc_id)
    rev = doc.current

    def go(nodes: tuple[Node, ...]) -> tuple[Node, ...]:
        return tuple(dataclasses.replace(n, **changes) if n.id == node_id else
                     dataclasses.replace(n, children=go(n.children)) for n in nodes)

    new_doc = dataclasses.replace(doc, revisions=(*doc.revisions[:-1], dataclasses.replace(rev, body=go(rev.body))))
    return dataclasses.replace(policy, documents=tuple(new_doc if d.id == doc_id else d for d in policy.documents))


def ids(policy: PolicySet, doc_id: str) -> set[str]:
    doc = policy.document(doc_id)
    return {n.id for r in doc.revisions for n in r.walk()}


def test_non_public_document_is_only_a_notice(policy):
    view = redact(policy, "public")
    for doc_id in ("standards", "procedures"):
        full, stub = policy.document(doc_id), view.document(doc_id)
        assert stub.withheld and stub.revisions == () and stub.ledger == ()
        assert stub.title == stub.public_name == full.public_name  # never the real title
        assert stub.series is None
        assert stub.ground == full.ground and view.ground(stub.ground).text  # why it is not public


def test_public_sees_only_authoritative_revisions_but_the_whole_ledger(policy):
    full = policy.document("basic-policy")
    doc = redact(policy, "public").document("basic-policy")
    assert [r.id for r in doc.revisions] == [r.id for r in full.revisions if r.is_authoritative]
    assert [e.id for e in doc.ledger] == [r.id for r in full.revisions]  # dates the city prints
    staff = redact(policy, "staff").document("basic-policy")
    assert [r.id for r in staff.revisions] == [r.id for r in full.revisions]


def test_staff_sees_internal_but_not_restricted(policy):
    view = redact(policy, "staff")
    full = policy.document("standards")
    restricted = {n.id for d, _r, n in hidden_nodes(policy, "staff") if n is not None and d.id == "standards"}
    assert restricted, "the sample 対策基準 has 関係者限り clauses"
    assert ids(view, "standards") == ids(policy, "standards") - restricted
    marked = {n.id for r in full.revisions for n in r.walk() if n.classification == "restricted"}
    assert marked and marked <= restricted


def test_hidden_clause_keeps_numbers_and_citations(policy):
    """Hiding 上記3 keeps 4's number and turns a link to 3 into plain 「3」."""
    p = with_node(policy, "basic-policy", "threats", classification="internal", ground="administrative-operations")
    view = redact(p, "public")
    body = view.document("basic-policy").current.body
    assert "threats" not in {n.id for n in body}
    after = [n for n in body if n.id == "scope"][0]
    assert after.seq == [n for n in policy.document("basic-policy").current.body if n.id == "scope"][0].seq
    cites = [t for n in view.document("basic-policy").current.walk() for t in n.text if "上記" in t]
    assert cites and not [t for t in cites if "{ref:threats}" in t]


def test_unresolvable_node_classification_fails_closed(policy):
    loc = Location("policy_src/basic-policy/r8.yaml", 17, 5)
    p = with_node(policy, "basic-policy", "purpose", classification="secret-ish", location=loc)
    with pytest.raises(RedactionError) as e:
        redact(p, "public")
    assert e.value.exit_status == 2
    assert "policy_src/basic-policy/r8.yaml:17:5" in str(e.value) and "secret-ish" in str(e.value)
    # other audiences: treated as the most restricted level, so hidden from staff, shown to security
    current = policy.document("basic-policy").current.id
    assert "purpose" not in {n.id for n in redact(p, "staff").document("basic-policy").revision(current).walk()}
    assert "purpose" in {n.id for n in redact(p, "security").document("basic-policy").revision(current).walk()}
    assert "purpose" in {n.id for _d, _r, n in hidden_nodes(p, "public") if n is not None}


def test_unresolvable_document_classification_fails_closed(policy):
    doc = dataclasses.replace(policy.document("standards"), classification="typo")
    p = dataclasses.replace(policy, documents=tuple(doc if d.id == "standards" else d for d in policy.documents))
    with pytest.raises(RedactionError):
        redact(p, "public")
    assert redact(p, "staff").document("standards").withheld


CLASSES = st.sampled_from([None, None, "public", "internal", "restricted"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_view_and_hidden_nodes_partition_every_node(policy, data):
    """For any classification of the nodes, each node is either in the view or in hidden_nodes — never both,
    never neither — so the leak check's fingerprints follow redaction exactly."""
    doc = policy.document("standards")
    rev = doc.current
    all_ids = [n.id for n in rev.walk()]
    chosen = {i: data.draw(CLASSES, label=i) for i in data.draw(st.lists(st.sampled_from(all_ids), max_size=25))}

    def go(nodes: tuple[Node, ...]) -> tuple[Node, ...]:
        return tuple(dataclasses.replace(n, classification=chosen.get(n.id, n.classification),
                                         children=go(n.children)) for n in nodes)

    public_doc = data.draw(st.booleans(), label="document public")
    new = dataclasses.replace(doc, classification="public" if public_doc else doc.classification,
                              revisions=(dataclasses.replace(rev, body=go(rev.body), provenance="authoritative"),))
    p = dataclasses.replace(policy, documents=(new,))
    for audience in ("public", "staff", "security"):
        view = redact(p, audience)
        shown = [n.id for r in view.document("standards").revisions for n in r.walk()]
        hidden = [n.id for _d, _r, n in hidden_nodes(p, audience) if n is not None]
        assert sorted(shown + hidden) == sorted(all_ids), audience
        assert not set(shown) & set(hidden)
        # a shown node's ancestors are shown: nothing hangs under a hidden parent
        for r in view.document("standards").revisions:
            for n in r.walk():
                assert all(c.id in shown for c in n.children)


def test_public_never_sees_reconstructed_text_even_if_configured_to(policy):
    """A slip in policyset.yaml (provenance left out = all) must not publish reconstructed text."""
    loose = dataclasses.replace(policy.audience("public"), provenance=frozenset({"authoritative", "reconstructed",
                                                                                 "sample"}))
    p = dataclasses.replace(policy, audiences=tuple(loose if a.id == "public" else a for a in policy.audiences))
    doc = redact(p, "public").document("basic-policy")
    assert doc.revisions and all(r.provenance == "authoritative" for r in doc.revisions)
    dropped = {r.id for d, r, n in hidden_nodes(p, "public") if d.id == "basic-policy" and r is not None and n is None}
    assert dropped == {r.id for r in policy.document("basic-policy").revisions if not r.is_authoritative}
