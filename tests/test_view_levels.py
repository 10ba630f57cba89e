"""Issue 19 (visibility): the inheritance rule and the fail-closed document level are stated once
(:mod:`toolkit.view.levels`), every view asks there, and the audience ids are named once (the model)."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

from conftest import ROOT

from toolkit.diff.marking import marking
from toolkit.errors import Problems
from toolkit.model import PUBLIC, STAFF, Node, PolicySet
from toolkit.view import hidden_nodes, node_visibility, redact
from toolkit.view.disclose import withheld_nodes
from toolkit.view.levels import classified_nodes, document_classification
from toolkit.view.visibility import node_classifications


def _with_document(policy: PolicySet, doc_id: str, **changes) -> PolicySet:
    docs = tuple(dataclasses.replace(d, **changes) if d.id == doc_id else d for d in policy.documents)
    return dataclasses.replace(policy, documents=docs)


def _restricted_parent(policy: PolicySet) -> tuple[str, Node]:
    """A clause classified above its document's level that has children (any valid source has one)."""
    for doc in policy.documents:
        for n in doc.current.walk():
            if n.classification and n.children and n.classification != document_classification(policy, doc):
                return doc.id, n
    raise AssertionError("the fixture source has a classified clause with children")


def test_a_hidden_clause_hides_its_whole_subtree_and_children_inherit_its_level(policy):
    doc_id, parent = _restricted_parent(policy)
    doc = policy.document(doc_id)
    seen = policy.audience(STAFF).sees
    assert parent.classification not in seen
    rev = doc.current
    rows = {n.id: (cls, hidden) for n, cls, hidden in
            classified_nodes(policy, (*rev.body, *rev.supplementary), document_classification(policy, doc), seen)}
    for child in parent.children:
        cls, hidden = rows[child.id]
        assert hidden, child.id  # under a hidden clause, whatever its own level
        if child.classification is None:
            assert cls == parent.classification  # inherited from the parent, not the document
    # the same answer from every question the rest of the toolkit asks
    visible = {v.node.id: v.visible for v in node_visibility(policy, STAFF, doc, rev)}
    assert visible == {nid: not hidden for nid, (_, hidden) in rows.items()}
    assert node_classifications(policy, doc, rev) == {nid: cls for nid, (cls, _) in rows.items()}
    hidden_by_redaction = {n.id for d, r, n in hidden_nodes(policy, STAFF)
                           if d.id == doc_id and r is rev and n is not None}
    assert hidden_by_redaction == {nid for nid, (_, hidden) in rows.items() if hidden}


def test_an_unresolvable_level_is_a_problem_only_outside_a_hidden_part(policy):
    doc_id, parent = _restricted_parent(policy)
    doc = policy.document(doc_id)
    bogus = dataclasses.replace(parent.children[0], classification="no-such-level")
    broken = dataclasses.replace(parent, children=(bogus, *parent.children[1:]))
    seen = policy.audience(STAFF).sees
    problems = Problems()
    rows = {n.id: (cls, hidden) for n, cls, hidden in
            classified_nodes(policy, (broken,), document_classification(policy, doc), seen, problems)}
    assert rows[bogus.id] == (policy.most_restricted.id, True)  # fail closed
    assert not problems  # withheld anyway: nothing to report
    problems = Problems()
    rows = {n.id: (cls, hidden) for n, cls, hidden in
            classified_nodes(policy, (broken,), document_classification(policy, doc), None, problems)}
    assert rows[bogus.id] == (policy.most_restricted.id, False)
    assert len(problems.items) == 1 and "no-such-level" in problems.items[0].message


def test_every_view_treats_an_unknown_document_level_as_the_most_restricted(policy):
    broken = _with_document(policy, "basic-policy", classification="no-such-level")
    doc = broken.document("basic-policy")
    most = broken.most_restricted.id
    assert document_classification(broken, doc) == most
    assert set(node_classifications(broken, doc, doc.current).values()) <= {most}
    assert not any(v.visible for v in node_visibility(broken, STAFF, doc, doc.current))
    assert redact(broken, STAFF).document("basic-policy").withheld
    assert marking(broken, doc, doc.current, doc.current).document.id == most
    assert {n.id for n in withheld_nodes(broken, "basic-policy")} == {n.id for n in doc.current.walk()}


def _string_constants(tree: ast.AST) -> list[ast.Constant]:
    """String constants that are values (not docstrings, not a path part such as ``BUILD / "public"``)."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skip.add(id(first.value))
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            skip.update({id(node.left), id(node.right)})
    return [n for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and id(n) not in skip]


def test_the_audience_ids_are_named_once():
    """``"public"`` and ``"staff"`` are :data:`toolkit.model.PUBLIC` / :data:`~toolkit.model.STAFF` everywhere
    else: a module comparing with its own literal would silently miss a renamed audience."""
    home = ROOT / "toolkit" / "model" / "__init__.py"
    found = []
    for path in sorted((ROOT / "toolkit").rglob("*.py")):
        if path == home:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(ROOT)}:{c.lineno}" for c in _string_constants(tree)
                  if c.value in (PUBLIC, STAFF)]
    assert found == [], found


def test_the_site_search_does_not_import_the_leak_checker():
    """What the search and the leak check share (the texts a view shows) is the view's, not the checker's."""
    for path in sorted(Path(ROOT / "toolkit" / "render").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("toolkit.leakcheck"), f"{path}:{node.lineno}"


def test_the_leak_check_is_split_by_concern_and_reads_zips_through_archives():
    """Issue 19: no module of the leak check over 450 lines, and one zip reader (toolkit.archives: the
    same limits and refusals for a package given to the toolkit and for one found in a published folder)."""
    package = ROOT / "toolkit" / "leakcheck"
    modules = sorted(package.glob("*.py"))
    assert len(modules) > 1 and not (ROOT / "toolkit" / "leakcheck.py").exists()
    for path in (*modules, ROOT / "toolkit" / "archives.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 450, path
    for path in modules:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        imported |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        assert "zipfile" not in imported, f"{path.name} opens zips itself"
