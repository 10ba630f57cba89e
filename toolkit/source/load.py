"""Load ``policy_src/`` (and an optional private root) into a :class:`PolicySet`.

Layout of a source root::

    policyset.yaml            organisation, classifications, audiences, grounds, documents, site, amend
    <doc-id>/document.yaml    title, numbering, default classification, revision ledger
    <doc-id>/<rev-id>.yaml    one full snapshot per revision

A private root (``--private-src`` or ``$POLICY_PRIVATE_SRC``) holds only
document folders; it is merged with the main one.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Sequence
from pathlib import Path

from toolkit.errors import Location, Problems, SourceError, quote
from toolkit.ids import ID_EXPECTED, id_path, is_id
from toolkit.model import (
    ADOPTED,
    AMEND_STYLES,
    DRAFT,
    PROVENANCES,
    PUBLIC,
    REVISION_KINDS,
    STATUSES,
    Adoption,
    AmendDefaults,
    Audience,
    Classification,
    DisclosureGround,
    Document,
    Instrument,
    LedgerEntry,
    PolicySet,
    Revision,
)
from toolkit.model.numbering import through
from toolkit.source.instrument import read_instrument
from toolkit.source.reference import DocumentKind, document_kind, with_kind
from toolkit.source.revision_file import parse_revision, parse_revision_file, read_revision_file  # noqa: F401 - re-exported
from toolkit.source.roots import DEFAULT_ROOT, PRIVATE_ENV, source_roots  # noqa: F401 - re-exported
from toolkit.source.schema import Fields, check_type, str_list
from toolkit.source.site_info import parse_site
from toolkit.source.validate import validate
from toolkit.source.variants import load_variants
from toolkit.source.yamlnodes import Located, compose_reported, display_path

POLICYSET = "policyset.yaml"
DOCUMENT = "document.yaml"


def load_policy(roots: Sequence[Path] | Path | None = None) -> PolicySet:
    """Load and validate every root; raise :class:`SourceError` listing all problems."""
    if roots is None:
        roots = source_roots()
    if isinstance(roots, Path):
        roots = [roots]
    problems = Problems()
    main = Path(roots[0])
    if not (main / POLICYSET).exists() and not (main / POLICYSET).is_symlink():
        raise SourceError(f"{main / POLICYSET}: not found (is this the project folder? run from the folder holding policy_src/)")
    for extra in roots[1:]:
        if not Path(extra).is_dir():
            problems.add(Location(str(extra)), "private source root is not a folder")
    problems.raise_if_any()

    root_val = compose_reported(main / POLICYSET, problems)
    kinds: dict[str, DocumentKind] = {}  # kind: reference and its publisher, by document id (issue 24)
    pset = _policyset(root_val, problems, main / POLICYSET, kinds) if root_val else None
    problems.raise_if_any()
    assert pset is not None
    listed: dict[str, tuple[str, Location]] = pset[1]

    docs: dict[str, Document] = {}
    for root in roots:
        for folder in _document_folders(Path(root), problems):
            doc_file = folder / DOCUMENT
            if not doc_file.exists() and not doc_file.is_symlink():
                stray = sorted(folder.glob("*.yaml"))
                if stray:
                    problems.add(Location(display_path(stray[0]), 1, 1),
                                 f"folder {display_path(folder)} holds YAML files but no {DOCUMENT}",
                                 f"{DOCUMENT} with the document's title and revision ledger")
                continue
            doc = _document(folder, listed, problems)
            if doc is None:
                continue
            if doc.id in docs:
                problems.add(doc.location, f"document {quote(doc.id)} is defined in two source roots "
                             f"(also {docs[doc.id].location}); keep one")
                continue
            docs[doc.id] = doc
    # A listed document with no source in any root is known only by its public name:
    # fail closed (most restricted), so it can only ever appear as a notice.
    most = pset[0].most_restricted.id if pset[0].classifications else "restricted"
    ordered = []
    for doc_id, (public_name, loc) in listed.items():
        if doc_id in docs:
            ordered.append(docs.pop(doc_id))
        else:
            ordered.append(Document(doc_id, public_name, public_name, most, ("1.",), (), location=loc))
    for doc in docs.values():
        problems.add(doc.location, f"document {quote(doc.id)} is not listed in {POLICYSET}",
                     "an entry under 'documents:' with its public name")
    ordered = [with_kind(doc, kinds.get(doc.id)) for doc in ordered]
    variants = load_variants(main, problems)  # search-variants.yaml (search configuration)
    policy = PolicySet(**{**pset[0].__dict__, "documents": tuple(ordered), "search_variants": variants})
    validate(policy, problems)
    problems.raise_if_any()
    return policy


def _document_folders(root: Path, problems: Problems) -> list[Path]:
    """The folders of a source root that may hold documents; a symlink among them is refused.

    Symlinks are refused, not followed (README, "What the toolkit guarantees"):
    a link is how a non-public document's text would end up under a public one.
    """
    out = []
    for p in sorted(root.iterdir()):
        if p.name.startswith("."):
            continue
        if p.is_symlink():
            problems.add(Location(display_path(p)), f"is a symbolic link (to {quote(os.readlink(p), 60)})",
                         "a real folder or file inside the source root, not a link")
        elif p.is_dir():
            out.append(p)
    return out


def _check_id(value: str | None, loc: Location, what: str, problems: Problems) -> bool:
    """Report an id that does not fully match the one id pattern (toolkit.ids)."""
    if value is None or is_id(value):
        return True
    problems.add(loc, f"{what} id {quote(value, 60)} is not a valid id", ID_EXPECTED)
    return False

def _policyset(val: Located, problems: Problems, path: Path,
               kinds: dict[str, DocumentKind]) -> tuple[PolicySet, dict[str, tuple[str, Location]]]:
    f = Fields(val, problems, POLICYSET)
    org = f.req("organisation", str) or ""
    classes = []
    for i, item in enumerate(f.req("classifications", list) or []):
        c = Fields(item, problems, "classification")
        c_id = c.req("id", str)
        _check_id(c_id, c.loc_of("id"), "classification", problems)
        classes.append(Classification(c_id or "", c.req("label", str) or "", i, c.opt("banner", str)))
        c.done()
    audiences = []
    for item in f.req("audiences", list) or []:
        a = Fields(item, problems, "audience")
        a_id = a.req("id", str) or ""
        _check_id(a_id or None, a.loc_of("id"), "audience", problems)
        label = a.req("label", str) or ""
        sees = frozenset(str_list(a.located("sees"), problems, "audience 'sees'"))
        if a.located("sees") is None:
            problems.add(a.loc, "audience is missing required key 'sees'")
        prov_val = a.located("provenance")
        prov = frozenset(str_list(prov_val, problems, "audience 'provenance'")) if prov_val else frozenset(PROVENANCES)
        for p in prov - set(PROVENANCES):
            problems.add(a.loc_of("provenance"), f"unknown provenance {quote(p)}", " / ".join(PROVENANCES))
        known = {c.id for c in classes}
        for s in sorted(sees - known):
            problems.add(a.loc_of("sees"), f"audience {quote(a_id)} sees unknown classification {quote(s)}",
                         " / ".join(sorted(known)))
        audiences.append(Audience(a_id, label, sees, prov))
        a.done()
    grounds = []
    for item in f.req("grounds", list) or []:
        g = Fields(item, problems, "disclosure ground")
        g_id = g.req("id", str)
        _check_id(g_id, g.loc_of("id"), "disclosure ground", problems)
        grounds.append(DisclosureGround(g_id or "", g.req("label", str) or "", g.req("text", str) or "",
                                        g.opt("article", str)))
        g.done()
    listed: dict[str, tuple[str, Location]] = {}
    for item in f.req("documents", list) or []:
        d = Fields(item, problems, "document entry")
        d_id = d.req("id", str) or ""
        name = d.req("public_name", str) or ""
        if not _check_id(d_id or None, d.loc_of("id"), "document", problems):
            d.done()
            continue  # never a folder or page name: it could step out of build/
        if d_id in listed:
            problems.add(d.loc, f"document {quote(d_id)} listed twice")
        listed[d_id] = (name, d.loc)
        kinds[d_id] = document_kind(d, problems)  # kind: reference, publisher (issue 24)
        d.done()
    site = parse_site(f.located("site"), problems, set(listed))  # issue 13: contact, disclosure page, accessibility
    amend = _amend_defaults(f.located("amend"), problems)  # issue 21 §3: the house form of 改正規程
    f.done()
    for what, key in (("classification", "classifications"), ("audience", "audiences"), ("ground", "grounds")):
        _unique_ids(f.located(key), what, problems)
    if PUBLIC not in {a.id for a in audiences}:
        problems.add(val.loc, f"no audience with id {PUBLIC!r}", f"an audience {PUBLIC!r} for the citizens' site")
    return PolicySet(org, tuple(classes), tuple(audiences), tuple(grounds), (), location=val.loc, site=site,
                     amend=amend), listed


COLUMNS = {"改正前|改正後": False, "改正後|改正前": True}  # 対照表 column order → 改正後 left


def _amend_defaults(val: Located | None, problems: Problems) -> AmendDefaults:
    """``amend: {style: 対照表, columns: 改正後|改正前}`` (both optional)."""
    if val is None:
        return AmendDefaults()
    f = Fields(val, problems, "amend")
    style = f.opt("style", str)
    if style is not None and style not in AMEND_STYLES:
        problems.add(f.loc_of("style"), f"unknown amend style {quote(style)}", " / ".join(AMEND_STYLES))
        style = None
    columns = f.opt("columns", str, "改正前|改正後")
    if columns not in COLUMNS:
        problems.add(f.loc_of("columns"), f"unknown column order {quote(columns)}", " / ".join(COLUMNS))
    f.done()
    return AmendDefaults(style, COLUMNS.get(columns, False))


def _unique_ids(items: Located | None, what: str, problems: Problems) -> None:
    """Report an id given twice in a list of mappings, at the second one."""
    seen: set[str] = set()
    for item in items.value if items is not None and isinstance(items.value, list) else []:
        pair = item.value.get("id") if isinstance(item.value, dict) else None
        if pair is None or not isinstance(pair[1].value, str):
            continue
        if pair[1].value in seen:
            problems.add(pair[1].loc, f"{what} id {quote(pair[1].value, 60)} defined twice", "each id once")
        seen.add(pair[1].value)


def _document(folder: Path, listed: dict[str, tuple[str, Location]], problems: Problems) -> Document | None:
    val = compose_reported(folder / DOCUMENT, problems)
    if val is None:
        return None
    f = Fields(val, problems, DOCUMENT)
    doc_id = f.req("id", str) or folder.name
    _check_id(doc_id, f.loc_of("id"), "document", problems)
    if doc_id != folder.name:
        problems.add(f.loc_of("id"), f"document id {quote(doc_id)} does not match its folder {quote(folder.name)}")
    title = f.req("title", str) or ""
    series = f.opt("series", str)
    classification = f.req("classification", str) or ""
    ground = f.opt("ground", str)
    disclosable = f.opt("disclosable", bool, False)
    numbering = tuple(str_list(f.located("numbering"), problems, "numbering")) or ("1.",)
    ledger = []
    instruments: dict[str, Instrument | None] = {}
    for item in f.req("revisions", list) or []:
        r = Fields(item, problems, "revision ledger entry")
        rid = r.req("id", str) or ""
        if not _check_id(rid or None, r.loc_of("id"), "revision", problems):
            rid = ""  # never read through: an id like ../standards/r8 would name another document's file
        date = None
        dval = r.located("date")
        if dval is None:
            problems.add(r.loc, "revision ledger entry is missing required key 'date'")
        else:
            date = check_type(dval, _dt.date, problems, "'date'")
        kind = r.req("kind", str) or ""
        if kind and kind not in REVISION_KINDS:
            problems.add(r.loc_of("kind"), f"unknown revision kind {quote(kind)}", " / ".join(REVISION_KINDS))
        prov = r.req("provenance", str) or ""
        if prov and prov not in PROVENANCES:
            problems.add(r.loc_of("provenance"), f"unknown provenance {quote(prov)}", " / ".join(PROVENANCES))
        summary = r.req("summary", str) or ""
        history_only = bool(r.opt("history_only", bool, False))
        if history_only:
            _history_only(r, problems)
        status, adoption = _status(r, problems)
        reasons = _reasons(r.located("reasons"), problems)
        declassified = _declassified(r, status, problems)
        instruments[rid] = read_instrument(r.located("instrument"), problems)
        ledger.append((rid, date, kind, prov, summary, r.loc, status, adoption, reasons, history_only, declassified))
        r.done()
    f.done()

    revisions = []
    entries = []
    seen_files = set()
    for rid, date, kind, prov, summary, loc, status, adoption, reasons, history_only, declassified in ledger:
        if not rid:
            continue
        path = id_path(folder, rid, suffix=".yaml")
        if path.name in seen_files:  # read each file once: a ledger repeating one id must not multiply the work
            problems.add(loc, f"revision {quote(rid)} appears twice in the ledger")
            continue
        seen_files.add(path.name)
        entries.append(LedgerEntry(rid, date or _dt.date.min, kind, not history_only, summary, prov, loc,
                                   instruments.get(rid)))
        if history_only:  # 本文なし: known by its date line only
            if path.exists() or path.is_symlink():
                problems.add(loc, f"revision {quote(rid)} is marked history_only (no text) but {path.name} exists",
                             f"remove 'history_only: true' to use the text of {path.name}, or remove the file")
            continue
        if not path.exists() and not path.is_symlink():  # anything else there is read (or refused) below
            problems.add(loc, f"revision {quote(rid)} is in the ledger but {path} does not exist",
                         f"a file {rid}.yaml beside document.yaml, or 'history_only: true' for a revision "
                         "known by its date only")
            continue
        body, note, src, own, supplementary, preamble = read_revision_file(path, rid, problems)
        body = through(body, own or numbering)  # 第N条 straight through chapters, 枝番
        rev = Revision(rid, date or _dt.date.min, kind, prov, summary, body, note, loc, src, status, adoption,
                       reasons, supplementary, own, declassified[0], preamble, instruments.get(rid))
        known = {n.id for n in rev.walk()}
        for node_id in declassified[0]:
            if node_id not in known:
                problems.add(declassified[1], f"'declassified' names clause {quote(node_id)}, which revision "
                             f"{quote(rid)} does not have", "the ids of clauses of this revision")
        revisions.append(rev)
    for path in sorted(folder.glob("*.yaml")):
        if path.name != DOCUMENT and path.name not in seen_files:
            problems.add(Location(display_path(path), 1, 1),
                         f"revision file {path.name} has no entry in the ledger of {display_path(folder / DOCUMENT)}",
                         f"an entry '- id: {path.stem}' under 'revisions:'")
    public_name = listed.get(doc_id, (title, None))[0]
    return Document(doc_id, title, public_name, classification, numbering, tuple(revisions), series, ground,
                    disclosable, location=val.loc, ledger=tuple(entries))


def _history_only(r: Fields, problems: Problems) -> None:
    """A history-only entry is an adopted past revision: it has no draft status and no 改正理由."""
    if r.opt("status", str) == DRAFT:
        problems.add(r.loc_of("status"), "a history-only entry (no text) cannot be a draft",
                     "status: adopted, or a revision file for the draft's text")
    for key in ("reasons", "declassified"):
        if r.located(key) is not None:
            problems.add(r.loc_of(key), "a history-only entry (no text) has no clauses to give "
                         f"{'reasons for' if key == 'reasons' else 'a classification'}", f"no '{key}:'")


def _declassified(r: Fields, status: str, problems: Problems) -> tuple[tuple[str, ...], Location]:
    """A ledger entry's ``declassified:`` (the clauses whose classification its adoption lowered, by
    decision: ``policy adopt --declassify``), and where it stands."""
    val = r.located("declassified")
    where = r.loc_of("declassified")
    if val is None:
        return (), where
    if isinstance(val.value, str):
        problems.add(val.loc, "'declassified' must be a list of clause ids", "declassified: [clause-id, …]")
        return (), where
    ids = str_list(val, problems, "'declassified'")
    if status == DRAFT:
        problems.add(where, "a draft has no 'declassified' (nothing is decided yet)",
                     "'policy adopt --declassify ID…' records the decision")
    seen: set[str] = set()
    for node_id in ids:
        if not _check_id(node_id, where, "declassified clause", problems):
            continue
        if node_id in seen:
            problems.add(where, f"clause {quote(node_id)} is listed twice in 'declassified'", "each id once")
        seen.add(node_id)
    return tuple(ids), where


def _reasons(val: Located | None, problems: Problems) -> tuple[tuple[str, str], ...]:
    """A ledger entry's ``reasons:`` (clause id → 改正理由), e.g. for a removed clause."""
    if val is None:
        return ()
    if not isinstance(val.value, dict):
        problems.add(val.loc, "'reasons' must be a mapping", "clause-id: the reason for its change")
        return ()
    out = []
    for key, (_k, v) in val.value.items():
        text = check_type(v, str, problems, f"reason for {key!r}")
        if text is not None:
            out.append((str(key), text))
    return tuple(out)


