"""Checks on the loaded model that span fields: ids, references, ledger order.

They work on the model (every node carries its location), so the importer
and tests can run them on models that never were YAML.
"""

from __future__ import annotations

import re

from toolkit.errors import Problem, Problems
from toolkit.model import Document, Node, PolicySet, Revision
from toolkit.model.links import clause, implementers, split_target, xref_targets
from toolkit.model.numbering import STYLES
from toolkit.model.refs import targets

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def validate(policy: PolicySet, problems: Problems) -> None:
    classes = {c.id for c in policy.classifications}
    grounds = {g.id for g in policy.grounds}
    public = next((a for a in policy.audiences if a.id == "public"), None)
    for doc in policy.documents:
        if doc.location is None or not doc.revisions:
            continue
        if doc.classification and doc.classification not in classes:
            problems.add(doc.location, f"unknown classification {doc.classification!r}", " / ".join(sorted(classes)))
        if doc.ground and doc.ground not in grounds:
            problems.add(doc.location, f"unknown disclosure ground {doc.ground!r}", " / ".join(sorted(grounds)))
        for style in doc.numbering:
            if style not in STYLES:
                problems.add(doc.location, f"unknown numbering style {style!r}", " / ".join(STYLES))
        _ledger(doc, problems)
        for rev in doc.revisions:
            _revision(doc, rev, classes, grounds, public.sees if public else frozenset(), problems)
    _links(policy, problems)


def _links(policy: PolicySet, problems: Problems) -> None:
    """``implements:`` and ``{ref:doc:id}`` name a clause of another document that exists."""
    ids = {d.id: {n.id for r in d.revisions for n in r.walk()} for d in policy.documents if d.revisions}
    for doc in policy.documents:
        for rev in doc.revisions:
            for node in rev.walk():
                named = [(t, split_target(t), "implements") for t in node.implements]
                named += [(f"{d}:{i}", (d, i), "reference") for para in node.text for d, i in xref_targets(para)]
                for text, target, what in named:
                    if target is None:
                        problems.add(node.location, f"implements {text!r} is not a clause of a document",
                                     "document-id:clause-id, e.g. basic-policy:measure-physical")
                    elif target[0] == doc.id:
                        problems.add(node.location, f"{what} {text!r} names this document",
                                     "{ref:id} within a document; implements names another document")
                    elif target[0] not in ids:
                        problems.add(node.location, f"{what} {text!r}: no document {target[0]!r} with a source",
                                     " / ".join(sorted(ids)))
                    elif target[1] not in ids[target[0]]:
                        problems.add(node.location, f"{what} {text!r}: {target[0]} has no clause {target[1]!r}",
                                     f"the id of a clause of {target[0]}")


def warnings(policy: PolicySet) -> list[Problem]:
    """What ``policy check`` reports without failing: links to a clause that is no longer in its
    document's text in force, and 基本方針 対策 clauses (under a section titled …対策) that no
    clause of another document implements."""
    out: list[Problem] = []
    docs = {d.id: d for d in policy.documents}
    for doc in policy.documents:
        if not doc.revisions:
            continue
        for node in doc.current.walk():
            for t in node.implements:
                target = split_target(t)
                if target and target[0] in docs and clause(docs[target[0]], target[1]) is None:
                    out.append(Problem(node.location, f"implements {t!r}: not in the text in force of {target[0]} "
                                       f"({docs[target[0]].current.id})", "a clause of the text in force"))
    basic = docs.get("basic-policy")
    if basic is not None and basic.revisions:
        done = implementers(policy)
        for section in basic.current.body:
            if not (section.title or "").endswith("対策"):
                continue
            for node in section.children:
                if (basic.id, node.id) not in done:
                    found = clause(basic, node.id)
                    out.append(Problem(node.location, f"基本方針 {found.ref if found else node.id} "
                                       f"{node.heading or ''} ({node.id}): no clause of another document implements it",
                                       "'implements:' listing '- basic-policy:" + node.id + "' on the 対策基準 clause that does"))
    return out


