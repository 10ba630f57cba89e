"""The policy model: frozen dataclasses, no I/O, nothing of YAML, Sphinx or Word.

A :class:`PolicySet` (情報セキュリティポリシー) holds classification levels,
audiences, disclosure grounds and :class:`Document` s; each document has a
ledger of :class:`Revision` s (full snapshots), each a tree of :class:`Node` s.
Display numbers are derived from position (see :mod:`toolkit.model.numbering`).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from toolkit.errors import Location
from toolkit.model.site import Contact, SiteInfo

PROVENANCES = ("authoritative", "reconstructed", "sample", "external")  # external: a reference document's edition
POLICY, REFERENCE = "policy", "reference"  # Document.kind: the city's / not the city's (the 総務省 guideline)
REVISION_KINDS = ("策定", "改定", "全面改定")
DRAFT = "draft"  # 案: under review, never public
ADOPTED = "adopted"  # 採択済: decided; in force from its date (施行日)
STATUSES = (DRAFT, ADOPTED)
PUBLIC = "public"  # the citizens' audience: every policy set has one, and it never sees a draft
STAFF = "staff"  # 職員等: the audience of internal outputs when none is named


@dataclass(frozen=True)
class Classification:
    """A classification level (公開 / 庁内限り / 関係者限り); higher rank = more restricted."""

    id: str
    label: str
    rank: int
    banner: str | None = None


@dataclass(frozen=True)
class Audience:
    """Who reads an output, the levels they may see and the provenances shown to them."""

    id: str
    label: str
    sees: frozenset[str]
    provenance: frozenset[str] = frozenset(PROVENANCES)


@dataclass(frozen=True)
class DisclosureGround:
    """A reason for withholding (不開示事由), e.g. the one §9/§10 of the basic policy give."""

    id: str
    label: str
    text: str
    article: str | None = None  # the provision it rests on, as cited: 千曲市情報公開条例第7条第4号


@dataclass(frozen=True)
class Node:
    """A section, clause or item (章・項・号).  ``id`` is stable, ASCII, never shown.

    ``seq`` is the node's 1-based position among its siblings in the full
    revision; it is derived by :func:`number_tree` (never stored in the source)
    and kept through redaction so numbers do not shift when parts are hidden.
    """

    id: str
    title: str | None = None
    term: str | None = None
    text: tuple[str, ...] = ()
    children: tuple[Node, ...] = ()
    classification: str | None = None  # None: inherit from parent / document
    ground: str | None = None  # disclosure ground when withheld; None: inherit from parent / document
    disclosable: bool | None = None  # readable in the 部分開示 edition; None: the document's default (not inherited from the parent)
    note: str | None = None  # provenance note (why a reconstructed text differs)
    seq: int = 0
    withheld: bool = False  # set only by views: a placeholder for a part not shown
    # 枝番: an article inserted without renumbering (第16条の2).  In the source a flag
    # (``branch: true``); numbering.through() makes it 2, 3 … for display.
    branch: int = 0
    location: Location | None = field(default=None, compare=False)
    reason: str | None = None  # 改正理由 of this clause's change in a draft (for the committee; never public)
    implements: tuple[str, ...] = ()  # "basic-policy:measure-x": the 基本方針 clauses this one carries out
    follows: tuple[str, ...] = ()  # "guideline:org-ciso": the reference (kind: reference) sections this one follows
    # the style this node's children are numbered in, where it differs from the style of their depth
    # (a section whose items are ア, イ … where the others' are (1), (2) …); None: the depth's style
    numbering: str | None = None

    @property
    def heading(self) -> str | None:
        """The title or defined term shown after the number."""
        return self.title if self.title is not None else self.term

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Adoption:
    """The decision (採択: 議決 / 決裁) that made a draft the city's text."""

    date: _dt.date  # 決定日
    by: str | None = None  # who decided, e.g. 情報セキュリティ委員会 議決 / 市長決裁
    reference: str | None = None  # e.g. a 決裁番号


