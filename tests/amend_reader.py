"""An independent reader of 改め文: applies the operations an amending instrument's text names to the
printed old text (例規集 lines) and gives the printed new text.

It shares no code with the generator (toolkit.amend): it reads only the instrument's text, as a
person applying it would, so the round trip (tests/test_amend_roundtrip.py) checks what the sentences
say, not what the generator meant.  It understands the forms the manuals give: 「<cite>中「A」を「B」に
改める」 (chained, 削る, の下に／の上に…加える), 見出し中, 次のように改める, 削る, 「…を…とする」,
「…から…までを…条ずつ繰り下げる／繰り上げる」, 「…の次に／前に次のN条を加える」, 同条・同項・同号,
項・号 renumbered and one added (「第2条第2項中第5号を第6号とし、第4号の次に次の1号を加える」, 「…同項に第1号
として次の1号を加える」), 「目次中…」, 「第2章の章名中…」, 「第2章の前に次の1条を加える」, a sentence added (「同条に後段として次のように加える」「…に次のただし書を加える」).
"""

from __future__ import annotations

import re

IND = "\u3000"
ART = re.compile(r"^第(\d+)条(?:の(\d+))?\u3000")
CHAPTER = re.compile(r"^第\d+章$")
CHAP = re.compile(r"^第\d+[章節]\u3000")
PARA = re.compile(r"^([0-9０-９]+)\u3000")
ITEM = re.compile(r"^[（(]([0-9０-９]+)[）)]\u3000")
SUB = re.compile(r"^([ア-ン])\u3000")
CITE = re.compile(r"^(第\d+条(?:の\d+)?|同条|同項|同号|目次)((?:第\d+項)?)((?:第\d+号)?)([ア-ン]?)")
TOC = "目次"  # a text with 章 opens with one: its lines are the 章名 and ranges, cited 「目次中…」
FW = str.maketrans("０１２３４５６７８９", "0123456789")


class Block:
    def __init__(self, lines: list[str]):
        self.lines = lines

    @property
    def label_line(self) -> int:
        return next(i for i, x in enumerate(self.lines) if ART.match(x) or CHAP.match(x) or x == TOC)

    @property
    def label(self) -> str:
        line = self.lines[self.label_line]
        return line.split(IND, 1)[0]


def blocks(lines: list[str]) -> tuple[list[Block], list[str]]:
    """Articles and chapters, each a block of lines; then the 附則 lines, kept as they are."""
    out: list[Block] = []
    cur: list[str] | None = None
    held: list[str] = []
    for i, line in enumerate(lines):
        if line.startswith("附\u3000則"):
            if cur is not None:
                out.append(Block(cur))
            return out, lines[i:]
        caption = line.startswith("（") and not ITEM.match(line) and i + 1 < len(lines) and ART.match(lines[i + 1])
        if caption or CHAP.match(line) or (ART.match(line) and not held) or (line == TOC and i == 0):
            if cur is not None:
                out.append(Block(cur))
            cur = [line]
            held = [line] if caption else []
            continue
        held = []
        if cur is None:
            raise ValueError(f"text before the first article: {line!r}")
        cur.append(line)
    if cur is not None:
        out.append(Block(cur))
    return out, []


def _text(line: str) -> str:
    for rx in (ART, PARA, ITEM, SUB, CHAP):
        m = rx.match(line)
        if m:
            return line[m.end():]
    return line


def _scope(block: Block, para: str, item: str, sub: str) -> list[int]:
    """Line indexes a citation reaches inside an article block."""
    start = block.label_line
    idx = list(range(start, len(block.lines)))
    if para:
        n = int(para[1:-1])
        starts = [start] + [i for i in idx if PARA.match(block.lines[i])]
        k = starts[n - 1]
        end = starts[n] if n < len(starts) else len(block.lines)
        idx = list(range(k, end))
    if item:
        n = int(item[1:-1])
        starts = [i for i in idx if ITEM.match(block.lines[i])]
        k = next(i for i in starts if int(ITEM.match(block.lines[i]).group(1).translate(FW)) == n)
        later = [i for i in starts if i > k]
        idx = [i for i in idx if k <= i < (later[0] if later else idx[-1] + 1)]
    if sub:
        k = next(i for i in idx if SUB.match(block.lines[i]) and SUB.match(block.lines[i]).group(1) == sub)
        later = [i for i in idx if i > k and SUB.match(block.lines[i])]
        idx = [i for i in idx if k <= i < (later[0] if later else idx[-1] + 1)]
    return idx


