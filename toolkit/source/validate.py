"""Checks on the loaded model that span fields: ids, references, ledger order.

They work on the model (every node carries its location), so the importer
and tests can run them on models that never were YAML.
"""

from __future__ import annotations

from toolkit.errors import Location, Problem, Problems, quote
from toolkit.ids import ID_EXPECTED, ID_RE, is_id
from toolkit.model import POLICY, PUBLIC, Document, Node, PolicySet, Revision
from toolkit.model.links import clause, implementers, split_target, xref_targets
from toolkit.model.numbering import STYLES, THROUGH, place
from toolkit.model.refs import targets
from toolkit.source.clause_fields import PROSE
from toolkit.source.reference import stale_follows, validate_references
from toolkit.source.yamlnodes import FORBIDDEN_EXPECTED, char_name, forbidden

__all__ = ["ID_RE", "MAX_NODE_DEPTH", "validate"]

# Japanese policies nest at most six levels (章・節・項・号・細目…); two to spare.
MAX_NODE_DEPTH = 8


def validate(policy: PolicySet, problems: Problems) -> None:
    classes = {c.id for c in policy.classifications}
    grounds = {g.id for g in policy.grounds}
    public = next((a for a in policy.audiences if a.id == PUBLIC), None)
    _one_line(policy, problems)
    for doc in policy.documents:
        if doc.location is None or not doc.revisions:
            continue
        if doc.classification and doc.classification not in classes:
            problems.add(doc.location, f"unknown classification {quote(doc.classification)}", " / ".join(sorted(classes)))
        if doc.ground and doc.ground not in grounds:
            problems.add(doc.location, f"unknown disclosure ground {quote(doc.ground)}", " / ".join(sorted(grounds)))
        styles_ok = _styles(doc.numbering, doc.location, problems)
        _ledger(doc, problems)
        for rev in doc.revisions:
            _revision(doc, rev, classes, grounds, public.sees if public else frozenset(), problems)
            if styles_ok and _styles(rev.numbering, rev.source, problems):
                _numbering(doc, rev, problems)
    _links(policy, problems)
    validate_references(policy, problems)  # kind: reference, follows: (issue 24)


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
    from toolkit.view.asof import today

    out += stale_follows(policy, today())  # follows: a section the guideline in force no longer has
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


def _styles(styles: tuple[str, ...], loc: Location | None, problems: Problems) -> bool:
    unknown = [s for s in styles if s not in STYLES]
    for style in unknown:
        problems.add(loc, f"unknown numbering style {quote(style)}", " / ".join(STYLES))
    return not unknown


def _numbering(doc: Document, rev: Revision, problems: Problems) -> None:
    """A node's ``numbering`` (its children's style) is a known style and not 第N条 (articles are
    numbered through the whole text, by depth); ``branch`` (枝番) is for articles only."""
    for node in rev.walk():
        if node.numbering is None:
            continue
        if node.numbering not in STYLES:
            problems.add(node.location, f"unknown numbering style {quote(node.numbering)} for the children of "
                         f"{quote(node.id)}", " / ".join(STYLES))
        elif node.numbering in THROUGH:
            problems.add(node.location, f"numbering {quote(node.numbering)} on {quote(node.id)}: articles are "
                         "numbered straight through the text, so their style is given per depth",
                         "the style in the document's (or revision's) numbering: list")
        elif not node.children:
            problems.add(node.location, f"numbering {quote(node.numbering)} on {quote(node.id)}, which has no "
                         "children", "numbering: on the node whose children it numbers")
    nodes = list(rev.walk())
    # numbered only when some node is a 枝番 (rare), and all its styles are known (else place() cannot)
    if any(n.branch for n in nodes) and all(n.numbering is None or n.numbering in STYLES for n in nodes):
        for p in place(doc, rev):
            if p.node.branch and p.style not in THROUGH:
                problems.add(p.node.location, f"branch: true (枝番, 第N条の2) on {quote(p.node.id)}, which is "
                             f"numbered {quote(p.style)}, not as an article",
                             f"branch: only on articles ({' / '.join(sorted(THROUGH))})")
    for node in rev.supplementary:
        if node.numbering is not None or node.branch or node.term is not None or node.children:
            problems.add(node.location, f"附則 {quote(node.id)} has numbering, branch, term or children",
                         "a 附則: id, title (e.g. 令和5年3月31日訓令第5号) and text")


