"""The amending instrument as plain text (UTF-8), laid out as the city files it.

A draft says 「案」 in its first line; the marking banner (庁内限り) comes before everything.
In the 新旧対照表方式 the table follows the sentence, its changed parts (傍線) between 〔 〕,
since plain text has no underline.
"""

from __future__ import annotations

from toolkit.amend import TABLE, AmendingInstrument, promulgation_date
from toolkit.diff import ChangeSet
from toolkit.diff.table import NEW_HEADER, OLD_HEADER, Cell, rows

INDENT = "\u3000"


def lines(inst: AmendingInstrument) -> list[str]:
    """The instrument's lines: number, title, enacting sentence, 改正規定, 附則, date, issuer."""
    out = [f"（案）{inst.organisation}{inst.number}" if inst.draft else f"{inst.organisation}{inst.number}",
           "", INDENT * 2 + inst.title, "", INDENT + inst.enacting]
    if inst.whole:
        out += inst.new_text
    for s in inst.sentences:
        out.append(INDENT + s.text)
        out += list(s.body)
    out += ["", INDENT * 3 + "附\u3000則"]
    out += [INDENT + t for t in inst.supplementary]
    out += ["", INDENT + promulgation_date(inst), INDENT * 6 + f"{inst.organisation}長"]
    return out


def render(inst: AmendingInstrument, changeset: ChangeSet | None = None, *, banner: str = "", new_first: bool = False) -> str:
    """The whole text; ``changeset`` for the table of the 新旧対照表方式; ``new_first``: 改正後 on the left."""
    out = [banner, ""] if banner else []
    body = lines(inst)
    if inst.style == TABLE and not inst.whole and changeset is not None:
        at = body.index(INDENT + inst.enacting) + 1
        body[at:at] = table(changeset, new_first=new_first)
    out += body
    return "\n".join(out) + "\n"


def table(changeset: ChangeSet, *, new_first: bool = False) -> list[str]:
    """The 対照表 as text: each row's 改正前 then 改正後 (or the other way), 傍線 as 〔 〕."""
    first, second = (NEW_HEADER, OLD_HEADER) if new_first else (OLD_HEADER, NEW_HEADER)
    out = ["", f"【{first}｜{second}】（〔　〕は傍線部分）"]
    for row in rows(changeset):
        a, b = (row.new, row.old) if new_first else (row.old, row.new)
        out += [f"{first}：" + _cell(a), f"{second}：" + _cell(b), ""]
    return out


def _cell(cell: Cell) -> str:
    return "\n\u3000\u3000".join("".join(f"〔{r.text}〕" if r.underline else r.text for r in line)
                                for line in cell.lines)
