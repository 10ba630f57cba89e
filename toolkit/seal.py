"""A keyed seal (HMAC-SHA-256) on what the toolkit keeps in ``build/`` and reuses: the work folder's records,
and the cache of parsed source files.

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

from toolkit.files import atomic_write

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
    global _cached
    if _cached is not None:
        return _cached or None
    folder = state_dir()
    if Path(os.path.realpath(folder)).is_relative_to(Path("build").resolve()):
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
    _cached = key if len(key) >= 32 else b""
    return _cached or None


_cached: bytes | None = None  # the key, once read (b"": unusable)


def _mac(key: bytes, body: str) -> str:
    return hmac.new(key, body.encode("utf-8"), hashlib.sha256).hexdigest()


def seal_bytes(data: bytes, context: str) -> bytes | None:
    """``data`` with its 32-byte seal in front (bound to ``context``, e.g. the entry's name); None without a key."""
    key = _key()
    return None if key is None else hmac.new(key, context.encode() + b"\0" + data, hashlib.sha256).digest() + data


def unseal_bytes(sealed_data: bytes, context: str) -> bytes | None:
    """The data :func:`seal_bytes` sealed, if its seal is right for ``context``; else None."""
    key = _key()
    if key is None or len(sealed_data) < 32:
        return None
    mac, data = sealed_data[:32], sealed_data[32:]
    good = hmac.new(key, context.encode() + b"\0" + data, hashlib.sha256).digest()
    return data if hmac.compare_digest(mac, good) else None


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


__all__ = ["KEY_FILE", "STATE_ENV", "seal_bytes", "sealed", "state_dir", "unseal_bytes", "unsealed", "write_sealed"]
