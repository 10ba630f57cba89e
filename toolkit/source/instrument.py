"""The ledger's ``instrument:`` field (the 例規 that enacted a revision): read from and written to YAML.

    - id: r1
      date: 2006-04-01          # 施行日
      instrument:
        kind: 訓令              # 訓令 / 訓令甲 / 告示 / 教育委員会訓令 …
        number: 9
        promulgated: 2006-03-20 # 公布日 (制定日), printed under the title
        joint: [{kind: 教育委員会訓令, number: 10}]   # a number given jointly (optional)
        replaces: 千曲市情報セキュリティ規程（平成16年千曲市訓令第4号）  # a 全部改正's old instrument (optional)
"""

from __future__ import annotations

import datetime as _dt

from toolkit.errors import Problems, quote
from toolkit.model import Instrument
from toolkit.source.schema import Fields, check_type
from toolkit.source.yamlnodes import Located


def _kind_number(f: Fields, problems: Problems) -> tuple[str, int] | None:
    kind = f.req("kind", str)
    number = f.req("number", int)
    if kind is not None and (not kind.strip() or "\n" in kind or len(kind) > 30):
        problems.add(f.loc_of("kind"), f"instrument kind {quote(kind)} is not a name like 訓令 or 告示")
        return None
    if number is not None and (isinstance(number, bool) or number < 1):
        problems.add(f.loc_of("number"), f"instrument number {number!r} must be a positive integer", "e.g. 9")
        return None
    return (kind, number) if kind is not None and number is not None else None


def read_instrument(val: Located | None, problems: Problems) -> Instrument | None:
    """The ``instrument:`` mapping of a ledger entry (None when absent); problems carry file:line."""
    if val is None:
        return None
    f = Fields(val, problems, "instrument")
    main = _kind_number(f, problems)
    promulgated = None
    pval = f.located("promulgated")
    if pval is not None:
        promulgated = check_type(pval, _dt.date, problems, "'promulgated'")
    joint = []
    for item in f.opt("joint", list, []):
        kn = _kind_number(Fields(item, problems, "joint instrument number"), problems)
        if kn is not None:
            joint.append(kn)
    replaces = f.opt("replaces", str)
    f.done()
    if main is None:
        return None
    return Instrument(main[0], main[1], promulgated, tuple(joint), replaces)


def instrument_lines(ins: Instrument | None, pad: str, scalar) -> list[str]:  # type: ignore[no-untyped-def]
    """YAML lines of the ``instrument:`` mapping (``scalar`` quotes a string as YAML needs)."""
    if ins is None:
        return []
    out = [f"{pad}instrument:", f"{pad}  kind: {scalar(ins.kind)}", f"{pad}  number: {ins.number}"]
    if ins.promulgated is not None:
        out.append(f"{pad}  promulgated: {ins.promulgated.isoformat()}")
    if ins.joint:
        out.append(f"{pad}  joint:")
        out += [f"{pad}    - {{kind: {scalar(k)}, number: {n}}}" for k, n in ins.joint]
    if ins.replaces is not None:
        out.append(f"{pad}  replaces: {scalar(ins.replaces)}")
    return out


def instrument_mapping(ins: Instrument) -> dict[str, object]:
    """The ``instrument:`` mapping as data (for a round-trip YAML writer that keeps document.yaml's comments)."""
    out: dict[str, object] = {"kind": ins.kind, "number": ins.number}
    if ins.promulgated is not None:
        out["promulgated"] = ins.promulgated
    if ins.joint:
        out["joint"] = [{"kind": k, "number": n} for k, n in ins.joint]
    if ins.replaces is not None:
        out["replaces"] = ins.replaces
    return out
