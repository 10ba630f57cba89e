"""An imported 例規 shown as the original numbers it, in every output: the diff, the official .docx, the staff site.

The corpus text (tests/fixtures/import/reiki.txt, our own wording) is imported
as a new document through the CLI, then an amended text as its next revision
(--like); the outputs print 第N条 straight through the chapters, 第3条の2, 項
２ / ３ with the first unnumbered, and 号 (1).
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from conftest import ROOT, Run, run_cli

CORPUS = ROOT / "tests" / "fixtures" / "import"


def cli(*args: str, cwd: Path) -> Run:
    return run_cli(*args, cwd=cwd, env={"HOME": str(cwd)})


@pytest.fixture
def reiki_src(src_copy: Path, tmp_path: Path) -> Path:
    r = cli("--src", str(src_copy), "import", str(CORPUS / "reiki.txt"), "--doc", "sample-rules", "--rev", "r1",
            "--classification", "public", "--provenance", "sample", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    amended = (CORPUS / "reiki.txt").read_text(encoding="utf-8")
    amended = amended.replace("補助者を置くことができる。", "補助者を一人置くことができる。")
    amended = amended.replace("令和5年3月31日訓令第5号\n", "令和5年3月31日訓令第5号\n　　　令和6年3月31日訓令第2号\n", 1)
    (tmp_path / "r2.txt").write_text(amended, encoding="utf-8")
    r = cli("--src", str(src_copy), "import", "r2.txt", "--doc", "sample-rules", "--rev", "r2", "--like", "r1",
            "--provenance", "sample", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "every clause matched" in r.stderr
    return src_copy


def test_diff_shows_the_one_amendment_under_its_branch_number(reiki_src: Path, tmp_path: Path):
    r = cli("--src", str(reiki_src), "diff", "--doc", "sample-rules", "r1", "r2", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "改正 1" in r.stdout and "新設 0" in r.stdout and "削除 0" in r.stdout
    assert re.search(r"改正\s+第3条の2 補助者", r.stdout)


def test_official_docx_numbers_as_the_original(reiki_src: Path, tmp_path: Path):
    r = cli("--src", str(reiki_src), "docx", "--doc", "sample-rules", "--internal", "-o", str(tmp_path / "docx"),
            cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    (path,) = (tmp_path / "docx").glob("sample-rules-r2*.docx")
    paras = [p.text for p in docx.Document(str(path)).paragraphs]
    for expected in ("第3条 管理者", "第3条の2 補助者", "第4条 雑則", "２\t管理者は、次に掲げる事務を行う。",
                     "３\t前項の事務は、年に一度見直す。", "（1）\t台帳の整備"):
        assert expected in paras, (expected, paras)
    assert "\t管理者を置く。" in paras  # the first 項: no number


def test_staff_site_numbers_as_the_original(reiki_src: Path, tmp_path: Path):
    r = cli("--src", str(reiki_src), "publish", "--internal", "--out", str(tmp_path / "site"), "--work",
            str(tmp_path / "work"), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    page = (tmp_path / "site" / "sample-rules" / "index.html").read_text(encoding="utf-8")  # the current revision
    text = re.sub(r"<[^>]+>", "", page)
    for expected in ("第3条の2", "補助者を一人置くことができる。", "２ 管理者は、次に掲げる事務を行う。", "第4条"):
        assert expected in text or expected.replace(" ", "") in text.replace(" ", ""), expected
