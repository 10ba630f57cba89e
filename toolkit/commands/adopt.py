"""``policy adopt``: record the decision (採択: 議決 / 決裁) that makes a draft the city's text.

Sets the draft's ledger entry to ``status: adopted`` with the decision date,
who decided and an optional reference (決裁番号), and its 施行日 (``date:``)
when ``--effective`` is given.  Comments and layout of ``document.yaml`` are
kept (:mod:`toolkit.source.ledger`).  Refused when the source does not check
before, or would not check after (then nothing is changed).

A draft that lowers the classification of a clause (関係者限り → 公開, against the
revision it amends) is refused unless the command names that clause with
``--declassify ID …``: lowering a classification is a decision, never the side
effect of an edit.  The decision is recorded in the ledger entry
(``declassified: [ID, …]``), which is what lets the leak check show the clause's
text where an earlier revision withheld it.

Example::

    policy adopt --doc basic-policy --rev r9 --date 2026-11-10 --effective 2027-04-01 \\
        --by "情報セキュリティ委員会 議決" --ref "千情政第123号"
"""

from __future__ import annotations

import argparse
import datetime as _dt

from toolkit.errors import Problem, SourceError
from toolkit.model import ADOPTED, Document, PolicySet, Revision
from toolkit.source.ledger import apply, update_entry
from toolkit.source.load import DOCUMENT, load_policy, source_roots
from toolkit.view import asof

HELP = "mark a draft revision adopted (decision date, 施行日, who decided, reference)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--doc", default="basic-policy", metavar="ID", help="document id (default: basic-policy)")
    parser.add_argument("--rev", required=True, metavar="ID", help="the draft revision, e.g. r9")
    parser.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="the decision date (議決 / 決裁)")
    parser.add_argument("--effective", metavar="YYYY-MM-DD", default=None,
                        help="the 施行日, on or after the decision (default: the revision's planned date)")
    parser.add_argument("--by", metavar="TEXT", default=None, help="who decided, e.g. 市長決裁")
    parser.add_argument("--ref", metavar="TEXT", default=None, help="a reference such as the 決裁番号")
    parser.add_argument("--declassify", nargs="+", metavar="ID", default=[],
                        help="clauses whose classification the draft lowers (e.g. 関係者限り → 公開), by decision: "
                             "each must be named, and is recorded in the ledger")


def _date(option: str, value: str) -> _dt.date:
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise _error(f"{option} {value!r} is not a date", "YYYY-MM-DD, e.g. 2027-04-01") from None


def run(args: argparse.Namespace) -> int:
    from toolkit.commands import revision_of
    from toolkit.commands.revise import document_folder

    roots = source_roots(args.src, args.private_src)
    policy = load_policy(roots)  # refuse a source that does not check
    doc, folder = document_folder(policy, roots, args.doc)
    drafts = ", ".join(r.id for r in doc.drafts) or "a draft made by policy revise"
    rev = revision_of(doc, args.rev, purpose="adopt (an adopted past revision, not a draft)", expected=drafts)
    if not rev.is_draft:
        raise _error(f"revision {rev.id} of {doc.id} is already adopted (on {rev.adopted_on})", "a draft revision")
    decided = _date("--date", args.date)
    effective = _date("--effective", args.effective) if args.effective else rev.date
    if effective < decided:
        hint = ("--effective on or after the decision date" if args.effective else
                f"--effective YYYY-MM-DD (the planned 施行日 {rev.date} is before the decision)")
        raise _error(f"施行日 {effective} is before the decision on {decided}", hint)
    earlier = [r for r in doc.revisions if not r.is_draft]
    if earlier and effective <= earlier[-1].date:
        raise _error(f"施行日 {effective} is not after {earlier[-1].id} ({earlier[-1].date})",
                     "--effective after the revision in force")

    today = asof.today()
    if decided > today:  # a decision that has not happened cannot be recorded (issue 17)
        raise _error(f"--date {decided} is after the build date {today}: a decision is recorded once it is made",
                     f"the date of the decision, on or before {today}")
    declassified = _declassified(policy, doc, rev, earlier[-1] if earlier else None, args.declassify)

    ledger = folder / DOCUMENT
    text = update_entry(ledger.read_text(encoding="utf-8"), str(ledger), rev.id, {
        "date": effective, "status": ADOPTED, "adopted": decided, "adopted_by": args.by, "reference": args.ref,
        "declassified": list(declassified) or None,
    })
    apply({ledger: text}, lambda: load_policy(roots))

    print(f"adopted {doc.id} {rev.id}: decided {decided}" + (f" ({args.by})" if args.by else "")
          + f", in force from {effective} (施行日)")
    if declassified:
        print(f"declassified (recorded in the ledger): {', '.join(declassified)}")
    print(f"ledger  {ledger}")
    print("next:")
    print(f"  policy publish   (before {effective} the public site announces {rev.id}; from then on it is the "
          "text in force; --as-of YYYY-MM-DD shows either)")
    return 0


def _declassified(policy: PolicySet, doc: Document, rev: Revision, base: Revision | None,
                  named: list[str]) -> tuple[str, ...]:
    """The clauses ``rev`` lowers the classification of (against ``base``, the text it amends), each of
    which ``--declassify`` must name; refused, with every one located, when one is not named, or when a
    named one is not lowered."""
    from toolkit.diff import compare

    lowered = [c for c in compare(doc, base, rev, policy=policy).changes if c.lowered] if base is not None else []
    ids = {c.id for c in lowered}
    problems = [Problem(c.new_node.location if c.new_node else rev.location,
                        f"{doc.id} {rev.id}: clause {c.id} ({c.new_ref}) lowers its classification — "
                        f"{c.level_change} against {base.id if base else ''}",
                        f"--declassify {c.id} if that is the decision; else restore its classification")
                for c in lowered if c.id not in named]
    problems += [Problem(rev.location, f"--declassify {node_id}: {doc.id} {rev.id} does not lower the "
                         f"classification of clause {node_id!r}",
                         "the ids of clauses whose classification the draft lowers"
                         + (f" ({', '.join(sorted(ids))})" if ids else " (none)"))
                 for node_id in dict.fromkeys(named) if node_id not in ids]
    if problems:
        raise SourceError(problems)
    return tuple(c.id for c in lowered)


def _error(message: str, expected: str | None = None) -> SourceError:
    return SourceError([Problem(None, message, expected)])
