"""Hole 10 (issue 9): ``make diff`` output is marked, and 関係者限り text only on request.

Every output of ``policy diff`` states the most restricted level it shows (a
banner in text, HTML and Word; per change in JSON); the default view is the
staff one, so clauses the staff may not see are not in build/diff/ unless
``--audience security`` asks for them.
"""

from __future__ import annotations

import json

import docx
import pytest
from conftest import SRC
from hostile import make_project, policy

from toolkit.source.load import load_policy
from toolkit.view.redact import hidden_nodes


@pytest.fixture(scope="module")
def restricted():
    """A document with two revisions, and the texts of its clauses the staff may not see."""
    full = load_policy([SRC])
    hidden: dict[str, list[str]] = {}
    for doc, _rev, node in hidden_nodes(full, "staff"):
        if node is not None and len(doc.revisions) >= 2:
            hidden.setdefault(doc.id, []).extend(t for t in node.text if len(t) >= 12)
    doc_id = next(d for d in hidden if hidden[d])
    doc = full.document(doc_id)
    return full, doc, hidden[doc_id], full.most_restricted


def _diff(tmp_path, doc, *extra):
    project = make_project(tmp_path)
    old, new = doc.revisions[-2].id, doc.revisions[-1].id
    run = policy(project, "diff", "--doc", doc.id, old, new, "--all-formats", "-o", "build/diff", *extra)
    assert run.returncode == 0, run
    out = project / "build" / "diff"
    stem = f"{doc.id}-{old}-{new}"
    word = docx.Document(str(out / f"{stem}.docx"))
    texts = {
        "txt": (out / f"{stem}.txt").read_text(encoding="utf-8"),
        "html": (out / f"{stem}.html").read_text(encoding="utf-8"),
        "json": (out / f"{stem}.json").read_text(encoding="utf-8"),
        "docx": "\n".join([p.text for p in word.paragraphs]
                          + [c.text for t in word.tables for r in t.rows for c in r.cells]),
    }
    return texts, word, json.loads(texts["json"])


def test_the_default_diff_is_the_staff_view_and_says_so(tmp_path, restricted):
    full, doc, hidden, _most = restricted
    texts, word, data = _diff(tmp_path, doc)
    for fmt, text in texts.items():
        for para in hidden:
            assert para[:30] not in text, (fmt, para)
    staff_level = max((full.classification(c) for c in full.audience("staff").sees), key=lambda c: c.rank)
    label = data["classification"]["label"]
    assert data["classification"]["audience"] == "staff"
    assert full.classification(data["classification"]["id"]).rank <= staff_level.rank
    assert texts["txt"].splitlines()[0].startswith(f"【{label}】")
    assert 'class="pdiff-banner"' in texts["html"] and f"【{label}】" in texts["html"].split("<h1")[0]
    assert word.paragraphs[0].text.startswith(f"【{label}】")
    assert all(c["classification"] in full.audience("staff").sees for c in data["changes"])


def test_the_restricted_view_only_on_request_and_marked(tmp_path, restricted):
    full, doc, hidden, most = restricted
    texts, word, data = _diff(tmp_path, doc, "--audience", "security")
    assert any(para[:30] in texts["txt"] for para in hidden)
    assert data["classification"]["id"] == most.id
    for text in (texts["txt"].splitlines()[0], word.paragraphs[0].text):
        assert text.startswith(f"【{most.label}】")
    assert f'data-classification="{most.id}"' in texts["html"].split("<h1")[0]
    marked = [c for c in data["changes"] if c["classification"] == most.id]
    assert marked, "the changes in restricted clauses carry their level"
    shown = "\n".join(c[side]["text"] for c in marked for side in ("old", "new") if c[side])
    assert all(p[:30] in shown for p in hidden if p[:30] in texts["json"])
