"""``policy`` sub-commands, one module each (see :mod:`toolkit.cli`)."""

from __future__ import annotations

import argparse
import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from toolkit.model import PolicySet


def load(args: argparse.Namespace) -> PolicySet:
    """Load the policy from the roots the global options name."""
    from toolkit.source.load import load_policy, source_roots  # here: importing a command stays cheap

    return load_policy(source_roots(args.src, args.private_src))


def add_as_of(parser: argparse.ArgumentParser) -> None:
    """``--as-of``: the date every building command takes its view on (issue 10)."""
    parser.add_argument("--as-of", metavar="YYYY-MM-DD", default=None, dest="as_of",
                        help="build as of this date: the text in force then, adopted revisions not yet in force "
                             "announced (default: today, or the date of SOURCE_DATE_EPOCH when set)")


def as_of(args: argparse.Namespace) -> datetime.date:
    """The date ``--as-of`` names (default: today / SOURCE_DATE_EPOCH); a bad one is a located error."""
    from toolkit.errors import Problem, SourceError
    from toolkit.view.asof import parse_as_of

    try:
        return parse_as_of(getattr(args, "as_of", None))
    except ValueError as e:
        raise SourceError([Problem(None, str(e), "YYYY-MM-DD, e.g. 2027-04-01")]) from None
