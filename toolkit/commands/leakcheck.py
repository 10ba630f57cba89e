"""``policy leakcheck DIR``: prove a built folder holds nothing its audience may not see.

``--audience disclosure`` checks a 部分開示 folder (build/disclosure/): each
edition against what its own disclosure view withholds.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from toolkit.commands import load
from toolkit.errors import Location, Problem, ToolkitError
from toolkit.leakcheck import Fingerprints, Report, fingerprints_of, leakcheck, raise_on_leak, scan_each
from toolkit.model import PUBLIC, PolicySet
from toolkit.view.disclose import AUDIENCE_ID

HELP = "check every file under DIR for non-public text (exit 1 listing each hit)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="DIR", type=Path, nargs="?", default=Path("build/public"),
                        help="a built folder (default: build/public)")
    parser.add_argument("--audience", default=PUBLIC,
                        help="whose folder it is (default: public; disclosure: a 部分開示 folder, each edition "
                             "against its own view)")
    parser.add_argument("--canary", metavar="TOKEN", action="append", default=[],
                        help="a token that must not appear anywhere (repeatable; tests plant these)")


def run(args: argparse.Namespace) -> int:
    policy = load(args)
    if args.audience == AUDIENCE_ID:
        report = _disclosure(args.folder, policy, args.canary)
    else:
        try:
            policy.audience(args.audience)
        except KeyError as e:
            raise ToolkitError([Problem(None, str(e.args[0]), f"an audience of policyset.yaml, or {AUDIENCE_ID!r} "
                                        "for a 部分開示 folder")]) from None
        report = leakcheck(args.folder, policy, args.audience, args.canary)
    raise_on_leak(report)
    print(f"ok: no non-public text for audience {args.audience!r} in {args.folder}: {report.summary()}")
    return 0


def _disclosure(folder: Path, policy: PolicySet, canaries: list[str]) -> Report:
    """Each 部分開示 edition in ``folder`` against its own view (and the manifest, which is not checked here)."""
    from toolkit.publish import MANIFEST
    from toolkit.render.docx_disclosure import file_name
    from toolkit.view.disclose import disclose
    from toolkit.view.visibility import document_classification, sees

    if not Path(folder).is_dir():
        raise ToolkitError([Problem(Location(str(folder)), "not a folder", "a built 部分開示 folder")])
    present = {p.name for p in Path(folder).iterdir()}
    fps = {}
    for doc in policy.documents:
        if doc.revisions and not sees(policy, PUBLIC, document_classification(policy, doc)):
            for rev in doc.revisions:
                name = file_name(doc, rev)
                if name in present:
                    fps[name] = fingerprints_of(policy, disclose(policy, doc.id, rev.id), canaries)
    if MANIFEST in present:  # file names and digests only: checked against every edition's withheld text
        fps[MANIFEST] = Fingerprints.union(fps.values())
    return scan_each(folder, fps)
