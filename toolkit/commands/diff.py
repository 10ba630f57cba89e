"""``policy diff FROM TO``: what changed between two revisions (新旧対照表).

Examples::

    policy diff r5 r8                              # text on the terminal
    policy diff r5 r8 --format docx -o 新旧対照表.docx
    policy diff r5 r8 --all-formats -o build/diff  # .txt .json .html .docx
    policy diff --doc standards r5 r8
    policy diff --doc standards r5 r8 --audience security   # with the 関係者限り clauses

Every output is a view for one audience, ``staff`` (庁内限り) unless another
is asked for: the 関係者限り text appears only with ``--audience security``.
Each output states the most restricted level it shows (a banner in text,
HTML and Word; per change in JSON).  The 附則 follow the body's clauses, each
under its printed heading, counted apart.  A revision known by its date only
(``history_only``) has no text to compare: that is said, with the revisions
that have one (exit 2).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from toolkit.commands import add_as_of, as_of, load, revision_of
from toolkit.diff import SIMILARITY, ChangeSet, compare
from toolkit.diff.marking import Marking, marking
from toolkit.errors import BuildError, Location, Problem
from toolkit.files import atomic_write
from toolkit.ids import id_path
from toolkit.model import STAFF, Document, PolicySet, Revision
from toolkit.view.redact import redact
from toolkit.view.reference import readable_reference

HELP = "compare two revisions of a document: text, JSON, HTML or Word 新旧対照表"
FORMATS = ("text", "json", "html", "docx")
DEFAULT_AUDIENCE = STAFF  # 職員等: 関係者限り clauses only on request
SUFFIX = {"text": ".txt", "json": ".json", "html": ".html", "docx": ".docx"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_as_of(parser)  # issue 10: every build is as of a date
    parser.add_argument("old", metavar="FROM", help="the older revision id (改正前), e.g. r5")
    parser.add_argument("new", metavar="TO", help="the newer revision id (改正後), e.g. r8")
    parser.add_argument("--doc", default="basic-policy", metavar="ID",
                        help="document id (default: basic-policy; e.g. standards, procedures)")
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help="output format (default: text)")
    parser.add_argument("-o", "--output", metavar="PATH", default=None,
                        help="write to this file (with --all-formats: this folder); default: standard output")
    parser.add_argument("--force", action="store_true", help="replace an existing -o file outside build/")
    parser.add_argument("--all-formats", action="store_true",
                        help="write text, json, html and docx into the folder given by -o")
    parser.add_argument("--old-left", action="store_true",
                        help="put 改正前 in the left column (default: 改正後 left, the national convention)")
    parser.add_argument("--audience", metavar="ID", default=DEFAULT_AUDIENCE,
                        help=f"show what this audience may see (default: {DEFAULT_AUDIENCE}, 庁内限り; "
                             "security: with the 関係者限り clauses, for the 情報セキュリティ委員会; public)")
    parser.add_argument("--threshold", type=float, default=SIMILARITY, metavar="0-1",
                        help=f"least likeness for pairing clauses whose ids differ (default: {SIMILARITY})")
    parser.add_argument("--colour", choices=("auto", "always", "never"), default="auto",
                        help="colour in text output (default: auto = when standard output is a terminal)")


def run(args: argparse.Namespace) -> int:
    policy = source = load(args)
    try:
        policy = redact(policy, args.audience, as_of=as_of(args))
    except KeyError:
        raise _error(f"unknown audience {args.audience!r}",
                     ", ".join(a.id for a in policy.audiences)) from None
    # the guideline's editions (a reference, issue 24) compare as any document's, for those who may read it
    doc = readable_reference(source, args.audience, args.doc) or _document(policy, args.doc)
    if not 0.0 < args.threshold <= 1.0:
        raise _error(f"--threshold {args.threshold} is out of range", "a number above 0 and at most 1")
    old, new = (_revision(doc, r, args.audience) for r in (args.old, args.new))
    changeset = compare(doc, old, new, threshold=args.threshold, policy=policy)
    new_first = not args.old_left
    org = policy.organisation
    mark = marking(policy, doc, old, new)

    if args.all_formats:
        if not args.output:
            raise _error("--all-formats needs a folder: -o DIR", "e.g. -o build/diff")
        folder = Path(args.output)
        if folder.exists() and not folder.is_dir():
            raise _error(f"{folder} exists and is not a folder", "a folder for the four outputs")
        # render everything first, so a failure leaves the previous files untouched
        outputs = {fmt: render(fmt, doc, changeset, new_first=new_first, organisation=org, marking=mark)
                   for fmt in FORMATS}
        paths = {fmt: id_path(folder, doc.id, old.id, new.id, suffix=SUFFIX[fmt]) for fmt in FORMATS}
        _refuse_overwrite(list(paths.values()), args.force)
        for fmt, data in outputs.items():
            _write(paths[fmt], data)
            print(paths[fmt])
        _summary(changeset, mark)
        return 0

    if args.output:
        _refuse_overwrite([Path(args.output)], args.force)
        data = render(args.format, doc, changeset, new_first=new_first, organisation=org, marking=mark)
        _write(Path(args.output), data)
        print(args.output)
        _summary(changeset, mark)
        return 0
    if args.format == "docx":
        raise _error("a .docx cannot go to the terminal", "-o FILE.docx")
    colour = args.colour == "always" or (args.colour == "auto" and sys.stdout.isatty()
                                         and not os.environ.get("NO_COLOR"))
    data = render(args.format, doc, changeset, new_first=new_first, organisation=org, colour=colour, marking=mark)
    sys.stdout.write(data.decode("utf-8") if isinstance(data, bytes) else data)
    return 0


def render(fmt: str, doc: Document, changeset: ChangeSet, *, new_first: bool = True,
           organisation: str = "", colour: bool = False, marking: Marking | None = None) -> str | bytes:
    """One output format as text (``str``) or bytes (docx), marked with ``marking``."""
    if fmt == "text":
        from toolkit.render import diff_text

        return diff_text.render(doc, changeset, colour=colour, marking=marking)
    if fmt == "json":
        from toolkit.render import diff_json

        return diff_json.dumps(doc, changeset, marking=marking)
    if fmt == "html":
        from toolkit.render import diff_html

        return diff_html.page(doc, changeset, new_first=new_first, marking=marking)
    if fmt == "docx":
        from toolkit.render import diff_docx

        return diff_docx.to_bytes(doc, changeset, new_first=new_first, organisation=organisation,
                                  banner=marking.banner if marking else None)
    raise ValueError(fmt)


def _summary(changeset: ChangeSet, mark: Marking) -> None:
    c = changeset.counts()
    print(f"{mark.banner} (audience {mark.audience})", file=sys.stderr)
    print(f"{changeset.doc_id} {changeset.old_rev} → {changeset.new_rev}: 新設 {c['added']}, "
          f"改正 {c['modified']}, 削除 {c['removed']}, 番号変更 {c['renumbered']}, 移動 {c['moved']}, "
          + (f"区分の変更 {c['reclassified']}, " if c["reclassified"] else "") + f"変更なし {c['unchanged']}", file=sys.stderr)
    if changeset.has_supplementary:
        s = changeset.counts(supplementary=True)
        print(f"  附則: 新設 {s['added']}, 改正 {s['modified']}, 削除 {s['removed']}, 変更なし {s['unchanged']}",
              file=sys.stderr)


def _document(policy: PolicySet, doc_id: str) -> Document:
    try:
        doc = policy.document(doc_id)
    except KeyError:
        raise _error(f"no document {doc_id!r}", ", ".join(d.id for d in policy.documents)) from None
    if not doc.revisions:
        why = "withheld from this audience" if doc.withheld else "it has no source here"
        raise _error(f"document {doc_id!r} has no revisions to compare ({why})",
                     "a document with its source in policy_src/ or the private root")
    return doc


def _revision(doc: Document, rev_id: str, audience: str | None) -> Revision:
    return revision_of(doc, rev_id, purpose="compare", audience=audience, error=BuildError)


def _refuse_overwrite(paths: list[Path], force: bool) -> None:
    """An existing file outside build/ (the user's own) is replaced only with --force; build/ holds generated
    output only, so ``make diff`` writes over its earlier run.  Checked before anything is written."""
    from toolkit.publish.fs import BUILD, refuse_links

    build = BUILD.absolute()
    for p in paths:  # build/diff linked out of build/: the files would land where it points
        if Path(os.path.abspath(p)).parent.is_relative_to(build):
            refuse_links(Path(os.path.abspath(p)).parent, "output folder")
    taken = [p for p in paths if os.path.lexists(p) and not Path(os.path.abspath(p)).is_relative_to(build)]
    if taken and not force:
        raise BuildError([Problem(Location(str(p)), "file exists; not overwritten", "a new file name, or --force")
                          for p in taken])


def _write(path: Path, data: str | bytes) -> None:
    """Write whole or not at all (a file given with -o: no staging folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, data)


def _error(message: str, expected: str | None = None) -> BuildError:
    return BuildError([Problem(None, message, expected)])
