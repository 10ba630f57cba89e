"""The ``policy`` command.

Each sub-command is one module in :mod:`toolkit.commands` with ``HELP``,
``add_arguments(parser)`` and ``run(args) -> int``.  Errors a user can fix
(:class:`~toolkit.errors.ToolkitError`) are printed as ``file:line:column:
message`` and exit with status 2 (1 for a leak), never with a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from toolkit.errors import ToolkitError

# sub-command name → module under toolkit.commands
COMMANDS: dict[str, str] = {
    "check": "check",
    "import": "import_",
    "export": "export",
    "publish": "publish",
    "leakcheck": "leakcheck",
    "docx": "docx",
    "disclose": "disclose",
    "diff": "diff",
    "revise": "revise",
    "train": "train",
    "verify": "verify",  # 9a: a published folder against its manifest
    # life cycle (issue 10)
    "adopt": "adopt",
    "drop-draft": "drop_draft",
    "review": "review",
    "doctor": "doctor",  # issue 18: the real parts this machine has
    "amend": "amend",  # issue 21: the amending instrument (改め文 / 新旧対照表方式)
    "coverage": "coverage",  # issue 24: the national guideline as a reference
}


def _selected(argv: Sequence[str]) -> str | None:
    """The sub-command named in ``argv`` (skipping global options), if any."""
    args = iter(argv)
    for arg in args:
        if arg in ("--src", "--private-src"):
            next(args, None)
        elif not arg.startswith("-"):
            return arg if arg in COMMANDS else None
    return None


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser; only the sub-command being run is imported (start-up stays fast)."""
    parser = argparse.ArgumentParser(
        prog="policy",
        description="千曲市 情報セキュリティポリシー toolkit: check, import, publish, diff, train.",
    )
    parser.add_argument("--src", metavar="DIR", default=None,
                        help="main source root (default: policy_src)")
    parser.add_argument("--private-src", metavar="DIR", default=None,
                        help="second source root for non-public documents, merged with the main one "
                             "(default: $POLICY_PRIVATE_SRC)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    selected = _selected(argv)
    for name, module_name in COMMANDS.items():
        if selected is not None and name != selected:
            continue
        module = importlib.import_module(f"toolkit.commands.{module_name}")
        p = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except ToolkitError as e:
        for problem in e.problems:
            print(f"error: {problem}", file=sys.stderr)
        if len(e.problems) > 1:
            print(f"{len(e.problems)} errors", file=sys.stderr)
        return e.exit_status
    except OSError as e:  # 9a: a write error a command did not locate itself (read-only, disk full): no traceback
        from toolkit.publish.fs import write_problem

        where = str(e.filename) if e.filename else "(a file)"
        print(f"error: {write_problem(e, where, 'reading or writing', intact=False)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
