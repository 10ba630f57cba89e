"""``policy pdf``: the PDF edition (PDF版) of the official editions, beside the .docx.

The same selection as ``policy docx`` (public view by default, ``--internal``
for the staff view into its own folder); typeset by :mod:`toolkit.render.pdf`.
"""

from __future__ import annotations

import argparse

from toolkit.commands import load
from toolkit.commands.docx import INTERNAL_AUDIENCE, INTERNAL_OUT, PUBLIC_OUT, add_arguments, targets
from toolkit.render.pdf import write_pdf
from toolkit.view.redact import redact

HELP = "the PDF edition of the official editions (A4, tagged PDF/UA-1, 目次 with page numbers) into build/docx/"

__all__ = ["HELP", "add_arguments", "run"]


def run(args: argparse.Namespace) -> int:
    policy = load(args)
    view = redact(policy, INTERNAL_AUDIENCE if args.internal else "public")
    out = args.out or (INTERNAL_OUT if args.internal else PUBLIC_OUT)
    for doc_id, rev_id in targets(view, args.doc, args.rev, args.all):
        print(f"wrote {write_pdf(view, doc_id, rev_id, out)}")
    return 0
