"""Word and phrase boundaries (形態素) in Japanese text, with janome.

A blank must cover whole words: 「アクセスすることを［　］が」 (half a phrase
cut out) teaches nothing.  :func:`noun_phrases` gives the noun compounds of
a sentence (「情報セキュリティ対策基準」, 「多要素認証」) as character spans on
token boundaries, so a blank or a change card never cuts a word in half.

janome is pure Python with its dictionary (IPADIC) inside the wheel: no
native build, no download at run time.  The tokenizer takes about a second
to load (mapped: a tenth of that), so it is made once, on first use.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

# Nouns too general to ask about on their own.
GENERIC = frozenset({
    "情報", "こと", "もの", "場合", "ため", "等", "本市", "必要", "以下", "上記", "次", "とき", "これら", "当該",
    "実施", "対策", "確保", "利用", "観点", "状態", "事項", "目的", "全体", "向上", "強化",
})


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@cache
def _tokenizer() -> Any:
    from janome.tokenizer import Tokenizer

    return Tokenizer(mmap=True)  # the dictionary mapped, not unpickled: 0.1 s to load instead of 0.5 s


@lru_cache(maxsize=8192)
def tokens(text: str) -> tuple[tuple[str, str], ...]:
    """(surface, part of speech) of each token (cached: every audience's pool reads the same clauses)."""
    return tuple((t.surface, t.part_of_speech) for t in _tokenizer().tokenize(text))


def boundaries(text: str) -> set[int]:
    """Character offsets where a token starts or ends."""
    out, pos = {0}, 0
    for surface, _pos in tokens(text):
        pos += len(surface)
        out.add(pos)
    return out


def _runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every run of tokens that make up a noun compound (prefixes, suffixes, 等 included)."""
    out: list[tuple[int, int]] = []
    pos, start, inside = 0, 0, False
    for surface, pos_tag in tokens(text):
        joins = _joins(pos_tag) and surface not in ("、", "・")
        if joins and not inside:
            start, inside = pos, True
        elif not joins and inside:
            out.append((start, pos))
            inside = False
        pos += len(surface)
    if inside:
        out.append((start, pos))
    return out


def phrase_boundaries(text: str) -> set[int]:
    """Token boundaries that are not inside a noun compound: 「二要素認証」 is one phrase."""
    inner = {i for a, b in _runs(text) for i in range(a + 1, b)}
    return boundaries(text) - inner


def on_boundaries(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is made of whole tokens."""
    b = boundaries(text)
    return start in b and end in b


def _joins(pos: str) -> bool:
    """Parts of speech that make up a noun compound."""
    kind = pos.split(",")
    if kind[0] == "接頭詞":
        return True
    if kind[0] != "名詞":
        return False
    return kind[1] not in ("非自立", "代名詞", "副詞可能") or kind[1] == "接尾"


@lru_cache(maxsize=8192)
def noun_phrases(text: str) -> tuple[Span, ...]:
    """The noun compounds of ``text`` (runs of nouns, with prefixes and suffixes),
    longest first where they tie on position; generic single words left out.
    Cached as :func:`tokens` is: the deck, the quiz and the change cards ask for the same clauses."""
    out: list[Span] = []
    pos = 0
    run_start = 0
    run: list[str] = []

    def close() -> None:
        nonlocal run
        while run and run[-1] in ("等",):  # 「不正アクセス対策等」: the 等 is not part of the answer
            run.pop()
        phrase = "".join(run)
        if phrase and phrase not in GENERIC and len(phrase) >= 2 and not phrase.isdigit():
            out.append(Span(run_start, run_start + len(phrase), phrase))

    for surface, pos_tag in tokens(text):
        if _joins(pos_tag) and surface not in ("、", "・"):
            if not run:
                run_start = pos
            run.append(surface)
        else:
            close()
            run = []
        pos += len(surface)
    close()
    return tuple(out)


def whole_phrase(text: str, longest: int = 30) -> bool:
    """Whether ``text`` reads as a phrase on its own (「多要素認証」, 「12文字」): short, one
    clause (no 。), opening on no particle and ending on a noun — not a cut fragment
    such as 「…同一の経路で送付しては」 or 「は90日ごとに変更する。また」."""
    if not text.strip() or len(text) > longest or "。" in text:
        return False
    toks = tokens(text)
    return (not toks[0][1].startswith(("助詞", "助動詞")) and toks[-1][1].startswith("名詞")
            and toks[-1][1].split(",")[1] != "非自立")


def key_phrase(text: str, prefer: Collection[str] = (), longest: int = 40,
               common: Collection[str] = ()) -> Span | None:
    """The phrase of ``text`` best worth recalling: a noun phrase shown once in it, of 3 to
    ``longest`` characters; not one of ``common`` (found all over the document: a gap on
    「情報セキュリティ対策」 is answered by habit), one of ``prefer`` (defined terms) first,
    then the longest."""
    phrases = [p for p in noun_phrases(text) if text.count(p.text) == 1 and 3 <= len(p.text) <= longest]
    return min(phrases, key=lambda p: (p.text in common, p.text not in prefer, -len(p.text), p.start), default=None)
