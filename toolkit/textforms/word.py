"""The editable Word file's marks: each clause's hidden bookmark and the style that says "text, not a number".

``policy export --format docx --editable`` writes them; the Word reader
(:mod:`toolkit.source.importer.from_docx`) reads them back.
"""

from __future__ import annotations

import hashlib

BOOKMARK_PREFIX = "_pid_"
# an article's first 項 is printed on the article's line (第3条　本文): its id in a bookmark of its own
FIRST_ITEM_PREFIX = "_pik_"
TEXT_STYLE = "Body Text"  # 本文: a paragraph in this style is text, even when it starts like a number


def bookmark_name(node_id: str) -> str:
    """The hidden bookmark that marks a clause in an editable Word file (names are at most 40 characters)."""
    return BOOKMARK_PREFIX + hashlib.sha256(node_id.encode()).hexdigest()[:16]


def first_item_bookmark(node_id: str) -> str:
    """The bookmark of an article's first 項, which shares the article's paragraph."""
    return FIRST_ITEM_PREFIX + hashlib.sha256(node_id.encode()).hexdigest()[:16]
