"""``policy train``: Anki decks and quizzes for staff training (研修教材) into build/training/.

``policy train --all`` (what ``make training`` runs) builds every deck and
quiz, one folder per audience (build/training/public/, staff/, security/),
each leak-checked for its audience and marked with its classification;
``policy train --audience public --seed 7 --count 15`` draws a fresh quiz for
a trainer into build/training/public-seed7/.  ``policy train report FILES…``
reads results back (see :mod:`toolkit.commands.train_report`).  Inputs written by the toolkit team live in
``training/*.yaml`` and are checked like the policy source (exit 2 with
file:line:column).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from toolkit.commands import add_as_of, as_of, load
from toolkit.errors import BuildError
from toolkit.model import STAFF
from toolkit.publish.training import build_all, build_quiz
from toolkit.training.settings import DEFAULT_DIR, check_against, load_training

HELP = ("build the Anki decks and quizzes (Moodle XML, GIFT, .docx, self-check HTML) into build/training/<audience>/, "
        "or report on training results")
DEST = Path("build") / "training"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_as_of(parser)  # issue 10: taught as of a date (the text in force then)
    parser.add_argument("action", nargs="*", metavar="report FILE",
                        help="'report FILE…': analyse training results — the quiz .moodle.xml with Moodle's "
                             "Grades or Responses export (.csv), and/or Anki collections with review history "
                             "(.colpkg, .apkg with scheduling) — into an HTML and .docx report "
                             "(default -o build/training/report)")
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--all", action="store_true",
                      help="every deck and quiz for every audience, one folder each (each replaced when it passed "
                           "its check)")
    what.add_argument("--audience", metavar="ID",
                      help="one quiz for this audience: public = 全職員 (public text only), staff = 職員 "
                           "(with the internal standards); see 'audiences' in training/decks.yaml")
    parser.add_argument("--seed", type=int, default=None, help="draw another question set (default: training/decks.yaml)")
    parser.add_argument("--count", type=int, default=None,
                        help="number of questions (default: the audience's blueprint in training/blueprints.yaml)")
    parser.add_argument("-o", "--out", type=Path, default=None, metavar="DIR",
                        help="output folder (default: build/training)")
    parser.add_argument("--training", type=Path, default=DEFAULT_DIR, metavar="DIR",
                        help="folder of the training inputs (default: training)")
    parser.add_argument("--canary", metavar="TOKEN", action="append", default=[],
                        help="a token the leak check must not find in any output (tests plant these)")


def report(args: argparse.Namespace) -> int:
    """``policy train report FILES…``: the results report, through the boundary for staff."""
    from toolkit.publish import publish_checked
    from toolkit.publish.training import marking
    from toolkit.render import quiz_report
    from toolkit.training.analysis import analyse
    from toolkit.training.results import read_results

    files = [Path(f) for f in args.action[1:]]
    if not files:
        raise BuildError("policy train report needs files: the quiz .moodle.xml with Moodle's results .csv, "
                         "and/or an Anki .colpkg/.apkg with review history")
    analysis = analyse(read_results(files))
    policy = load(args)
    dest = args.out or DEST / "report"

    def write(view, stage: Path) -> None:
        quiz_report.write(analysis, stage, marking(view)[0])

    publish_checked(policy, REPORT_AUDIENCE, dest, write, as_of=as_of(args), canaries=args.canary,
                    label="training report")
    told = "、".join(f"{p.title} {p.answers}件（{len(p.questions)}項目、{p.people}人）" for p in analysis.parts)
    print(f"ok: report on {told} in {dest}/: report.html, report.docx, correct-rate-by-section.png")
    for part in analysis.parts:
        for r, why in part.suspicious:
            print(f"note: {part.title}: {r.label}: {why}", file=sys.stderr)
    return 0


REPORT_AUDIENCE = STAFF  # the report names staff quiz items; it is checked (and marked) as staff material


def run(args: argparse.Namespace) -> int:
    if args.action:
        if args.action[0] != "report":
            raise BuildError(f"unknown action {args.action[0]!r}: expected 'report FILE…' (or --all / --audience)")
        return report(args)
    if not args.all and not args.audience:
        raise BuildError("say what to build: --all, --audience ID, or report FILE…")
    if args.count is not None and args.count < 1:
        raise BuildError(f"--count must be at least 1, got {args.count}")
    policy = load(args)
    settings = load_training(args.training)
    check_against(settings, policy)
    dest = args.out or DEST
    if args.all:
        built = build_all(policy, settings, dest, seed=args.seed, count=args.count, canaries=args.canary,
                          as_of=as_of(args))
    else:
        known = [a.id for a in settings.audiences]
        if args.audience not in known:
            raise BuildError(f"unknown audience {args.audience!r} (training/decks.yaml lists: {', '.join(known)})")
        seed = settings.seed if args.seed is None else args.seed
        count = args.count  # None: the audience's blueprint
        built = build_quiz(policy, settings, args.audience, dest, seed=seed, count=count, canaries=args.canary,
                           as_of=as_of(args))
    for message in dict.fromkeys(built.messages):
        print(f"note: {message}", file=sys.stderr)
    print(f"ok: {len(built.files)} files in {dest}/: {', '.join(built.files)}")
    return 0
