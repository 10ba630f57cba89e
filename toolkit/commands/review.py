"""``policy review``: the committee's review package for a draft (build/review/).

Writes ``<doc>-<rev>-review.html`` (a page to read) and ``<doc>-<rev>-review.docx``
(one file for the meeting) through the publication boundary for the staff
audience: the 新旧対照表 of the draft against the text in force, the reason for
each change (missing ones listed: the draft is not ready), and the impact.

Example::

    policy review --doc basic-policy --rev r9        # make review DOC=basic-policy REV=r9
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


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--doc", default="basic-policy", metavar="ID", help="document id (default: basic-policy)")
    parser.add_argument("--rev", default=None, metavar="ID", help="the draft (default: the document's newest draft)")
    parser.add_argument("-o", "--out", type=Path, default=OUT, metavar="DIR", help="output folder (default: build/review)")
    parser.add_argument("--training", type=Path, default=TRAINING, metavar="DIR",
                        help="training inputs, to list the cards and questions to reissue (default: training)")
    add_as_of(parser)


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

    policy = load(args)
    day = as_of(args)
    review = build_review(policy, args.doc, args.rev, args.training, day)
    stem = f"{review.doc.id}-{review.draft.id}-review"

    def write(view, stage: Path) -> None:
        from toolkit.diff.marking import marking

        # 案 and the staff level, as every staff output is marked (issue 21 §5)
        mark = marking(view, review.doc, review.in_force, review.draft)
        (stage / f"{stem}.html").write_text(review_html.page(review, mark), encoding="utf-8")
        review_docx.write(review, stage / f"{stem}.docx", view.organisation, mark)

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
