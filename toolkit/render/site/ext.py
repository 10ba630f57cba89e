"""The Sphinx extension the generated ``conf.py`` loads.

The site's look and markup (:mod:`.theme`) plus the Japanese search fix
(:mod:`toolkit.render.site.search`).  It decides nothing
about visibility: it only styles and indexes what the sources hold.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from toolkit.render.site.search_index import setup_search


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("toolkit.render.site.theme")
    setup_search(app)
    return {"version": "1", "env_version": 2, "parallel_read_safe": True, "parallel_write_safe": True}
