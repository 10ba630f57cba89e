"""LibreOffice as the tests run it: drawing with the toolkit's own fonts.

The .docx editions name the fonts a city PC has (ＭＳ 明朝 / ＭＳ ゴシック);
``toolkit/fonts/fonts.conf`` shows LibreOffice only the shipped IPAex files and
maps those names to them, so a printed .docx looks here as it will there and
the same on every machine, whatever fonts it has installed.
"""

from __future__ import annotations

import os

from toolkit.fonts import FONTCONFIG


def office_env() -> dict[str, str]:
    """The environment for ``soffice``: this one with the toolkit's fontconfig."""
    return {**os.environ, "FONTCONFIG_FILE": str(FONTCONFIG)}
