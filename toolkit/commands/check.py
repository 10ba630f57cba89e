"""``policy check``: validate every source root and print a one-line summary."""

from __future__ import annotations

import argparse

from toolkit.commands import load
from toolkit.errors import SourceError

HELP = "validate policy_src/ (and the private root); exit 2 with located errors"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    policy = load(args)
    from toolkit.leakcheck import source_quotes  # 9a: a visible part quoting a hidden one (hole 1)

    quoted = source_quotes(policy)
    if quoted:
        raise SourceError(quoted)
    docs = [d for d in policy.documents if d.revisions]
    revisions = sum(len(d.revisions) for d in docs)
    clauses = sum(1 for d in docs for r in d.revisions for _ in r.walk())
    missing = [d.id for d in policy.documents if not d.revisions]
    tail = f"; no source for {', '.join(missing)} (shown only as a notice)" if missing else ""
    print(f"ok: {len(docs)} documents, {revisions} revisions, {clauses} clauses{tail}")
    from toolkit.source.validate import warnings  # links between documents (issue 10): reported, not fatal

    for problem in warnings(policy):
        print(f"warning: {problem}")
    return 0
