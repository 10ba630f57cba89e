"""LibreOffice as the tests run it: drawing with the toolkit's own fonts.

The .docx editions name the fonts a city PC has (ＭＳ 明朝 / ＭＳ ゴシック);
``toolkit/fonts/fonts.conf`` shows LibreOffice only the shipped IPAex files and
maps those names to them, so a printed .docx looks here as it will there and
the same on every machine, whatever fonts it has installed.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from conftest import require

from toolkit.fonts import FONTCONFIG


def office_env() -> dict[str, str]:
    """The environment for ``soffice``: this one with the toolkit's fontconfig."""
    return {**os.environ, "FONTCONFIG_FILE": str(FONTCONFIG)}


def resaved(out: Path, tmp_path: Path) -> Path:
    """``out`` opened and saved again by LibreOffice, as an editor's save would leave it (the caller is
    marked ``libreoffice``)."""
    require("soffice", "LibreOffice re-saves the edited file as an editor would")
    lo = tmp_path / "lo"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                    "docx", "--outdir", str(lo), str(out)], check=True, capture_output=True, timeout=180,
                   env=office_env())
    return lo / out.name
