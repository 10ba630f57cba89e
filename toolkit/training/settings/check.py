"""The training inputs checked against the loaded policy: what they name exists, what they say is so."""

from __future__ import annotations

from toolkit.errors import Location, Problems
from toolkit.model import PolicySet
from toolkit.training.model import normal
from toolkit.training.settings.model import TrainingSettings


def check_against(settings: TrainingSettings, policy: PolicySet) -> None:
    """Check the training inputs against the full policy (not a view); raise :class:`SourceError`.

    * every document, clause and revision named exists (in some revision: a
      clause that vanished later is dropped with a message when building);
    * a pool item is absent from every revision of its document and is
      neither part of nor contains an item of the enumeration it is wrong for;
    * hand-written questions name a revision in the ledger.
    """
    from toolkit.training.facts import enumeration_items  # facts imports this module

    problems = Problems()
    docs = {d.id: d for d in policy.documents}
    known = [a.id for a in policy.audiences]
    for a in settings.audiences:
        if a.id not in known:
            problems.add(a.location, f"unknown audience {a.id!r}", "an audience of policyset.yaml: " + " / ".join(known))

    def clause_ok(doc_id: str, clause_id: str, loc: Location) -> bool:
        doc = docs.get(doc_id)
        if doc is None:
            problems.add(loc, f"unknown document {doc_id!r}", " / ".join(docs))
            return False
        if not doc.revisions:
            problems.add(loc, f"document {doc_id!r} has no source here (is the private root given?)")
            return False
        if not any(n.id == clause_id for r in doc.revisions for n in r.walk()):
            problems.add(loc, f"clause {clause_id!r} is in no revision of {doc_id!r}", "the id of a clause")
            return False
        if any(n.id == clause_id for r in doc.revisions for s in r.supplementary for n in s.walk()):
            # 附則 (施行期日, 経過措置) say when and how a text applies: they are not rules to learn
            problems.add(loc, f"{clause_id!r} is a 附則 (supplementary provision) of {doc_id!r}, not a clause "
                         "to train on", "the id of a clause of the body")
            return False
        return True

    def revision_ok(doc_id: str, rev_id: str, what: str, loc: Location) -> bool:
        ids = [r.id for r in docs[doc_id].revisions]
        if rev_id in ids:
            return True
        if any(e.id == rev_id and not e.has_text for e in docs[doc_id].ledger):
            problems.add(loc, f"{what}: {doc_id} {rev_id} is known by its date only (history only, no text)",
                         "a revision with text: " + " / ".join(ids))
        else:
            problems.add(loc, f"{what}: {doc_id} has no revision {rev_id!r}", " / ".join(ids))
        return False

    for e in settings.enumerations:
        clause_ok(e.doc_id, e.clause_id, e.location)
    for s in settings.subject_items:
        clause_ok(s.doc_id, s.clause_id, s.location)
    for k in settings.key_sentences:
        clause_ok(k.doc_id, k.clause_id, k.location)
    for sc in settings.scenarios:
        for doc_id, clause_id in sc.clauses:
            if clause_ok(doc_id, clause_id, sc.location):
                rev_id = sc.revisions[doc_id]
                if (revision_ok(doc_id, rev_id, f"scenario {sc.id!r}", sc.location)
                        and all(n.id != clause_id for n in docs[doc_id].revision(rev_id).walk())):
                    problems.add(sc.location, f"scenario {sc.id!r}: clause {clause_id!r} is not in {doc_id} {rev_id}")
    for b in settings.blueprints:
        if b.audience not in known:
            problems.add(b.location, f"blueprint for unknown audience {b.audience!r}", " / ".join(known))
        for c in b.cover:
            if c.doc_id not in docs:
                problems.add(c.location, f"unknown document {c.doc_id!r}", " / ".join(docs))
    every_text = "\n".join(t for d in policy.documents for r in d.revisions for n in r.walk()
                           for t in (n.title or "", n.term or "", *n.text))
    for cat in settings.categories:
        for w in cat.words:
            if w not in every_text:
                problems.add(cat.location, f"category {cat.id!r}: {w!r} is not a word of the policy",
                             "words the policy uses (a swapped-in word must be a real role, threat, system …)")
    for q in settings.questions:
        if clause_ok(q.doc_id, q.clause_id, q.clause_at):
            if (revision_ok(q.doc_id, q.revision, f"question {q.id!r}", q.clause_at)
                    and all(n.id != q.clause_id for n in docs[q.doc_id].revision(q.revision).walk())):
                problems.add(q.clause_at, f"question {q.id!r}: clause {q.clause_id!r} is not in revision {q.revision}",
                             "the revision the question was written against")
    problems.raise_if_any()

    _check_key_phrases(settings, docs, problems)
    problems.raise_if_any()

    by_id = {e.id: e for e in settings.enumerations}
    for pool in settings.pools:
        enum = by_id[pool.enumeration]
        doc = docs[enum.doc_id]
        texts = [t for r in doc.revisions for n in r.walk() for t in (n.title or "", n.term or "", *n.text)]
        in_scope = {i for r in doc.revisions for i in enumeration_items(enum, r)}
        for item, loc in pool.items:
            n = normal(item)
            hit = next((t for t in texts if item in t or (n and n in normal(t))), None)
            if hit is not None:
                problems.add(loc, f"{item!r} is meant to be wrong for {enum.id!r} but the policy ({doc.id}) says "
                             f"it: 「{hit[:40]}…」", "a word the policy does not use")
                continue
            clash = next((i for i in sorted(in_scope) if normal(i) in n or n in normal(i)), None)
            if clash is not None:
                problems.add(loc, f"{item!r} overlaps the in-scope item {clash!r} of {enum.id!r}",
                             "a clearly different word")
    problems.raise_if_any()


def _check_key_phrases(settings: TrainingSettings, docs: dict, problems: Problems) -> None:
    """A key sentence's hidden phrase is whole words where the clause says it (a blank that cuts a
    word, 「アクセスすることを［　］が」, teaches nothing).  A 等 right after it stays outside."""
    from toolkit.training.words import phrase_boundaries

    for k in settings.key_sentences:
        doc = docs.get(k.doc_id)
        if doc is None:
            continue
        for rev in doc.revisions:
            try:
                node = rev.node(k.clause_id)
            except KeyError:
                continue
            for text in node.text:
                b = phrase_boundaries(text)
                for phrase in k.hide:
                    i = text.find(phrase)
                    end = i + len(phrase)
                    if i >= 0 and (i not in b or (end not in b and text[end:end + 1] != "等")):
                        problems.add(k.location, f"{k.clause_id}: 「{phrase}」 cuts a word in 「{text[max(0, i - 8):end + 8]}」"
                                     f" ({k.doc_id} {rev.id})", "a phrase that starts and ends on word boundaries")
