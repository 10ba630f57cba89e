"""The Sphinx extension the generated ``conf.py`` loads.

It adds the site's templates and CSS to the built-in ``basic`` theme and
replaces the Japanese search language with :class:`GlossaryJapanese`.
It decides nothing about visibility: it only styles what the sources hold.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from toolkit.render.site.search import GlossaryJapanese

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"


def _paths(app: Sphinx, config: Config) -> None:
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path.insert(0, str(TEMPLATES))
    if str(STATIC) not in config.html_static_path:
        config.html_static_path.insert(0, str(STATIC))


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_search_language(GlossaryJapanese)
    app.connect("config-inited", _paths)
    return {"version": "1", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
