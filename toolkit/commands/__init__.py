"""``policy`` sub-commands, one module each (see :mod:`toolkit.cli`)."""

from __future__ import annotations

import argparse
import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from toolkit.errors import ToolkitError
    from toolkit.model import Document, PolicySet, Revision


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
    """The date ``--as-of`` names (default: today / SOURCE_DATE_EPOCH); a bad one is a located error.

    A bad ``SOURCE_DATE_EPOCH`` is refused here even with ``--as-of``: the build's date reads it too."""
    from toolkit.dates import ENV, source_date_epoch
    from toolkit.errors import Problem, SourceError
    from toolkit.view.asof import parse_as_of

    try:
        source_date_epoch()
    except ValueError as e:
        raise SourceError([Problem(None, str(e), f"{ENV} unset, or seconds since 1970-01-01 UTC")]) from None
    try:
        return parse_as_of(getattr(args, "as_of", None))
    except ValueError as e:
        raise SourceError([Problem(None, str(e), "YYYY-MM-DD, e.g. 2027-04-01")]) from None


def revision_of(doc: Document, rev_id: str, *, purpose: str = "use", audience: str | None = None,
                error: type[ToolkitError] | None = None, expected: str | None = None) -> Revision:
    """The revision ``rev_id`` of ``doc`` a user named, or a clear error (exit 2, no traceback).

    A history-only entry (本文なし: known by its date line only) is named as such, with the
    revisions that have a text (see :func:`refuse_history_only`).  ``audience``: the view the
    document was taken for, said when the id is unknown (a revision the audience is not shown
    looks unknown); ``expected`` replaces the list of revisions in the message.
    """
    from toolkit.errors import Problem, SourceError

    try:
        return doc.revision(rev_id)
    except KeyError:
        pass
    refuse_history_only(doc, rev_id, purpose, error, expected)
    hint = f" for audience {audience!r}" if audience else ""
    raise (error or SourceError)([Problem(None, f"document {doc.id!r} has no revision {rev_id!r}{hint}",
                                          expected or f"one of: {_with_text(doc)}")])


def refuse_history_only(doc: Document, rev_id: str | None, purpose: str = "use",
                        error: type[ToolkitError] | None = None, expected: str | None = None) -> None:
    """Raise a located error when ``rev_id`` is a history-only ledger entry of ``doc`` (「平成14年8月1日
    制定」 kept without its text): it says the revision is known by its date only, that there is no
    text to ``purpose`` (compare, review, adopt …) and which revisions have a text."""
    from toolkit.errors import Problem, SourceError
    from toolkit.model.wareki import wareki

    entry = next((e for e in doc.ledger if e.id == rev_id and not e.has_text), None)
    if entry is None:
        return
    raise (error or SourceError)([Problem(
        entry.location, f"revision {rev_id!r} of document {doc.id!r} is known by its date only "
        f"({wareki(entry.date)}　{entry.kind}, history only): there is no text to {purpose}",
        expected or f"a revision with text: {_with_text(doc)}")])


def _with_text(doc: Document) -> str:
    return ", ".join(r.id for r in (*doc.revisions, *doc.announced)) or "none"
