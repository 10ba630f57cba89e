"""``policy docx``: the official Word edition (公式版 .docx) of the 基本方針 and other public documents.

Public editions (the default) come from ``redact(policy, "public")``, so they
hold only authoritative text, and go to ``build/docx/``.  ``--internal``
renders the staff view instead — reconstructed revisions included, each
saying on its first page that it is not the city's adopted text — into
``build/docx-internal/``, a separate folder so an internal file can never be
published with the public ones by accident.

Both go through the publication boundary
(:func:`toolkit.publish.publish_checked`): written into a staging folder,
leak-checked for their audience, listed in ``MANIFEST.sha256`` and swapped in.
Editions built by an earlier run and not rebuilt now stay (when they are
still editions the view shows, unchanged since, and pass the check again).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from toolkit.commands import add_as_of, as_of, load, refuse_history_only
from toolkit.errors import BuildError, Problem
from toolkit.model import PUBLIC, STAFF, Document, PolicySet
from toolkit.publish import MANIFEST, publish_checked
from toolkit.publish.boundary import keep_previous
from toolkit.render.docx_official import editions, file_name, write_official
from toolkit.render.pdf import pdf_name, write_pdf
from toolkit.view.redact import redact

HELP = ("the official .docx of a policy document (A4, 明朝/ゴシック, wareki dates) and its PDF edition "
        "into build/docx/")

PUBLIC_OUT = Path("build/docx")
INTERNAL_OUT = Path("build/docx-internal")
INTERNAL_AUDIENCE = STAFF


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_as_of(parser)  # issue 10: every build is as of a date
    parser.add_argument("--doc", metavar="ID", default=None,
                        help="document id (default: basic-policy; with --all: every document the view shows)")
    parser.add_argument("--rev", metavar="ID", default=None, help="revision id (default: the current one)")
    parser.add_argument("--all", action="store_true",
                        help="every revision the view shows (of --doc, or of every document)")
    parser.add_argument("--internal", action="store_true",
                        help="the staff view: reconstructed revisions too, marked as such (build/docx-internal/)")
    parser.add_argument("-o", "--out", metavar="DIR", type=Path, default=None,
                        help="output folder (default: build/docx, or build/docx-internal with --internal)")


def targets(view: PolicySet, doc_id: str | None, rev_id: str | None, all_revisions: bool) -> list[tuple[str, str]]:
    """(doc id, rev id) pairs to build, with a clear error for anything the view does not show."""
    if all_revisions:
        if rev_id:
            raise BuildError("give either --rev or --all, not both")
        if doc_id:
            _document(view, doc_id)
        found = list(editions(view, [doc_id] if doc_id else None))
        if not found:
            raise BuildError(f"nothing to build: the {view.audience_id} view shows no revision"
                             + (f" of {doc_id!r}" if doc_id else ""))
        return found
    doc_id = doc_id or "basic-policy"
    document = _document(view, doc_id)
    if rev_id is None:
        return [(doc_id, document.current.id)]
    if rev_id not in {r.id for r in document.revisions}:
        refuse_history_only(document, rev_id, "build an edition from", BuildError)  # 本文なし: by its date only
        shown = ", ".join(r.id for r in document.revisions) or "none"
        hint = (" (a reconstructed or sample revision is never published as the city's text: "
                "use --internal for the staff edition)" if view.audience_id == PUBLIC else "")
        raise BuildError([Problem(document.location, f"revision {rev_id!r} of {doc_id!r} is not in the "
                                  f"{view.audience_id} view{hint}", f"one of: {shown}")])
    return [(doc_id, rev_id)]


def _document(view: PolicySet, doc_id: str) -> Document:
    try:
        document = view.document(doc_id)
    except KeyError as e:
        raise BuildError(str(e.args[0])) from None
    if document.withheld or not document.revisions:
        raise BuildError([Problem(document.location, f"{doc_id!r} is not public: there is no official public "
                                  "edition of it", "a public document, or `policy disclose` for the 部分開示 edition")])
    return document


def run(args: argparse.Namespace) -> int:
    policy = load(args)
    audience = INTERNAL_AUDIENCE if args.internal else PUBLIC
    day = as_of(args)
    view = redact(policy, audience, as_of=day)
    out = args.out or (INTERNAL_OUT if args.internal else PUBLIC_OUT)
    wanted = targets(view, args.doc, args.rev, args.all)  # a clear error before anything is written
    # 13c: each edition's PDF (toolkit.render.pdf) beside its .docx, through the same checked step
    shown = {name(view.document(d), view.document(d).revision(r))
             for d, r in editions(view) for name in (file_name, pdf_name)}
    written: list[str] = []

    def write(checked_view: PolicySet, stage: Path) -> None:
        for doc_id, rev_id in wanted:
            written.append(write_official(checked_view, doc_id, rev_id, stage).name)
            written.append(write_pdf(checked_view, doc_id, rev_id, stage).name)
        keep_previous(out, stage, shown)

    result = publish_checked(policy, audience, out, write, as_of=day)
    for name in written:
        print(f"wrote {out / name}")
    leak = f"leak check passed: {result.leak.summary()}" if result.leak else ""
    print(f"{out}/ ({result.files} files, {MANIFEST}); {leak}")
    return 0
