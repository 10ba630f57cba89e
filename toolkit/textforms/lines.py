"""Lines that are not clause text: the 策定 / 改定 date lines and the 目次 heading.

The importer's ``dates`` and ``toc`` rules read them; the exports escape a paragraph that would read
as one (:func:`is_date_line`, :func:`is_toc_heading`).
"""

from __future__ import annotations

import re

from toolkit.model.wareki import ERA_NAMES

_ERA = f"(?:{ERA_NAMES})"  # the one era table
DATE = rf"{_ERA}\s*(?:元|[0-9０-９]+)\s*年\s*[0-9０-９]+\s*月\s*[0-9０-９]+\s*日|[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}"
DATE_LINE = re.compile(rf"^\s*(?P<date>{DATE})\s*(?P<kind>.*?)\s*$")
# 改正　令和5年4月1日 (the kind first)
KIND_FIRST = re.compile(rf"^\s*(?P<kind>制定|策定|改正|改定|一部改正|全部改正|全面改定|施行)[\s\u3000]*"
                        rf"(?P<date>{DATE})\s*(?P<rest>.*?)\s*$")


def is_date_line(text: str) -> bool:
    return DATE_LINE.match(text) is not None or KIND_FIRST.match(text) is not None


_TOC = re.compile(r"^目[\s\u3000]*次$")


def is_toc_heading(text: str) -> bool:
    return _TOC.match(text.strip()) is not None
