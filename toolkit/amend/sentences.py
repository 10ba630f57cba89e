"""The 改正規定 as sentences: the operations of :mod:`toolkit.amend.operations` in the manuals' words.

Rules (ワークブック法制執務 as the municipal manuals quote it):

* one sentence per unit; an action that had to wait for another (a renumbering) joins its sentence,
  so a chain reads 「第11条を削り、第12条を第11条とし、第13条を第12条とする。」;
* a sentence ends where a provision is added or rewritten with a body (the body follows it);
* edits of one provision are chained: 「「A」を「B」に、「C」を「D」に改め、「E」を削り、…」;
* the provision just named is 同条 / 同項 (「第3条第1項中…改め、同条第2項中…」, 「…改め、同条を第4条とする」),
  and so is the one holding it (「同項第4号中…加え、同項中第5号を第6号とし」, 伊勢崎市);
* a sentence added at the end: 「第3条に後段として次のように加える。」, 「第3条に次のただし書を加える。」;
* 項・号 inserted: 「第2条中第3号を第4号とし、第2号の次に次の1号を加える。」, before the first 「…同項に第1号として
  次の1号を加える。」; 号の細分 by their kana: 「第3条第2項中ウをエとし、イの次に次のように加える。」, after the last
  「第3条第2項に次のように加える。」;
* the same edits of provisions amended one after the other, nothing else: 「第8条及び第9条中「A」を「B」に
  改める。」, 「第3条第1項及び第2項、第4条第2項並びに第20条中…」; never across a provision amended otherwise;
* four or more consecutive articles renumbered alike with nothing else: the first named, the rest as a
  range 「第4条から第6条までを2条ずつ繰り下げる」.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from toolkit.amend.operations import Action, Op
from toolkit.amend.quote import DELETE, INSERT_AFTER, INSERT_BEFORE, REPLACE
from toolkit.model.numbering import number

RANGE_MIN = 4  # consecutive plain renumberings written as a range (the first of them named alone)
_CITE = re.compile(r"第\d+[条章節](?:の\d+)?|第\d+項|第\d+号|[^第]+|第.+")
_ARTICLE = re.compile(r"^第(\d+)条$")
_KANJI = "〇一二三四五六七八九"


@dataclass(frozen=True)
class Sentence:
    """One sentence of the 改正規定, and the provisions it brings (printed lines)."""

    text: str
    body: tuple[str, ...] = ()


def write(actions: list[Action], *, counter: str = "条") -> list[Sentence]:
    """The sentences of the 改正規定 (``counter``: 条 for articles; '' for sections cited by number)."""
    out: list[Sentence] = []
    phrases: list[str] = []
    last: list[str] = []  # the citation parts named last in this sentence

    def close(body: tuple[str, ...] = ()) -> None:
        nonlocal phrases, last
        if phrases:
            out.append(Sentence(_finish("、".join(phrases)), body))
        phrases, last = [], []

    for a in _joined(_ranged(actions)):
        if not a.waited:
            close()
        for op in a.ops:
            cite = _relative(op.cite, last)
            phrases.append(_phrase(op, cite, counter))
            last = _parts(op.cite)
            if op.body:
                close(op.body)
    close()
    return out


def _parts(cite: str) -> list[str]:
    return _CITE.findall(cite)


def _relative(cite: str, last: list[str]) -> str:
    """同条 / 同項 / 同号 for the provision just named: the deepest level the two citations share
    (「第4条第2号ア中…改め、同号イ中…」, 「第2条第1項第3号中…改め、同項第4号中…」)."""
    parts = _parts(cite)
    if not last or not parts or not _ARTICLE.match(parts[0]) or parts[0] != last[0]:
        return cite
    if len(parts) > 1 and parts == last[:len(parts)]:  # the 項 holding the 号 just named: 「同項中第5号を…」
        return "同" + parts[-1][-1]
    shared = 1  # leading parts the two share; at least one of ``cite``'s own is left to name
    while shared < min(len(parts) - 1, len(last)) and parts[shared] == last[shared]:
        shared += 1
    for k in range(shared - 1, 0, -1):
        if parts[k].endswith(("項", "号")):
            return "同" + parts[k][-1] + "".join(parts[k + 1:])
    return "同条" + "".join(parts[1:])


def _phrase(op: Op, cite: str, counter: str) -> str:
    if op.kind == "edit":
        where = f"{cite}の{op.part}中" if op.part else f"{cite}中"
        return where + _edits(op)
    if op.kind == "rewrite":
        return f"{cite}を次のように改め"
    if op.kind == "delete":
        return f"{cite}を削り"
    if op.kind == "rename":
        return f"{cite}を{op.to}とし"
    if op.kind == "range":
        return op.cite
    if op.kind == "append":
        return f"{cite}に次の{op.count}{op.part}を加え" if op.part else f"{cite}に次のように加え"
    if op.kind == "insert" and not op.part:  # 号の細分: 「第3条第2項中ウをエとし、イの次に次のように加え」
        moves = [f"{number('ア', n)}を{number('ア', n + op.count)}とし" for n in op.shifted]
        return f"{cite}中" + "、".join([*moves, f"{number('ア', op.after)}の次に次のように加え"])
    if op.kind == "sentence":
        return f"{cite}に後段として次のように加え" if op.part == "後段" else f"{cite}に次の{op.part}を加え"
    if op.kind == "insert":
        c = op.part
        where = (f"第{op.after}{c}の次に" if op.after else f"同{_parts(op.cite)[-1][-1]}に第1{c}として") + \
            f"次の{op.count}{c}を加え"
        return f"{cite}中" + "、".join([*_moved(op.shifted, op.count, c), where])
    if op.kind == "add":
        where = "の前に" if op.before else "に" if op.into else "の次に"
        what = f"次の{op.count}{counter}" if counter else "次のよう"
        return f"{cite}{where}{what}を加え" if counter else f"{cite}{where}次のように加え"
    raise ValueError(op.kind)


def _moved(numbers: tuple[int, ...], by: int, counter: str) -> list[str]:
    """The later 項・号 moved up, from the back: each named (「第5号を第6号とし」), or from RANGE_MIN on the
    first named and the rest as a range (「第4号を第5号とし、第1号から第3号までを1号ずつ繰り下げ」, 北九州市)."""
    first, rest = [f"第{numbers[0]}{counter}を第{numbers[0] + by}{counter}とし"], numbers[1:]
    if len(numbers) >= RANGE_MIN:
        return first + [f"第{rest[-1]}{counter}から第{rest[0]}{counter}までを{by}{counter}ずつ繰り下げ"]
    return first + [f"第{n}{counter}を第{n + by}{counter}とし" for n in rest]


def _edits(op: Op) -> str:
    out: list[str] = []
    run: list[str] = []
    for e in op.edits:
        if e.kind == REPLACE:
            run.append(f"「{e.old}」を「{e.new}」に")
            continue
        if run:
            out.append("、".join(run) + "改め")
            run = []
        if e.kind == DELETE:
            out.append(f"「{e.old}」を削り")
        elif e.kind == INSERT_AFTER:
            out.append(f"「{e.old}」の下に「{e.new}」を加え")
        elif e.kind == INSERT_BEFORE:
            out.append(f"「{e.old}」の上に「{e.new}」を加え")
    if run:
        out.append("、".join(run) + "改め")
    return "、".join(out)


_ENDINGS = (("改め", "改める"), ("削り", "削る"), ("加え", "加える"), ("とし", "とする"), ("繰り下げ", "繰り下げる"),
            ("繰り上げ", "繰り上げる"))


def _finish(text: str) -> str:
    for stem, end in _ENDINGS:
        if text.endswith(stem):
            return text[: -len(stem)] + end + "。"
    raise ValueError(f"unfinished sentence: {text}")


def _ranged(actions: list[Action]) -> list[Action]:
    """Rule ``range``: a run of RANGE_MIN or more plain renumberings by the same count, done one after the
    other in one sentence: the first stays, the rest become 「第4条から第6条までを2条ずつ繰り下げ」."""
    out: list[Action] = []
    i = 0
    while i < len(actions):
        j = i
        while j < len(actions) and _shift(actions[j]) is not None and (j == i or (
                actions[j].waited and _shift(actions[j]) == _shift(actions[i]))):
            j += 1
        run = actions[i:j]
        if len(run) >= RANGE_MIN:
            nums = sorted(int(_ARTICLE.match(a.ops[0].cite).group(1)) for a in run[1:])  # type: ignore[union-attr]
            if nums == list(range(nums[0], nums[-1] + 1)):
                d = _shift(run[0]) or 0
                verb = "繰り下げ" if d > 0 else "繰り上げ"
                text = f"第{nums[0]}条から第{nums[-1]}条までを{abs(d)}条ずつ{verb}"
                out += [run[0], Action([Op("range", text)], waited=True)]
                i = j
                continue
        out += run if run else [actions[i]]
        i = max(j, i + 1)
    return out


def _joined(actions: list[Action]) -> list[Action]:
    """Rule ``joined``: provisions amended one after the other (nothing else amended between them, so the
    amendments stay in document order) with the same edits of their text and nothing else become one
    phrase: 「第8条及び第9条中…」, 「第1条及び第2条第1項中…」 (北九州市), 「第3条第1項及び第2項、第4条第2項、
    第13条第1項第1号並びに第20条中…」 (伊勢崎市).  A provision between them with other amendments keeps them
    apart: 「第3条中…改める。」「第5条中…改める。」「第7条中…改める。」."""
    out: list[tuple[Action, list[str]]] = []
    for a in actions:
        same = _same_edits(a)
        if same is not None and out and not a.waited and _same_edits(out[-1][0]) == same:
            out[-1][1].extend(op.cite for op in a.ops)
        else:
            out.append((a, [op.cite for op in a.ops] if same is not None else []))
    return [Action([Op("edit", _listed(cites), a.ops[0].edits)], waited=a.waited) if len(cites) > 1 else a
            for a, cites in out]


def _same_edits(a: Action) -> tuple | None:
    """The edits, when every op of ``a`` makes these same edits in the text of an article or one of its
    項・号 (no 見出し, nothing moved); else None."""
    if not a.ops or any(op.kind != "edit" or op.part or op.edits != a.ops[0].edits for op in a.ops):
        return None
    for op in a.ops:
        parts = _parts(op.cite)
        if not parts or not _ARTICLE.match(parts[0]) or not all(re.fullmatch(r"第\d+[項号]", x) for x in parts[1:]):
            return None
    return a.ops[0].edits


def _listed(cites: list[str]) -> str:
    """「第3条第1項及び第2項、第4条第2項並びに第20条」: the provisions of one article together (the article
    named once), joined by 及び; the articles by 及び, or by 並びに when a group already has its 及び."""
    groups: list[list[list[str]]] = []
    for cite in cites:
        parts = _parts(cite)
        if groups and groups[-1][0][0] == parts[0]:
            groups[-1].append(parts)
        else:
            groups.append([parts])
    named = []
    for g in groups:
        first = g[0]
        rest = []
        for parts in g[1:]:
            k = 1
            while k < len(parts) - 1 and k < len(first) and parts[k] == first[k]:
                k += 1
            rest.append("".join(parts[k:]))
        named.append(_and(["".join(first), *rest], "及び"))
    return _and(named, "並びに" if any(len(g) > 1 for g in groups) else "及び")


def _and(items: list[str], conj: str) -> str:
    return items[0] if len(items) == 1 else "、".join(items[:-1]) + conj + items[-1]


def _shift(a: Action) -> int | None:
    """How far a plain renumbering of an article moves it (None: not one)."""
    if len(a.ops) != 1 or a.ops[0].kind != "rename":
        return None
    m, n = _ARTICLE.match(a.ops[0].cite), _ARTICLE.match(a.ops[0].to)
    return int(n.group(1)) - int(m.group(1)) if m and n else None


def kanji_numerals(text: str) -> str:
    """第12条 → 第十二条: the 縦書き option (numbers in citations and counts only)."""
    def kanji(n: int) -> str:
        if n < 10:
            return _KANJI[n]
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else kanji(tens)) + "十" + (_KANJI[ones] if ones else "")

    return re.sub(r"(?<=[第次の])(\d+)(?=[条項号章節])|(\d+)(?=[条項号]ずつ)|(?<=[条章節]の)(\d+)",
                  lambda m: kanji(int(m.group(0))) if int(m.group(0)) < 100 else m.group(0), text)
