"""The date a view is taken "as of" (基準日) when none is given.

Kept out of :mod:`toolkit.view.redact` so that a command can name its date
without importing the model.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from toolkit.dates import source_date_epoch, utc_date


def today(environ: Mapping[str, str] | None = None) -> datetime.date:
    """The (UTC) date of ``SOURCE_DATE_EPOCH`` when it is set (reproducible builds), else today.

    Not the build's date stamped on outputs (:func:`toolkit.dates.build_date`, never the clock)."""
    seconds = source_date_epoch(environ)
    return datetime.date.today() if seconds is None else utc_date(seconds)


def parse_as_of(value: str | None, environ: Mapping[str, str] | None = None) -> datetime.date:
    """``--as-of YYYY-MM-DD`` as a date; None → :func:`today`.  ValueError with a message."""
    if value is None:
        return today(environ)
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"--as-of {value!r} is not a date") from None
