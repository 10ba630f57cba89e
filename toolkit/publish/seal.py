"""A keyed seal (HMAC-SHA-256) on the records a publish keeps in its work folder.

The work folder (``build/.work/AUDIENCE``) remembers what the last publish
left there (``work-digests.json``), what it published (``published.json``)
and which files the leak check found clean (``leakcheck-clean.json``).  Each
record lets a publish reuse files instead of building them, so anyone who can
write ``build/`` could edit a page *and* its digest there and have the edited
page published, then vouched for by ``policy verify``.  The records are
therefore sealed with a key kept outside ``build/``, in the user's state
folder (:func:`state_dir`), made on first use.  A record whose seal does not
match, or any record when the key cannot be read or made, is not trusted:
the publish builds from cold instead.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path
from typing import Any

STATE_ENV = "POLICY_STATE_DIR"
KEY_FILE = "work-seal.key"


def state_dir() -> Path:
    """``$POLICY_STATE_DIR``, else ``$XDG_STATE_HOME/chikuma-policy``, else ``~/.local/state/chikuma-policy``."""
    given = os.environ.get(STATE_ENV)
    if given:
        return Path(given)
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(base) / "chikuma-policy"


def _key() -> bytes | None:
    """The seal key (made on first use, readable by the user only); None when it cannot be had, or when it
    would lie inside ``build/`` (where the records it seals live)."""
    from toolkit.publish.fs import BUILD

    folder = state_dir()
    if Path(os.path.realpath(folder)).is_relative_to(BUILD.resolve()):
        return None
    path = folder / KEY_FILE
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        with contextlib.suppress(FileExistsError):
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
            with os.fdopen(fd, "w", encoding="ascii") as fh:
                fh.write(secrets.token_hex(32) + "\n")
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(fd, "r", encoding="ascii") as fh:
            key = bytes.fromhex(fh.read().strip())
    except (OSError, ValueError):
        return None
    return key if len(key) >= 32 else None


def _mac(key: bytes, body: str) -> str:
    return hmac.new(key, body.encode("utf-8"), hashlib.sha256).hexdigest()


def sealed(record: Any) -> str | None:
    """``record`` as JSON with its seal; None when there is no key (then nothing is worth writing)."""
    key = _key()
    if key is None:
        return None
    body = json.dumps(record, sort_keys=True, ensure_ascii=False)
    return json.dumps({"record": body, "seal": _mac(key, body)}, ensure_ascii=False)


def write_sealed(path: Path, record: Any) -> None:
    """Write ``record`` sealed into ``path`` (atomically); without a key, remove ``path`` (an unsealed record is
    never trusted anyway)."""
    from toolkit.publish.fs import atomic_write

    text = sealed(record)
    if text is None:
        path.unlink(missing_ok=True)
    else:
        atomic_write(path, text)


def unsealed(path: Path) -> Any:
    """The record in ``path`` if its seal is right; None when it is missing, unreadable or not sealed by this key."""
    key = _key()
    if key is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("record"), str) or not isinstance(data.get("seal"), str):
        return None
    if not hmac.compare_digest(data["seal"], _mac(key, data["record"])):
        return None
    try:
        return json.loads(data["record"])
    except ValueError:
        return None


__all__ = ["KEY_FILE", "STATE_ENV", "sealed", "state_dir", "unsealed", "write_sealed"]