@dataclass(frozen=True)
class Instrument:
    """The 例規 instrument that enacted a revision, as an 例規集 prints it under the title:
    「平成18年3月20日　訓令第9号」.  ``kind`` is the instrument's name (訓令, 訓令甲, 告示,
    教育委員会訓令 …), ``number`` its number; ``joint``: the further (kind, number) of a number given
    jointly (「訓令第16号／教育委員会訓令第10号」); ``replaces``: the instrument a 全部改正 names
    (「…規程（平成16年訓令第4号）」), verbatim."""

    kind: str
    number: int
    promulgated: _dt.date | None = None  # 公布日 / 制定日 (the ledger's ``date`` is the 施行日)
    joint: tuple[tuple[str, int], ...] = ()
    replaces: str | None = None

    @property
    def label(self) -> str:
        """「訓令第9号」, 「訓令第16号／教育委員会訓令第10号」."""
        return "／".join(f"{k}第{n}号" for k, n in ((self.kind, self.number), *self.joint))

    def cited(self, organisation: str = "") -> str:
        """As another 例規 cites it: 「平成18年千曲市訓令第9号」 (the year of promulgation, the issuer's name);
        joint numbers joined by 「・」.  Without a promulgation date, the number alone."""
        from toolkit.model.wareki import era_year

        year = ""
        if self.promulgated is not None:
            era, y = era_year(self.promulgated)
            year = f"{era}{'元' if y == 1 else y}年"
        return year + "・".join(f"{organisation}{k}第{n}号" for k, n in ((self.kind, self.number), *self.joint))


@dataclass(frozen=True)
class Revision:
    """One revision (版): a ledger entry and the full text as it stood then.

    ``date`` is the 施行日 the city prints in the ledger (令和8年4月1日　全面改定):
    the revision is in force from that day once adopted.  A draft's date is the
    planned one.  ``adoption`` is None for a draft, and for an adopted revision
    whose ledger entry predates statuses (decided on its date).
    """

    id: str
    date: _dt.date
    kind: str  # 策定 / 改定 / 全面改定
    provenance: str  # authoritative / reconstructed / sample
    summary: str
    body: tuple[Node, ...] = ()
    note: str | None = None
    location: Location | None = field(default=None, compare=False)  # the ledger entry
    source: Location | None = field(default=None, compare=False)  # the revision file
    status: str = ADOPTED  # draft (案) / adopted (採択済)
    adoption: Adoption | None = None
    # 改正理由 by clause id (e.g. for a removed clause, which has no node to carry a ``reason``)
    reasons: tuple[tuple[str, str], ...] = ()
    # 附則 (supplementary provisions), after the body: one node per 附則, its ``title`` the
    # parenthesis of its heading (令和5年3月31日訓令第5号; None for the first), its paragraphs
    # the text.  Not numbered as clauses; :meth:`walk` includes them (ids, visibility, leak check).
    supplementary: tuple[Node, ...] = ()
    # the numbering styles per depth where this revision's differ from the document's (an old
    # text numbered 第1, 1, (1) where the current one is 1., (1), ①); (): the document's
    numbering: tuple[str, ...] = ()
    # clauses whose classification this revision lowers by decision (``policy adopt --declassify``):
    # only these may be shown where an earlier revision withheld the same clause (the leak check)
    declassified: tuple[str, ...] = ()
    # 前文: unnumbered paragraphs before the first section, each a node (text, classification) like a clause
    preamble: tuple[Node, ...] = ()
    instrument: Instrument | None = None  # the 例規 that enacted it (訓令第9号 …), when it was one

    def reason_for(self, node_id: str) -> str | None:
        """The reason given for the change of ``node_id``: the node's own, else the revision's list."""
        for n in self.walk():
            if n.id == node_id and n.reason:
                return n.reason
        return dict(self.reasons).get(node_id)

    @property
    def is_draft(self) -> bool:
        return self.status != ADOPTED  # fail closed: anything but "adopted" is a draft

    @property
    def adopted_on(self) -> _dt.date | None:
        """The decision date (決定日); None for a draft."""
        if self.is_draft:
            return None
        return self.adoption.date if self.adoption else self.date

    def decided(self, on: _dt.date) -> bool:
        """Adopted by ``on``: a decision dated later has not happened yet on that day (the revision is a draft then)."""
        adopted = self.adopted_on
        return adopted is not None and adopted <= on

    def in_force(self, on: _dt.date) -> bool:
        """Adopted by ``on`` and its 施行日 reached."""
        return self.decided(on) and self.date <= on

    @property
    def parts(self) -> tuple[Node, ...]:
        """The top-level nodes in reading order: the 前文, the body, then the 附則."""
        return (*self.preamble, *self.body, *self.supplementary)

    def walk(self) -> Iterator[Node]:
        """Every node: the 前文, the body, then the 附則."""
        for node in self.parts:
            yield from node.walk()

    def node(self, node_id: str) -> Node:
        for n in self.walk():
            if n.id == node_id:
                return n
        raise KeyError(node_id)

    @property
    def is_authoritative(self) -> bool:
        return self.provenance == "authoritative"


