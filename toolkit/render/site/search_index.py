"""The search index, Sphinx side: the phrase language, the block transform, the browser script.

See :mod:`.search` for what is indexed and how the browser searches it.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.search.ja import SearchJapanese
from sphinx.transforms import SphinxTransform

from toolkit.render.site.glossary import WHOLE_WORDS_OPTION
from toolkit.render.site.search import (
    BLOCK_MARK,
    VARIANTS_OPTION,
    Variants,
    js_search_data,
    normalise,
    phrases,
)

# searchtools.js in place of Sphinx's: a static folder of its own, so a site built with the
# theme alone (the stock-search comparisons in tests and bench) keeps Sphinx's search
STATIC = Path(__file__).resolve().parent / "search_static"


class PhraseJapanese(SearchJapanese):
    """Japanese search language that indexes whole phrases (see the module docstring)."""

    def init(self, options: dict[str, str]) -> None:
        # the base class builds a TinySegmenter; it is not used for the index
        super().init({k: v for k, v in options.items() if k not in (WHOLE_WORDS_OPTION, VARIANTS_OPTION)})
        self.variants = Variants.from_option(options.get(VARIANTS_OPTION, ""))
        self.js_splitter_code = js_search_data(self.variants)

    def split(self, input: str) -> list[str]:
        if input.startswith(BLOCK_MARK):
            input = input[1:]
        return phrases(normalise(input, self.variants))

    def word_filter(self, word: str) -> bool:
        # every phrase is kept: a single kanji (鍵) or two kana can be the whole of what a reader types
        return bool(word)


class search_phrases(nodes.Element):  # noqa: N801 - docutils names node classes in lower case
    """The whole text of each block of a page, for the indexer only (never written out)."""


def _skip(translator: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


_TAG_RE = re.compile(r"<[^<]+?>")
_BLOCK_END_RE = re.compile(r"</(?:p|li|dt|dd|td|th|tr|h[1-6]|div|caption|pre|blockquote)\s*>", re.IGNORECASE)
_SCRIPT_RE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


class BlockPhrases(SphinxTransform):
    """Append a :class:`search_phrases` node holding every paragraph and title whole.

    Sphinx feeds the indexer one text node at a time, so 「情報資産の機密性」
    with 機密性 linked to the glossary would be two phrases; the block text
    keeps it one.  The node renders as nothing.
    """

    default_priority = 1000  # after Sphinx drops the messages below the report level (999)

    def apply(self, **kwargs: Any) -> None:
        if self.app.builder.format != "html":
            return
        texts = []
        for node in self.document.findall(nodes.TextElement):
            if isinstance(node, nodes.raw):
                if "html" in node.get("format", "").split():  # an extra page's fragment: one block per element
                    html = _BLOCK_END_RE.sub("\n", _SCRIPT_RE.sub("", node.astext()))
                    texts += html_lib.unescape(_TAG_RE.sub("", html)).split("\n")
                continue
            if isinstance(node, nodes.Invisible):  # comments, targets, substitution definitions
                continue
            ancestors = list(_ancestors(node))
            if any(isinstance(a, (nodes.TextElement, nodes.system_message, nodes.Invisible)) for a in ancestors):
                continue  # inside a block already taken whole, or a message to the author
            if any("no-search" in a.get("classes", ()) for a in ancestors if isinstance(a, nodes.Element)):
                continue
            texts.append(node.astext())
        text = "\n".join(t for t in (" ".join(t.split()) for t in texts) if t)
        if text:
            self.document += search_phrases("", nodes.Text(BLOCK_MARK + text))


def _ancestors(node: nodes.Node) -> Iterable[nodes.Node]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _static_path(app: Any, config: Any) -> None:
    if str(STATIC) not in config.html_static_path:
        config.html_static_path.append(str(STATIC))  # last: its searchtools.js wins over Sphinx's


def _drop_pruned_words(app: Any) -> list[Any]:
    """Words no page holds any more: an incremental build keeps them as ``"word": []`` (Sphinx prunes the
    pages, not the words), so the index would differ from a clean build's and remember removed text."""
    indexer = getattr(app.builder, "indexer", None)
    if indexer is not None:
        for mapping in (indexer._mapping, indexer._title_mapping):
            for word in [w for w, docs in mapping.items() if not docs]:
                del mapping[word]
    return []  # an html-collect-pages handler: no page of its own (it runs before the index is written)


def setup_search(app: Any) -> None:
    """Register the language, the block transform and the browser side (called by :mod:`.ext`)."""
    app.add_search_language(PhraseJapanese)
    app.add_node(search_phrases, html=(_skip, None))
    app.add_transform(BlockPhrases)
    app.connect("config-inited", _static_path, priority=600)  # after the theme's paths (500)
    app.connect("html-collect-pages", _drop_pruned_words)
    app.add_js_file("toolkit-highlight.js")  # every page: the words a search result opened with
