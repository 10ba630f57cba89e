"""Japanese search that finds the right page (検索).

Stock Sphinx indexes Japanese as TinySegmenter pieces (``多要素認証`` → ``多要``
/ ``素認`` / ``証``), splits the query differently in the browser, treats
words under three letters as optional, and puts titles into the result list
as HTML.  This site instead searches *phrases*:

* Index (Python, :class:`.search_index.PhraseJapanese`): every run of letters and digits
  between punctuation of a page's text is indexed whole, after the one
  normalisation both sides share (:func:`normalise`: NFKC, lower case,
  spelling variants to their first form).  :class:`.search_index.BlockPhrases` gives the
  indexer each paragraph and title whole, so a phrase across a link or an
  emphasis is found too.
* Query (browser, ``search_static/searchtools.js``, which replaces Sphinx's): the query is normalised the same
  way and cut only at spaces and punctuation; each piece must occur in the
  page (a substring of one of its phrases), so no letter is dropped and no
  word is optional.  Only when a piece occurs nowhere whole is it cut into
  the longest parts that do occur (情報漏えい → 情報 / 漏えい), each required.
* Display: titles and snippets are set as text, never as HTML; a snippet is
  the paragraph that holds the match, with whole matches highlighted.

This module has no Sphinx in it (the site builder imports it; Sphinx is
imported only when a site is really built); the Sphinx side is
:mod:`.search_index`.  The variant groups reach the browser in ``language_data.js``
(:func:`js_search_data`).  The glossary terms Sphinx's configuration still
passes (``whole_words``) are not needed: phrases hold them whole.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeGuard

if TYPE_CHECKING:
    from toolkit.model import PolicySet

# html_search_options key carrying the variant groups: one group a line, forms separated by TAB
VARIANTS_OPTION = "variants"
# What else the browser's search needs (see :func:`browser_data`): a file of its own in _static/,
# written after Sphinx, so that a change to one clause (new readings) re-indexes one page, not all
BROWSER_DATA = "toolkit-search-data.js"
# Letters read as one (issue 23), applied after NFKC on both sides: 異体字 a reader's IME gives
# for the form the text uses (強靭/強靱, 剥/剝 …), and small katakana as their full-size letters,
# so the common typo セキュリテイ finds セキュリティ.  One letter for one letter (the browser
# maps highlight positions letter by letter).
_ITAIJI = {"靱": "靭", "頰": "頬", "剝": "剥", "𠮟": "叱", "塡": "填", "蠟": "蝋", "醬": "醤", "屛": "屏",
           "幷": "并", "繫": "繋", "鷗": "鴎", "鹼": "鹸", "麵": "麺", "瀆": "涜", "搔": "掻", "噓": "嘘",
           "俠": "侠", "髙": "高", "﨑": "崎", "𠮷": "吉", "德": "徳", "禰": "祢"}
_SMALL_KATAKANA = dict(zip("ァィゥェォッャュョヮヵヶ", "アイウエオツヤユヨワカケ", strict=True))
LETTER_FOLD = {k: v for k, v in {**_ITAIJI, **_SMALL_KATAKANA}.items() if k != v}
_FOLD_TABLE = str.maketrans(LETTER_FOLD)
# Text starting with this private-use letter is a block's whole text (see search_index.BlockPhrases)
BLOCK_MARK = "\ue000"
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


def variants_option(view: PolicySet) -> str:
    """The ``html_search_options`` value carrying the view's variant groups (a change re-indexes).

    Only the groups one of whose forms the view's own text uses: the others cannot change
    what a query finds, and sending them to the browser would publish words the view does
    not hold (a form may be a non-public heading; the leak check would then stop the publish).
    """
    from toolkit.view.visibility import view_texts

    text = "\n".join(_fold(t) for t in view_texts(view))
    return Variants.option(g for g in view.search_variants if any(_fold(f) in text for f in g))


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower().translate(_FOLD_TABLE)


def normalise(text: str, variants: Variants | None = None) -> str:
    """The form index and query share: NFKC (ＬＧＷＡＮ → lgwan), lower case, 異体字 and small
    katakana folded (:data:`LETTER_FOLD`), variants to one form."""
    text = _fold(text)
    return variants.apply(text) if variants else text


def phrases(text: str) -> list[str]:
    """The runs of letters and digits of ``text`` (already normalised), in order."""
    return [p for p in _BREAK_RE.split(text) if p]


_JS = r"""
/* Search data generated by toolkit/render/site/search.py; used by searchtools.js. */
var TOOLKIT_VARIANTS = %(variants)s;
var TOOLKIT_FOLD = %(fold)s;
"""


def _js(value: object) -> str:
    """A JavaScript literal (JSON; ``</`` escaped so no value can end the script)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")