@dataclass(frozen=True)
class LedgerEntry:
    """One line of the revision ledger (改定履歴): the date and kind the city prints
    under the title (平成16年12月20日　策定 …), without the revision's text.

    ``has_text`` is False for a *history-only* entry (本文なし): a revision known
    only by its date line (「平成14年8月1日制定」 in an imported text), which has
    no text in the source.  Such an entry is always an adopted past revision.
    """

    id: str
    date: _dt.date
    kind: str
    has_text: bool = True
    summary: str = ""
    provenance: str = "authoritative"
    location: Location | None = field(default=None, compare=False)
    instrument: Instrument | None = None  # the 例規 instrument that enacted it (the 改め文 cites a 制定's)


@dataclass(frozen=True)
class Document:
    """A policy document: 基本方針, 対策基準 or 実施手順.

    ``withheld`` is set by redaction when the audience may know only that the
    document exists (its public name and the ground for not publishing it).
    """

    id: str
    title: str
    public_name: str
    classification: str
    numbering: tuple[str, ...]
    revisions: tuple[Revision, ...]
    series: str | None = None
    ground: str | None = None
    disclosable: bool = False
    withheld: bool = False
    location: Location | None = field(default=None, compare=False)
    # Dates and kinds of every revision, kept when a view drops a revision's text
    # (a public view drops reconstructed revisions, but the city still prints their
    # dates); filled from ``revisions`` when not given.
    ledger: tuple[LedgerEntry, ...] = ()
    # Set by views taken as of a date: the date, and the adopted revisions not yet
    # in force then (announced: 「…から施行されます」), kept out of ``revisions``.
    as_of: _dt.date | None = None
    announced: tuple[Revision, ...] = ()
    # ``kind: reference`` in policyset.yaml: a text that is not the city's (the 総務省 guideline), with its
    # publisher; never city policy (toolkit.view.reference decides where one may be shown)
    kind: str = POLICY
    publisher: str | None = None

    def __post_init__(self) -> None:
        if not self.ledger and self.revisions:
            object.__setattr__(self, "ledger", tuple(LedgerEntry(r.id, r.date, r.kind, True, r.summary, r.provenance,
                                                                 r.location, r.instrument) for r in self.revisions))

    def revision(self, rev_id: str) -> Revision:
        """A revision by id, the announced ones (adopted, not yet in force) included."""
        for r in (*self.revisions, *self.announced):
            if r.id == rev_id:
                return r
        known = ", ".join(r.id for r in self.revisions) or "none"
        if any(e.id == rev_id and not e.has_text for e in self.ledger):
            raise KeyError(f"revision {rev_id!r} of document {self.id!r} is in the ledger by its date only "
                           f"(history only, no text); revisions with text: {known}")
        raise KeyError(f"document {self.id!r} has no revision {rev_id!r} (known: {known})")

    @property
    def history_only(self) -> tuple[LedgerEntry, ...]:
        """Ledger entries known by their date only (本文なし)."""
        return tuple(e for e in self.ledger if not e.has_text)

    @property
    def current(self) -> Revision:
        """The text in force (現行): the newest adopted revision (in force on ``as_of``
        when the view has one); the newest revision when none is adopted."""
        for rev in reversed(self.revisions):
            if not rev.is_draft and (self.as_of is None or rev.date <= self.as_of):
                return rev
        return self.revisions[-1]

    def in_force_on(self, day: _dt.date) -> Revision | None:
        """The revision in force on ``day`` (the newest adopted one whose 施行日 has come), if any."""
        for rev in reversed(self.revisions):
            if rev.in_force(day):
                return rev
        return None

    @property
    def latest(self) -> Revision:
        """The newest revision in the ledger, draft or not (what ``policy revise`` copies)."""
        return self.revisions[-1]

    @property
    def drafts(self) -> tuple[Revision, ...]:
        return tuple(r for r in self.revisions if r.is_draft)

    def previous(self, rev_id: str) -> Revision | None:
        ids = [r.id for r in self.revisions]
        i = ids.index(rev_id)
        return self.revisions[i - 1] if i > 0 else None