def _status(r: Fields, problems: Problems) -> tuple[str, Adoption | None]:
    """A ledger entry's status (draft / adopted) and adoption (決定日, by whom, reference).

    No ``status:`` is an entry written before statuses existed: adopted on its date.
    """
    status = r.opt("status", str)
    adopted = r.located("adopted")
    adopted_date = check_type(adopted, _dt.date, problems, "'adopted'") if adopted is not None else None
    by = r.opt("adopted_by", str)
    reference = r.opt("reference", str)
    if status is not None and status not in STATUSES:
        problems.add(r.loc_of("status"), f"unknown revision status {status!r}", " / ".join(STATUSES))
        return DRAFT, None  # fail closed
    if status == DRAFT:
        for key in ("adopted", "adopted_by", "reference"):
            if r.located(key) is not None:
                problems.add(r.loc_of(key), f"a draft has no {key!r} (it is not adopted yet)",
                             "'policy adopt' to record the decision")
        return DRAFT, None
    if status == ADOPTED and adopted is None:
        problems.add(r.loc_of("status"), "an adopted revision needs its decision date",
                     "'adopted: YYYY-MM-DD' (the date of the 議決 / 決裁)")
    if adopted_date is None:
        if by is not None or reference is not None:
            problems.add(r.loc_of("adopted_by" if by is not None else "reference"),
                         "'adopted_by' / 'reference' without a decision date", "'adopted: YYYY-MM-DD'")
        return ADOPTED, None
    return ADOPTED, Adoption(adopted_date, by, reference)
