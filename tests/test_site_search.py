"""The Japanese search fix, Python side (the browser side is proven in test_browser_site.py)."""

from __future__ import annotations

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from sphinx.search.ja import DefaultSplitter

from toolkit.render.site.pages import WHOLE_WORDS_OPTION
from toolkit.render.site.search import FastSegmenter, GlossaryJapanese, _tinysegmenter_model, js_splitter

STOCK = DefaultSplitter({})
FAST = FastSegmenter()


def test_fast_segmenter_matches_sphinx_on_the_policy_text(policy):
    texts = [t for d in policy.documents for r in d.revisions for n in r.walk() for t in (*n.text, n.heading or "")]
    assert len(texts) > 200
    for t in texts:
        assert FAST.split(t) == STOCK.split(t), t


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="あいうのをアイウーｱﾝ情報系一二十ＡＢab12１２、。（）() ・\n", max_size=40))
def test_fast_segmenter_matches_sphinx_on_any_text(text):
    assert FAST.split(text) == STOCK.split(text)


def test_glossary_terms_are_indexed_whole_with_their_pieces():
    lang = GlossaryJapanese({WHOLE_WORDS_OPTION: "無害化通信\nマイナンバー利用事務系(個人番号利用事務系)\n"
                                                 "個人番号利用事務系\nLGWAN接続系"})
    words = lang.split("両システム間で通信する場合には、無害化通信を実施する。")
    assert "無害化通信" in words
    assert set(STOCK.split("両システム間で通信する場合には、無害化通信を実施する。")) <= set(words)
    # an alias inside the whole term is indexed too; full-width input is normalised (NFKC)
    words = lang.split("マイナンバー利用事務系（個人番号利用事務系）をいう。ＬＧＷＡＮ接続系")
    assert {"マイナンバー利用事務系(個人番号利用事務系)", "個人番号利用事務系", "LGWAN接続系"} <= set(words)


def test_browser_splitter_carries_the_same_model_and_words():
    code = js_splitter(["無害化通信", "機密性", "x"])
    words = json.loads(re.search(r"var TOOLKIT_WHOLE_WORDS = (.*);", code).group(1))
    assert words == ["無害化通信", "機密性"]  # one letter words are never indexed
    model = json.loads(re.search(r"var TOOLKIT_TS = (.*);", code).group(1))
    assert model == json.loads(json.dumps(_tinysegmenter_model()))
    assert "var splitQuery" in code
