"""``policy export``: a revision back to Markdown (the form ``policy import`` reads)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from toolkit.commands import add_as_of, as_of, load
from toolkit.errors import SourceError
from toolkit.render.markdown import render_markdown
from toolkit.view.redact import redact

HELP = "write a revision as Markdown (import → export → import gives the same revision)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_as_of(parser)  # issue 10: every build is as of a date
    parser.add_argument("--doc", required=True, metavar="ID", help="document id, e.g. basic-policy")
    parser.add_argument("--rev", metavar="ID", help="revision id (default: the newest in the ledger)")
    parser.add_argument("--format", choices=["md"], default="md", help="output format (md)")
    parser.add_argument("--audience", metavar="ID",
                        help="export only what this audience may see (e.g. public); default: everything")
    parser.add_argument("--no-toc", dest="toc", action="store_false", help="leave out the 目次")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")


def run(args: argparse.Namespace) -> int:
    policy = load(args)
    if args.audience:
        try:
            policy = redact(policy, args.audience, as_of=as_of(args))
        except KeyError as e:
            raise SourceError(str(e.args[0])) from None
    try:
        doc = policy.document(args.doc)
        if doc.withheld or not doc.revisions:
            raise SourceError(f"document {args.doc!r} has no text{' for ' + args.audience if args.audience else ''}")
        rev = doc.revision(args.rev) if args.rev else doc.current
    except KeyError as e:
        raise SourceError(str(e.args[0])) from None
    text = render_markdown(doc, rev, toc=args.toc)
    if not args.audience:
        public = next((a for a in policy.audiences if a.id == "public"), None)
        seen = public.sees if public else frozenset()
        if doc.classification not in seen or any(n.classification not in (None, *seen) for n in rev.walk()):
            print(f"note: {doc.id} {rev.id} holds text that is not public; this Markdown is for editing, "
                  "not for publication (--audience public leaves it out)", file=sys.stderr)
    if not args.output or args.output == "-":
        sys.stdout.write(text)
        return 0
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, out)
    print(f"wrote {out}", file=sys.stderr)
    return 0
