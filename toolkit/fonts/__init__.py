"""The fonts the toolkit draws with, shipped inside the package (never looked up on the machine).

IPAex明朝 (``ipaexm.ttf``) and IPAexゴシック (``ipaexg.ttf``), version 004.01, as
Debian's fonts-ipaexfont-mincho / -gothic 00401-5 ship them, with the IPA Font
License v1.0 beside them (it permits redistribution with the licence text; see
README.txt here).  The PDF edition (Typst) and the training report's chart
(matplotlib) are given these files by path, so a build makes the same bytes on
any machine whatever fonts it has installed.

``fonts.conf`` is a fontconfig file that sees only these two files and maps the
Windows names the .docx editions declare (ＭＳ 明朝, 游明朝, BIZ UD明朝 and their
ゴシック pairs) to them: the tests hand it to LibreOffice (``FONTCONFIG_FILE``)
so a .docx prints here as it is laid out for a city PC.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.errors import BuildError, Problem, quote

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FONT_DIR = Path(__file__).resolve().parent
MINCHO = FONT_DIR / "ipaexm.ttf"
GOTHIC = FONT_DIR / "ipaexg.ttf"
LICENSE = FONT_DIR / "IPA_Font_License_Agreement_v1.0.txt"
FONTCONFIG = FONT_DIR / "fonts.conf"

# The family names inside the files (what Typst and fontconfig match on).
MINCHO_FAMILY = "IPAexMincho"
GOTHIC_FAMILY = "IPAexGothic"


def missing() -> list[Path]:
    """The shipped font files (and licence) that are not where they should be: empty when all are there."""
    return [p for p in (MINCHO, GOTHIC, LICENSE, FONTCONFIG) if not p.is_file()]


def draw_with_shipped_font(fig: Figure) -> None:
    """Give every text of a matplotlib figure IPAexゴシック by file; a character the font lacks is an error.

    By file, never by family name: matplotlib's font cache is the machine's and
    may predate the fonts or hold another face of that name (the labels then
    print as □ and nothing says so).  Call it once all text is added and before
    ``tight_layout``: it draws the figure once so the tick labels exist, and
    ticks made later copy their font from the first one.
    """
    from matplotlib.ft2font import FT2Font
    from matplotlib.text import Text

    charmap = FT2Font(str(GOTHIC)).get_charmap()

    def by_file_and_checked() -> None:
        problems = []
        for text in fig.findobj(Text):
            font = text.get_fontproperties().copy()
            font.set_file(str(GOTHIC))
            text.set_fontproperties(font)
            label = text.get_text()
            lacking = sorted({c for c in label if c >= " " and ord(c) not in charmap})
            if lacking:
                chars = ", ".join(f"{c} (U+{ord(c):04X})" for c in lacking)
                problems.append(Problem(None, f"the chart label {quote(label)} has characters {GOTHIC_FAMILY} "
                                              f"cannot draw: {chars}", "labels in characters the shipped font has"))
        if problems:
            from matplotlib import pyplot as plt

            plt.close(fig)
            raise BuildError(problems)

    by_file_and_checked()
    fig.canvas.draw()  # makes the tick labels; a tick made later copies the first tick's font
    by_file_and_checked()


__all__ = ["FONTCONFIG", "FONT_DIR", "GOTHIC", "GOTHIC_FAMILY", "LICENSE", "MINCHO", "MINCHO_FAMILY",
           "draw_with_shipped_font", "missing"]
