"""``policy export``: a revision back to Markdown, or to an editable Word file (the forms ``policy import`` reads).

``--format docx --editable`` writes the Word file staff edit: each clause's id
kept in a hidden bookmark, so importing the edited file (``policy import
edited.docx --doc ID --rev NEW --like REV``) maps every paragraph back to its
clause.  Both forms carry each clause's record — classification, ground, note,
改正理由 … (:mod:`toolkit.textforms.records`) — so nothing the text does
not show is lost on the way back.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from toolkit.commands import add_as_of, as_of, load
from toolkit.errors import Location, Problem, SourceError
from toolkit.files import atomic_write
from toolkit.model import PUBLIC
from toolkit.publish.boundary import Check, leak_check, view_for
from toolkit.render.markdown import render_markdown

HELP = "write a revision as Markdown or as an editable Word file (import → export → import gives the same revision)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_as_of(parser)  # issue 10: every build is as of a date
    parser.add_argument("--doc", required=True, metavar="ID", help="document id, e.g. basic-policy")
    parser.add_argument("--rev", metavar="ID", help="revision id (default: the newest in the ledger)")
    parser.add_argument("--format", choices=["md", "docx"], default="md",
                        help="md (default), or docx with --editable: the Word file staff edit")
    parser.add_argument("--editable", action="store_true",
                        help="with --format docx: keep each clause's id and fields (classification, ground …) in the "
                             "file (hidden bookmarks and data) for re-import")
    parser.add_argument("--audience", metavar="ID",
                        help="export only what this audience may see (e.g. public); default: everything")
    parser.add_argument("--no-toc", dest="toc", action="store_false", help="leave out the 目次")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    parser.add_argument("--force", action="store_true", help="replace the -o file if it exists")


def run(args: argparse.Namespace) -> int:
    policy = full = load(args)
    check: Check | None = None
    if args.audience:  # the boundary's view and leak check (without --audience the file is the full text, for staff)
        policy = view_for(full, args.audience, as_of(args))
        check = leak_check(full, policy)
    try:
        doc = policy.document(args.doc)
        if doc.withheld or not doc.revisions:
            raise SourceError(f"document {args.doc!r} has no text{' for ' + args.audience if args.audience else ''}")
        rev = doc.revision(args.rev) if args.rev else doc.current
    except KeyError as e:
        raise SourceError(str(e.args[0])) from None
    if args.format == "docx":
        if not args.editable:
            raise SourceError("--format docx writes the editable Word file: give --editable "
                              "(the official edition is `policy docx`)")
        if not args.output or args.output == "-":
            raise SourceError("--format docx needs -o FILE.docx")
        from toolkit.render.docx_editable import render_editable_docx
        _note_not_public(policy, doc, rev, args.audience)
        _refuse_overwrite(args)
        with tempfile.TemporaryDirectory(prefix=".export-") as tmp:
            staged = Path(tmp) / "export.docx"
            render_editable_docx(doc, rev, staged, policy.organisation, banner=_banner(policy, doc, rev))
            if check is not None:
                check(Path(tmp))
            _move(staged, Path(args.output))
        print(f"wrote {args.output} (editable: edit in Word or LibreOffice, then "
              f"`policy import {args.output} --doc {doc.id} --rev NEW --like {rev.id}`)", file=sys.stderr)
        return 0
    text = render_markdown(doc, rev, toc=args.toc)
    banner = _banner(policy, doc, rev)
    if banner:  # marked like a 新旧対照表; an HTML comment, which policy import drops (and reports)
        text = f"<!-- {banner} -->\n\n{text}"
    _note_not_public(policy, doc, rev, args.audience)
    _refuse_overwrite(args)
    with tempfile.TemporaryDirectory(prefix=".export-") as tmp:
        staged = Path(tmp) / "export.md"
        staged.write_text(text, encoding="utf-8")
        if check is not None:
            check(Path(tmp))
        if not args.output or args.output == "-":
            sys.stdout.write(text)
            return 0
        _move(staged, Path(args.output))
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


def _banner(view, doc, rev) -> str | None:
    """The marking of the most restricted level the file holds (as ``make diff`` marks its outputs), or None
    when all of it is public."""
    from toolkit.diff.marking import marking

    mark = marking(view, doc, rev, rev)
    public: frozenset[str] = next((frozenset(a.sees) for a in view.audiences if a.id == PUBLIC), frozenset())
    return None if mark.highest.id in public else mark.banner


def _refuse_overwrite(args: argparse.Namespace) -> None:
    """An existing file is replaced only with --force (before anything is rendered)."""
    out = args.output
    if out and out != "-" and os.path.lexists(out) and not args.force:
        raise SourceError([Problem(Location(out), "file exists; not overwritten", "a new file name, or --force")])


def _move(staged: Path, out: Path) -> None:
    """Into place in one rename (a copy beside ``out`` first, since the staging folder may be on another disk)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(out, staged.read_bytes())


def _note_not_public(policy, doc, rev, audience: str | None) -> None:
    """Say so when the file holds text the public may not see (visibility asked of toolkit.view)."""
    if audience or not any(a.id == PUBLIC for a in policy.audiences):
        return
    from toolkit.view.visibility import document_classification, node_visibility, sees
    if not sees(policy, PUBLIC, document_classification(policy, doc)) or \
            not all(v.visible for v in node_visibility(policy, PUBLIC, doc, rev)):
        print(f"note: {doc.id} {rev.id} holds text that is not public; this file is for editing, "
              "not for publication (--audience public leaves it out)", file=sys.stderr)
