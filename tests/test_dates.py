"""The build's date (toolkit/dates.py): one reading of SOURCE_DATE_EPOCH, one date stamped on outputs."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from conftest import SRC, run_cli

from toolkit.dates import build_date, build_epoch, source_date_epoch
from toolkit.view.redact import redact


@pytest.mark.parametrize("value,seconds", [(None, None), ("", None), ("  ", None), ("1806537600", 1806537600),
                                           (" 1806537600\n", 1806537600), ("0", 0)])
def test_source_date_epoch_reads_seconds(value, seconds):
    env = {} if value is None else {"SOURCE_DATE_EPOCH": value}
    assert source_date_epoch(env) == seconds


@pytest.mark.parametrize("value", ["soon", "1.5", "2027-04-01", "9" * 30])
def test_a_bad_source_date_epoch_is_an_error_not_a_fallback(value):
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH"):
        source_date_epoch({"SOURCE_DATE_EPOCH": value})


def test_build_date_is_the_epoch_else_the_newest_revision_never_the_clock(policy):
    view = redact(policy, "public", as_of=dt.date(2026, 6, 1))
    newest = max(r.date for d in view.documents for r in d.revisions)
    assert build_date(view, {}) == newest
    assert build_epoch(view, {}) == int(dt.datetime(newest.year, newest.month, newest.day, tzinfo=dt.UTC).timestamp())
    assert build_date(view, {"SOURCE_DATE_EPOCH": "1806537600"}) == dt.date(2027, 4, 1)
    assert build_epoch(view, {"SOURCE_DATE_EPOCH": "1806537601"}) == 1806537601  # the seconds, as given
    assert build_date(replace(view, documents=()), {}) == dt.date(1970, 1, 1)


def test_a_bad_source_date_epoch_is_refused_even_with_as_of(tmp_path):
    """The build's date reads it even when --as-of names the view's date: refused before anything is built
    (it used to be ignored by the site and the PDF, and an error only without --as-of)."""
    run = run_cli("--src", str(SRC), "docx", "--all", "--as-of", "2026-06-01", "-o", str(tmp_path / "docx"),
                  env={"SOURCE_DATE_EPOCH": "soon"})
    assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr
    assert "SOURCE_DATE_EPOCH='soon' is not a number of seconds" in run.stderr
    assert not (tmp_path / "docx").exists()
