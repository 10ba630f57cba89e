"""Reference documents (``kind: reference``, issue 24): where a text that is not the city's may be shown.

Decided here, once, for every output:

* no view of the city's policy holds one: :func:`toolkit.view.redact.redact` starts from
  :func:`city_policy`, so the public site, every training output and every view-based staff output
  never see a reference's text as the city's;
* the 部分開示 edition is never made of one (:func:`refuse_disclosure`);
* a reference is no evidence for the leak check (:func:`toolkit.view.visibility.left_out` skips it):
  it is its publisher's public text, and city clauses may quote it word for word (the guideline's 例文),
  so its sentences are not secrets; that no public output or training holds it as the city's text
  is this module's rule, proven by tests/test_reference.py's canary;
* staff readers (an audience that is not the public and sees the reference's classification) may read
  the references apart, labelled with their publisher and edition: :func:`references`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from toolkit.errors import RedactionError
from toolkit.model import POLICY, Document, PolicySet, Revision


def is_reference(doc: Document) -> bool:
    """Not the city's policy.  Fail closed: any kind but ``policy`` counts as a reference."""
    return doc.kind != POLICY


def city_policy(policy: PolicySet) -> PolicySet:
    """The policy set without its reference documents."""
    if not any(is_reference(d) for d in policy.documents):
        return policy
    return replace(policy, documents=tuple(d for d in policy.documents if not is_reference(d)))


def refuse_disclosure(doc: Document) -> None:
    if is_reference(doc):
        raise RedactionError(f"document {doc.id!r} is a reference document ({doc.publisher or 'external'}), not the "
                             "city's: there is no 部分開示 edition of it")


@dataclass(frozen=True)
class Reference:
    """A reference document as a staff reader sees it: apart from the city's, with publisher and edition."""

    document: Document
    edition: Revision  # the edition in force on the day of the view

    @property
    def label(self) -> str:
        """「総務省 地方公共団体における…ガイドライン（令和2年12月版）」."""
        return f"{self.document.publisher or ''} {self.document.title}（{self.edition.summary}）".strip()


def may_read(policy: PolicySet, audience_id: str, doc: Document) -> bool:
    """Staff only: never the public audience, and only when the audience sees the reference's classification."""
    from toolkit.view.redact import PUBLIC, audience_of
    from toolkit.view.visibility import document_classification

    audience = audience_of(policy, audience_id)
    return audience.id != PUBLIC and document_classification(policy, doc) in audience.sees


def references(policy: PolicySet, audience_id: str, day: datetime.date) -> tuple[Reference, ...]:
    """The reference documents ``audience_id`` may read, each with its edition in force on ``day``."""
    out = []
    for doc in policy.documents:
        if is_reference(doc) and may_read(policy, audience_id, doc):
            edition = doc.in_force_on(day)
            if edition is not None:
                out.append(Reference(doc, edition))
    return tuple(out)


def readable_reference(policy: PolicySet, audience_id: str, doc_id: str) -> Document | None:
    """The reference document ``doc_id`` with every edition, for an audience that may read it (``policy diff``
    between editions); None when ``doc_id`` is not a reference; an error when the audience may not read it."""
    doc = next((d for d in policy.documents if d.id == doc_id), None)
    if doc is None or not is_reference(doc):
        return None
    if not may_read(policy, audience_id, doc):
        raise RedactionError(f"audience {audience_id!r} may not read reference document {doc_id!r}")
    return doc


def reference(policy: PolicySet, audience_id: str, doc_id: str, day: datetime.date) -> Reference:
    """One reference document for ``audience_id`` on ``day``; a clear error when it is not one or may not be read."""
    try:
        doc = policy.document(doc_id)
    except KeyError as e:
        raise RedactionError(str(e.args[0])) from None
    if not is_reference(doc):
        raise RedactionError(f"document {doc_id!r} is not a reference document (kind: reference in policyset.yaml)")
    if not may_read(policy, audience_id, doc):
        raise RedactionError(f"audience {audience_id!r} may not read reference document {doc_id!r}")
    edition = doc.in_force_on(day)
    if edition is None:
        raise RedactionError(f"no edition of {doc_id!r} is in force on {day.isoformat()}")
    return Reference(doc, edition)
