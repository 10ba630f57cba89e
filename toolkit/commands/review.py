"""``policy review``: the committee's review package for a draft (build/review/).

Writes ``<doc>-<rev>-review.html`` (a page to read) and ``<doc>-<rev>-review.docx``
(one file for the meeting) through the publication boundary for the staff
audience: the 新旧対照表 of the draft against the text in force, the reason for
each change (missing ones listed: the draft is not ready), and the impact.

Example::

    policy review --doc basic-policy --rev r9        # make review DOC=basic-policy REV=r9
    policy review --rev r9 --meeting "令和8年度第3回情報セキュリティ委員会" --summary gaiyou.txt
"""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.commands import add_as_of, as_of, load, refuse_history_only
from toolkit.errors import BuildError, Problem
from toolkit.model import STAFF

if TYPE_CHECKING:
    from toolkit.model import PolicySet
    from toolkit.review import Review

HELP = "the committee's review package of a draft: 新旧対照表, reasons, impact (build/review/)"
OUT = Path("build/review")
TRAINING = Path("training")
AUDIENCE = STAFF
MAX_SUMMARY_BYTES = 64 * 1024  # a summary of a few paragraphs; anything larger is a wrong file


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--doc", default="basic-policy", metavar="ID", help="document id (default: basic-policy)")
    parser.add_argument("--rev", default=None, metavar="ID", help="the draft (default: the document's newest draft)")
    parser.add_argument("-o", "--out", type=Path, default=OUT, metavar="DIR", help="output folder (default: build/review)")
    parser.add_argument("--training", type=Path, default=TRAINING, metavar="DIR",
                        help="training inputs, to list the cards and questions to reissue (default: training)")
    parser.add_argument("--meeting", default="", metavar="TEXT",
                        help="会議名 on the package's front, e.g. 令和8年度第3回情報セキュリティ委員会")
    parser.add_argument("--summary", type=Path, default=None, metavar="FILE",
                        help="改定の概要 on the front: a UTF-8 text file, paragraphs apart by a blank line "
                             "(default: the draft's summary: in its ledger entry, when it says more than its kind)")
    parser.add_argument("--date", default=None, metavar="YYYY-MM-DD", dest="made",
                        help="作成日 on the front (default: the build's date: SOURCE_DATE_EPOCH when set, else the "
                             "newest revision date, as every output is dated)")
    add_as_of(parser)


def read_summary(path: Path) -> str:
    """The text of ``--summary FILE``: a regular UTF-8 text file of at most :data:`MAX_SUMMARY_BYTES`
    (a link, folder or other encoding is a located error)."""
    from toolkit.errors import SourceError
    from toolkit.source.yamlnodes import byte_location, display_path, read_source

    file = display_path(path)
    data = read_source(path, file, limit=MAX_SUMMARY_BYTES, expected="a UTF-8 text file: the 改定の概要")
    try:
        return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as e:
        raise SourceError([Problem(byte_location(file, data, e.start), f"not UTF-8 text: {e.reason}",
                                   "the 改定の概要 saved as UTF-8 text")]) from None


def made_on(args: argparse.Namespace, view: PolicySet) -> datetime.date:
    """作成日: ``--date``, else the build's date (:func:`toolkit.dates.build_date`: reproducible)."""
    from toolkit.dates import build_date
    from toolkit.errors import SourceError

    if args.made is None:
        return build_date(view)
    try:
        return datetime.date.fromisoformat(args.made)
    except ValueError:
        raise SourceError([Problem(None, f"--date {args.made!r} is not a date", "YYYY-MM-DD, e.g. 2026-11-10")]) from None


def build_review(policy: PolicySet, doc_id: str, rev_id: str | None, training: Path | None,
                 day: datetime.date | None, *, audience: str = AUDIENCE) -> Review:
    """The :class:`toolkit.review.Review` of the draft as ``audience`` sees it: a located error when
    there is no such draft (the staff site reviews the drafts its view holds, :mod:`toolkit.publish.pages`)."""
    from toolkit.publish.review import draft_review
    from toolkit.view.redact import redact

    view = redact(policy, audience, as_of=day)
    try:
        doc = view.document(doc_id)
    except KeyError as e:
        raise BuildError(str(e.args[0])) from None
    drafts = [r.id for r in doc.drafts]
    refuse_history_only(doc, rev_id, "review (an adopted past revision, not a draft)", BuildError,
                        f"a draft: {', '.join(drafts)}" if drafts else
                        f"a draft made by 'policy revise --doc {doc_id} --new ID ...'")
    rev_id = rev_id or (drafts[-1] if drafts else None)
    if rev_id not in drafts:
        raise BuildError([Problem(doc.location, f"{doc_id} has no draft {rev_id!r} to review" if rev_id
                                  else f"{doc_id} has no draft to review",
                                  f"one of: {', '.join(drafts)}" if drafts else
                                  f"a draft made by 'policy revise --doc {doc_id} --new ID ...'")])
    return draft_review(policy, view, doc_id, rev_id, training, day)


def run(args: argparse.Namespace) -> int:
    from toolkit.publish import publish_checked
    from toolkit.render import review_docx, review_html
    from toolkit.review import cover

    policy = load(args)
    day = as_of(args)
    review = build_review(policy, args.doc, args.rev, args.training, day)
    stem = f"{review.doc.id}-{review.draft.id}-review"
    # a bad --summary or --date stops before anything is built
    summary = read_summary(args.summary) if args.summary is not None else None
    if args.made is not None:
        made_on(args, policy)

    def write(view, stage: Path) -> None:
        from toolkit.diff.marking import marking

        # 案 and the staff level, as every staff output is marked (issue 21 §5)
        mark = marking(view, review.doc, review.in_force, review.draft)
        front = cover(review.draft, made_on(args, view), meeting=args.meeting, summary=summary)
        (stage / f"{stem}.html").write_text(review_html.page(review, mark, front), encoding="utf-8")
        review_docx.write(review, stage / f"{stem}.docx", view.organisation, mark, front)

    result = publish_checked(policy, AUDIENCE, args.out, write, as_of=day, label="審議資料（庁内）")
    print(f"wrote {result.dest}/{stem}.html and {stem}.docx (leak-checked for {AUDIENCE})")
    print(review_html.status_line(review))
    for item in review.missing:
        print(f"  missing reason: {review_html.where(item)} ({item.change.id}) — add 'reason:' to the clause in "
              f"{review.draft.id}.yaml, or under 'reasons:' in its ledger entry")
    if review.ready:
        print(f"next: the committee decides; then policy adopt --doc {review.doc.id} --rev {review.draft.id} "
              "--date YYYY-MM-DD [--effective YYYY-MM-DD]")
    return 0
