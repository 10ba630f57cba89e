"""Editing a document's revision ledger (改定履歴, ``document.yaml``) in place.

Used by ``policy revise`` / ``adopt`` / ``drop-draft``: a ruamel.yaml round
trip keeps every comment and the layout; only the entry concerned changes.
Writes are atomic per file, and :func:`apply` puts every file back when the
source no longer loads afterwards, so a refused change leaves nothing behind.
"""

from __future__ import annotations

import datetime as _dt
import io
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from toolkit.errors import Location, Problem, SourceError
from toolkit.files import atomic_write

# the order keys are written in (an entry's existing keys keep their place)
ENTRY_KEYS = ("id", "date", "history_only", "status", "adopted", "adopted_by", "reference", "declassified", "kind",
              "provenance", "summary", "instrument")


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap long Japanese lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _edit(text: str, file: str, change: Callable[[list], None]) -> str:
    yaml = _yaml()
    data = yaml.load(text)
    revisions = data.get("revisions") if isinstance(data, dict) else None
    if revisions is None or not isinstance(revisions, list):
        raise SourceError([Problem(Location(file), "no 'revisions:' list in the ledger",
                                   "revisions: with one entry per revision")])
    change(revisions)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _item(entry: Mapping[str, Any]) -> CommentedMap:
    item = CommentedMap()
    for key in ENTRY_KEYS:
        if entry.get(key) is not None:
            item[key] = entry[key]
    return item


def insert_by_date(revisions: list, entry: Mapping[str, Any]) -> CommentedMap:
    """Insert ``entry`` into a loaded ``revisions:`` list before the first entry dated after it
    (the ledger is oldest first); its keys in :data:`ENTRY_KEYS` order.  Returns the new item."""
    item = _item(entry)
    date = _dt.date.fromisoformat(str(entry["date"]))
    at = next((i for i, e in enumerate(revisions)
               if isinstance(e, dict) and _dt.date.fromisoformat(str(e.get("date"))) > date), len(revisions))
    revisions.insert(at, item)
    return item


def append_entry(text: str, file: str, entry: Mapping[str, Any]) -> str:
    """``document.yaml`` text with ``entry`` appended to ``revisions:`` (comments and layout kept)."""
    def change(revisions: list) -> None:
        revisions.append(_item(entry))

    return _edit(text, file, change)


def _find(revisions: list, file: str, rev_id: str) -> int:
    for i, item in enumerate(revisions):
        if isinstance(item, dict) and item.get("id") == rev_id:
            return i
    raise SourceError([Problem(Location(file), f"no ledger entry for revision {rev_id!r}",
                               "an entry '- id: ...' under 'revisions:'")])


def update_entry(text: str, file: str, rev_id: str, values: Mapping[str, Any]) -> str:
    """``document.yaml`` text with the entry of ``rev_id`` given ``values`` (None removes a key).

    New keys go in :data:`ENTRY_KEYS` order after the keys that precede them.
    """
    def change(revisions: list) -> None:
        item = revisions[_find(revisions, file, rev_id)]
        for key, value in values.items():
            if value is None:
                item.pop(key, None)
            elif key in item:
                item[key] = value
            else:
                before = ENTRY_KEYS[: ENTRY_KEYS.index(key)]
                pos = max((i + 1 for i, k in enumerate(item) if k in before), default=len(item))
                item.insert(pos, key, value)

    return _edit(text, file, change)


def remove_entry(text: str, file: str, rev_id: str) -> str:
    """``document.yaml`` text without the entry of ``rev_id``."""
    def change(revisions: list) -> None:
        del revisions[_find(revisions, file, rev_id)]

    return _edit(text, file, change)


def apply(changes: Mapping[Path, str | None], verify: Callable[[], object]) -> None:
    """Write (text) or delete (None) each file, then ``verify()``; on any error every
    file is put back as it was and the error raised."""
    before = {p: (p.read_text(encoding="utf-8") if p.is_file() else None) for p in changes}
    try:
        for path, text in changes.items():
            if text is None:
                path.unlink(missing_ok=True)
            else:
                atomic_write(path, text)
        verify()
    except BaseException:
        for path, text in before.items():
            if text is None:
                path.unlink(missing_ok=True)
            else:
                atomic_write(path, text)
        raise
