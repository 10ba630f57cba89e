"""Japanese search that finds what a citizen types (検索).

Sphinx indexes Japanese with TinySegmenter (``無害化通信`` → ``無害`` / ``化`` /
``通信``) but splits the *query* in the browser only at punctuation, so a
compound typed whole matches no index word (upstream sphinx#13395).  This
module fixes both sides, consistently:

* Index (Python): :class:`GlossaryJapanese` keeps every glossary term whole —
  the segmenter's pieces are indexed as well, so partial queries still work —
  after NFKC normalisation (全角英数 → 半角).
* Query (browser): :func:`js_splitter` emits a ``splitQuery`` that NFKC-normalises,
  takes the same glossary terms whole, cuts the rest into the longest words
  the page index actually holds, and segments anything left with the same
  TinySegmenter model the indexer used (its tables are copied from Sphinx's
  Python splitter here, so the two cannot drift apart).

The glossary terms reach the language through ``html_search_options``
(``{"whole_words": "term\\nterm…"}``), so a change of terms is a config change
and Sphinx re-indexes every page.
"""

from __future__ import annotations

import json
import unicodedata

from sphinx.search.ja import DefaultSplitter, SearchJapanese

from toolkit.render.site.pages import WHOLE_WORDS_OPTION


def normalise(text: str) -> str:
    """The form both index and query use: NFKC (ＬＧＷＡＮ → LGWAN)."""
    return unicodedata.normalize("NFKC", text)


def whole_words(words: list[str]) -> list[str]:
    """Distinct normalised words of two or more letters, longest first."""
    return sorted({normalise(w) for w in words if len(w) > 1}, key=lambda w: (-len(w), w))


class FastSegmenter(DefaultSplitter):
    """Sphinx's TinySegmenter with the same weights and the same output, about 3× faster.

    The stock splitter calls a method and up to six regexes per feature and
    character; indexing 3,000 Japanese clauses spent most of the build there.
    Here character types are cached and the weight tables are read with
    ``dict.get`` on local names.  ``tests/test_site_search.py`` checks the output
    is identical to ``DefaultSplitter.split``.
    """

    def __init__(self, options: dict[str, str] | None = None) -> None:
        super().__init__(options or {})
        self._ctypes: dict[str, str] = {}

    def _ctype(self, char: str) -> str:
        t = self._ctypes.get(char)
        if t is None:
            t = self._ctypes[char] = self.ctype_(char)
        return t

    def split(self, input: str) -> list[str]:
        if not input:
            return []
        result: list[str] = []
        seg = ["B3", "B2", "B1", *input, "E1", "E2", "E3"]
        ctype = ["O", "O", "O", *map(self._ctype, input), "O", "O", "O"]
        word = seg[3]
        p1 = p2 = p3 = "U"
        bias = self.BIAS__
        up1, up2, up3 = self.UP1__.get, self.UP2__.get, self.UP3__.get
        bp1, bp2 = self.BP1__.get, self.BP2__.get
        uw1, uw2, uw3, uw4, uw5, uw6 = (self.UW1__.get, self.UW2__.get, self.UW3__.get, self.UW4__.get,
                                        self.UW5__.get, self.UW6__.get)
        bw1, bw2, bw3 = self.BW1__.get, self.BW2__.get, self.BW3__.get
        tw1, tw2, tw3, tw4 = self.TW1__.get, self.TW2__.get, self.TW3__.get, self.TW4__.get
        uc1, uc2, uc3, uc4, uc5, uc6 = (self.UC1__.get, self.UC2__.get, self.UC3__.get, self.UC4__.get,
                                        self.UC5__.get, self.UC6__.get)
        bc1, bc2, bc3 = self.BC1__.get, self.BC2__.get, self.BC3__.get
        tc1, tc2, tc3, tc4 = self.TC1__.get, self.TC2__.get, self.TC3__.get, self.TC4__.get
        uq1, uq2 = self.UQ1__.get, self.UQ2__.get
        bq1, bq2, bq3, bq4 = self.BQ1__.get, self.BQ2__.get, self.BQ3__.get, self.BQ4__.get
        tq1, tq2, tq3, tq4 = self.TQ1__.get, self.TQ2__.get, self.TQ3__.get, self.TQ4__.get
        for i in range(4, len(seg) - 3):
            w1, w2, w3, w4, w5, w6 = seg[i - 3], seg[i - 2], seg[i - 1], seg[i], seg[i + 1], seg[i + 2]
            c1, c2, c3, c4, c5, c6 = ctype[i - 3], ctype[i - 2], ctype[i - 1], ctype[i], ctype[i + 1], ctype[i + 2]
            score = (bias + up1(p1, 0) + up2(p2, 0) + up3(p3, 0) + bp1(p1 + p2, 0) + bp2(p2 + p3, 0)
                     + uw1(w1, 0) + uw2(w2, 0) + uw3(w3, 0) + uw4(w4, 0) + uw5(w5, 0) + uw6(w6, 0)
                     + bw1(w2 + w3, 0) + bw2(w3 + w4, 0) + bw3(w4 + w5, 0)
                     + tw1(w1 + w2 + w3, 0) + tw2(w2 + w3 + w4, 0) + tw3(w3 + w4 + w5, 0) + tw4(w4 + w5 + w6, 0)
                     + uc1(c1, 0) + uc2(c2, 0) + uc3(c3, 0) + uc4(c4, 0) + uc5(c5, 0) + uc6(c6, 0)
                     + bc1(c2 + c3, 0) + bc2(c3 + c4, 0) + bc3(c4 + c5, 0)
                     + tc1(c1 + c2 + c3, 0) + tc2(c2 + c3 + c4, 0) + tc3(c3 + c4 + c5, 0) + tc4(c4 + c5 + c6, 0)
                     # UQ1 for p3 + c3 as in Sphinx's port (the indexer and the browser must agree)
                     + uq1(p1 + c1, 0) + uq2(p2 + c2, 0) + uq1(p3 + c3, 0)
                     + bq1(p2 + c2 + c3, 0) + bq2(p2 + c3 + c4, 0) + bq3(p3 + c2 + c3, 0) + bq4(p3 + c3 + c4, 0)
                     + tq1(p2 + c1 + c2 + c3, 0) + tq2(p2 + c2 + c3 + c4, 0)
                     + tq3(p3 + c1 + c2 + c3, 0) + tq4(p3 + c2 + c3 + c4, 0))
            p = "O"
            if score > 0:
                result.append(word.strip())
                word = ""
                p = "B"
            p1, p2, p3 = p2, p3, p
            word += seg[i]
        result.append(word.strip())
        return result


