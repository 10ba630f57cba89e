"""The build's date (作成日): the one date stamped on outputs, and the one reading of ``SOURCE_DATE_EPOCH``.

Same source, same bytes: an output never carries the clock.  Its date is
``SOURCE_DATE_EPOCH`` when the user sets it (reproducible-builds.org), else
the newest revision date in the view it is made from, so every renderer that
gets the same view stamps the same date and nothing needs to pass it along
(the publication boundary used to set the variable for them).

The date a view is taken *as of* when none is given is another date, today
(:func:`toolkit.view.asof.today`): it also follows ``SOURCE_DATE_EPOCH``,
read here.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from toolkit.model import PolicySet

ENV = "SOURCE_DATE_EPOCH"


def source_date_epoch(environ: Mapping[str, str] | None = None) -> int | None:
    """``SOURCE_DATE_EPOCH`` in seconds; None when it is not set (or blank).  ValueError when it is not a
    number of seconds (a build that should be reproducible must not silently fall back to another date)."""
    env = os.environ if environ is None else environ
    value = env.get(ENV, "").strip()
    if not value:
        return None
    try:
        seconds = int(value)
        datetime.datetime.fromtimestamp(seconds, datetime.UTC)
    except (ValueError, OverflowError, OSError):
        raise ValueError(f"{ENV}={value!r} is not a number of seconds") from None
    return seconds


def utc_date(seconds: int) -> datetime.date:
    return datetime.datetime.fromtimestamp(seconds, datetime.UTC).date()


def midnight(day: datetime.date) -> int:
    """The first second (UTC) of ``day``."""
    return int(datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC).timestamp())


def build_epoch(view: PolicySet, environ: Mapping[str, str] | None = None) -> int:
    """The build's time in seconds: ``SOURCE_DATE_EPOCH``, else midnight (UTC) of the newest revision date in
    ``view`` (1970-01-01 when it has none) — never the clock."""
    seconds = source_date_epoch(environ)
    if seconds is not None:
        return seconds
    dates = [r.date for d in view.documents for r in d.revisions]
    return midnight(max(dates) if dates else datetime.date(1970, 1, 1))


def build_date(view: PolicySet, environ: Mapping[str, str] | None = None) -> datetime.date:
    """The build's date (the site's 作成日・更新日): the UTC date of :func:`build_epoch`."""
    return utc_date(build_epoch(view, environ))


__all__ = ["ENV", "build_date", "build_epoch", "midnight", "source_date_epoch", "utc_date"]
