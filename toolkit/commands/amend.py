"""``policy amend --doc ID --rev ID``: the amending instrument of a revision (改め文 / 新旧対照表方式).

Examples::

    policy amend --doc rules --rev r8                      # build/amend/rules/r8/ : .txt and .docx
    policy amend --doc rules --rev r8 --style 対照表 --number 訓令第2号
    policy amend --doc basic-policy --rev r9 --new-left

The instrument amends the revision before ``--rev`` into ``--rev``.  It is staff-only: written from the
staff view (庁内限り) through the checked-output step (stage → leak check → manifest → swap), marked
with the view's banner, and 「案」 while the revision is a draft.  The style is ``--style``, else
policyset.yaml's ``amend: style``, else by the text: one without articles (1. / (1)) is in the
新旧対照表方式 (no municipal manual we found cites such numbers in an 改め文).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from toolkit.amend import AMENDING, STYLES, TABLE, NotExpressible, instrument, table_changes
from toolkit.amend.printed import provisions, units
from toolkit.commands import add_as_of, as_of, load, revision_of
from toolkit.diff import compare
from toolkit.diff.marking import marking
from toolkit.errors import BuildError, Problem
from toolkit.ids import id_path
from toolkit.model import STAFF, Classification, PolicySet

HELP = "write the amending instrument of a revision (改め文 or 新旧対照表方式), text and .docx"
AUDIENCE = STAFF  # the instrument is a staff document until it is promulgated
OUT = Path("build/amend")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_as_of(parser)
    parser.add_argument("--doc", required=True, metavar="ID", help="document id, e.g. rules")
    parser.add_argument("--rev", required=True, metavar="ID", help="the revision the instrument makes, e.g. r8")
    parser.add_argument("--style", choices=STYLES, default=None,
                        help="改め文 or 対照表 (新旧対照表方式); default: policyset.yaml's amend: style, else 改め文 "
                        "for texts with articles")
    parser.add_argument("--number", metavar="TEXT", default=None,
                        help="the instrument's own number, e.g. 訓令第2号 (default: from the 附則, else 第　号)")
    parser.add_argument("--new-left", action="store_true",
                        help="対照表: 改正後 in the left column (default: policyset.yaml's amend: columns, else 改正前 left)")
    parser.add_argument("--kanji", action="store_true",
                        help="numbers in the 改正規定's citations in kanji (第十二条; 縦書き), default 算用数字")
    parser.add_argument("-o", "--output", metavar="DIR", default=str(OUT), help=f"folder (default: {OUT})")


def run(args: argparse.Namespace) -> int:
    policy = load(args)
    day = as_of(args)
    try:
        doc = policy.document(args.doc)
    except KeyError:
        raise _error(f"no document {args.doc!r}", ", ".join(d.id for d in policy.documents)) from None
    new = revision_of(doc, args.rev, purpose="amend", error=BuildError)
    old = doc.previous(new.id)
    if old is None:
        raise _error(f"{args.rev} is the first revision of {args.doc}: nothing to amend", "a later revision")
    out = Path(args.output)
    names = [id_path(Path("."), doc.id, new.id, suffix=s).as_posix() for s in (".txt", ".docx")]

    def write(view: PolicySet, stage: Path) -> None:
        vdoc = view.document(doc.id)
        vold, vnew = vdoc.revision(old.id), vdoc.revision(new.id)
        style = args.style or view.amend.style or (AMENDING if any(p.is_article for p in units(provisions(vdoc, vold))) else TABLE)
        cs = compare(vdoc, vold, vnew, policy=view)
        try:
            inst = instrument(vdoc, vold, vnew, cs, style=style, number=args.number,
                              organisation=view.organisation, kanji=args.kanji)
        except NotExpressible as e:
            raise _error(f"{doc.id} {new.id}: 改め文 cannot express this change: {e}",
                         "--style 対照表") from None
        cs = table_changes(cs)  # what the 対照表 shows
        banner = _staff_banner(view, marking(view, vdoc, vold, vnew).highest)
        from toolkit.render import amend_docx, amend_text

        new_first = bool(args.new_left) or view.amend.new_first
        for name in names:
            (stage / name).parent.mkdir(parents=True, exist_ok=True)
        (stage / names[0]).write_text(amend_text.render(inst, cs, banner=banner, new_first=new_first),
                                      encoding="utf-8")
        (stage / names[1]).write_bytes(amend_docx.to_bytes(inst, vnew.date, cs, banner=banner,
                                                           new_first=new_first))

    from toolkit.publish.boundary import keep_previous, publish_checked

    def write_keeping(view: PolicySet, stage: Path) -> None:
        write(view, stage)
        keep_previous(out, stage, _earlier(out, names))

    publish_checked(policy, AUDIENCE, out, write_keeping, as_of=day, label="改正規程（庁内限り）")
    for name in names:
        print(out / name)
    return 0


def _staff_banner(view: PolicySet, shown: Classification) -> str:
    """The banner: the instrument is staff material until promulgated, so never below the most restricted
    level staff see (庁内限り), even for a public text."""
    sees = [view.classification(c) for c in view.audience(AUDIENCE).sees]
    level = max([shown, *sees], key=lambda c: c.rank)
    return f"【{level.label}】{level.banner or ''}"


def _earlier(out: Path, names: list[str]) -> list[str]:
    """The instruments written before for other revisions: they stay (checked again)."""
    if not out.is_dir():
        return []
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                  if p.is_file() and p.suffix in (".txt", ".docx") and p.relative_to(out).as_posix() not in names)


def _error(message: str, expected: str | None = None) -> BuildError:
    return BuildError([Problem(None, message, expected)])
