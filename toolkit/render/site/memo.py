"""What a process keeps between site builds: the sites it built, and the templates its build children compiled.

Sites, by build stamp: a fresh work folder gets Sphinx's output again without Sphinx.

The build stamp (:func:`toolkit.render.site.build.build_stamp`) digests every generated source and
the renderer's code, and equal stamps mean equal output (builds are reproducible).  A process that
builds the same site into a second, empty work folder — the test suite does it hundreds of times,
a future long-running caller would too — is given the files of the first build, kept here in
memory: private to the process, and taken only from a build into an empty work folder (every page
Sphinx's own), so nothing edited in a work folder can come back from it.  A work folder with a build
of its own is never touched; Sphinx updates it as before.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from pathlib import Path

ENTRIES = 8  # sites kept, the least recently used dropped first
MAX_BYTES = 64 << 20  # a bigger site is not kept

_sites: OrderedDict[str, dict[str, bytes]] = OrderedDict()
# The page templates compiled in this process, by jinja's key (toolkit.render.site.ext keeps them here).
# A build child sends its own to its parent: a child dies with what it compiled, and jinja would compile
# the templates anew in each child forked after it.
TEMPLATES: dict[str, bytes] = {}


def keep(stamp: str, html: Path) -> None:
    """Remember the finished output folder ``html`` of the build with ``stamp``."""
    files: dict[str, bytes] = {}
    size = 0
    for root, dirs, names in os.walk(html):
        dirs.sort()
        for name in sorted(names):
            path = Path(root, name)
            if path.is_symlink() or not path.is_file():
                return  # Sphinx writes plain files only; anything else is not ours to repeat
            data = path.read_bytes()
            size += len(data)
            if size > MAX_BYTES:
                return
            files[path.relative_to(html).as_posix()] = data
    _sites[stamp] = files
    _sites.move_to_end(stamp)
    while len(_sites) > ENTRIES:
        _sites.popitem(last=False)


def restore(stamp: str, html: Path) -> bool:
    """Write the output of the build with ``stamp`` into ``html`` (which must not exist); False if not kept."""
    files = _sites.get(stamp)
    if files is None or html.exists() or html.is_symlink():
        return False
    _sites.move_to_end(stamp)
    for rel, data in files.items():
        target = html / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return True


def forget() -> None:
    """Drop every kept site (tests that must see Sphinx run)."""
    _sites.clear()
