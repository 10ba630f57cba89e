"""``policy revise``: cut a new revision (改定) to edit.

Copies the document's current revision file to ``<new>.yaml`` and appends the
ledger entry to ``document.yaml``, keeping every comment and the layout
(ruamel.yaml round trip for the ledger; the copy is byte for byte apart from
its ``revision:`` line and a header comment).  Then checks the whole source;
if that fails, both files are put back as they were.  Staff then edit the
copy and compare it with the last revision (``policy diff``).

Example::

    policy revise --doc basic-policy --new r9 --date 2027-04-01 --kind 改定 \\
        --summary "クラウドサービス利用の規定を改定"
"""

from __future__ import annotations

import argparse
import datetime as _dt
import io
import os
import re
import tempfile
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from toolkit.errors import Location, Problem, SourceError, ToolkitError
from toolkit.model import PROVENANCES, REVISION_KINDS
from toolkit.source.load import DOCUMENT, load_policy, source_roots
from toolkit.source.validate import ID_RE

HELP = "start a new revision: copy the current revision file and add the ledger entry"

_REVISION_LINE = re.compile(r"^revision:[ \t]*(\S+)[ \t]*$", re.M)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--doc", default="basic-policy", metavar="ID",
                        help="document id (default: basic-policy)")
    parser.add_argument("--new", required=True, metavar="ID", help="the new revision id, e.g. r9")
    parser.add_argument("--date", required=True, metavar="YYYY-MM-DD",
                        help="the date of the revision (施行日 / 改定日), after the current one")
    parser.add_argument("--kind", required=True, choices=REVISION_KINDS, help="策定 / 改定 / 全面改定")
    parser.add_argument("--provenance", choices=PROVENANCES, default="authoritative",
                        help="authoritative (the city's adopted text, default), reconstructed or sample")
    parser.add_argument("--summary", default=None, metavar="TEXT",
                        help="one line for the revision history (default: the kind, to be edited)")


def run(args: argparse.Namespace) -> int:
    roots = source_roots(args.src, args.private_src)
    policy = load_policy(roots)  # the source must be valid before we touch it
    try:
        doc = policy.document(args.doc)
    except KeyError:
        raise _error(f"no document {args.doc!r}", ", ".join(d.id for d in policy.documents)) from None
    folder = next((Path(r) / doc.id for r in roots if (Path(r) / doc.id / DOCUMENT).is_file()), None)
    if folder is None or not doc.revisions:
        raise _error(f"document {doc.id!r} has no source folder to revise", "a folder with document.yaml")
    current = doc.current
    ledger_path = folder / DOCUMENT
    old_path = folder / f"{current.id}.yaml"
    new_path = folder / f"{args.new}.yaml"

    if not ID_RE.fullmatch(args.new):  # fullmatch: "r9\n" or "r9/../x" must not pass
        raise _error(f"revision id {args.new!r} is not a lower-case ASCII id", "e.g. r9")
    if any(r.id == args.new for r in doc.revisions) or new_path.exists():
        raise _error(f"revision {args.new!r} already exists in {ledger_path}", "a new revision id")
    try:
        date = _dt.date.fromisoformat(args.date)
    except ValueError:
        raise _error(f"--date {args.date!r} is not a date", "YYYY-MM-DD, e.g. 2027-04-01") from None
    if date <= current.date:
        raise _error(f"--date {date} is not after the current revision {current.id} ({current.date})",
                     "a later date")
    summary = args.summary if args.summary else args.kind

    ledger_before = ledger_path.read_text(encoding="utf-8")
    ledger_after = append_entry(ledger_before, str(ledger_path), {
        "id": args.new, "date": date, "kind": args.kind, "provenance": args.provenance, "summary": summary,
    })
    copy = copy_revision(old_path.read_text(encoding="utf-8"), str(old_path), current.id, args.new,
                         args.kind, date)

    _write(new_path, copy)
    _write(ledger_path, ledger_after)
    try:
        load_policy(roots)
    except ToolkitError:
        # put everything back as it was: the previous state stays untouched
        new_path.unlink(missing_ok=True)
        _write(ledger_path, ledger_before)
        raise

    print(f"created {new_path} (a copy of {old_path.name})")
    print(f"ledger  {ledger_path}: + {args.new} ({date.isoformat()} {args.kind}, {args.provenance})")
    print("next:")
    print(f"  1. edit {new_path}: keep each clause's id; give a new clause a new id; never reuse an id")
    if not args.summary:
        print(f"  2. write the summary of {args.new} in {ledger_path} (now just {summary!r})")
    else:
        print(f"  2. check the header comments of {new_path} (they were written for {current.id})")
    print("  3. policy check")
    print(f"  4. policy diff {current.id} {args.new} --doc {doc.id}"
          + (f"   (make diff FROM={current.id} TO={args.new})" if doc.id == "basic-policy" else ""))
    return 0


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap long Japanese lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def append_entry(text: str, file: str, entry: dict) -> str:
    """``document.yaml`` text with ``entry`` appended to ``revisions:`` (comments and layout kept)."""
    yaml = _yaml()
    data = yaml.load(text)
    revisions = data.get("revisions") if isinstance(data, dict) else None
    if revisions is None or not isinstance(revisions, list):
        raise SourceError([Problem(Location(file), "no 'revisions:' list to add the new revision to",
                                   "revisions: with one entry per revision")])
    item = CommentedMap()
    for key in ("id", "date", "kind", "provenance", "summary"):
        item[key] = entry[key]
    revisions.append(item)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def copy_revision(text: str, file: str, old_id: str, new_id: str, kind: str, date: _dt.date) -> str:
    """The current revision file made into the new one: its ``revision:`` line changed,
    a header comment saying where it came from; everything else byte for byte."""
    m = _REVISION_LINE.search(text)
    if m is None or m.group(1) != old_id:
        raise SourceError([Problem(Location(file), f"no line 'revision: {old_id}' to change",
                                   f"revision: {old_id}")])
    body = text[: m.start()] + f"revision: {new_id}" + text[m.end():]
    header = (f"# {new_id}: {date.isoformat()} {kind} — copied from {old_id}.yaml by `policy revise`.\n"
              f"# Edit the text below; the comments that follow were written for {old_id}.\n")
    return header + body


def _write(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _error(message: str, expected: str | None = None) -> SourceError:
    return SourceError([Problem(None, message, expected)])
