"""A bare machine (issue 18): the real parts out of reach, as CI's first stage makes it with .ci/bare-env.

On it the toolkit still builds everything it promises, the site with its PDF
edition among it: the fonts come with the project and nothing else a build
reads comes from the machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

HIDDEN = ("chromium", "chromedriver", "soffice", "libreoffice", "pdftotext", "pdftoppm", "pdffonts", "pdfinfo",
          "convert")


@pytest.fixture(scope="module")
def bare(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bare")
    subprocess.run([str(ROOT / ".ci" / "bare-env"), str(folder)], check=True, timeout=120)
    return folder


def test_bare_env_hides_the_real_parts_and_keeps_the_rest(bare):
    path = str(bare / "bin")
    assert [name for name in HIDDEN if shutil.which(name, path=path)] == []
    kept = [name for name in ("make", "git", "sh", "python3") if shutil.which(name)]
    assert kept and [name for name in kept if not shutil.which(name, path=path)] == []
    fc_list = shutil.which("fc-list", path=path)
    if fc_list:
        listed = subprocess.run([fc_list], capture_output=True, text=True, check=True,
                                env={**os.environ, "FONTCONFIG_FILE": str(bare / "fonts.conf")}).stdout
        assert listed.strip() == "", "no system font visible through the bare fontconfig"


@pytest.mark.slow
def test_a_bare_machine_publishes_the_site_with_its_pdf_edition(bare, src_copy, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update(PATH=str(bare / "bin"), FONTCONFIG_FILE=str(bare / "fonts.conf"), MPLCONFIGDIR=str(tmp_path / "mpl"),
               HOME=str(tmp_path / "home"))
    policy = [sys.executable, "-m", "toolkit"]
    unshare = shutil.which("unshare")
    if os.geteuid() == 0 and unshare and shutil.which("mount"):
        # as root: the system fonts themselves out of reach too (Typst and matplotlib read the folder, not fontconfig)
        (tmp_path / "no-fonts").mkdir()
        policy = [unshare, "--mount", "sh", "-c", 'mount --bind "$0" /usr/share/fonts && exec "$@"',
                  str(tmp_path / "no-fonts"), *policy]
    doctor = subprocess.run([*policy, "doctor"], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)
    assert doctor.returncode == 0, doctor.stderr
    assert all(ln.split()[1] == "missing" for ln in doctor.stdout.splitlines()
               if ln.split()[0] in ("chromium", "soffice", "pdftotext")), doctor.stdout
    site = tmp_path / "public"
    run = subprocess.run([*policy, "--src", str(src_copy), "publish", "--out", str(site), "--work",
                          str(tmp_path / "work")], capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    pdfs = sorted(p.name for p in site.rglob("*.pdf"))
    assert "basic-policy-r8.pdf" in pdfs, pdfs
    assert (site / "MANIFEST.sha256").is_file()
