"""Page furniture the ``boilerplate`` rule does not know: share buttons, page ids, print links, skip links.

Real municipal pages carry 「ページID:11940」, 「ページ番号 C1009755 更新日 令和5年3月31日」,
「記事番号:0024584」, 「印刷ページ表示 大きい文字で印刷 …」, 「このページの情報をツイッターでツイートできます」,
「メニューを飛ばして本文へ」, 「Topへ」, 「あしあと」, 「現在位置」.  Whole lines only, before the first
section; each is dropped and quoted in the report (``--report``), as boilerplate is.
"""

from __future__ import annotations

import re

from toolkit.source.importer.state import Block, State

PATTERNS = [re.compile(p) for p in (
    r"^(?:ページ(?:ID|番号)|記事番号|ID)[：:\s\u3000]*[A-Za-z]?[0-9]+(?:[\s\u3000]+更新日.*)?$",
    r"^印刷(?:用)?ページ表示.*$",
    r"^.*(?:メニューを飛ばして本文へ|本文へ移動する|共通メニューなどをスキップして本文へ)$",
    r"^このページの情報を.*(?:ツイート|シェア|送る).*$",
    r"^(?:Topへ|TOPへ|あしあと|現在位置|現在地[\s\u3000]*.*[>＞].*|ナビゲーションスキップメニュー|"
    r"スマートフォン表示用の情報をスキップ|ページの先頭です。?)$",
    r"^(?:総合トップ[\s\u3000]*)?(?:ホーム|トップ)[\s\u3000]*[>＞].*$",
    r"^[(（\[]?[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日(?:更新)?[)）\]]?$",
    r"^\[[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日\]$",
    r"^(?:本文|PDF版|ダウンロードファイル|Adobe[\s\u3000]*Reader[\s\u3000]*の入手)$",
    r"^PDFファイルの閲覧には.*Adobe.*$",
)]
_ANY = re.compile("|".join(f"(?:{p.pattern})" for p in PATTERNS))


def is_furniture(text: str) -> bool:
    return _ANY.match(text.strip().lstrip("•・*- ").strip()) is not None


def run(state: State) -> None:
    out: list[Block] = []
    front = True
    for b in state.blocks:
        if front and is_furniture(b.text):  # 「1. 本文へ移動する」: a skip link, even numbered
            state.decided("dropped", b.line, b.source, "page furniture")
            continue
        front = front and b.marker is None
        out.append(b)
    state.blocks = out
