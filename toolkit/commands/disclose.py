"""``policy disclose``: the 部分開示 (partial disclosure) edition of a non-public document.

What is withheld is decided by :func:`toolkit.view.disclose.disclose`; the
edition is written to a temporary file, checked, and only then moved into
``build/disclosure/``: every part of the .docx is read (with the leak check's
reader) and no withheld title, term or sentence may occur in it.  A separate
folder from ``build/docx/``: a disclosure edition is handed to a requester,
never published on the site (its readable headings are still non-public).

The cover's date (作成日) is ``--date``, else the day of ``SOURCE_DATE_EPOCH``,
else the revision's date: never the clock, so builds are reproducible.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from toolkit.commands import add_as_of, as_of, load
from toolkit.errors import BuildError, LeakError, Location, Problem
from toolkit.leakcheck import SHINGLE, Fingerprints, normalise, scan_folder, view_texts
from toolkit.model import PolicySet
from toolkit.model.numbering import ref_labels
from toolkit.model.refs import REF_RE
from toolkit.render.docx_disclosure import write_disclosure
from toolkit.view.disclose import disclose, withheld_texts

HELP = "the 部分開示 edition (.docx) of a non-public document: withheld parts blacked out, grounds listed"

OUT = Path("build/disclosure")
MIN_WHOLE = 4  # a withheld title or term this long is matched whole (管理区域)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--doc", metavar="ID", default=None,
                        help="document id, e.g. standards (with --all: default every non-public document)")
    parser.add_argument("--rev", metavar="ID", default=None, help="revision id (default: the current one)")
    parser.add_argument("--all", action="store_true", help="every revision (of --doc, or of every non-public document)")
    parser.add_argument("--date", metavar="YYYY-MM-DD", type=_dt.date.fromisoformat, default=None,
                        help="date printed on the cover (作成日); default SOURCE_DATE_EPOCH, else the revision date")
    parser.add_argument("-o", "--out", metavar="DIR", type=Path, default=OUT,
                        help=f"output folder (default: {OUT})")
    add_as_of(parser)  # issue 10: without --rev, the revision in force on that date


def targets(policy: PolicySet, doc_id: str | None, rev_id: str | None, all_revisions: bool,
            day: _dt.date | None = None) -> list[tuple[str, str]]:
    public = policy.audience("public").sees
    if all_revisions and rev_id:
        raise BuildError("give either --rev or --all, not both")
    if doc_id is None and not all_revisions:
        raise BuildError("which document? give --doc ID (e.g. --doc standards) or --all")
    docs = [policy.document(doc_id)] if doc_id and doc_id in {d.id for d in policy.documents} else []
    if doc_id and not docs:
        known = ", ".join(d.id for d in policy.documents)
        raise BuildError([Problem(None, f"no document {doc_id!r}", f"one of: {known}")])
    if not docs:
        docs = [d for d in policy.documents if d.classification not in public]
    with_source = [d for d in docs if d.revisions]
    if not with_source:
        names = ", ".join(d.id for d in docs) or "none"
        raise BuildError([Problem(None, f"no source for {names}: non-public documents may live in a private "
                                  "source root", "--private-src DIR or POLICY_PRIVATE_SRC")])
    out: list[tuple[str, str]] = []
    for d in with_source:
        if all_revisions:
            out.extend((d.id, r.id) for r in d.revisions)
        else:
            try:
                default = (d.in_force_on(day) if day is not None else None) or d.current
                out.append((d.id, d.revision(rev_id).id if rev_id else default.id))
            except KeyError as e:
                raise BuildError([Problem(d.location, str(e.args[0]))]) from None
    return out


def cover_date(given: _dt.date | None, rev_date: _dt.date) -> _dt.date:
    if given:
        return given
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return _dt.datetime.fromtimestamp(int(epoch), _dt.UTC).date()
        except ValueError:
            raise BuildError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds") from None
    return rev_date


def fingerprints(policy: PolicySet, doc_id: str, rev_id: str, canaries: Iterable[str] = ()) -> Fingerprints:
    """What must not be in the edition: withheld texts, minus anything the edition rightly shows.

    Titles and terms are matched whole; sentences by overlapping
    :data:`~toolkit.leakcheck.SHINGLE`-character shingles, the same scheme as the
    public leak check, over the texts :func:`withheld_texts` lists.
    """
    view = disclose(policy, doc_id, rev_id)
    shown = [normalise(t) for t in view_texts(view)]
    blob = "\x00".join(shown)
    shown_shingles = {s[i:i + SHINGLE] for s in shown for i in range(len(s) - SHINGLE + 1)}
    doc = policy.document(doc_id)
    labels = ref_labels(doc, doc.revision(rev_id))
    fps = Fingerprints()
    for text, origin in withheld_texts(policy, doc_id, rev_id):
        n = normalise(REF_RE.sub(lambda m: labels.get(m.group(1), ""), text))
        if len(n) <= SHINGLE:
            if len(n) >= MIN_WHOLE and n not in blob:
                fps.short.setdefault(n, origin)
            else:
                fps.skipped += 1
            continue
        for i in range(len(n) - SHINGLE + 1):
            s = n[i:i + SHINGLE]
            if s not in shown_shingles:
                fps.shingles.setdefault(s, origin)
    for token in canaries:
        fps.canaries[normalise(token)] = token
    return fps


def build(policy: PolicySet, doc_id: str, rev_id: str, out_dir: Path, date: _dt.date | None = None,
          canaries: Iterable[str] = ()) -> Path:
    """Write one checked disclosure edition into ``out_dir`` (nothing is written if the check fails)."""
    view = disclose(policy, doc_id, rev_id)
    issued = cover_date(date, view.documents[0].revisions[0].date)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".disclose-", dir=out_dir) as tmp:
        path = write_disclosure(view, doc_id, rev_id, Path(tmp), issued)
        report = scan_folder(Path(tmp), fingerprints(policy, doc_id, rev_id, canaries))
        if report.hits:
            raise LeakError([Problem(Location(path.name), f"withheld text {h.matched} in {h.file} — {h.origin}")
                             for h in report.hits])
        final = out_dir / path.name
        shutil.move(str(path), final)  # same folder: a rename
    return final


def run(args: argparse.Namespace) -> int:
    policy = load(args)
    for doc_id, rev_id in targets(policy, args.doc, args.rev, args.all, as_of(args)):
        path = build(policy, doc_id, rev_id, args.out, args.date)
        print(f"wrote {path} (checked: no withheld text in any part)")
    return 0
