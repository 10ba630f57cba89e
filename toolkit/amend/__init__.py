"""The amending instrument (改正規程) of a revision: 改め文 or the 新旧対照表方式, from the change set.

>>> inst = instrument(doc, old, new, changeset, organisation="サンプル市")
>>> inst.title           # サンプル市情報管理規程の一部を改正する訓令
>>> inst.sentences       # the 改正規定 (改め文), each with the provisions it brings

The frame (title, enacting sentence, 附則, number and date) is here; the operations and their order in
:mod:`toolkit.amend.operations`, the quoted strings in :mod:`toolkit.amend.quote`, the sentences in
:mod:`toolkit.amend.sentences`.  Renderers: ``toolkit.render.amend_text`` / ``amend_docx``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from toolkit.amend.operations import NotExpressible, NothingKept, plan
from toolkit.amend.printed import contents, printed_lines, units
from toolkit.amend.printed import provisions as _provisions
from toolkit.amend.sentences import Sentence, kanji_numerals, write
from toolkit.diff import ChangeSet
from toolkit.diff.textdiff import similarity
from toolkit.model import AMEND_STYLES, Document, Revision
from toolkit.model.wareki import parse_wareki, wareki

STYLES = AMEND_STYLES
AMENDING, TABLE = AMEND_STYLES
WHOLE_SHARE = 0.3  # texts less alike than this (0–1) are amended whole: 「…の全部を改正する。」
PLACEHOLDER = "（\u3000年\u3000{kind}第\u3000号）"
BLANK_NUMBER = "第\u3000号"
BLANK_DATE = "令和\u3000年\u3000月\u3000日"
TABLE_SENTENCE = "次の表の改正前の欄に掲げる規定を同表の改正後の欄に掲げる規定に、下線で示すように改正する。"
_OWN = re.compile(r"^(?P<date>.+?日)(?P<kind>訓令|告示|規程|規則|達)(?P<number>第.+号)$")


@dataclass(frozen=True)
class AmendingInstrument:
    """An amending instrument, ready to print.  ``sentences`` is empty in the 対照表 style and in a
    全部改正 (``whole``), whose text is ``new_text``."""

    title: str
    kind: str  # 訓令 / 規程 / 告示 …
    number: str  # 訓令第2号, or 訓令第　号
    promulgated: str  # 令和8年3月27日, or the blank form
    enacting: str
    sentences: tuple[Sentence, ...]
    supplementary: tuple[str, ...]
    style: str
    draft: bool
    whole: bool = False
    new_text: tuple[str, ...] = ()
    organisation: str = ""


def enacted_by(doc: Document, kind: str = "訓令", old: Revision | None = None, organisation: str = "") -> str:
    """The parenthesis after the amended text's title: the instrument that made the text being amended
    (its latest 策定 or 全面改定 up to ``old``), as another 例規 cites it: 「（平成18年千曲市訓令第9号）」.
    Without an instrument in the ledger, the placeholder 「（　年　訓令第　号）」 (条例第・規則第 for those)."""
    made = [e for e in doc.ledger if e.kind in ("策定", "全面改定") and (old is None or e.date <= old.date)]
    if made and made[-1].instrument is not None:
        return f"（{made[-1].instrument.cited(organisation)}）"
    return PLACEHOLDER.format(kind=kind)


def instrument_kind(old: Revision, title: str = "") -> str:
    """訓令 / 告示 / 規則 …: what the text's 附則 say it is (「この訓令は、…」), else what its title
    says for a 条例 or 規則 (「…条例の一部を改正する条例」), else 訓令 (a 規程 is made by 訓令)."""
    for node in old.supplementary:
        m = re.match(r"この(訓令|告示|規程|規則|要綱|条例)は", " ".join(node.text))
        if m:
            return m.group(1)
    for kind in ("条例", "規則"):
        if title.endswith(kind):
            return kind
    return "訓令"


def own_supplementary(old: Revision, new: Revision) -> tuple[str | None, tuple[str, ...]]:
    """The 附則 the new revision gains (the instrument's own, which the 例規集 prints after the text):
    its heading parenthesis and paragraphs; (None, ()) when it has none."""
    now = {n.id: n for n in new.supplementary}
    if any(n.id not in now or now[n.id].text != n.text or now[n.id].title != n.title for n in old.supplementary):
        raise NotExpressible("改正前の附則を改め、又は削る改正")
    before = {n.id for n in old.supplementary}
    gained = [n for n in new.supplementary if n.id not in before]
    if not gained:
        return None, ()
    if len(gained) > 1 or new.supplementary[-1] is not gained[0]:
        raise NotExpressible("附則が二つ以上加わる改正")
    return gained[0].title, gained[0].text


def instrument(doc: Document, old: Revision, new: Revision, changeset: ChangeSet, *, style: str = AMENDING,
               number: str | None = None, organisation: str = "", kanji: bool = False) -> AmendingInstrument:
    """The instrument amending ``old`` into ``new`` (see the module docstring); ``kanji``: numbers in
    the sentences' citations in kanji (第十二条, for 縦書き), 算用数字 by default (横書き)."""
    if style not in STYLES:
        raise ValueError(style)
    kind = instrument_kind(old, doc.title)
    own, suppl = own_supplementary(old, new)
    m = _OWN.match(own or "")
    promulgated = m.group("date") if m else BLANK_DATE
    num = number or (f"{m.group('kind')}{m.group('number')}" if m else f"{kind}{BLANK_NUMBER}")
    if not suppl:
        suppl = (f"この{kind}は、{wareki(new.date)}から施行する。",)
    old_lines, new_lines = printed_lines(doc, old), printed_lines(doc, new)
    whole = new.kind == "全面改定" or similarity("\n".join(old_lines), "\n".join(new_lines)) < WHOLE_SHARE
    sentences: list[Sentence] = []
    if not whole and style == AMENDING:
        articles = any(p.is_article for p in units(_provisions(doc, old)))
        try:
            sentences = write(plan(doc, old, new, changeset), counter="条" if articles else "")
            if kanji:
                sentences = [replace(x, text=kanji_numerals(x.text)) for x in sentences]
        except NothingKept:
            whole = True
    part = "全部" if whole else "一部"
    title = f"{doc.title}の{part}を改正する{kind}"
    enacting = f"{doc.title}{enacted_by(doc, kind, old, organisation)}の{part}を次のように改正する。"
    common = dict(title=title, kind=kind, number=num, promulgated=promulgated, supplementary=tuple(suppl),
                  style=style, draft=new.is_draft, organisation=organisation)
    if whole:
        provs = _provisions(doc, new)
        body = (*contents(provs), *(line for p in provs for line in p.lines))
        return AmendingInstrument(enacting=enacting, sentences=(), whole=True, new_text=body, **common)  # type: ignore[arg-type]
    if style == TABLE:
        return AmendingInstrument(enacting=TABLE_SENTENCE, sentences=(), **common)  # type: ignore[arg-type]
    return AmendingInstrument(enacting=enacting, sentences=tuple(sentences), **common)  # type: ignore[arg-type]


def table_changes(changeset: ChangeSet) -> ChangeSet:
    """The change set the 新旧対照表方式 shows: without the 附則 the revision gains, which is the
    instrument's own 附則 (printed under it), not a change of the amended text."""
    kept = tuple(c for c in changeset.changes if not (c.supplementary and c.old is None))
    return replace(changeset, changes=kept)


def promulgation_date(inst: AmendingInstrument) -> str:
    """The date line under the instrument (blank until the ledger has it)."""
    try:
        return wareki(parse_wareki(inst.promulgated))
    except ValueError:
        return BLANK_DATE


__all__ = ["AMENDING", "STYLES", "TABLE", "AmendingInstrument", "NotExpressible", "enacted_by", "instrument", "table_changes"]
