"""``policy revise``: cut a new revision (改定) to edit.

Copies the document's current revision file to ``<new>.yaml`` and appends the
ledger entry (``status: draft``) to ``document.yaml``, keeping every comment
and the layout (:mod:`toolkit.source.ledger`; the copy is byte for byte apart
from its ``revision:`` line and a header comment).  Then checks the whole
source; if that fails, both files are put back as they were.  Staff then edit
the copy, compare it with the text in force (``policy diff``) and, once it is
decided, record the decision (``policy adopt``).

Example::

    policy revise --doc basic-policy --new r9 --date 2027-04-01 --kind 改定 \\
        --summary "クラウドサービス利用の規定を改定"
"""

from __future__ import annotations

import argparse
import datetime as _dt
import re
from pathlib import Path

from toolkit.errors import Location, Problem, SourceError
from toolkit.model import DRAFT, PROVENANCES, REVISION_KINDS, Document, PolicySet
from toolkit.source.ledger import append_entry, apply
from toolkit.source.load import DOCUMENT, load_policy, source_roots
from toolkit.source.validate import ID_RE

HELP = "start a new revision (a draft, 案): copy the latest revision file and add the ledger entry"

_REVISION_LINE = re.compile(r"^revision:[ \t]*(\S+)[ \t]*$", re.M)
_REASON_LINE = re.compile(r"^[ \t]+reason:[ \t]+\S.*\n", re.M)  # one-line 改正理由 of a node


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--doc", default="basic-policy", metavar="ID",
                        help="document id (default: basic-policy)")
    parser.add_argument("--new", required=True, metavar="ID", help="the new revision id, e.g. r9")
    parser.add_argument("--date", required=True, metavar="YYYY-MM-DD",
                        help="the planned 施行日 of the revision, after the latest one (policy adopt can change it)")
    parser.add_argument("--kind", required=True, choices=REVISION_KINDS, help="策定 / 改定 / 全面改定")
    parser.add_argument("--provenance", choices=PROVENANCES, default="authoritative",
                        help="authoritative (the city's adopted text, default), reconstructed or sample")
    parser.add_argument("--summary", default=None, metavar="TEXT",
                        help="one line for the revision history (default: the kind, to be edited)")


def run(args: argparse.Namespace) -> int:
    roots = source_roots(args.src, args.private_src)
    policy = load_policy(roots)  # the source must be valid before we touch it
    doc, folder = document_folder(policy, roots, args.doc)
    latest = doc.latest  # a second draft is copied from the first
    ledger_path = folder / DOCUMENT
    old_path = folder / f"{latest.id}.yaml"
    new_path = folder / f"{args.new}.yaml"

    if not ID_RE.match(args.new):
        raise _error(f"revision id {args.new!r} is not a lower-case ASCII id", "e.g. r9")
    if any(r.id == args.new for r in doc.revisions) or new_path.exists():
        raise _error(f"revision {args.new!r} already exists in {ledger_path}", "a new revision id")
    try:
        date = _dt.date.fromisoformat(args.date)
    except ValueError:
        raise _error(f"--date {args.date!r} is not a date", "YYYY-MM-DD, e.g. 2027-04-01") from None
    if date <= latest.date:
        raise _error(f"--date {date} is not after the current revision {latest.id} ({latest.date})",
                     "a later date")
    summary = args.summary if args.summary else args.kind

    ledger_after = append_entry(ledger_path.read_text(encoding="utf-8"), str(ledger_path), {
        "id": args.new, "date": date, "status": DRAFT, "kind": args.kind, "provenance": args.provenance,
        "summary": summary,
    })
    copy = copy_revision(old_path.read_text(encoding="utf-8"), str(old_path), latest.id, args.new,
                         args.kind, date)
    # both files, then the whole source must load; else both are put back as they were
    apply({new_path: copy, ledger_path: ledger_after}, lambda: load_policy(roots))

    current = doc.current
    print(f"created {new_path} (a copy of {old_path.name}), a draft (案): never public until adopted")
    print(f"ledger  {ledger_path}: + {args.new} ({date.isoformat()} {args.kind}, {args.provenance}, draft)")
    print("next:")
    print(f"  1. edit {new_path}: keep each clause's id; give a new clause a new id; never reuse an id")
    if not args.summary:
        print(f"  2. write the summary of {args.new} in {ledger_path} (now just {summary!r})")
    else:
        print(f"  2. check the header comments of {new_path} (they were written for {latest.id})")
    print("  3. policy check")
    print(f"  4. policy diff {current.id} {args.new} --doc {doc.id}"
          + (f"   (make diff FROM={current.id} TO={args.new})" if doc.id == "basic-policy" else ""))
    print(f"  5. policy adopt --doc {doc.id} --rev {args.new} --date YYYY-MM-DD (the decision) "
          f"[--effective YYYY-MM-DD] [--by TEXT] [--ref TEXT]")
    print(f"     (or drop it: policy drop-draft --doc {doc.id} --rev {args.new})")
    return 0


def document_folder(policy: PolicySet, roots: list[Path], doc_id: str) -> tuple[Document, Path]:
    """The document and the source folder holding its ``document.yaml``."""
    try:
        doc = policy.document(doc_id)
    except KeyError:
        raise _error(f"no document {doc_id!r}", ", ".join(d.id for d in policy.documents)) from None
    folder = next((Path(r) / doc.id for r in roots if (Path(r) / doc.id / DOCUMENT).is_file()), None)
    if folder is None or not doc.revisions:
        raise _error(f"document {doc.id!r} has no source folder to revise", "a folder with document.yaml")
    return doc, folder


def copy_revision(text: str, file: str, old_id: str, new_id: str, kind: str, date: _dt.date) -> str:
    """The current revision file made into the new one: its ``revision:`` line changed,
    a header comment saying where it came from, the previous change's one-line
    ``reason:`` lines dropped; everything else byte for byte."""
    m = _REVISION_LINE.search(text)
    if m is None or m.group(1) != old_id:
        raise SourceError([Problem(Location(file), f"no line 'revision: {old_id}' to change",
                                   f"revision: {old_id}")])
    body = text[: m.start()] + f"revision: {new_id}" + text[m.end():]
    body = _REASON_LINE.sub("", body)  # the reasons were for the last change, not the next one
    header = (f"# {new_id}: {date.isoformat()} {kind} — copied from {old_id}.yaml by `policy revise`.\n"
              f"# Edit the text below; the comments that follow were written for {old_id}.\n")
    return header + body


def _error(message: str, expected: str | None = None) -> SourceError:
    return SourceError([Problem(None, message, expected)])