def _ledger(doc: Document, problems: Problems) -> None:
    # a history-only entry (本文なし) keeps the ledger's order and, being adopted, comes before any draft
    for prev_e, e in zip(doc.ledger, doc.ledger[1:], strict=False):
        if (not prev_e.has_text or not e.has_text) and e.date <= prev_e.date:
            problems.add(e.location, f"ledger dates out of order: {e.id} ({e.date}) is not after "
                         f"{prev_e.id} ({prev_e.date})", "revisions listed oldest first")
    for r in doc.revisions:
        if r.is_draft and any(not e.has_text and e.date > r.date for e in doc.ledger):
            problems.add(r.location, f"draft {r.id} comes before a history-only (adopted) ledger entry",
                         "drafts only after every adopted revision")
    seen: set[str] = set()
    for prev, rev in zip((None, *doc.revisions), doc.revisions, strict=False):
        if not is_id(rev.id):
            problems.add(rev.location, f"revision id {quote(rev.id, 60)} is not a valid id", ID_EXPECTED)
        if rev.id in seen:
            problems.add(rev.location, f"revision {quote(rev.id)} appears twice in the ledger")
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
        if not is_id(node.id):
            problems.add(node.location, f"id {quote(node.id, 60)} is not a valid id", ID_EXPECTED)
        elif node.id in ids:
            problems.add(node.location, f"duplicate id {quote(node.id)} in revision {rev.id} (first at {ids[node.id].location})",
                         "ids unique within a revision")
        ids.setdefault(node.id, node)
        if node.title is not None and node.term is not None:
            problems.add(node.location, "a node has either a 'title' or a 'term', not both")
        if node.title is None and node.term is None and not node.text and not node.children:
            problems.add(node.location, f"node {quote(node.id)} is empty", "a title, term, text or children")
        if node.classification is not None and node.classification not in classes:
            problems.add(node.location, f"unknown classification {quote(node.classification)}", " / ".join(sorted(classes)))
        if node.ground is not None and node.ground not in grounds:
            problems.add(node.location, f"unknown disclosure ground {quote(node.ground)}", " / ".join(sorted(grounds)))
    _characters(rev, problems)
    for node in rev.walk():
        for para in node.text:
            for target in targets(para):
                if target not in ids:
                    problems.add(node.location, f"reference {{ref:{target}}} does not resolve in revision {rev.id}",
                                 "the id of a node in the same revision")
    if doc.kind != POLICY:  # a reference (issue 24) is never disclosed: toolkit.view.reference
        return
    _withheld_grounds(doc, rev.body, doc.classification, doc.ground, doc.disclosable, public_sees, problems)


def _one_line(policy: PolicySet, problems: Problems) -> None:
    """Headings and names are one line: no tab or line break (a tab in a title broke the site's
    heading markup; found by tests/adversarial/test_hostile_fuzz.py)."""
    fields: list[tuple[str | None, Location | None, str]] = [(policy.organisation, policy.location, "organisation")]
    for group in (policy.classifications, policy.audiences, policy.grounds):
        fields += [(x.label, policy.location, f"label of {x.id}") for x in group]
    for doc in policy.documents:
        fields += [(doc.title, doc.location, "document title"), (doc.public_name, doc.location, "public_name")]
        fields += [(t, n.location, "heading") for rev in doc.revisions for n in rev.walk() for t in (n.title, n.term)]
    for text, loc, what in fields:
        if text and any(c in text for c in "\t\n\r"):
            problems.add(loc, f"{what} {quote(text, 40)} is not one line (a tab or line break)",
                         "a heading or name on one line, without tabs")


def _characters(rev: Revision, problems: Problems) -> None:
    """No control or invisible character in any text of a revision (the loader refuses them in
    YAML with their column; this holds for models that never were YAML, e.g. an import)."""
    texts = [(rev.summary, rev.location), (rev.note, rev.source)] + [
        (t, n.location) for n in rev.walk() for t in (*(getattr(n, a) for a in PROSE), *n.text) if t]
    if not forbidden("\n".join(t for t, _loc in texts if t), in_value=True):  # one search in the common case
        return
    for text, loc in texts:
        if text and (m := forbidden(text, in_value=True)):
            problems.add(loc, f"{char_name(m.group(0))} in the text", FORBIDDEN_EXPECTED)


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
            problems.add(node.location, f"node {quote(node.id)} is withheld from disclosure but has no ground",
                         "'ground:' on the node, a parent or the document")
        _withheld_grounds(doc, node.children, c, g, disclosable, public_sees, problems)
