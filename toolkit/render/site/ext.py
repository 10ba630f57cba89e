"""The Sphinx extension the generated ``conf.py`` loads.

The site's look and markup (:mod:`.theme`) plus the Japanese search fix
(:mod:`toolkit.render.site.search`).  It decides nothing
about visibility: it only styles and indexes what the sources hold.

It also decides which pages are stale from their content, not from clocks:
Sphinx re-reads a page when its file is newer than the time it last read it,
so after a build made with the clock ahead a changed page would be kept as it
was (issue 17).  The digest of every page read is kept in the environment,
and a page whose text differs from it is read again whatever the mtimes say.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from jinja2.bccache import Bucket, BytecodeCache
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from toolkit.render.site import memo
from toolkit.render.site.search_index import setup_search

_DIGESTS = "toolkit_source_digests"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def _digests(env: BuildEnvironment) -> dict[str, str]:
    if not hasattr(env, _DIGESTS):
        setattr(env, _DIGESTS, {})
    found: dict[str, str] = getattr(env, _DIGESTS)
    return found


def _read(app: Sphinx, docname: str, source: list[str]) -> None:
    """Remember what the page said when it was read (before any other handler changes it)."""
    try:
        raw = app.env.doc2path(docname).read_text(encoding="utf-8")
    except OSError:
        return
    _digests(app.env)[docname] = _digest(raw)


def _outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
              removed: set[str]) -> Iterable[str]:
    """Every page whose text is not the text last read (or that was never read with a digest); every page
    when a page was added or removed or a page with a table of contents changed, since each page's
    前へ / 次へ links and menu come from the tables of contents (incremental must equal clean)."""
    digests = _digests(env)
    stale = []
    for docname in env.found_docs - added - changed:
        try:
            text = env.doc2path(docname).read_text(encoding="utf-8")
        except OSError:
            stale.append(docname)
            continue
        if digests.get(docname) != _digest(text):
            stale.append(docname)
    if added or removed or any(env.toctree_includes.get(d) for d in (*changed, *stale)):
        return sorted(env.found_docs)
    return stale


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _digests(env).pop(docname, None)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: Iterable[str], other: BuildEnvironment) -> None:
    theirs = _digests(other)
    ours = _digests(env)
    for docname in docnames:
        if docname in theirs:
            ours[docname] = theirs[docname]


class _CompiledTemplates(BytecodeCache):
    """The page templates compiled once per process (jinja checks each against its source):
    a site build compiles them anew otherwise, a tenth of a publish run in a process that
    publishes more than once."""

    def __init__(self) -> None:
        self._code = memo.TEMPLATES  # kept where a process that never imports Sphinx can keep them too

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


def _share_compiled_templates(app: Sphinx) -> None:
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is not None and environment.bytecode_cache is None:
        environment.bytecode_cache = _COMPILED


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("toolkit.render.site.theme")
    app.connect("builder-inited", _share_compiled_templates)
    setup_search(app)
    app.connect("source-read", _read, priority=100)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    return {"version": "1", "env_version": 3, "parallel_read_safe": True, "parallel_write_safe": True}
