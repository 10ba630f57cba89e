"""Issue 17 §4: result files given to ``policy train report`` that are built to break the reader —
a CSV field past the csv module's limit, damaged or bomb Anki packages, a collection whose
``revlog`` is an endless SQL view — are refused with a message naming the file, exit status 2
and no traceback, inside the suite's limits (1 GiB, 30 s CPU).  Each file is made here."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest
from hostile import assert_refused_file, make_project, patch_zip_member, policy

_QUIZ = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="multichoice"><name><text>01 基本方針 1 穴埋め</text></name>
    <tags><tag><text>document:basic-policy</text></tag><tag><text>clause:purpose</text></tag></tags>
  </question>
</quiz>
"""


def _report(project: Path, *files: Path, **limits):
    return policy(project, "train", "report", *map(str, files), "-o", str(project / "build" / "report"), **limits)


def _collection(path: Path, revlog_as_view: bool = False) -> Path:
    """The part of an Anki collection the report reads: one toolkit card reviewed twice."""
    con = sqlite3.connect(path)
    con.executescript("""
        create table notes (id integer primary key, guid text, tags text, flds text);
        create table cards (id integer primary key, nid integer);
        insert into notes values (1, 'g1', ' clause::basic-policy/purpose document::基本方針 ', '問い\x1f基本方針 1');
        insert into cards values (10, 1);
    """)
    if revlog_as_view:  # rows without end: the report's query would never finish
        con.executescript("""
            create view revlog as with recursive r(n) as (select 1 union all select n + 1 from r)
            select n as id, 10 as cid, 3 as ease, 1 as type from r;
        """)
    else:
        con.executescript("""
            create table revlog (id integer primary key, cid integer, ease integer, type integer);
            insert into revlog values (100, 10, 1, 1), (101, 10, 3, 1);
        """)
    con.commit()
    con.close()
    return path


def _package(path: Path, member: str, data: bytes, method: int = zipfile.ZIP_STORED) -> Path:
    with zipfile.ZipFile(path, "w", method) as z:
        z.writestr(member, data)
    return path


def test_an_honest_package_reports(tmp_path):
    """The packages below differ from this one only in their hostility."""
    project = make_project(tmp_path)
    pkg = _package(tmp_path / "ok.colpkg", "collection.anki2", _collection(tmp_path / "c.anki2").read_bytes())
    run = _report(project, pkg)
    assert run.returncode == 0, run
    assert "report on 単語帳の復習（Anki） 2件（1項目、1人）" in run.stdout


def test_a_csv_field_over_the_csv_modules_limit_is_refused(tmp_path):
    project = make_project(tmp_path)
    quiz = tmp_path / "quiz.moodle.xml"
    quiz.write_text(_QUIZ, encoding="utf-8")
    grades = tmp_path / "grades.csv"
    grades.write_text('Surname,Email address,Q. 1 /1.00\n職員,a@example.jp,1.00\n職員,"' + "x" * 140_000
                      + '",1.00\n', encoding="utf-8")
    run = _report(project, quiz, grades)
    m = assert_refused_file(run, "grades.csv")
    assert m.group(0).endswith(":3: "), run.stderr


def test_a_package_with_a_bad_crc_is_refused(tmp_path):
    project = make_project(tmp_path)
    db = _collection(tmp_path / "c.anki2").read_bytes()
    pkg = _package(tmp_path / "crc.colpkg", "collection.anki2", db)
    data = bytearray(pkg.read_bytes())
    at = data.index(b"clause::basic-policy")
    data[at] ^= 0x01
    pkg.write_bytes(bytes(data))
    run = _report(project, pkg)
    assert_refused_file(run, "crc.colpkg", "collection.anki2")
    assert "CRC" in run.stderr