def _split(sentence: str) -> list[str]:
    """Phrases separated by 、 outside quotes."""
    out, depth, cur = [], 0, ""
    for ch in sentence:
        depth += ch == "「"
        depth -= ch == "」"
        if ch == "、" and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    out.append(cur)
    # a phrase that is only citations (「第3条第1項及び第2項、第4条第2項並びに第20条中…」) goes on in the next
    for k in range(len(out) - 2, -1, -1):
        if re.fullmatch(r"(?:(?:及び|並びに)?第\d+[条項号](?:の\d+)?)+", out[k]):
            out[k:k + 2] = [out[k] + "、" + out[k + 1]]
    return out


EDIT = re.compile(r"^「([^「」]*)」(?:を「([^「」]*)」に(?:改め|改める)?|を削(?:り|る)|の(下|上)に「([^「」]*)」を加え(?:る)?)$")


def apply(old_lines: list[str], instrument: list[str]) -> list[str]:
    """The new printed text: ``instrument`` is the 改正規定 (sentences indented by one full-width
    space, each followed by the lines it brings)."""
    doc, suppl = blocks(old_lines)
    sentences: list[tuple[str, list[str]]] = []
    for line in instrument:
        if line.startswith(IND):
            sentences.append((line[1:], []))
        elif line:
            sentences[-1][1].append(line)
    for text, body in sentences:
        assert text.endswith("。"), text
        last = ("", "", "")  # (article, 項, 号) named last
        scope: list[tuple[Block, list[int]]] = []
        within: tuple[Block, str, str] | None = None  # 「第2条第2項中第5号を…」: whose 項・号・ア move
        for phrase in _split(text[:-1]):
            if within is not None and re.match(r"^(?:第\d+[項号]|[ア-ン](?:を|の次に))", phrase):
                _move(*within, phrase, body)
                continue
            if (r := re.match(r"^第(\d+)条から第(\d+)条までを(\d+)条ずつ繰り(下げ|上げ)(?:る)?$", phrase)):
                lo, hi, d = int(r.group(1)), int(r.group(2)), int(r.group(3))
                d = d if r.group(4) == "下げ" else -d
                for b in doc:
                    am = ART.match(b.lines[b.label_line])
                    if am and lo <= int(am.group(1)) <= hi:
                        tail = f"の{am.group(2)}" if am.group(2) else ""
                        _relabel(b, f"第{int(am.group(1)) + d}条{tail}")
                continue
            if (r := re.match(r"^(第\d+章)の前に次の(\d+)条を加え(?:る)?$", phrase)):  # at the end of the 章 before
                new, _ = blocks(list(body))
                assert len(new) == int(r.group(2)), (phrase, len(new))
                at = doc.index(_find(doc, r.group(1)))
                doc[at:at] = new
                continue
            if (r := re.match(r"^(第\d+章)に次の(\d+)条を加え(?:る)?$", phrase)):  # at the end of the 章
                new, _ = blocks(list(body))
                assert len(new) == int(r.group(2)), (phrase, len(new))
                at = doc.index(_find(doc, r.group(1))) + 1
                while at < len(doc) and not CHAPTER.match(doc[at].label):
                    at += 1
                doc[at:at] = new
                continue
            if (r := re.match(r"^(第\d+[章節])の(?:章名|節名)中(.+)$", phrase)):
                chapter = _find(doc, r.group(1))
                scope = [(chapter, [chapter.label_line])]
                _edit(chapter, [chapter.label_line], r.group(2))
                continue
            m = CITE.match(phrase)
            if m and not phrase.startswith("「"):
                art, para, item, sub = m.groups()
                if art == "同条":
                    art = last[0]
                elif art == "同項":
                    art, para = last[:2]
                elif art == "同号":
                    art, para, item = last
                last = (art, para, item)
                rest = phrase[m.end():]
                block = _find(doc, art)
                within = None
                if re.match(r"^中(?:第|[ア-ン]を)", rest):  # 項・号・ア of this provision renumbered, one added
                    within = (block, para, item)
                    _move(block, para, item, rest[1:], body)
                    continue
                if re.match(r"^に(?:後段として次のように|次のただし書を)加え(?:る)?$", rest):
                    # a sentence at the end of the provision's own text (before its 号 or next 項)
                    idx = _scope(block, para, item, sub)
                    own = [i for k, i in enumerate(idx) if all(not (ITEM.match(block.lines[j]) or SUB.match(
                        block.lines[j]) or PARA.match(block.lines[j])) for j in idx[1:k + 1])]
                    assert len(body) == 1, body
                    block.lines[own[-1]] += body[0]
                    continue
                if (r := re.match(r"^に第1(項|号)として次の(\d+)\1を加え(?:る)?$", rest)):
                    at = next(i for i in _scope(block, para, "", "") if ITEM.match(block.lines[i]))
                    block.lines[at:at] = list(body)
                    continue
                if rest.startswith("の見出し中"):
                    rest = rest[len("の見出し中"):]
                    _caption_edit(block, rest)
                    scope = []
                    continue
                scope = [(block, _scope(block, para, item, sub) if art != TOC else list(range(1, len(block.lines))))]
                if (more := re.match(r"^((?:(?:、|及び|並びに)?第\d+[条項号](?:の\d+)?)+)中", rest)):
                    # 「第8条及び第9条中…」「第3条第1項及び第2項、第4条第2項並びに第20条中…」: the same edits in each
                    cur = [art, para, item]
                    for tok in re.split(r"、|及び|並びに", more.group(1))[1:]:
                        for k, unit in enumerate(("条", "項", "号")):
                            if (t := re.match(rf"^第\d+{unit}(?:の\d+)?", tok)):
                                cur = cur[:k] + [t.group(0)] + ["", ""][:2 - k]
                                tok = tok[t.end():]
                        b = _find(doc, cur[0])
                        scope.append((b, _scope(b, cur[1], cur[2], "")))
                    rest = rest[len(more.group(1)):]
                if rest.startswith("中"):
                    for b, idx in scope:
                        _edit(b, idx, rest[1:])
                    continue
                scope = []
                if rest in ("を次のように改め", "を次のように改める"):
                    doc[doc.index(block)] = Block(list(body))
                elif rest in ("を削り", "を削る"):
                    doc.remove(block)
                elif (r := re.match(r"^を(第\d+条(?:の\d+)?)と(?:し|する)$", rest)):
                    _relabel(block, r.group(1))
                elif re.match(r"^に次の(?:\d+(?:項|号)を|ように)加え(?:る)?$", rest):
                    at = _scope(block, para, item, sub)[-1] + 1
                    block.lines[at:at] = list(body)
                elif (r := re.match(r"^の(次|前)に次の(\d+)条を加え(?:る)?$", rest)):
                    new, _ = blocks(list(body))
                    assert len(new) == int(r.group(2)), (phrase, len(new))
                    at = doc.index(block) + (1 if r.group(1) == "次" else 0)
                    doc[at:at] = new
                else:
                    raise ValueError(f"cannot read: {phrase}")
                continue
            if phrase.startswith("「") and scope:
                for b, idx in scope:
                    _edit(b, idx, phrase)
                continue
            raise ValueError(f"cannot read: {phrase}")
    return [line for b in doc for line in b.lines] + suppl


