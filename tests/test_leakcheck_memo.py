"""fingerprints_of remembers what it made in this process, and serves it only for the very same input.

The input is every text the view shows, every text it leaves out, the canaries, and the policy's
answers to "is this hidden clause the shown one, declassified?" (declassified_in).  A change to any of
them is made anew; a served result is a copy the caller may change.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest
from conftest import SRC

from toolkit import leakcheck
from toolkit.source.load import load_policy
from toolkit.view import redact

fp_module = importlib.import_module("toolkit.leakcheck.fingerprints")  # (the package's name is the function's)


@pytest.fixture
def made(monkeypatch) -> list[int]:
    """How many times the fingerprints were made (not served from memory) since the test began."""
    calls: list[int] = []
    real = fp_module._fingerprints_of

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(fp_module, "_MADE", {})
    monkeypatch.setattr(fp_module, "_fingerprints_of", counting)
    return calls


def _fps(src: Path, canaries: tuple[str, ...] = ()) -> leakcheck.Fingerprints:
    policy = load_policy([src])
    return leakcheck.fingerprints_of(policy, redact(policy, "public"), canaries)


def _same(a: leakcheck.Fingerprints, b: leakcheck.Fingerprints) -> bool:
    return (a.shingles, a.short, a.canaries, a.skipped, a.quotes) == (b.shingles, b.short, b.canaries, b.skipped,
                                                                     b.quotes)


def test_the_same_source_loaded_again_is_served(made):
    first, second = _fps(SRC), _fps(SRC)
    assert len(made) == 1  # the second load of the same source was served
    assert _same(first, second) and len(first) > 1000


def test_a_changed_hidden_text_is_made_anew(made, src_copy):
    before = _fps(src_copy)
    policy = load_policy([src_copy])
    doc = policy.document("standards")
    node = next(n for n in doc.current.walk() if n.classification == "restricted" and n.text)
    old = node.text[0]
    new = old[:-1] + "、ただし夜間は警備会社の合鍵で入室する。"
    path = src_copy / "standards" / f"{doc.current.id}.yaml"
    raw = path.read_text(encoding="utf-8")
    assert raw.count(old) == 1
    path.write_text(raw.replace(old, new), encoding="utf-8")
    after = _fps(src_copy)
    assert len(made) == 2
    added = leakcheck.normalise("ただし夜間は警備会社の合鍵で入室")
    assert any(added[:12] in s for s in after.shingles) and not any(added[:12] in s for s in before.shingles)


def test_other_canaries_are_made_anew(made):
    a, b = _fps(SRC, ("CANARY-one-8f3a",)), _fps(SRC, ("CANARY-two-77c1",))
    assert len(made) == 2
    assert set(a.canaries.values()) == {"CANARY-one-8f3a"} and set(b.canaries.values()) == {"CANARY-two-77c1"}


def test_another_declassification_answer_is_made_anew(made, src_copy, monkeypatch):
    """The same texts, but the policy now says the quoted clause was declassified by decision: the quote
    the first result holds must not be served."""
    policy = load_policy([src_copy])
    secret = max((n for n in policy.document("standards").current.walk()
                  if n.classification == "restricted" and n.text), key=lambda n: len(n.text[0]))
    r8 = src_copy / "basic-policy" / "r8.yaml"
    r8.write_text(r8.read_text(encoding="utf-8").rstrip("\n")
                  + f"\n\n  - id: quoting\n    title: 引用のある条\n"
                  f"    text: {json.dumps('対策基準では「' + secret.text[0] + '」と定めている。', ensure_ascii=False)}\n",
                  encoding="utf-8")
    policy = load_policy([src_copy])
    view = redact(policy, "public")
    quoted = leakcheck.fingerprints_of(policy, view)
    assert quoted.quotes, "the fixture's quote is found"
    monkeypatch.setattr(fp_module, "declassified_in", lambda _policy: lambda _hidden, _shown: True)
    exempt = leakcheck.fingerprints_of(policy, view)
    assert len(made) == 2
    assert not exempt.quotes


def test_a_served_result_is_a_copy(made):
    for result in (_fps(SRC), _fps(SRC)):  # the one made, then the one served: neither is the one remembered
        result.shingles.clear()
        result.short["改ざんされた指紋"] = "test"
        result.quotes.append(None)  # type: ignore[arg-type]
    third = _fps(SRC)
    assert len(made) == 1 and third.shingles and "改ざんされた指紋" not in third.short and None not in third.quotes