@pytest.mark.parametrize("flag, method, says", [(0x1, None, "encrypted"), (0, 93, "compression method 93")])
def test_an_encrypted_or_oddly_compressed_package_is_refused(tmp_path, flag, method, says):
    project = make_project(tmp_path)
    pkg = _package(tmp_path / "odd.colpkg", "collection.anki2", _collection(tmp_path / "c.anki2").read_bytes())
    patch_zip_member(pkg, "collection.anki2", flag=flag, method=method)
    run = _report(project, pkg)
    assert_refused_file(run, "odd.colpkg", "collection.anki2")
    assert says in run.stderr


@pytest.mark.parametrize("says_its_size", [True, False])
def test_a_zstd_bomb_collection_is_refused(tmp_path, says_its_size):
    """collection.anki21b (zstd, as Anki writes it today) inflating to 4 GiB, 128 KB on disk; its frame
    says so (refused at once) or not (refused when decompressing reaches the limit)."""
    import zstandard

    project = make_project(tmp_path)
    c = zstandard.ZstdCompressor(level=1, write_content_size=says_its_size).compressobj(
        size=(4 << 30) if says_its_size else -1)
    block = b"\0" * (1 << 24)
    frame = b"".join(c.compress(block) for _ in range(256)) + c.flush()
    pkg = _package(tmp_path / "bomb.colpkg", "collection.anki21b", frame)
    assert pkg.stat().st_size < 1 << 20
    run = _report(project, pkg)
    assert_refused_file(run, "bomb.colpkg", "collection.anki21b")
    assert "more than the limit" in run.stderr


def test_a_damaged_zstd_collection_is_refused(tmp_path):
    import zstandard

    project = make_project(tmp_path)
    frame = zstandard.ZstdCompressor().compress(_collection(tmp_path / "c.anki2").read_bytes())
    pkg = _package(tmp_path / "cut.colpkg", "collection.anki21b", frame[: len(frame) // 2] + b"\xff" * 64)
    run = _report(project, pkg)
    assert_refused_file(run, "cut.colpkg", "collection.anki21b")


def test_a_csv_of_millions_of_cells_is_refused(tmp_path):
    """4 MB of "1," is two million cells: refused at the limit, not read into lists of strings."""
    from toolkit.training.results import MAX_CSV_CELLS

    project = make_project(tmp_path)
    quiz = tmp_path / "quiz.moodle.xml"
    quiz.write_text(_QUIZ, encoding="utf-8")
    grades = tmp_path / "grades.csv"
    grades.write_text("Surname,Q. 1 /1.00\n" + ("1," * 999 + "1\n") * (MAX_CSV_CELLS // 1000 + 1), encoding="utf-8")
    run = _report(project, quiz, grades, memory=512 << 20)
    assert_refused_file(run, "grades.csv")
    assert f"more than {MAX_CSV_CELLS:,} cells" in run.stderr


def test_the_sql_step_budget_stops_a_query(tmp_path, monkeypatch):
    """The budget that stops a query of tables that would take too long (the view above is refused
    before it runs): with a budget of a few steps, the honest collection's query is stopped."""
    from toolkit.errors import SourceError
    from toolkit.training import results

    pkg = _package(tmp_path / "ok.colpkg", "collection.anki2", _collection(tmp_path / "c.anki2").read_bytes())
    monkeypatch.setattr(results, "MAX_SQL_STEPS", 5)
    monkeypatch.setattr(results, "_SQL_STEPS_PER_CHECK", 1)
    with pytest.raises(SourceError) as e:
        results.read_results([pkg])
    assert "more than 5 SQLite steps" in str(e.value) and "ok.colpkg/collection.anki2" in str(e.value)


def test_a_revlog_that_is_an_endless_view_is_refused(tmp_path):
    project = make_project(tmp_path)
    db = _collection(tmp_path / "c.anki2", revlog_as_view=True).read_bytes()
    pkg = _package(tmp_path / "view.colpkg", "collection.anki2", db)
    run = _report(project, pkg, wall=40)
    assert_refused_file(run, "view.colpkg", "collection.anki2")
    assert "revlog" in run.stderr and "view" in run.stderr