def _move(block: Block, para: str, item: str, phrase: str, body: list[str]) -> None:
    """One phrase about the 号 of ``para`` (or the 項 of the article, the ア of ``item`` or ``para``):
    「第5号を第6号とし」, 「第1号から第3号までを1号ずつ繰り下げ」, 「第4号の次に次の1号を加え」, 「ウをエとし」,
    「イの次に次のように加え」."""
    if (r := re.match(r"^([ア-ン])を([ア-ン])と(?:し|する)$", phrase)):
        hits = [i for i in _scope(block, para, item, "") if (m := SUB.match(block.lines[i])) and m.group(1) == r.group(1)]
        assert len(hits) == 1, (phrase, block.lines)
        block.lines[hits[0]] = r.group(2) + block.lines[hits[0]][1:]
    elif (r := re.match(r"^([ア-ン])の次に次のように加え(?:る)?$", phrase)):
        at = _scope(block, para, item, r.group(1))[-1] + 1
        block.lines[at:at] = list(body)
    elif (r := re.match(r"^第(\d+)(項|号)を第(\d+)\2と(?:し|する)$", phrase)):
        _renumber(block, para, r.group(2), {int(r.group(1)): int(r.group(3))})
    elif (r := re.match(r"^第(\d+)(項|号)から第(\d+)\2までを(\d+)\2ずつ繰り下げ(?:る)?$", phrase)):
        lo, hi, d = int(r.group(1)), int(r.group(3)), int(r.group(4))
        _renumber(block, para, r.group(2), {n: n + d for n in range(lo, hi + 1)})
    elif (r := re.match(r"^第(\d+)(項|号)の次に次の(\d+)\2を加え(?:る)?$", phrase)):
        where = (para, f"第{r.group(1)}号") if r.group(2) == "号" else (f"第{r.group(1)}項", "")
        at = _scope(block, *where, "")[-1] + 1
        block.lines[at:at] = list(body)
    else:
        raise ValueError(f"cannot read: {phrase}")


