"""What readers are told about text that is not the city's (toolkit/model/provenance.py): one table."""

from __future__ import annotations

import re

from conftest import ROOT

from toolkit.model import PROVENANCES
from toolkit.model.provenance import (
    AUTHORITATIVE_BADGE,
    PROVENANCE_TEXTS,
    badge,
    edition_text,
    provenance_text,
)


def test_every_provenance_but_the_citys_has_its_words():
    assert set(PROVENANCE_TEXTS) == set(PROVENANCES) - {"authoritative"}
    assert provenance_text("authoritative") is None and badge("authoritative") == AUTHORITATIVE_BADGE
    for text in PROVENANCE_TEXTS.values():
        assert all(vars(text).values()), text  # no output shows an empty label
    assert edition_text("unknown") == PROVENANCE_TEXTS["reconstructed"]  # the stricter notice


# a provenance id mapped to words a reader sees: `"sample": "見本"`, `"reconstructed": ("再構成", …)`
_TABLE_ENTRY = re.compile(r"""["'](?:authoritative|reconstructed|sample)["']\s*:\s*\(?\s*["'][^"'\n]*[^\x00-\x7f]""")


def test_the_labels_have_one_table():
    """The labels lived in five tables (site, .docx/PDF, 新旧対照表, `policy diff`, training), and drifted."""
    found = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "toolkit").rglob("*.py")
                   if p.name != "provenance.py" and _TABLE_ENTRY.search(p.read_text(encoding="utf-8")))
    assert found == []


def test_readers_see_one_word_for_sample():
    """Readers saw three words for sample text: サンプル (site, diffs), 例示 (training), 見本 (editions)."""
    sample = PROVENANCE_TEXTS["sample"]
    words = vars(sample).values()
    assert all("見本" in w for w in words), sample
    assert not [w for w in words if "サンプル" in w or "例示" in w]
