"""``policy leakcheck DIR``: prove a built folder holds nothing its audience may not see."""

from __future__ import annotations

import argparse
from pathlib import Path

from toolkit.commands import load
from toolkit.leakcheck import leakcheck, raise_on_leak

HELP = "check every file under DIR for non-public text (exit 1 listing each hit)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="DIR", type=Path, nargs="?", default=Path("build/public"),
                        help="a built folder (default: build/public)")
    parser.add_argument("--audience", default="public", help="whose folder it is (default: public)")
    parser.add_argument("--canary", metavar="TOKEN", action="append", default=[],
                        help="a token that must not appear anywhere (repeatable; tests plant these)")


def run(args: argparse.Namespace) -> int:
    policy = load(args)
    report = leakcheck(args.folder, policy, args.audience, args.canary)
    raise_on_leak(report)
    print(f"ok: no non-public text for audience {args.audience!r} in {args.folder}: {report.summary()}")
    return 0
