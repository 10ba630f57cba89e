"""`policy amend` / `make amend` (issue 21 §1, §3): the amending instrument of a revision, text and .docx,
staff-only through the checked-output step, 「案」 for a draft, both styles, clear errors."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES, REIKI, ROOT, SRC, run_cli

from toolkit.cli import main

STAFF_BANNER = "【庁内限り】"


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml").decode("utf-8")


def _amend(src: Path, out: Path, *extra: str, doc: str = "rules", rev: str = "r8"):
    return run_cli("--src", str(src), "amend", "--doc", doc, "--rev", rev, "-o", str(out), *extra)


def test_reiki_fixture_amending_sentences_and_frame(tmp_path):
    r = _amend(REIKI, tmp_path / "amend")
    assert r.returncode == 0, r.stderr
    text = (tmp_path / "amend" / "rules-r8.txt").read_text(encoding="utf-8")
    assert text.startswith(STAFF_BANNER)  # a public text, but the instrument is staff material
    assert "サンプル市情報管理規程の一部を改正する訓令" in text
    assert "サンプル市情報管理規程（\u3000年\u3000訓令第\u3000号）の一部を次のように改正する。" in text
    assert "\u3000第3条を次のように改める。\n（管理者）\n第3条\u3000管理者を置く。" in text
    assert "\u3000第3条の次に次の1条を加える。\n（補助者）\n第3条の2\u3000管理者は、補助者を置くことができる。" in text
    assert "この訓令は、令和8年4月1日から施行する。" in text
    assert "サンプル市訓令第2号" in text and "令和8年3月27日" in text  # from the new 附則's heading
    assert "案" not in text.split("\n")[2]  # adopted: no 案
    assert "第3条を次のように改める。" in _docx_text(tmp_path / "amend" / "rules-r8.docx")
    assert (tmp_path / "amend" / "MANIFEST.sha256").exists()  # through the checked-output step


def test_table_style_and_column_order(tmp_path):
    r = _amend(REIKI, tmp_path / "a", "--style", "対照表", "--number", "訓令第9号")
    assert r.returncode == 0, r.stderr
    text = (tmp_path / "a" / "rules-r8.txt").read_text(encoding="utf-8")
    assert "次の表の改正前の欄に掲げる規定を同表の改正後の欄に掲げる規定に、下線で示すように改正する。" in text
    assert "【改正前｜改正後】" in text and "サンプル市訓令第9号" in text
    assert "改正前：（新設）" in text and "〔第3条の2〕" in text
    table = text.split("【改正前｜改正後】")[1].split("\u3000\u3000\u3000附\u3000則")[0]
    assert "附\u3000則（令和8年3月27日訓令第2号）" not in table  # the instrument's own 附則 is not a row
    assert _amend(REIKI, tmp_path / "b", "--style", "対照表", "--new-left").returncode == 0
    assert "【改正後｜改正前】" in (tmp_path / "b" / "rules-r8.txt").read_text(encoding="utf-8")
    underlined = _docx_text(tmp_path / "a" / "rules-r8.docx")
    assert "<w:u " in underlined  # 傍線 on the changed parts


def test_basic_policy_defaults_to_the_table_style_and_both_styles_write(tmp_path):
    assert _amend(SRC, tmp_path / "a", doc="basic-policy").returncode == 0
    text = (tmp_path / "a" / "basic-policy-r8.txt").read_text(encoding="utf-8")
    assert "全部を改正する" in text  # r8 is the 全面改定
    assert _amend(SRC, tmp_path / "b", "--style", "改め文", doc="basic-policy").returncode == 0


def test_a_draft_says_an_and_keeps_staff_marking(tmp_path):
    src = tmp_path / "reiki_src"
    shutil.copytree(FIXTURES / "reiki_src", src)
    assert main(["--src", str(src), "revise", "--doc", "rules", "--new", "r9", "--date", "2027-04-01",
                 "--kind", "改定"]) == 0
    r9 = src / "rules" / "r9.yaml"
    r9.write_text(r9.read_text(encoding="utf-8").replace("台帳の整備", "台帳及び記録の整備"), encoding="utf-8")
    r = _amend(src, tmp_path / "out", rev="r9")
    assert r.returncode == 0, r.stderr
    text = (tmp_path / "out" / "rules-r9.txt").read_text(encoding="utf-8")
    assert "（案）サンプル市訓令第\u3000号" in text
    assert "第3条第2項アを" not in text
    assert "\u3000第3条第2項ア中「台帳」の下に「及び記録」を加える。\n" in text
    assert "この訓令は、令和9年4月1日から施行する。" in text


def test_bad_input_is_a_clear_error(tmp_path):
    r = _amend(REIKI, tmp_path / "x", rev="r5")
    assert r.returncode == 2 and "nothing to amend" in r.stderr and "Traceback" not in r.stderr
    r = _amend(REIKI, tmp_path / "x", rev="r99")
    assert r.returncode == 2 and "r99" in r.stderr
    r = _amend(REIKI, tmp_path / "x", doc="nope")
    assert r.returncode == 2 and "no document" in r.stderr
    assert not (tmp_path / "x").exists()


def test_make_amend_runs_the_command():
    dry = subprocess.run(["make", "-n", "amend", "DOC=rules", "REV=r8"], cwd=ROOT, capture_output=True, text=True)
    if dry.returncode != 0:
        pytest.skip(f"make not usable here: {dry.stderr.strip()}")
    assert "policy amend --doc rules --rev r8" in dry.stdout


def test_staff_only_no_restricted_text_and_earlier_instruments_stay(tmp_path):
    out = tmp_path / "amend"
    assert _amend(SRC, out, doc="standards").returncode == 0
    restricted = "内線転送番号7110"  # a 関係者限り clause of the fixture's 対策基準 r8
    assert restricted in (SRC / "standards" / "r8.yaml").read_text(encoding="utf-8")
    assert restricted not in (out / "standards-r8.txt").read_text(encoding="utf-8")
    assert restricted not in _docx_text(out / "standards-r8.docx")
    assert _amend(REIKI, out).returncode == 0  # another document into the same folder
    assert (out / "standards-r8.txt").exists() and (out / "rules-r8.txt").exists()
    manifest = (out / "MANIFEST.sha256").read_text(encoding="utf-8")
    assert "standards-r8.txt" in manifest and "rules-r8.docx" in manifest


def test_same_source_same_bytes(tmp_path):
    for name in ("a", "b"):
        assert _amend(REIKI, tmp_path / name).returncode == 0
    for f in ("rules-r8.txt", "rules-r8.docx"):
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes()


def test_the_enacting_sentence_cites_the_ledgers_enacting_instrument(tmp_path):
    """Issue 20 → 21: the 制定's instrument in the ledger (a history-only entry, as most 例規 have) is cited
    in the enacting sentence instead of the placeholder, with the year and the issuer's name."""
    src = tmp_path / "src"
    shutil.copytree(REIKI, src)
    ledger = src / "rules" / "document.yaml"
    text = ledger.read_text(encoding="utf-8")
    assert "    summary: 制定（本文なし）\n" in text
    ledger.write_text(text.replace("    summary: 制定（本文なし）\n", "    summary: 制定（本文なし）\n"
                                   "    instrument: {kind: 訓令, number: 12, promulgated: 2002-08-01}\n", 1),
                      encoding="utf-8")
    r = _amend(src, tmp_path / "amend")
    assert r.returncode == 0, r.stderr
    out = (tmp_path / "amend" / "rules-r8.txt").read_text(encoding="utf-8")
    assert "サンプル市情報管理規程（平成14年サンプル市訓令第12号）の一部を次のように改正する。" in out
    assert "（\u3000年\u3000訓令第\u3000号）" not in out


