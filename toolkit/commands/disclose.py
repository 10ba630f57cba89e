"""``policy disclose``: the 部分開示 (partial disclosure) edition of a non-public document.

What is withheld is decided by :func:`toolkit.view.disclose.disclose`; the
editions go through the publication boundary
(:func:`toolkit.publish.boundary.publish_each_checked`): written into a staging
folder, each .docx read whole by the leak check against what its own view
leaves out (no withheld title, term or sentence), listed in
``MANIFEST.sha256`` and swapped into ``build/disclosure/``.  Editions built by
an earlier run and not rebuilt now stay when unchanged (and are checked again).
A separate folder from ``build/docx/``: a disclosure edition is handed to a
requester, never published on the site (its readable headings are still non-public).

The cover's date (作成日) is the disclosure decision's date, ``--date``; without
it the date is left blank to be filled in by hand — never the revision's date
or the clock, so builds are reproducible.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
from collections.abc import Iterable
from pathlib import Path

from toolkit.commands import add_as_of, as_of, load, revision_of
from toolkit.errors import BuildError, Problem
from toolkit.model import PUBLIC, PolicySet
from toolkit.publish import MANIFEST
from toolkit.publish.boundary import keep_previous, publish_each_checked
from toolkit.publish.manifest import verified_files
from toolkit.render.docx_disclosure import file_name, write_disclosure
from toolkit.view.asof import today
from toolkit.view.disclose import AUDIENCE_ID, disclose
from toolkit.view.reference import city_policy
from toolkit.view.visibility import document_classification, sees

HELP = "the 部分開示 edition (.docx) of a non-public document: withheld parts blacked out, grounds listed"

OUT = Path("build/disclosure")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--doc", metavar="ID", default=None,
                        help="document id, e.g. standards (with --all: default every non-public document)")
    parser.add_argument("--rev", metavar="ID", default=None, help="revision id (default: the current one)")
    parser.add_argument("--all", action="store_true", help="every revision (of --doc, or of every non-public document)")
    parser.add_argument("--date", metavar="YYYY-MM-DD", type=_dt.date.fromisoformat, default=None,
                        help="date of the disclosure decision, printed on the cover as 作成日 (default: left blank)")
    parser.add_argument("-o", "--out", metavar="DIR", type=Path, default=OUT,
                        help=f"output folder (default: {OUT})")
    add_as_of(parser)  # issue 10: without --rev, the revision in force on that date


def targets(policy: PolicySet, doc_id: str | None, rev_id: str | None, all_revisions: bool,
            day: _dt.date | None = None) -> list[tuple[str, str]]:
    if all_revisions and rev_id:
        raise BuildError("give either --rev or --all, not both")
    if doc_id is None and not all_revisions:
        raise BuildError("which document? give --doc ID (e.g. --doc standards) or --all")
    docs = [policy.document(doc_id)] if doc_id and doc_id in {d.id for d in policy.documents} else []
    if doc_id and not docs:
        known = ", ".join(d.id for d in policy.documents)
        raise BuildError([Problem(None, f"no document {doc_id!r}", f"one of: {known}")])
    if not docs:
        docs = [d for d in city_policy(policy).documents  # the guideline (a reference) has no 部分開示 edition
                if not sees(policy, PUBLIC, document_classification(policy, d))]
    with_source = [d for d in docs if d.revisions]
    if not with_source:
        names = ", ".join(d.id for d in docs) or "none"
        raise BuildError([Problem(None, f"no source for {names}: non-public documents may live in a private "
                                  "source root", "--private-src DIR or POLICY_PRIVATE_SRC")])
    out: list[tuple[str, str]] = []
    day = day or today()
    for d in with_source:
        if all_revisions:
            drafts = [r.id for r in d.revisions if not r.decided(day)]
            if drafts:  # a 部分開示 is of the city's decided text, never of a draft (issue 17)
                print(f"note: {d.id}: skipped {', '.join(drafts)} (draft on {day}: not disclosed)", file=sys.stderr)
            out.extend((d.id, r.id) for r in d.revisions if r.decided(day))
            continue
        rev = revision_of(d, rev_id, purpose="disclose", error=BuildError) if rev_id else d.in_force_on(day) or d.current
        if not rev.decided(day):
            decided = ", ".join(r.id for r in d.revisions if r.decided(day)) or "none"
            raise BuildError([Problem(rev.location, f"revision {rev.id} of {d.id} is a draft on {day} (not adopted "
                                      "by then): a 部分開示 edition is only made of decided text",
                                      f"an adopted revision: {decided}")])
        out.append((d.id, rev.id))
    return out


def cover_date(given: _dt.date | None, rev_date: _dt.date) -> _dt.date | None:
    """The 作成日: the disclosure decision's date (``--date``); None leaves it blank to fill in.
    (13c: neither the revision's date nor the build's is the decision's date.)"""
    return given


def build(policy: PolicySet, doc_id: str, rev_id: str, out_dir: Path, date: _dt.date | None = None,
          canaries: Iterable[str] = ()) -> Path:
    """Write one checked disclosure edition into ``out_dir`` (nothing is written if the check fails)."""
    return build_all(policy, [(doc_id, rev_id)], out_dir, date, canaries)[0]


def build_all(policy: PolicySet, wanted: list[tuple[str, str]], out_dir: Path, date: _dt.date | None = None,
              canaries: Iterable[str] = ()) -> list[Path]:
    """Write the disclosure editions ``wanted`` into ``out_dir`` through the boundary; their paths."""
    out_dir = Path(out_dir)
    views: dict[str, PolicySet] = {}
    made: dict[str, tuple[str, str]] = {}
    for doc_id, rev_id in wanted:
        view = disclose(policy, doc_id, rev_id)
        name = file_name(view.document(doc_id), view.document(doc_id).revisions[0])
        views[name], made[name] = view, (doc_id, rev_id)
    possible = {file_name(d, r): (d.id, r.id) for d in policy.documents if d.revisions
                and not sees(policy, PUBLIC, document_classification(policy, d)) for r in d.revisions if not r.is_draft}
    for name in sorted(set(verified_files(out_dir)) & set(possible) - set(views)):
        views[name] = disclose(policy, *possible[name])  # an earlier edition that stays: checked again

    def write(stage: Path) -> None:
        for name, (doc_id, rev_id) in made.items():
            view = views[name]
            issued = cover_date(date, view.document(doc_id).revisions[0].date)
            write_disclosure(view, doc_id, rev_id, stage, issued)
        keep_previous(out_dir, stage, set(views) - set(made))

    publish_each_checked(policy, views, out_dir, write, audience_id=AUDIENCE_ID, canaries=tuple(canaries),
                         label="部分開示")
    return [out_dir / name for name in made]


def run(args: argparse.Namespace) -> int:
    policy = load(args)
    paths = build_all(policy, targets(policy, args.doc, args.rev, args.all, as_of(args)), args.out, args.date)
    for path in paths:
        print(f"wrote {path} (checked: no withheld text in any part)")
    print(f"{args.out}/ ({MANIFEST} lists every edition)")
    return 0