def _renumber(block: Block, para: str, counter: str, moves: dict[int, int]) -> None:
    """Give the 号 of ``para`` (項 of the article) numbered as ``moves``' keys their new numbers."""
    rx = ITEM if counter == "号" else PARA
    idx = _scope(block, para, "", "") if counter == "号" else range(len(block.lines))
    hits = [(i, m) for i in idx if (m := rx.match(block.lines[i])) and int(m.group(1).translate(FW)) in moves]
    assert len(hits) == len(moves), (moves, block.lines)
    for i, m in hits:
        line = block.lines[i]
        block.lines[i] = line[:m.start(1)] + str(moves[int(m.group(1).translate(FW))]) + line[m.end(1):]


def _find(doc: list[Block], label: str) -> Block:
    found = [b for b in doc if b.label == label]
    if len(found) != 1:
        raise ValueError(f"{label} found {len(found)} times")
    return found[0]


def _relabel(block: Block, label: str) -> None:
    i = block.label_line
    block.lines[i] = label + block.lines[i][len(block.label):]


def _edit(block: Block, idx: list[int], phrase: str) -> None:
    texts = [_text(block.lines[i]) for i in idx]
    joined = "\n".join(texts)
    m = EDIT.match(phrase)
    if not m:
        raise ValueError(f"cannot read the edit: {phrase}")
    quoted, repl, side, added = m.groups()
    times = len(re.findall(f"(?={re.escape(quoted)})", joined))  # overlaps too: 「１０人１０人」 in 「１０人１０人１０人」
    if times != 1:
        raise ValueError(f"「{quoted}」 occurs {times} times in {joined!r}")
    if side == "下":
        repl = quoted + added
    elif side == "上":
        repl = added + quoted
    elif repl is None:
        repl = ""
    new = joined.replace(quoted, repl).split("\n")
    assert len(new) == len(idx)
    for i, t in zip(idx, new, strict=True):
        line = block.lines[i]
        block.lines[i] = line[: len(line) - len(_text(line))] + t


def _caption_edit(block: Block, phrase: str) -> None:
    cap = block.lines[0]
    assert cap.startswith("（") and cap.endswith("）")
    fake = Block([cap[1:-1]])
    _edit(fake, [0], phrase.removesuffix("改める") + ("改め" if phrase.endswith("改める") else ""))
    block.lines[0] = f"（{fake.lines[0]}）"
