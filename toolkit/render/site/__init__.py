"""The public and internal web sites (Sphinx), rendered from a redacted view.

``render_site(view, out_dir, work_dir, extra_pages=…, downloads=…)`` is the
whole interface: :mod:`toolkit.publish` redacts, calls it into a temporary
folder, leak-checks and swaps.  See :mod:`.pages` for the page producers,
:mod:`.naming` for the page map and :mod:`.search` for the Japanese search fix.
"""

from toolkit.render.site.build import render_site
from toolkit.render.site.page import ExtraPage

__all__ = ["ExtraPage", "render_site"]