class GlossaryJapanese(SearchJapanese):
    """Japanese search language whose splitter keeps glossary terms whole."""

    def init(self, options: dict[str, str]) -> None:
        words = [w for w in options.get(WHOLE_WORDS_OPTION, "").split("\n") if w]
        rest = {k: v for k, v in options.items() if k != WHOLE_WORDS_OPTION}
        super().init(rest)
        if "type" not in rest:  # the default splitter, made fast; a configured one is kept
            self.splitter = FastSegmenter(rest)
        self.whole = [(w, w.lower()) for w in whole_words(words)]
        self.js_splitter_code = js_splitter(words)

    def split(self, input: str) -> list[str]:
        text = normalise(input)
        words = self.splitter.split(text)
        if self.whole:
            # every term the text contains, overlapping ones too: マイナンバー利用事務系(個人番号利用事務系)
            # holds 個人番号利用事務系, which a reader may type alone
            lower = text.lower()
            words += [w for w, lw in self.whole if lw in lower]
        return words


def _tinysegmenter_model() -> dict[str, object]:
    """TinySegmenter's weights exactly as Sphinx's Python indexer uses them."""
    model: dict[str, object] = {}
    for name in dir(DefaultSplitter):
        if name.endswith("__") and not name.startswith("__"):
            model[name[:-2]] = getattr(DefaultSplitter, name)
    return model


