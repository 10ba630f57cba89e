"""``policy coverage``: how a city document covers the national guideline (a reference document), and what
a new edition of the guideline asks to review (issue 24).

Examples::

    policy coverage --doc standards --against guideline            # build/coverage/standards-guideline.*
    policy coverage --doc standards --against guideline --as-of 2019-04-01
    policy coverage --doc standards --against guideline --changes h30 r2   # ガイドライン改定に伴う見直し対象

Staff output (庁内限り): the city text is the ``staff`` view, the guideline the edition in force on the
as-of date (toolkit.view.reference), and the files (HTML, .docx, JSON) go through the publication
boundary into ``build/coverage/``; the other reports already there are kept.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from toolkit.commands import add_as_of, as_of, load, revision_of
from toolkit.errors import BuildError, Problem
from toolkit.model import STAFF

HELP = "coverage of the national guideline by a city document; clauses a new guideline edition asks to review"
AUDIENCE = STAFF
OUT = Path("build/coverage")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--doc", default="standards", metavar="ID", help="the city document (default: standards)")
    parser.add_argument("--against", default="guideline", metavar="ID",
                        help="the reference document, kind: reference in policyset.yaml (default: guideline)")
    parser.add_argument("--changes", nargs=2, metavar=("OLD", "NEW"), default=None,
                        help="list the clauses following guideline sections changed, removed or moved from edition "
                             "OLD to NEW (ガイドライン改定に伴う見直し対象)")
    parser.add_argument("-o", "--out", type=Path, default=OUT, metavar="DIR", help=f"output folder (default: {OUT})")
    add_as_of(parser)


def run(args: argparse.Namespace) -> int:
    from toolkit.coverage import coverage
    from toolkit.coverage.changes import edition_changes
    from toolkit.diff.marking import marking
    from toolkit.publish import publish_checked
    from toolkit.publish.boundary import keep_previous
    from toolkit.publish.manifest import verified_files
    from toolkit.render import coverage_docx, coverage_html, coverage_json, diff_docx
    from toolkit.render.review_html import KIND_LABELS
    from toolkit.view.redact import redact
    from toolkit.view.reference import reference

    policy = load(args)
    day = as_of(args)
    ref = reference(policy, AUDIENCE, args.against, day)
    view = redact(policy, AUDIENCE, as_of=day)  # the city's text as staff read it: never 関係者限り here
    try:
        doc = view.document(args.doc)
    except KeyError:
        raise BuildError([Problem(None, f"no city document {args.doc!r}",
                                  ", ".join(d.id for d in view.documents))]) from None
    rev = None if doc.withheld else doc.in_force_on(day)
    if rev is None:
        raise BuildError([Problem(doc.location, f"document {args.doc!r} has no text in force on {day} that "
                                  f"{AUDIENCE} may read", "--as-of a day on or after its first 施行日")])
    mark = marking(view, doc, rev, rev)
    files: dict[str, str | bytes] = {}
    if args.changes:
        old, new = (revision_of(ref.document, r, purpose="compare", error=BuildError) for r in args.changes)
        changes = edition_changes(ref.document, old, new, doc, rev)
        stem = f"{doc.id}-{ref.document.id}-{old.id}-{new.id}-changes"
        files[f"{stem}.html"] = coverage_html.changes_page(changes, mark)
        files[f"{stem}.json"] = coverage_json.dumps(coverage_json.changes_to_dict(changes, mark))
        # the guideline's 新旧対照表 of the sections to review, for the committee
        files[f"{stem}.docx"] = diff_docx.to_bytes(ref.document, changes.review_table, organisation=view.organisation,
                                                   banner=mark.banner)
    else:
        cov = coverage(ref, doc, rev, day)
        stem = f"{doc.id}-{ref.document.id}"
        files[f"{stem}.html"] = coverage_html.page(cov, mark)
        files[f"{stem}.json"] = coverage_json.dumps(coverage_json.to_dict(cov, mark))

    def write(_view: object, stage: Path) -> None:
        for name, data in files.items():
            (stage / name).write_text(data, encoding="utf-8") if isinstance(data, str) else (stage / name).write_bytes(data)
        if not args.changes:
            coverage_docx.write(cov, mark, stage / f"{stem}.docx", view.organisation)
        keep_previous(args.out, stage, set(verified_files(args.out)))  # the other reports stay

    result = publish_checked(policy, AUDIENCE, args.out, write, as_of=day, label="ガイドライン対応状況（庁内）")
    made = sorted([*files, *([] if args.changes else [f"{stem}.docx"])])
    print(f"wrote {', '.join(f'{result.dest}/{m}' for m in made)} (leak-checked for {AUDIENCE})")
    if args.changes:
        n = changes.counts()
        print(f"{ref.document.title} {old.summary} → {new.summary}: 改正 {n['modified']}, 削除 {n['removed']}, "
              f"移動 {n['moved']}; 見直し対象 {n['sections_to_review']} 項目, 条項 {n['clauses_to_review']}")
        for t in changes.to_review:
            number = t.change.new_ref or t.change.old_ref
            for c in t.clauses:
                print(f"  {c.ref} {c.title} ← {KIND_LABELS[t.change.kind]} {number} ({t.change.id})")
    else:
        n = cov.counts()
        print(f"{ref.label} ({day}): 項目 {n['sections']}, 対応あり {n['covered']}, なし {n['uncovered']}; "
              f"条項 {n['clauses']}, 対応を記していない {n['following_nothing']}")
    return 0
