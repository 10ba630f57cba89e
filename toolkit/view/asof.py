"""The date a view is taken "as of" (基準日) when none is given.

Kept out of :mod:`toolkit.view.redact` so that a command can name its date
without importing the model.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping


def build_date(environ: Mapping[str, str] | None = None) -> datetime.date:
    """The (UTC) date of ``SOURCE_DATE_EPOCH`` when it is set (reproducible builds), else today."""
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise ValueError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds") from None
    return datetime.date.today()


def parse_as_of(value: str | None, environ: Mapping[str, str] | None = None) -> datetime.date:
    """``--as-of YYYY-MM-DD`` as a date; None → :func:`build_date`.  ValueError with a message."""
    if value is None:
        return build_date(environ)
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"--as-of {value!r} is not a date") from None
