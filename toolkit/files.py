"""Writing one file whole or not at all (原子的な書き込み): the one atomic write of the toolkit.

Every file the toolkit writes in place (a revision file and its ledger, an import, a 新旧対照表 given with
``-o``, an export, the work folder's records, the revision cache) goes through :func:`atomic_write`: a
temporary file beside the target (same file system), then one rename, so a reader or a kill sees the old
file or the new one, never half of one.  Files written into a staging folder need none: the folder is
swapped in as a whole (``toolkit.publish.publish_checked``), so they are written plainly.

Neutral on purpose: the source layer, the renderers and the publication boundary all use it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _umask() -> int:
    """The process's umask (read by setting it and putting it back: the only portable way)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: Path, data: bytes | str, *, private: bool = False) -> None:
    """Write ``path`` (text as UTF-8, line ends as given) whole or not at all; the folder must exist.

    The temporary file ``.NAME.tmp-XXXXXXXX`` is made with ``O_EXCL`` (a link planted beside the target is
    never followed) and removed on any failure, leaving the previous ``path`` as it was.  The file gets the
    permissions of any new file (0666 less the umask: a published file must be readable by whoever the
    umask lets read it); ``private`` keeps it the owner's only (0600: a cache of non-public text).
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.tmp-", dir=path.parent)  # mkstemp makes 0600
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
        if not private:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


__all__ = ["atomic_write"]
