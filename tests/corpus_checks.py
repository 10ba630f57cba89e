"""How much of a real text an import keeps *in the source* (not in the report): the corpus check's measure.

A line of the input is kept when its text — its enumerator aside, since numbers are derived — is in what
the import puts into the source: the title and series, the ledger entry (dates, instrument), the 前文,
the clauses and the 附則.  Lines the importer drops as page furniture (web-page boilerplate, the 目次)
are counted apart: they are listed in the report, never in the source.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path

from toolkit.errors import SourceError
from toolkit.model import Node
from toolkit.source.importer import Imported, import_text

REAL = Path(__file__).parent / "fixtures" / "import" / "real"

_WS = re.compile(r"\s+")
# an enumerator in front of a line (derived from position, never stored): 第1条 第2章 第3節 第1 1. 1．(1) （１） ⑴ ① ア 1)
_ENUM = re.compile(
    r"^(?:[•\-*+>#○]\s*)*(?:第[0-9一二三四五六七八九十百]+(?:条|章|節|款|項)?(?:の[0-9]+)?"
    r"|[(（][0-9０-９一二三四五六七八九十]+[)）]|[⑴-⒇①-⑳]|[0-9０-９]+(?:[.．)）]|(?=\s)|$)"
    r"|[アイウエオカキクケコサシスセソタチツテト](?=\s)|[IVXⅠ-Ⅻ]+[.．](?=\s))\s*"
)


def norm(s: str) -> str:
    return _WS.sub("", unicodedata.normalize("NFKC", s))


def _strings(x: object) -> list[str]:
    """Every string a model object holds (a Node's text, title, term …; a ledger's instrument …)."""
    if isinstance(x, str):
        return [x]
    if isinstance(x, (list, tuple)):
        return [s for v in x for s in _strings(v)]
    if isinstance(x, _dt.date):
        return [x.isoformat()]
    if is_dataclass(x) and not isinstance(x, type):
        if type(x).__name__ == "Location":
            return []
        return [s for f in fields(x) for s in _strings(getattr(x, f.name))]
    return []


def _nodes(ns: tuple[Node, ...]):
    for n in ns:
        yield n
        yield from _nodes(n.children)


def source_text(imp: Imported) -> str:
    """All the text the import puts into the source (title block, ledger, 前文, body, 附則), normalized."""
    parts = [imp.title or "", imp.series or "", *_strings(imp.revision)]
    for n in _nodes(imp.revision.body):  # a definition's term and meaning came on one line
        if n.term is not None:
            parts.append(n.term + "".join(n.text))
    ins = imp.revision.instrument
    if ins is not None:  # the header line's number, as printed (the date is the ledger's)
        parts.append(ins.label)
    return "\n".join(norm(p) for p in parts)


@dataclass(frozen=True)
class Measure:
    name: str
    chars: int  # non-blank characters of the input
    kept: int  # of those, in the source
    furniture: int  # dropped as page furniture (listed in the report)
    lost: tuple[str, ...]  # lines neither in the source nor furniture
    error: str = ""
    asked_date: bool = False  # the import asked for --date (and --kind) and was run again with them

    @property
    def share(self) -> float:
        """Characters kept in the source, of those that are not page furniture."""
        return self.kept / max(1, self.chars - self.furniture)


_FORMULA = re.compile(r"の全部を(?:次のように)?改正する。$")


def _dated(raw: str) -> _dt.date | None:
    """The date of a 策定 / 施行 / 例規 header line (its words are derived from the ledger), else None."""
    from toolkit.source.importer.dates import parse_date
    from toolkit.textforms.lines import DATE_LINE, KIND_FIRST

    s = unicodedata.normalize("NFKC", raw).strip()
    m = DATE_LINE.match(s) or KIND_FIRST.match(s)
    if m is None:
        return None
    try:
        return parse_date(m.group("date"))
    except ValueError:
        return None


def _furniture_lines(imp: Imported) -> set[int]:
    return {d.line for d in imp.report if d.kind == "dropped"}


def run_import(text: str, name: str, **kw: object) -> tuple[Imported | None, str, bool]:
    """Import as a user would: as is; when asked for --date, again with --date (and --kind if still asked)."""
    try:
        return import_text(text, name, "r1", **kw), "", False  # type: ignore[arg-type]
    except SourceError as e:
        msg = str(e)
        if "--date" not in msg:
            return None, msg, False
    for extra in ({"date": _dt.date(2020, 4, 1)}, {"date": _dt.date(2020, 4, 1), "kind": "策定"}):
        try:
            return import_text(text, name, "r1", **kw, **extra), "", True  # type: ignore[arg-type]
        except SourceError as e:
            msg = str(e)
    return None, msg, True


def measure(path: Path) -> Measure:
    text = path.read_text(encoding="utf-8")
    imp, err, asked = run_import(text, path.name)
    lines = [(k, raw) for k, raw in enumerate(text.split("\n"), 1) if norm(raw)]
    total = sum(len(norm(raw)) for _k, raw in lines)
    if imp is None:
        return Measure(path.stem, total, 0, 0, tuple(raw for _k, raw in lines), err.splitlines()[0] if err else "?", asked)
    kept_text = source_text(imp)
    furniture_at = _furniture_lines(imp)
    kept = furniture = 0
    lost = []
    for k, raw in lines:
        n = norm(raw)
        body = norm(_ENUM.sub("", unicodedata.normalize("NFKC", raw).strip().lstrip("○◯〇◎")))
        body = _FORMULA.sub("", body).lstrip("/")  # 全部改正's formula, a joint number's leading slash
        dated = _dated(raw)
        if dated is not None and dated.isoformat() in kept_text:
            body = ""  # a date line: the ledger's date (its wareki and kind word are derived)
        caption = body[1:-1] if body[:1] in "(（" and body[-1:] in ")）" else body  # （目的）: a title
        if not body or body in kept_text or n in kept_text or caption in kept_text:
            kept += len(n)
        elif k in furniture_at:
            furniture += len(n)
        else:
            lost.append(raw)
    return Measure(path.stem, total, kept, furniture, tuple(lost), "", asked)


def corpus() -> list[Path]:
    return sorted(REAL.glob("*.txt"))
