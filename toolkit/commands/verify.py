"""``policy verify DIR``: is a published folder exactly what was published? (監査)

Compares the folder with its ``MANIFEST.sha256`` in both directions
(:func:`toolkit.publish.manifest.verify_folder`): a file changed, missing or
added by hand, or a symbolic link, is reported with its path; exit status 1.
A folder without a readable manifest is exit status 2.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from toolkit.errors import Location, Problem, ToolkitError
from toolkit.publish.manifest import MANIFEST, verify_folder

HELP = "check a published folder against its MANIFEST.sha256 in both directions (exit 1 listing each difference)"


class Altered(ToolkitError):
    """The folder is not what was published."""

    exit_status = 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="DIR", type=Path, nargs="?", default=Path("build/public"),
                        help="a published folder (default: build/public)")


def run(args: argparse.Namespace) -> int:
    folder: Path = args.folder
    if not folder.is_dir():
        raise ToolkitError([Problem(Location(str(folder)), "not a folder", "a folder made by policy publish, "
                                    "docx, disclose or train")])
    try:
        findings = verify_folder(folder)
    except FileNotFoundError:
        raise ToolkitError([Problem(Location(str(folder / MANIFEST)), "no manifest: this folder was not "
                                    "published by the toolkit", f"a folder with {MANIFEST}")]) from None
    except (ValueError, UnicodeDecodeError) as e:
        raise ToolkitError([Problem(Location(str(folder / MANIFEST)), f"unreadable manifest: {e}")]) from None
    if findings:
        raise Altered([Problem(Location(str(folder / f.path)), f.what) for f in findings])
    listed = sum(1 for _ in (folder / MANIFEST).open(encoding="utf-8"))
    files = "the 1 file" if listed == 1 else f"the {listed} files"
    print(f"ok: {folder} holds exactly {files} of its {MANIFEST}, each unchanged")
    return 0