def test_an_imported_reiki_header_under_later_amendments_is_the_enactments(tmp_path):
    """「平成14年8月1日訓令第12号」 above 「改正　…」 lines is the 制定's instrument: it goes on the 制定's
    history-only ledger entry (where the 改め文 finds it), not on the imported revision."""
    src = tmp_path / "src"
    shutil.copytree(REIKI, src)
    r = run_cli("--src", str(src), "import", str(FIXTURES / "import" / "reiki.txt"), "--doc", "imported",
                "--rev", "r1", "--classification", "public")
    assert r.returncode == 0, r.stderr
    from toolkit.source.load import load_policy

    doc = load_policy(src).document("imported")
    enacted = [e for e in doc.ledger if e.kind == "策定"]
    assert enacted and enacted[0].instrument is not None
    assert (enacted[0].instrument.kind, enacted[0].instrument.number) == ("訓令", 12)
    assert doc.revision("r1").instrument is None


def test_the_policyset_default_style_and_columns(tmp_path):
    """Issue 21 §3: 「a policyset default」 for the style: ``amend: {style:, columns:}`` in policyset.yaml,
    which --style overrides; a value it does not know is an error at its line."""
    src = tmp_path / "reiki_src"
    shutil.copytree(FIXTURES / "reiki_src", src)
    pset = src / "policyset.yaml"
    pset.write_text(pset.read_text(encoding="utf-8") + "\namend:\n  style: 対照表\n  columns: 改正後|改正前\n",
                    encoding="utf-8")
    assert _amend(src, tmp_path / "a").returncode == 0
    text = (tmp_path / "a" / "rules-r8.txt").read_text(encoding="utf-8")
    assert "下線で示すように改正する。" in text and "【改正後｜改正前】" in text
    assert _amend(src, tmp_path / "b", "--style", "改め文").returncode == 0
    assert "\u3000第3条を次のように改める。" in (tmp_path / "b" / "rules-r8.txt").read_text(encoding="utf-8")
    pset.write_text(pset.read_text(encoding="utf-8").replace("style: 対照表", "style: 新旧"), encoding="utf-8")
    r = _amend(src, tmp_path / "c")
    assert r.returncode == 2 and "policyset.yaml:" in r.stderr and "unknown amend style" in r.stderr
    assert "Traceback" not in r.stderr and not (tmp_path / "c").exists()
