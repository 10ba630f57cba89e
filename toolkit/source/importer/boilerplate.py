"""Web-page and 例規集 boilerplate is dropped, and quoted verbatim in the report.

A city web page or a saved 例規集 page carries lines that are not the policy:
「ここから本文です。」, 「更新日：2024年4月1日」, 「ページの先頭へ戻る」, 「印刷する」,
breadcrumbs (「ホーム > 市政情報 > …」), 「このページに関するお問い合わせ」 and the
contact block after it.  Only whole lines matching these patterns are dropped,
outside numbered clauses' text; each is listed in the report so a person can
check in a minute that nothing of the policy went with them.
"""

from __future__ import annotations

import re

from toolkit.source.importer.state import Block, State

PATTERNS = [re.compile(p) for p in (
    r"^ここから(?:本文|メインコンテンツ)(?:です)?。?$",
    r"^本文(?:ここまで|へ|へ移動|を読む)(?:です)?。?$",
    r"^(?:ページの(?:先頭|トップ)へ(?:戻る)?|このページの先頭へ|先頭に戻る|トップに戻る)$",
    r"^(?:更新日|掲載日|公開日|最終更新日)[：:\s\u3000]*\S*$",
    r"^(?:印刷(?:する|用ページ)?|文字サイズ.*|背景色.*|ふりがな.*|読み上げ.*|Foreign Language|English)$",
    r"^(?:ホーム|トップページ|TOP|Home)\s*[>＞»›].*$",
    r"^(?:このページに関するお問い合わせ|お問い合わせ(?:先)?|このページの情報は役に立ちましたか[？?]?)$",
    r"^(?:PDF|Adobe)\S*.*(?:Acrobat|Reader).*$",
    r"^(?:サイトマップ|サイト内検索|メニュー|閉じる|検索)$",
)]


_ANY = re.compile("|".join(f"(?:{p.pattern})" for p in PATTERNS))


def is_boilerplate(text: str) -> bool:
    return _ANY.match(text.strip()) is not None


def run(state: State) -> None:
    out: list[Block] = []
    for b in state.blocks:
        if b.marker is None and b.kind in ("para", "heading") and is_boilerplate(b.text):
            state.decided("dropped", b.line, b.source, "web-page boilerplate")
            continue
        out.append(b)
    state.blocks = out
