"""Sphinx extension: the site's templates and CSS on top of the built-in ``basic`` theme.

Loaded by :mod:`.ext`; on its own it gives the look without the search fix
(the browser test builds such a site to show what stock search misses).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"


def _paths(app: Sphinx, config: Config) -> None:
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path.insert(0, str(TEMPLATES))
    if str(STATIC) not in config.html_static_path:
        config.html_static_path.insert(0, str(STATIC))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _paths)
    return {"version": "1", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
