"""``policy import``: a Markdown / plain-text policy → a revision of ``policy_src/``.

Writes ``<doc>/<rev>.yaml`` and adds the ledger entry to ``<doc>/document.yaml``
(its comments kept), or with ``-o`` writes the revision alone (``-o -``: standard
output) with the ledger entry as a comment.  The text's earlier 制定 / 改正 date
lines become history-only ledger entries (本文なし: ``history_only: true``) for the
dates the ledger does not have yet (with ``-o``: listed in the comment to add).  ``--like REV`` gives clauses the ids
of the most similar clauses of REV and lists the ones that got fresh ids.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import io
import json
import os
import sys
from dataclasses import replace
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from toolkit.commands import load
from toolkit.errors import Location, Problem, Problems, SourceError
from toolkit.files import atomic_write
from toolkit.model import (
    ADOPTED,
    DRAFT,
    PROVENANCES,
    PUBLIC,
    REVISION_KINDS,
    Document,
    LedgerEntry,
    PolicySet,
    Revision,
)
from toolkit.model.numbering import place
from toolkit.model.wareki import era_code, wareki
from toolkit.source.dump import dump_document, dump_revision, history_entry, ledger_entry
from toolkit.source.importer import Imported, Input, import_text, read_input, read_input_file
from toolkit.source.instrument import instrument_mapping
from toolkit.source.ledger import apply, insert_by_date
from toolkit.source.load import DOCUMENT, POLICYSET, load_policy, parse_revision_file, source_roots
from toolkit.source.validate import ID_RE, validate
from toolkit.source.yamlnodes import display_path
from toolkit.textforms.word import bookmark_name, first_item_bookmark

HELP = "import a policy (Markdown / text, HTML page, Word .docx, PDF) as a revision"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE",
                        help="the policy to import: .md / .txt, a saved web page (.html), Word (.docx) or PDF "
                             "('-' for standard input)")
    parser.add_argument("--doc", required=True, metavar="ID", help="document id, e.g. basic-policy")
    parser.add_argument("--rev", required=True, metavar="ID", help="revision id, e.g. r9")
    parser.add_argument("--like", metavar="REV",
                        help="take the ids of the most similar clauses of this revision of the document")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write the revision file here ('-' for standard output) instead of into policy_src/")
    parser.add_argument("--force", action="store_true", help="replace an existing revision file, -o FILE or --report FILE")
    parser.add_argument("--date", type=_dt.date.fromisoformat, metavar="YYYY-MM-DD",
                        help="revision date (default: the last 策定/改定 line of the text)")
    parser.add_argument("--kind", choices=REVISION_KINDS, help="revision kind (default: from the text)")
    parser.add_argument("--provenance", choices=PROVENANCES, default="authoritative",
                        help="authoritative: the city's adopted text (default)")
    parser.add_argument("--summary", help="one-line summary for the ledger (default: date and kind)")
    parser.add_argument("--classification", metavar="ID",
                        help="for a new document: its classification (default: the most restricted level)")
    parser.add_argument("--ground", metavar="ID",
                        help="for a new non-public document: the disclosure ground for withholding it")
    parser.add_argument("--accept-changes", action="store_true",
                        help="a Word file with tracked changes: take its text with every change accepted "
                             "(default: refuse it, saying how to resolve them)")
    parser.add_argument("--strict", action="store_true",
                        help="every warning is an error (default: what is not understood is kept as text, with a warning)")
    parser.add_argument("--report", metavar="FILE",
                        help="write the whole import report here: every line dropped, kept as text, "
                             "read as a date, title or caption, every level and repair")


def _read(name: str, accept_changes: bool = False) -> tuple[Input, str]:
    data, file = read_input_file(name)
    return read_input(data, file, accept_changes=accept_changes), file


def run(args: argparse.Namespace) -> int:
    if not ID_RE.fullmatch(args.doc) or not ID_RE.fullmatch(args.rev):  # a prefix match let "r9/../x" through
        raise SourceError("--doc and --rev must be lower-case ASCII ids (letters, digits, '-'), e.g. basic-policy r9")
    if args.report and os.path.lexists(args.report) and not args.force:  # before anything is read or written
        raise SourceError([Problem(Location(display_path(Path(args.report))), "file exists; not overwritten",
                                   "another --report FILE, or --force")])
    source, file = _read(args.file, args.accept_changes)
    into_source = args.output is None
    policy = load(args) if into_source or args.like or source.ids else None
    doc = _existing(policy, args.doc)
    like = None
    if args.like:
        if doc is None:
            raise SourceError(f"--like {args.like}: document {args.doc!r} has no source yet")
        try:
            like = (doc, doc.revision(args.like))
        except KeyError as e:
            raise SourceError(str(e.args[0])) from None
    reserved = {n.id for r in doc.revisions for n in r.walk()} if doc else set()
    keyed = {name(i): i for i in reserved for name in (bookmark_name, first_item_bookmark)} if source.ids else {}
    if source.ids and not keyed:
        print(f"note: {file} carries clause ids (an editable export), but document {args.doc!r} has no "
              "revisions to take them from", file=sys.stderr)
    imported = import_text(source.text, file, args.rev, like=like, reserved=reserved, date=args.date, kind=args.kind,
                           provenance=args.provenance, summary=args.summary, strict=args.strict, source=source,
                           keyed=keyed, styles=doc.numbering if doc is not None else ())
    _report(imported, doc, like is not None)
    if like is not None and policy is not None:
        _reclassified(policy, like[0], like[1], imported.revision)
    if doc is not None and imported.revision.numbering:
        print(f"note: the text numbers its levels {list(imported.revision.numbering)} where document {doc.id!r} "
              f"numbers them {list(doc.numbering)}: kept as the revision's own numbering", file=sys.stderr)
    _decisions(imported, file, args.report, source.unit)
    same = next((r for r in doc.revisions if r.id != args.rev and r.date == imported.revision.date), None) \
        if doc is not None and args.date is None and into_source else None
    if same is not None:  # e.g. an edited export: its date lines are those of the revision it was made from
        raise SourceError([Problem(imported.revision.location,
                                   f"the text's newest date line ({wareki(same.date)} {imported.revision.kind}) is "
                                   f"the date of {same.id}, which exists: a new revision needs its own date",
                                   "--date YYYY-MM-DD (and --kind 改定 / 全面改定) for the new revision")])
    if into_source:
        assert policy is not None
        _write_into_source(args, policy, doc, imported, file)
        return 0
    body = dump_revision(imported.revision, _header(imported, file, ledger=True, doc=doc))
    if args.output == "-":
        sys.stdout.write(body)
    else:
        out = Path(args.output)
        if out.exists() and not args.force:
            raise SourceError([Problem(Location(display_path(out)), "file exists; not overwritten",
                                       "another -o FILE, or --force")])
        out.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(out, body)
        print(f"wrote {display_path(out)}", file=sys.stderr)
    return 0


def _existing(policy: PolicySet | None, doc_id: str) -> Document | None:
    if policy is None:
        return None
    doc = next((d for d in policy.documents if d.id == doc_id), None)
    return doc if doc is not None and doc.revisions else None


def history_entries(imp: Imported, doc: Document | None) -> list[LedgerEntry]:
    """The text's earlier 制定 / 改正 lines whose dates the document's ledger lacks, as history-only
    entries (本文なし): kind from the line, provenance as the import's, an id from the era year
    (``h14``, ``r5``; ``-2`` … when taken)."""
    known = {e.date for e in doc.ledger} if doc is not None else set()
    taken = {e.id for e in doc.ledger} if doc is not None else set()
    taken.add(imp.revision.id)
    out = []
    imp_enacted = imp.enacted
    for h in imp.history:
        if h.date in known or h.date >= imp.revision.date:
            continue
        base = era_code(h.date)
        rid, k = base, 1
        while rid in taken:
            k += 1
            rid = f"{base}-{k}"
        taken.add(rid)
        kind = "制定" if h.kind == "策定" else h.kind
        # the 例規 header's number is the 制定's when 改正 lines follow it: the 改め文 cites it
        enacted, imp_enacted = (imp_enacted, None) if h.kind == "策定" else (None, imp_enacted)
        out.append(LedgerEntry(rid, h.date, h.kind, False, f"{wareki(h.date)} {kind}（本文なし）",
                               imp.revision.provenance, None, enacted))
    return out


def _header(imp: Imported, file: str, ledger: bool, doc: Document | None = None) -> list[str]:
    rev = imp.revision
    name = " ".join(x for x in (imp.series, imp.title) if x)
    lines = [f"{name} {wareki(rev.date)} {rev.kind}.".strip(),
             f"provenance: {rev.provenance}; imported by `policy import` from {file}."]
    if imp.history:
        lines.append("earlier: " + ", ".join(f"{wareki(d.date)} {d.kind} ({d.date})" for d in imp.history))
    if imp.effective:
        lines.append(f"施行日 (effective date) read from the text: {wareki(imp.effective)} ({imp.effective})")
    if imp.repairs:
        lines.append("repairs of extraction damage (rule, line of the input):")
        lines.extend(f"  {r.rule} line {r.line}: {_short(r.before)} → {_short(r.after)}" for r in imp.repairs)
    if ledger:
        if doc is None and imp.numbering:
            lines.append(f"numbering for document.yaml (the text's styles per depth): "
                         f"[{', '.join(json.dumps(s, ensure_ascii=False) for s in imp.numbering)}]")
        lines.append("ledger entry for document.yaml (under revisions:):")
        lines.extend(ledger_entry(rev))
        history = history_entries(imp, doc)
        if history:
            lines.append("ledger entries to add for the earlier date lines (history only: no text), oldest first:")
            for e in history:
                lines.extend(history_entry(e))
    return lines


def _short(s: str, n: int = 40) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def _report(imp: Imported, doc: Document | None, liked: bool) -> None:
    count = sum(1 for n in imp.revision.body for _ in n.walk())
    appended = f", {len(imp.revision.supplementary)} 附則" if imp.revision.supplementary else ""
    if imp.revision.preamble:
        appended = f", {len(imp.revision.preamble)} 前文 paragraphs" + appended
    if imp.revision.instrument is not None:
        appended += f", instrument {imp.revision.instrument.label}"
    print(f"imported {count} clauses{appended}, {len(imp.repairs)} repairs", file=sys.stderr)
    if not liked:
        return
    if not imp.fresh:
        print("every clause matched a clause of the --like revision", file=sys.stderr)
        return
    # numbered as the revision will be: its own styles, else the document's (the exceptions are set against them)
    tmp = Document("import", "", "", "", doc.numbering if doc else imp.numbering, ())
    print(f"{len(imp.fresh)} clauses matched nothing and got fresh ids:", file=sys.stderr)
    for p in place(tmp, imp.revision):
        if p.node.id in imp.fresh:
            what = p.node.heading or (p.node.text[0] if p.node.text else "")
            print(f"  {p.node.id}  {p.ref} {_short(what)}  ({p.node.location})", file=sys.stderr)


def _reclassified(policy: PolicySet, doc: Document, old: Revision, new: Revision) -> None:
    """Say which clauses the text gives another classification than ``old`` (a record edited or lost):
    a change the diff and the review show, and one ``policy adopt`` accepts lowered only by decision."""
    from toolkit.diff import compare

    changed = [c for c in compare(doc, old, new, policy=policy).changes if c.reclassified]
    for c in changed:
        where = c.new_node.location if c.new_node is not None else None
        print(f"{where}: note: clause {c.id} ({c.new_ref}): {c.level_change}"
              + (" — lowered: `policy adopt` will ask for --declassify" if c.lowered else ""), file=sys.stderr)


DROPPED_SHOWN = 20  # dropped lines printed; the report file has every one


def report_text(imp: Imported, file: str, unit: str = "line") -> str:
    """The whole import report: one entry per decision, the input quoted verbatim."""
    out = [f"import report: {file}" + (" (numbers are Word paragraphs)" if unit == "paragraph" else ""),
           f"revision {imp.revision.id}: {imp.revision.date.isoformat()} {imp.revision.kind}"
           + (f"; 施行日 {imp.effective.isoformat()}" if imp.effective else ""),
           "line  decision  input (verbatim)  → what was done", ""]
    for d in imp.report:
        first, *more = d.text.split("\n") or [""]
        out.append(f"{d.line:>4}  {d.kind:<8}  {first}" + (f"  → {d.detail}" if d.detail else ""))
        out.extend(f"{'':>4}  {'':<8}  {m}" for m in more)
    return "\n".join(out) + "\n"


def _decisions(imp: Imported, file: str, report: str | None, unit: str = "line") -> None:
    counts: dict[str, int] = {}
    for d in imp.report:
        counts[d.kind] = counts.get(d.kind, 0) + 1
        if d.kind == "warning":
            print(f"{file}:{d.line}: warning: {d.detail}", file=sys.stderr)
    dropped = [d for d in imp.report if d.kind == "dropped"]
    for d in dropped[:DROPPED_SHOWN]:
        print(f"{file}:{d.line}: dropped ({d.detail}): {_short(d.text.replace(chr(10), ' '), 60)}", file=sys.stderr)
    if len(dropped) > DROPPED_SHOWN:
        more = "the whole list with --report FILE" if not report else f"all of them in {report}"
        print(f"… and {len(dropped) - DROPPED_SHOWN} more lines dropped ({more})", file=sys.stderr)
    print("report: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())), file=sys.stderr)
    if report:
        Path(report).parent.mkdir(parents=True, exist_ok=True)
        atomic_write(Path(report), report_text(imp, file, unit))
        print(f"wrote the import report to {report}", file=sys.stderr)


def _rt() -> YAML:
    y = YAML(typ="rt")
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 4096
    y.preserve_quotes = True
    return y


def _write_into_source(args: argparse.Namespace, policy: PolicySet, doc: Document | None,
                       imp: Imported, file: str) -> None:
    roots = source_roots(args.src, args.private_src)
    root = roots[0]
    if doc is not None and doc.location is not None:
        folder = Path(doc.location.file).parent  # where the document lives (main or private root)
    else:
        cls = args.classification or policy.most_restricted.id
        # a new non-public document goes into the private root when there is one
        private = len(roots) > 1 and not _public_sees(policy, cls)
        folder = (roots[-1] if private else root) / args.doc
    rev_path = folder / f"{args.rev}.yaml"
    if rev_path.exists() and not args.force:
        raise SourceError([Problem(Location(display_path(rev_path)), f"revision {args.rev} already exists; not overwritten",
                                   "a new --rev id, or --force to replace it")])
    rev_text = dump_revision(imp.revision, _header(imp, file, ledger=False))
    body, note, own, supplementary = parse_revision_file(rev_text, display_path(rev_path), args.rev)
    y = _rt()
    writes: list[tuple[Path, str]] = [(rev_path, rev_text)]
    history = history_entries(imp, doc)
    if doc is not None:
        doc_path = folder / DOCUMENT
        data = y.load(doc_path.read_text(encoding="utf-8"))
        entry = _ledger_upsert(data, imp.revision)
        for h in history:
            insert_by_date(data["revisions"], {"id": h.id, "date": h.date, "history_only": True, "kind": h.kind,
                                               "provenance": h.provenance, "summary": h.summary})
        ledger = [r for r in doc.revisions if r.id != args.rev]
        rev = replace(imp.revision, body=body, note=note, supplementary=supplementary, numbering=own,
                      summary=str(entry["summary"]), location=Location(display_path(doc_path)),
                      status=str(entry.get("status", ADOPTED)))  # as the ledger will say (issue 10)
        revisions = tuple(sorted([*ledger, rev], key=lambda r: r.date))
        # the ledger as document.yaml will hold it: the history-only entries (本文なし) kept, the new ones added
        entries = [e for e in doc.ledger if e.id != args.rev and not any(r.id == e.id for r in revisions)]
        entries += [_entry(r) for r in revisions] + [replace(h, location=Location(display_path(doc_path)))
                                                      for h in history]
        new_doc = replace(doc, revisions=revisions, ledger=tuple(sorted(entries, key=lambda e: e.date)))
        writes.append((doc_path, _dump_rt(y, data)))
    else:
        if not imp.numbering and imp.revision.body:
            raise SourceError("nothing numbered was found to take the document's numbering from")
        most = policy.most_restricted.id
        cls = args.classification or most
        if cls not in {c.id for c in policy.classifications}:
            raise SourceError(f"--classification {cls!r} is not a classification of {POLICYSET} "
                              f"(expected one of {', '.join(c.id for c in policy.classifications)})")
        grounds = [g.id for g in policy.grounds]
        if args.ground is None and not _public_sees(policy, cls):
            raise SourceError(f"new document {args.doc!r} is {cls} (not public): give --ground, the reason it is "
                              f"withheld (one of {', '.join(grounds)})")
        if args.ground is not None and args.ground not in grounds:
            raise SourceError(f"--ground {args.ground!r} is not a ground of {POLICYSET} (expected one of {', '.join(grounds)})")
        title = imp.title or args.doc
        rev = replace(imp.revision, body=body, note=note, supplementary=supplementary, numbering=own,
                      location=Location(display_path(folder / DOCUMENT)),
                      status=DRAFT)  # a draft until `policy adopt` (issue 10)
        at = Location(display_path(folder / DOCUMENT))
        numbering = imp.numbering or ("1.",)  # all 前文, nothing numbered yet: the usual first style
        new_doc = Document(args.doc, title, title, cls, numbering, (rev,), imp.series, args.ground,
                           location=at, ledger=tuple(sorted([*(replace(h, location=at) for h in history), _entry(rev)],
                                                            key=lambda e: e.date)))
        writes.append((folder / DOCUMENT, dump_document(new_doc, [f"{title}: created by `policy import` from {file}.",
                                                                 f"classification: {cls} (check it)."])))
        listed = {d.id for d in policy.documents}
        if args.doc not in listed:
            ps_path = root / POLICYSET
            ps = y.load(ps_path.read_text(encoding="utf-8"))
            entry = CommentedMap()
            entry["id"] = args.doc
            entry["public_name"] = title
            ps["documents"].append(entry)
            writes.append((ps_path, _dump_rt(y, ps)))
    docs = [d for d in policy.documents if d.id != args.doc] + [new_doc]
    problems = Problems()
    validate(replace(policy, documents=tuple(docs)), problems)
    problems.raise_if_any()
    # every file, then the whole source must load as written; else each is put back as it was
    created = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    try:
        apply(dict(writes), lambda: load_policy(roots))
    except BaseException:
        if created and not any(folder.iterdir()):
            folder.rmdir()
        raise
    for path, _content in writes:
        print(f"wrote {display_path(path)}", file=sys.stderr)


def _entry(rev: Revision) -> LedgerEntry:
    return LedgerEntry(rev.id, rev.date, rev.kind, True, rev.summary, rev.provenance, rev.location)


def _public_sees(policy: PolicySet, classification: str) -> bool:
    """Whether citizens see text of this level (asked of toolkit.view; no public audience: no)."""
    from toolkit.view.visibility import sees
    return any(a.id == PUBLIC for a in policy.audiences) and sees(policy, PUBLIC, classification)


def _ledger_upsert(data: CommentedMap, rev: Revision) -> CommentedMap:
    """Add (or update the date and kind of) the revision's ledger entry, keeping the order by date.

    A history-only entry given its text stays the adopted past revision it was (no status is added)."""
    revisions = data["revisions"]
    for entry in revisions:
        if entry.get("id") == rev.id:
            # a revision known by its date only (本文なし) whose text is now found: it has a text from now on
            entry.pop("history_only", None)
            entry["date"] = rev.date
            entry["kind"] = rev.kind
            entry["provenance"] = rev.provenance
            if rev.instrument is not None:
                entry["instrument"] = instrument_mapping(rev.instrument)
            return entry
    # an imported text is a draft (案) until `policy adopt` records the decision (issue 10)
    return insert_by_date(revisions, {"id": rev.id, "date": rev.date, "status": DRAFT, "kind": rev.kind,
                                      "provenance": rev.provenance, "summary": rev.summary,
                                      **({"instrument": instrument_mapping(rev.instrument)} if rev.instrument else {})})


def _dump_rt(y: YAML, data: object) -> str:
    buf = io.StringIO()
    y.dump(data, buf)
    return buf.getvalue()
