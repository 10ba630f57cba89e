"""The Sphinx extension the generated ``conf.py`` loads.

The site's look (:mod:`.theme`) plus the Japanese search fix
(:class:`~toolkit.render.site.search.GlossaryJapanese`).  It decides nothing
about visibility: it only styles and indexes what the sources hold.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from toolkit.render.site.search import GlossaryJapanese


class ExplicitIdsFirst(SphinxTransform):
    """Give a section the id of its label (``basic-policy-threats``), not one made from its title.

    docutils puts the first id on the element and the rest on empty spans; a
    title with Latin letters (「LGWAN接続系」) would otherwise put ``lgwan`` first.
    """

    default_priority = 700  # after targets are propagated onto their sections

    def apply(self, **kwargs: Any) -> None:
        doc = self.document
        explicit = {doc.nameids.get(name) for name, is_explicit in doc.nametypes.items() if is_explicit}
        for section in doc.findall(nodes.section):
            ids = section["ids"]
            section["ids"] = [i for i in ids if i in explicit] + [i for i in ids if i not in explicit]


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("toolkit.render.site.theme")
    app.add_search_language(GlossaryJapanese)
    app.add_transform(ExplicitIdsFirst)
    return {"version": "1", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