_JS = r"""
/* Japanese query splitter generated by toolkit/render/site/search.py (see sphinx#13395). */
var TOOLKIT_WHOLE_WORDS = %(words)s;
var TOOLKIT_TS = %(model)s;
var TOOLKIT_CTYPES = [
  [/[一二三四五六七八九十百千万億兆]/, "M"], [/[一-龠々〆ヵヶ]/, "H"], [/[ぁ-ん]/, "I"],
  [/[ァ-ヴーｱ-ﾝﾞｰ]/, "K"], [/[a-zA-Zａ-ｚＡ-Ｚ]/, "A"], [/[0-9０-９]/, "N"]];

function toolkitCtype(ch) {
  for (const [re, t] of TOOLKIT_CTYPES) if (re.test(ch)) return t;
  return "O";
}

/* A port of sphinx.search.ja.DefaultSplitter.split (same features, same weights). */
function toolkitSegment(input) {
  if (!input) return [];
  const m = TOOLKIT_TS, ts = (d, k) => (Object.prototype.hasOwnProperty.call(d, k) ? d[k] : 0);
  const chars = Array.from(input);
  const seg = ["B3", "B2", "B1", ...chars, "E1", "E2", "E3"];
  const ctype = ["O", "O", "O", ...chars.map(toolkitCtype), "O", "O", "O"];
  const result = [];
  let word = seg[3], p1 = "U", p2 = "U", p3 = "U";
  for (let i = 4; i < seg.length - 3; i++) {
    let score = m.BIAS;
    const w1 = seg[i-3], w2 = seg[i-2], w3 = seg[i-1], w4 = seg[i], w5 = seg[i+1], w6 = seg[i+2];
    const c1 = ctype[i-3], c2 = ctype[i-2], c3 = ctype[i-1], c4 = ctype[i], c5 = ctype[i+1], c6 = ctype[i+2];
    score += ts(m.UP1, p1) + ts(m.UP2, p2) + ts(m.UP3, p3) + ts(m.BP1, p1 + p2) + ts(m.BP2, p2 + p3);
    score += ts(m.UW1, w1) + ts(m.UW2, w2) + ts(m.UW3, w3) + ts(m.UW4, w4) + ts(m.UW5, w5) + ts(m.UW6, w6);
    score += ts(m.BW1, w2 + w3) + ts(m.BW2, w3 + w4) + ts(m.BW3, w4 + w5);
    score += ts(m.TW1, w1 + w2 + w3) + ts(m.TW2, w2 + w3 + w4) + ts(m.TW3, w3 + w4 + w5) + ts(m.TW4, w4 + w5 + w6);
    score += ts(m.UC1, c1) + ts(m.UC2, c2) + ts(m.UC3, c3) + ts(m.UC4, c4) + ts(m.UC5, c5) + ts(m.UC6, c6);
    score += ts(m.BC1, c2 + c3) + ts(m.BC2, c3 + c4) + ts(m.BC3, c4 + c5);
    score += ts(m.TC1, c1 + c2 + c3) + ts(m.TC2, c2 + c3 + c4) + ts(m.TC3, c3 + c4 + c5) + ts(m.TC4, c4 + c5 + c6);
    score += ts(m.UQ1, p1 + c1) + ts(m.UQ2, p2 + c2) + ts(m.UQ1, p3 + c3);
    score += ts(m.BQ1, p2 + c2 + c3) + ts(m.BQ2, p2 + c3 + c4) + ts(m.BQ3, p3 + c2 + c3) + ts(m.BQ4, p3 + c3 + c4);
    score += ts(m.TQ1, p2 + c1 + c2 + c3) + ts(m.TQ2, p2 + c2 + c3 + c4);
    score += ts(m.TQ3, p3 + c1 + c2 + c3) + ts(m.TQ4, p3 + c2 + c3 + c4);
    let p = "O";
    if (score > 0) { result.push(word.trim()); word = ""; p = "B"; }
    p1 = p2; p2 = p3; p3 = p;
    word += seg[i];
  }
  result.push(word.trim());
  return result;
}

/* Words of the loaded index, to cut a compound into words the pages really hold. */
function toolkitKnown(word) {
  const index = (typeof Search !== "undefined") ? Search._index : null;
  if (!index) return false;
  const has = Object.prototype.hasOwnProperty;
  return has.call(index.terms, word) || has.call(index.titleterms, word);
}

function toolkitSplitChunk(chunk) {
  const lower = chunk.toLowerCase(), chars = Array.from(lower), out = [];
  let rest = "";
  const flush = () => { if (rest) out.push(...toolkitSegment(rest)); rest = ""; };
  for (let i = 0; i < chars.length;) {
    let found = 0;
    for (let j = chars.length; j >= i + 2; j--) {
      if (toolkitKnown(chars.slice(i, j).join(""))) { found = j; break; }
    }
    if (found) { flush(); out.push(chars.slice(i, found).join("")); i = found; }
    else { rest += chars[i]; i++; }
  }
  flush();
  return out;
}

var TOOLKIT_WHOLE_RE = TOOLKIT_WHOLE_WORDS.length ? new RegExp(
  TOOLKIT_WHOLE_WORDS.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "giu") : null;

var splitQuery = (query) => {
  const words = [];
  /* glossary terms first: whole, longest first, case-insensitively */
  let text = query.normalize("NFKC");
  if (TOOLKIT_WHOLE_RE) text = text.replace(TOOLKIT_WHOLE_RE, (m) => { words.push(m); return " "; });
  for (const chunk of text.split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu)) {
    if (chunk) words.push(...toolkitSplitChunk(chunk));
  }
  /* one-letter pieces are not indexed (word_filter), so they must not be required */
  const kept = words.filter((w) => w && Array.from(w).length > 1);
  return kept.length ? kept : words.filter((w) => w);
};
"""


def js_splitter(words: list[str]) -> str:
    """The browser side: ``splitQuery`` for ``language_data.js``."""
    whole = whole_words(words)
    model = json.dumps(_tinysegmenter_model(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return _JS.replace("%(words)s", json.dumps(whole, ensure_ascii=False)).replace("%(model)s", model)