AMEND_STYLES = ("改め文", "対照表")  # the two forms of an amending instrument (改正規程)


@dataclass(frozen=True)
class AmendDefaults:
    """``amend:`` in policyset.yaml: the city's house form of its amending instruments, which
    ``policy amend``'s options override.  ``style`` None: by the text (改め文 where it has articles)."""

    style: str | None = None  # one of AMEND_STYLES
    new_first: bool = False  # 対照表: 改正後 in the left column (the 国's order), else 改正前 left


@dataclass(frozen=True)
class PolicySet:
    """The whole policy: organisation, levels, audiences, grounds and documents."""

    organisation: str
    classifications: tuple[Classification, ...]
    audiences: tuple[Audience, ...]
    grounds: tuple[DisclosureGround, ...]
    documents: tuple[Document, ...]
    audience_id: str | None = None  # set by redaction: whose view this is
    location: Location | None = field(default=None, compare=False)
    site: SiteInfo = SiteInfo()  # contact, disclosure requests, accessibility (all public)
    # spelling variants search reads as one word (表記ゆれ; search-variants.yaml): search
    # configuration, never shown, the first form of each group is the policy's own
    search_variants: tuple[tuple[str, ...], ...] = ()
    amend: AmendDefaults = AmendDefaults()

    def document(self, doc_id: str) -> Document:
        for d in self.documents:
            if d.id == doc_id:
                return d
        known = ", ".join(d.id for d in self.documents)
        raise KeyError(f"no document {doc_id!r} (known: {known})")

    def audience(self, audience_id: str) -> Audience:
        for a in self.audiences:
            if a.id == audience_id:
                return a
        known = ", ".join(a.id for a in self.audiences)
        raise KeyError(f"no audience {audience_id!r} (known: {known})")

    def classification(self, cls_id: str) -> Classification:
        for c in self.classifications:
            if c.id == cls_id:
                return c
        raise KeyError(cls_id)

    def ground(self, ground_id: str) -> DisclosureGround:
        for g in self.grounds:
            if g.id == ground_id:
                return g
        raise KeyError(ground_id)

    @property
    def most_restricted(self) -> Classification:
        return max(self.classifications, key=lambda c: c.rank)


def number_tree(nodes: tuple[Node, ...] | list[Node]) -> tuple[Node, ...]:
    """Give every node its ``seq`` from its position (numbering is derived)."""
    return tuple(
        replace(n, seq=i, children=number_tree(n.children)) for i, n in enumerate(nodes, start=1)
    )


__all__ = [
    "AMEND_STYLES",
    "AmendDefaults",
    "ADOPTED",
    "DRAFT",
    "Instrument",
    "POLICY",
    "PROVENANCES",
    "PUBLIC",
    "REFERENCE",
    "REVISION_KINDS",
    "STAFF",
    "STATUSES",
    "Adoption",
    "Audience",
    "Classification",
    "Contact",
    "DisclosureGround",
    "Document",
    "LedgerEntry",
    "Node",
    "PolicySet",
    "Revision",
    "SiteInfo",
    "number_tree",
]
