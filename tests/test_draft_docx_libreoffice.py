"""A real reader: the .docx of a draft (and the committee's review .docx) printed by LibreOffice, and the
PDF edition of the draft, say 「案」 on every page — what a member of the 情報セキュリティ委員会 holds."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, SRC, require
from office import office_env

from toolkit.cli import main

pytestmark = [pytest.mark.libreoffice, pytest.mark.poppler]


def _pages(pdf: Path) -> list[str]:
    pdfinfo = require("pdfinfo", "counts the pages of the PDF (poppler-utils)")
    pdftotext = require("pdftotext", "reads the PDF LibreOffice prints (poppler-utils)")
    info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True).stdout
    count = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    return [subprocess.run([pdftotext, "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout for n in range(1, count + 1)]


def test_every_printed_page_of_a_draft_says_an(tmp_path, capsys):
    soffice = require("soffice", "prints the .docx as a reader's Word would (LibreOffice)")
    src = tmp_path / "policy_src"
    shutil.copytree(SRC, src)
    assert main(["--src", str(src), "revise", "--new", "r9", "--date", "2027-04-01", "--kind", "改定"]) == 0
    r9 = src / "basic-policy" / "r9.yaml"
    r9.write_text(r9.read_text(encoding="utf-8").replace("規定を整備し対策", "規定を整備した上で対策", 1), encoding="utf-8")
    assert main(["--src", str(src), "docx", "--internal", "--rev", "r9", "-o", str(tmp_path / "docx")]) == 0
    assert main(["--src", str(src), "review", "-o", str(tmp_path / "review"), "--training", str(ROOT / "training")]) == 0
    files = [tmp_path / "docx" / "basic-policy-r9-draft.docx", tmp_path / "review" / "basic-policy-r9-review.docx"]
    pdf_dir = tmp_path / "pdf"
    run = subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}", "--headless",
                          "--norestore", "--convert-to", "pdf", "--outdir", str(pdf_dir), *map(str, files)],
                         capture_output=True, text=True, timeout=300, env=office_env())
    typeset = tmp_path / "docx" / "basic-policy-r9-draft.pdf"  # the PDF edition beside the .docx
    for f, pdf in [(f, pdf_dir / (f.stem + ".pdf")) for f in files] + [(typeset, typeset)]:
        assert pdf.is_file(), f"LibreOffice made no PDF of {f.name}: {run.stdout}{run.stderr}"
        pages = _pages(pdf)
        assert len(pages) > 1, f.name  # a header on *every* page means something only past page one
        for n, text in enumerate(pages, start=1):
            first = text.strip().splitlines()[0] if text.strip() else ""  # the page header comes first
            assert "案" in first, (f.name, n, text[:200])