def js_search_data(variants: Variants) -> str:
    """The browser side's data for ``language_data.js``: the variant groups and the letter folds."""
    return _JS.replace("%(variants)s", _js(variants.groups)).replace("%(fold)s", _js(LETTER_FOLD))


def browser_data(view: PolicySet, page_kinds: dict[str, str], cache: Path | None = None) -> str:
    """The script :data:`BROWSER_DATA`: what the browser ranks and reads by:

    * ``page_kinds``: docname → current / past (the search lists current text first);
    * ``readings``: katakana reading → a word of the view's own text (janome), so a query typed
      in hiragana finds the word (きょういくいいんかい → 教育委員会);
    * ``withheld``: each document the view withholds that has a public list of topics
      (``site: withheld_topics``), so a query for one says the rules are not published.
    """
    withheld = [{"name": d.public_name, "page": f"{d.id}/index", "topics": list(topics)}
                for d in view.documents if d.withheld
                for doc_id, topics in view.site.withheld_topics if doc_id == d.id and topics]
    return ("/* Search data generated by toolkit/render/site/search.py; used by searchtools.js. */\n"
            f"var TOOLKIT_PAGE_KINDS = {_js(page_kinds)};\nvar TOOLKIT_READINGS = {_js(readings(view, cache))};\n"
            f"var TOOLKIT_WITHHELD = {_js(withheld)};\n")


_KANJI = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def readings(view: PolicySet, cache: Path | None = None) -> dict[str, str]:
    """Katakana reading → the view's word with that reading (nouns with a kanji, the most frequent
    word where two share a reading).  Only the view's own words: nothing it does not show.

    ``cache``: a file (in the private work folder) keeping each text's noun runs between builds,
    so only changed texts are read by janome again (it takes seconds for a whole policy).
    """
    from collections import Counter

    from toolkit.view.visibility import view_texts

    Runs = list[list[list[str]]]  # noqa: N806 - a local type alias
    known: dict[str, Runs] = {}
    if cache is not None and cache.is_file():
        try:
            loaded = json.loads(cache.read_text(encoding="utf-8"))
            known = loaded if isinstance(loaded, dict) else {}
        except (OSError, ValueError):
            known = {}  # a damaged cache is read again from the texts
    counts: dict[str, Counter[str]] = {}
    used: dict[str, Runs] = {}
    for text in sorted(set(view_texts(view))):
        key = hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
        cached = known.get(key)
        runs = cached if _valid_runs(cached) else _noun_runs(text)
        used[key] = runs
        for run in runs:
            words = [(w[0], w[1]) for w in run]
            if len(words) > 1:  # a noun compound (教育 + 委員 + 会): its words and the whole
                words.append(("".join(w for w, _r in words), "".join(r for _w, r in words)))
            for surface, reading in words:
                if len(surface) > 1 and _KANJI.search(surface):
                    counts.setdefault(reading, Counter())[surface] += 1
    if cache is not None and used != known:
        cache.write_text(json.dumps(used, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    return {r: max(c.items(), key=lambda kv: (kv[1], kv[0]))[0] for r, c in sorted(counts.items())}


def _valid_runs(runs: object) -> TypeGuard[list[list[list[str]]]]:
    """A cache entry as :func:`_noun_runs` writes it (anything else is read again from the text)."""
    return isinstance(runs, list) and all(
        isinstance(run, list) and all(isinstance(w, list) and len(w) == 2 and all(isinstance(x, str) for x in w)
                                      for w in run) for run in runs)


def _noun_runs(text: str) -> list[list[list[str]]]:
    """The runs of consecutive nouns of ``text`` with a reading, each noun as [surface, reading]."""
    return [[list(w) for w in run] for run in _noun_runs_of(text)]


@functools.lru_cache(maxsize=50_000)
def _noun_runs_of(text: str) -> tuple[tuple[tuple[str, str], ...], ...]:
    """:func:`_noun_runs` kept per process (a second build in one process reads few new texts)."""
    runs: list[tuple[tuple[str, str], ...]] = []
    run: list[tuple[str, str]] = []
    for t in [*_tokenizer().tokenize(text), None]:
        if t is not None and t.part_of_speech.startswith("名詞") and t.reading not in ("*", ""):
            run.append((t.surface, t.reading))
            continue
        if run:
            runs.append(tuple(run))
        run = []
    return tuple(runs)


@functools.cache
def _tokenizer():  # type: ignore[no-untyped-def]
    from janome.tokenizer import Tokenizer  # about a second to load: only when a site is built

    return Tokenizer()