def _ledger(doc: Document, problems: Problems) -> None:
    seen: set[str] = set()
    for prev, rev in zip((None, *doc.revisions), doc.revisions, strict=False):
        if not ID_RE.match(rev.id):
            problems.add(rev.location, f"revision id {rev.id!r} is not a lower-case ASCII id", "e.g. r8, h16")
        if rev.id in seen:
            problems.add(rev.location, f"revision {rev.id!r} appears twice in the ledger")
        seen.add(rev.id)
        if prev is not None and rev.date <= prev.date:
            problems.add(rev.location, f"ledger dates out of order: {rev.id} ({rev.date}) is not after "
                         f"{prev.id} ({prev.date})",
                         f"revisions listed oldest first: a date after {prev.date} for {rev.id} "
                         "(policy import --date / policy revise --date YYYY-MM-DD)")
        _status(doc, prev, rev, problems)


def _status(doc: Document, prev: Revision | None, rev: Revision, problems: Problems) -> None:
    """Drafts come after every adopted revision; 施行日 (``date``) on or after the decision;
    decisions in order."""
    if rev.is_draft:
        return
    if prev is not None and prev.is_draft:
        problems.add(prev.location, f"draft {prev.id} comes before the adopted revision {rev.id}",
                     "drafts only after every adopted revision (adopt or drop the draft)")
    adopted = rev.adopted_on
    if adopted is not None and rev.date < adopted:
        problems.add(rev.location, f"revision {rev.id} is in force from {rev.date} (date:), before its "
                     f"adoption on {adopted}", "'date:' (施行日) on or after 'adopted:'")
    earlier = [r for r in doc.revisions if r is not rev and not r.is_draft and r.date < rev.date]
    if earlier and adopted is not None:
        last = earlier[-1]
        if last.adopted_on is not None and adopted < last.adopted_on:
            problems.add(rev.location, f"revision {rev.id} was adopted on {adopted}, before the earlier "
                         f"revision {last.id} ({last.adopted_on})", "decisions in the order of the ledger")


def _revision(doc: Document, rev: Revision, classes: set[str], grounds: set[str],
              public_sees: frozenset[str], problems: Problems) -> None:
    ids: dict[str, Node] = {}
    for node in rev.walk():
        if not ID_RE.match(node.id):
            problems.add(node.location, f"id {node.id!r} is not a stable ASCII id",
                         "lower-case letters, digits and '-', e.g. def-network")
        elif node.id in ids:
            problems.add(node.location, f"duplicate id {node.id!r} in revision {rev.id} (first at {ids[node.id].location})",
                         "ids unique within a revision")
        ids.setdefault(node.id, node)
        if node.title is not None and node.term is not None:
            problems.add(node.location, "a node has either a 'title' or a 'term', not both")
        if node.title is None and node.term is None and not node.text and not node.children:
            problems.add(node.location, f"node {node.id!r} is empty", "a title, term, text or children")
        if node.classification is not None and node.classification not in classes:
            problems.add(node.location, f"unknown classification {node.classification!r}", " / ".join(sorted(classes)))
        if node.ground is not None and node.ground not in grounds:
            problems.add(node.location, f"unknown disclosure ground {node.ground!r}", " / ".join(sorted(grounds)))
    for node in rev.walk():
        for para in node.text:
            for target in targets(para):
                if target not in ids:
                    problems.add(node.location, f"reference {{ref:{target}}} does not resolve in revision {rev.id}",
                                 "the id of a node in the same revision")
    _withheld_grounds(doc, rev.body, doc.classification, doc.ground, doc.disclosable, public_sees, problems)


def _withheld_grounds(doc: Document, nodes: tuple[Node, ...], cls: str, ground: str | None, disclosable: bool,
                      public_sees: frozenset[str], problems: Problems) -> None:
    """A part withheld from the 部分開示 edition must carry (or inherit) its ground.

    ``ground`` inherits from parent to child; ``disclosable`` does not (a readable
    chapter heading does not make its clauses readable): a node is disclosable
    when it says so, else when its document says so.
    """
    for node in nodes:
        c = node.classification or cls
        g = node.ground or ground
        d = disclosable if node.disclosable is None else node.disclosable
        if c not in public_sees and not d and g is None:
            problems.add(node.location, f"node {node.id!r} is withheld from disclosure but has no ground",
                         "'ground:' on the node, a parent or the document")
        _withheld_grounds(doc, node.children, c, g, disclosable, public_sees, problems)
