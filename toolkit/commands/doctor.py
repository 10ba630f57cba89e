"""``policy doctor``: which parts this machine has, what each enables, and how to install a missing one.

A build needs only Python and the toolkit (its fonts ship inside it).  The
real parts below are for tests and checks: a missing one makes the tests that
need it skip, naming it (``CI=true`` makes such a skip a failure).  Exit status
0 whatever is missing, except the shipped fonts: without them nothing typesets
(2, with the way to get them back).
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
from dataclasses import dataclass

from toolkit import fonts
from toolkit.errors import Problem, ToolkitError

HELP = "list the parts this machine has (fonts, Chromium, LibreOffice, poppler, anki), what each enables, how to install"

APT = "apt-get install"


@dataclass(frozen=True)
class Part:
    """One thing outside Python's standard library that some output or test uses."""

    name: str
    kind: str  # "program" (on PATH) or "python" (an importable package)
    enables: str
    install: str

    def present(self) -> bool:
        if self.kind == "program":
            return shutil.which(self.name) is not None
        return importlib.util.find_spec(self.name) is not None


PARTS: tuple[Part, ...] = (
    Part("chromium", "program", "browser tests: site search, accessibility (axe), the self-check quiz page",
         f"{APT} chromium"),
    Part("chromedriver", "program", "drives chromium in the browser tests (WebDriver)", f"{APT} chromium-driver"),
    Part("soffice", "program", "tests that print the .docx editions through LibreOffice and read them back",
         f"{APT} libreoffice-writer-nogui"),
    Part("pdftotext", "program", "the leak check reads PDF text with it (faster; else pypdf); PDF text tests",
         f"{APT} poppler-utils"),
    Part("pdffonts", "program", "tests that check the fonts embedded in PDFs", f"{APT} poppler-utils"),
    Part("pdfinfo", "program", "tests that check PDF page size and tagging", f"{APT} poppler-utils"),
    Part("pdftoppm", "program", "PDF pages as images, to look at a print", f"{APT} poppler-utils"),
    Part("anki", "python", "tests that import the decks into Anki and read its review logs",
         "make setup-anki"),
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No options."""


def report() -> tuple[list[str], bool]:
    """The lines of the report and whether the shipped fonts are all there."""
    missing_fonts = fonts.missing()
    lines = [f"{'fonts (IPAex)':14} {'ok' if not missing_fonts else 'MISSING':8} the PDF edition and the "
             f"report chart draw with them ({fonts.FONT_DIR})"
             + ("" if not missing_fonts else f"; missing {', '.join(p.name for p in missing_fonts)}: "
                "reinstall with make setup (git checkout toolkit/fonts in a clone)")]
    for part in PARTS:
        here = part.present()
        lines.append(f"{part.name:14} {'ok' if here else 'missing':8} {part.enables}"
                     + ("" if here else f"; install: {part.install}"))
    return lines, not missing_fonts


def run(args: argparse.Namespace) -> int:
    lines, fonts_ok = report()
    print("\n".join(lines))
    if not fonts_ok:
        raise ToolkitError([Problem(None, f"the shipped fonts are missing from {fonts.FONT_DIR}",
                                    "the toolkit installed with its package data (make setup)")])
    return 0
