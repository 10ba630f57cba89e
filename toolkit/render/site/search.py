"""Japanese search that finds the right page (検索).

Stock Sphinx indexes Japanese as TinySegmenter pieces (``多要素認証`` → ``多要``
/ ``素認`` / ``証``), splits the query differently in the browser, treats
words under three letters as optional, and puts titles into the result list
as HTML.  This site instead searches *phrases*:

* Index (Python, :class:`PhraseJapanese`): every run of letters and digits
  between punctuation of a page's text is indexed whole, after the one
  normalisation both sides share (:func:`normalise`: NFKC, lower case,
  spelling variants to their first form).  :class:`BlockPhrases` gives the
  indexer each paragraph and title whole, so a phrase across a link or an
  emphasis is found too.
* Query (browser, ``search_static/searchtools.js``, which replaces Sphinx's): the query is normalised the same
  way and cut only at spaces and punctuation; each piece must occur in the
  page (a substring of one of its phrases), so no letter is dropped and no
  word is optional.  Only when a piece occurs nowhere whole is it cut into
  the longest parts that do occur (情報漏えい → 情報 / 漏えい), each required.
* Display: titles and snippets are set as text, never as HTML; a snippet is
  the paragraph that holds the match, with whole matches highlighted.

The variant groups reach the browser in ``language_data.js``
(:func:`js_search_data`).  The glossary terms Sphinx's configuration still
passes (``whole_words``) are not needed: phrases hold them whole.
"""

from __future__ import annotations

import html as html_lib
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.search.ja import SearchJapanese
from sphinx.transforms import SphinxTransform

from toolkit.render.site.pages import WHOLE_WORDS_OPTION

# searchtools.js in place of Sphinx's: a static folder of its own, so a site built with the
# theme alone (the stock-search comparisons in tests and bench) keeps Sphinx's search
STATIC = Path(__file__).resolve().parent / "search_static"

# html_search_options key carrying the variant groups: one group a line, forms separated by TAB
VARIANTS_OPTION = "variants"
# Text starting with this private-use letter is a block's whole text (see BlockPhrases)
_BLOCK_MARK = "\ue000"
# Where a phrase ends: anything that is not a letter or a digit (the browser's
# /[^\p{Letter}\p{Number}]+/u: Python's \w is the same categories plus "_")
_BREAK_RE = re.compile(r"(?:[^\w]|_)+")


class Variants:
    """Spelling variants (表記ゆれ) read as one word: each form becomes its group's first form.

    Applied to the index and to the query alike; the longest form wins where
    forms overlap, in one left-to-right pass (as the browser does).
    """

    def __init__(self, groups: Iterable[Sequence[str]] = ()) -> None:
        self.groups = [[_fold(f) for f in g] for g in groups if len(g) > 1]
        self.canonical = {form: g[0] for g in self.groups for form in g}
        forms = sorted(self.canonical, key=lambda f: (-len(f), f))
        self._re = re.compile("|".join(map(re.escape, forms))) if forms else None

    def apply(self, text: str) -> str:
        if self._re is None:
            return text
        return self._re.sub(lambda m: self.canonical[m.group(0)], text)

    @classmethod
    def from_option(cls, value: str) -> Variants:
        return cls(line.split("\t") for line in value.split("\n") if line)

    @staticmethod
    def option(groups: Iterable[Sequence[str]]) -> str:
        """``html_search_options`` value for ``groups`` (a config change re-indexes every page)."""
        return "\n".join("\t".join(g) for g in groups)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def normalise(text: str, variants: Variants | None = None) -> str:
    """The form index and query share: NFKC (ＬＧＷＡＮ → lgwan), lower case, variants to one form."""
    text = _fold(text)
    return variants.apply(text) if variants else text


def phrases(text: str) -> list[str]:
    """The runs of letters and digits of ``text`` (already normalised), in order."""
    return [p for p in _BREAK_RE.split(text) if p]


class PhraseJapanese(SearchJapanese):
    """Japanese search language that indexes whole phrases (see the module docstring)."""

    def init(self, options: dict[str, str]) -> None:
        # the base class builds a TinySegmenter; it is not used for the index
        super().init({k: v for k, v in options.items() if k not in (WHOLE_WORDS_OPTION, VARIANTS_OPTION)})
        self.variants = Variants.from_option(options.get(VARIANTS_OPTION, ""))
        self.js_splitter_code = js_search_data(self.variants)

    def split(self, input: str) -> list[str]:
        if input.startswith(_BLOCK_MARK):
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
            self.document += search_phrases("", nodes.Text(_BLOCK_MARK + text))


def _ancestors(node: nodes.Node) -> Iterable[nodes.Node]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


_JS = r"""
/* Search data generated by toolkit/render/site/search.py; used by searchtools.js. */
var TOOLKIT_VARIANTS = %(variants)s;
"""


def js_search_data(variants: Variants) -> str:
    """The browser side's data for ``language_data.js``: the variant groups (JSON)."""
    return _JS.replace("%(variants)s", json.dumps(variants.groups, ensure_ascii=False))


def _static_path(app: Any, config: Any) -> None:
    if str(STATIC) not in config.html_static_path:
        config.html_static_path.append(str(STATIC))  # last: its searchtools.js wins over Sphinx's


def setup_search(app: Any) -> None:
    """Register the language, the block transform and the browser side (called by :mod:`.ext`)."""
    app.add_search_language(PhraseJapanese)
    app.add_node(search_phrases, html=(_skip, None))
    app.add_transform(BlockPhrases)
    app.connect("config-inited", _static_path, priority=600)  # after the theme's paths (500)
