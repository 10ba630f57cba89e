"""``policy drop-draft``: abandon a draft (案) — its file and its ledger entry go.

Only a draft can be dropped; adopted revisions are the city's record.  The
source must check before and after, else nothing changes.
"""

from __future__ import annotations

import argparse

from toolkit.errors import Problem, SourceError
from toolkit.source.ledger import apply, remove_entry
from toolkit.source.load import DOCUMENT, load_policy, source_roots

HELP = "drop a draft revision (its file and ledger entry); adopted revisions cannot be dropped"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--doc", default="basic-policy", metavar="ID", help="document id (default: basic-policy)")
    parser.add_argument("--rev", required=True, metavar="ID", help="the draft revision to drop")


def run(args: argparse.Namespace) -> int:
    from toolkit.commands import revision_of
    from toolkit.commands.revise import document_folder

    roots = source_roots(args.src, args.private_src)
    policy = load_policy(roots)
    doc, folder = document_folder(policy, roots, args.doc)
    rev = revision_of(doc, args.rev, purpose="drop (an adopted past revision, not a draft)",
                      expected=", ".join(r.id for r in doc.drafts) or "a draft revision id")
    if not rev.is_draft:
        raise SourceError([Problem(rev.location, f"revision {rev.id} is adopted; only a draft can be dropped",
                                   "a draft revision")])
    later = [r.id for r in doc.revisions[doc.revisions.index(rev) + 1:]]
    if later:
        raise SourceError([Problem(rev.location, f"draft {rev.id} has later drafts ({', '.join(later)}) "
                                   "copied from it", "drop the later drafts first")])
    ledger = folder / DOCUMENT
    path = folder / f"{rev.id}.yaml"
    apply({ledger: remove_entry(ledger.read_text(encoding="utf-8"), str(ledger), rev.id), path: None},
          lambda: load_policy(roots))
    print(f"dropped draft {doc.id} {rev.id}: removed {path} and its entry in {ledger}")
    return 0
