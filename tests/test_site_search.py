"""The search index side (Python): phrases, normalisation, variants.

The browser side is tested in chromium (test_search_queries.py, test_search_xss.py).
"""

from __future__ import annotations

import json
import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.render.site.search import (
    BLOCK_MARK,
    VARIANTS_OPTION,
    Variants,
    js_search_data,
    normalise,
    phrases,
)
from toolkit.render.site.search_index import PhraseJapanese

TEXT = st.text(alphabet="あいうのをアイウーｱﾝ情報系一二十漏洩えいＡＢab12１２、。（）()・ _-\n<>&", max_size=60)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_phrases_never_drop_a_letter(text):
    norm = normalise(text)
    letters = "".join(c for c in norm if c.isalnum())
    assert "".join(phrases(norm)) == letters
    assert all(p and all(c.isalnum() for c in p) for p in phrases(norm))


def test_compounds_stay_whole():
    lang = PhraseJapanese({})
    # (small katakana are read as full-size letters: セキュリティ is indexed as セキユリテイ, issue 23)
    assert lang.split("情報セキュリティ委員会を設置する。") == ["情報セキユリテイ委員会を設置する"]
    assert "端末への多要素認証の導入等により" in lang.split("端末への多要素認証の導入等により、住民情報の流出を防ぐ。")
    # full-width letters and brackets are normalised (NFKC), upper case folded
    assert lang.split("マイナンバー利用事務系（個人番号利用事務系）ＬＧＷＡＮ") == [
        "マイナンバー利用事務系", "個人番号利用事務系", "lgwan"]
    # a block's whole text (BlockPhrases) is split the same way
    assert lang.split(BLOCK_MARK + "情報資産の機密性、完全性") == ["情報資産の機密性", "完全性"]
    # nothing is filtered out: a single kanji or two kana can be all a reader types
    assert lang.word_filter("鍵") and lang.word_filter("いる")


def test_variants_map_every_form_to_the_first():
    v = Variants([["漏えい", "漏洩"], ["ソーシャルメディア", "SNS"], ["個人番号", "マイナンバー"]])
    assert v.apply(normalise("情報漏洩")) == "情報漏えい"
    assert normalise("ＳＮＳの利用", v) == "ソーシヤルメデイアの利用"  # small katakana folded (issue 23)
    assert normalise("マイナンバー利用事務系", v) == "個人番号利用事務系"
    lang = PhraseJapanese({VARIANTS_OPTION: Variants.option([["漏えい", "漏洩"]])})
    assert lang.split("外部に漏洩し") == ["外部に漏えいし"]


def test_longest_form_wins():
    v = Variants([["電子メール", "eメール", "メール"], ["メールアドレス", "アドレス"]])
    assert normalise("メールアドレスを", v) == "メールアドレスを"
    assert normalise("eメールで送る", v) == "電子メールで送る"


def test_browser_data_carries_the_normalised_groups():
    code = js_search_data(Variants([["ソーシャルメディア", "ＳＮＳ"]]))
    groups = json.loads(re.search(r"var TOOLKIT_VARIANTS = (.*);", code).group(1))
    assert groups == [["ソーシヤルメデイア", "sns"]]


def test_letters_people_type_for_the_texts_letters_are_one():
    """Issue 23: the IME's 強靭 for the text's 強靱 (異体字), セキュリテイ for セキュリティ (small
    katakana typed full size) — index and query fold them alike, and the browser gets the table."""
    assert normalise("強靭性") == normalise("強靱性")
    assert normalise("セキュリテイ") == normalise("セキュリティ") == normalise("ｾｷｭﾘﾃｨ")
    assert normalise("頰") == normalise("頬") and normalise("剝離") == normalise("剥離")
    assert normalise("強化") != normalise("強靱")  # folding is letter for letter, nothing else merges
    code = js_search_data(Variants([]))
    fold = json.loads(re.search(r"var TOOLKIT_FOLD = (.*);", code).group(1))
    assert fold["靱"] == "靭" and fold["ィ"] == "イ" and all(len(k) == len(v) == 1 for k, v in fold.items())


def test_normalise_is_nfkc_and_lower_case():
    for text in ("ＬＧＷＡＮ接続系", "ｱｸｾｽ", "①②", "（１）"):
        assert normalise(text) == unicodedata.normalize("NFKC", text).lower()


def test_readings_are_the_views_own_words_and_the_cache_changes_nothing(policy, tmp_path):
    """Issue 23: a query in hiragana finds the word by its reading (janome); the table holds only
    words the view shows, and the work folder's cache gives the same table (a damaged one too)."""
    from toolkit.render.site.search import readings
    from toolkit.view.redact import redact
    from toolkit.view.visibility import view_texts

    public, staff = redact(policy, "public"), redact(policy, "staff")
    table = readings(public)
    assert table["キョウイクイインカイ"] == "教育委員会" and table["キョウジン"] == "強靱"
    shown = "\n".join(view_texts(public))
    assert all(word in shown for word in table.values())
    assert "兼務" in readings(staff).values() and "兼務" not in table.values()  # a 対策基準 word
    cache = tmp_path / "readings.json"
    assert readings(public, cache) == table and cache.is_file()
    assert readings(public, cache) == table  # from the cache
    cache.write_text('{"x": [[["<script>", 1]]], "y": ', encoding="utf-8")
    assert readings(public, cache) == table
