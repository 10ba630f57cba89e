"""The sample non-public documents: 情報セキュリティ対策基準 and 情報セキュリティ実施手順.

The city's real ones are secret (基本方針 §9/§10), so ``policy_src/standards``
and ``policy_src/procedures`` hold SAMPLE text written for the toolkit.  These
tests keep that content fit for the other parts that rely on it: provenance
marked everywhere, realistic size, a real mix of 庁内限り and 関係者限り parts,
readable chapter headings for the 部分開示 edition, a ground for every withheld
part, stable ids across r5 → r8 for the diff, and nothing but a notice in the
public view.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from conftest import ROOT, SRC

from toolkit.model import Document, Node, PolicySet
from toolkit.view import redact

SAMPLES = ("standards", "procedures")
SIZE = {"standards": (60, 120), "procedures": (20, 40)}
MIN_RESTRICTED = {"standards": 12, "procedures": 4}

# 総務省ガイドラインの対策基準の章立て (as the sample follows it in r8).
GUIDELINE_CHAPTERS = (
    "組織体制",
    "情報資産の分類と管理",
    "情報システム全体の強靱性の向上",
    "物理的セキュリティ",
    "人的セキュリティ",
    "技術的セキュリティ",
    "運用",
    "業務委託と外部サービスの利用",
    "評価・見直し",
)
SEGMENTS = ("マイナンバー利用事務系", "LGWAN接続系", "インターネット接続系")


def resolved(doc: Document, nodes: tuple[Node, ...], cls: str | None = None, ground: str | None = None,
             ) -> Iterator[tuple[Node, str, str | None, bool]]:
    """Each node with its effective classification, ground and disclosability.

    Written out here, independently of the validator, so the test checks the
    content against the rules rather than the validator against itself:
    classification and ground inherit from the parent (then the document);
    disclosable is the node's own flag, else the document's — never the parent's.
    """
    for n in nodes:
        c = n.classification or cls or doc.classification
        g = n.ground or ground or doc.ground
        d = doc.disclosable if n.disclosable is None else n.disclosable
        yield n, c, g, d
        yield from resolved(doc, n.children, c, g)


def withheld_without_ground(policy: PolicySet, doc: Document) -> list[str]:
    public = policy.audience("public").sees
    return [
        f"{rev.id}:{n.id}"
        for rev in doc.revisions
        for n, c, g, d in resolved(doc, rev.body)
        if c not in public and not d and g is None
    ]


@pytest.fixture(scope="module")
def docs(policy: PolicySet) -> dict[str, Document]:
    return {d: policy.document(d) for d in SAMPLES}


def test_documents_are_internal_with_the_basic_policys_ground(policy, docs):
    for doc in docs.values():
        assert doc.classification == "internal"
        assert doc.ground == "administrative-operations"
        assert doc.series == "千曲市情報セキュリティポリシー"
        assert doc.revisions, f"{doc.id} has no revisions"
    # The ground's wording is the reason the basic policy itself gives in §9 and §10.
    basic = policy.document("basic-policy").current
    reason = policy.ground("administrative-operations").text.removesuffix("ため")  # 〜おそれがあるため
    for section in ("standards", "procedures"):
        assert any(reason in para for para in basic.node(section).text), section
    assert docs["standards"].public_name == "情報セキュリティ対策基準"
    assert docs["procedures"].public_name == "情報セキュリティ実施手順"


def test_every_revision_is_marked_sample(docs):
    assert [r.id for r in docs["standards"].revisions] == ["r5", "r8"]
    assert [r.id for r in docs["procedures"].revisions] == ["r8"]
    for doc in docs.values():
        for rev in doc.revisions:
            assert rev.provenance == "sample", f"{doc.id} {rev.id}"


def test_every_source_file_opens_with_a_sample_notice():
    files = sorted(p for d in SAMPLES for p in (SRC / d).glob("*.yaml"))
    assert len(files) == 5  # 2 document.yaml + standards r5, r8 + procedures r8
    for path in files:
        head = path.read_text(encoding="utf-8").splitlines()[0]
        assert head.startswith("# SAMPLE"), f"{path.name}: first line is {head!r}"


@pytest.mark.parametrize("doc_id", SAMPLES)
def test_size_and_classification_mix(docs, doc_id):
    doc = docs[doc_id]
    low, high = SIZE[doc_id]
    for rev in doc.revisions:
        nodes = list(resolved(doc, rev.body))
        assert low <= len(nodes) <= high, f"{doc_id} {rev.id}: {len(nodes)} nodes"
        restricted = [n for n, c, _g, _d in nodes if c == "restricted"]
        internal = [n for n, c, _g, _d in nodes if c == "internal"]
        assert len(restricted) >= MIN_RESTRICTED[doc_id], f"{doc_id} {rev.id}: {len(restricted)} restricted"
        assert len(internal) > len(restricted), "most clauses are 庁内限り"
        assert not [n.id for n, c, _g, _d in nodes if c == "public"], "nothing in a sample is public"
        # 関係者限り parts are withheld as security measures, not merely as administration.
        for n, c, g, _d in nodes:
            if c == "restricted":
                assert g == "security-measures", f"{doc_id} {rev.id}:{n.id} ({n.location})"


@pytest.mark.parametrize("doc_id", SAMPLES)
def test_only_chapter_headings_are_disclosable(docs, doc_id):
    doc = docs[doc_id]
    for rev in doc.revisions:
        for chapter in rev.body:
            assert chapter.disclosable is True, f"{rev.id}:{chapter.id}"
            assert chapter.title and not chapter.text, "a disclosable chapter discloses its heading only"
        below = [n.id for top in rev.body for ch in top.children for n in ch.walk() if n.disclosable]
        assert below == [], f"{doc_id} {rev.id}: disclosable below chapter level: {below}"


@pytest.mark.parametrize("doc_id", SAMPLES)
def test_every_withheld_part_resolves_a_ground(policy, docs, doc_id):
    assert withheld_without_ground(policy, docs[doc_id]) == []


def test_ground_check_catches_a_missing_ground(policy, docs):
    """The rule above can fail: a document without a ground leaves its clauses groundless."""
    from dataclasses import replace

    doc = replace(docs["procedures"], ground=None)
    missing = withheld_without_ground(policy, doc)
    assert "r8:purpose" in missing
    assert "r8:general" not in missing  # a disclosable heading needs no ground
    assert "r8:incident-report-desk" not in missing  # it carries its own


def test_standards_follow_the_guideline_chapters(docs):
    rev = docs["standards"].revision("r8")
    assert tuple(ch.title for ch in rev.body) == GUIDELINE_CHAPTERS
    assert tuple(s.title for s in rev.node("resilience").children) == SEGMENTS
    roles = " ".join(n.title or "" for n in rev.node("organisation").children)
    for role in ("最高情報セキュリティ責任者（CISO）", "統括情報セキュリティ責任者", "情報セキュリティ管理者", "CSIRT"):
        assert role in roles
    terms = {n.term for n in rev.walk() if n.term}
    assert {"機密性3", "機密性2", "管理区域", "外部記録媒体", "CSIRT"} <= terms


def test_standards_terms_do_not_clash_with_the_basic_policy(policy, docs):
    basic_terms = {n.term for n in policy.document("basic-policy").current.walk() if n.term}
    for rev in docs["standards"].revisions:
        terms = [n.term for n in rev.walk() if n.term]
        assert len(terms) == len(set(terms))
        assert not set(terms) & basic_terms


def test_r5_and_r8_share_ids_for_the_same_clauses(docs):
    r5, r8 = (docs["standards"].revision(r) for r in ("r5", "r8"))
    ids5, ids8 = {n.id for n in r5.walk()}, {n.id for n in r8.walk()}
    assert len(ids5 & ids8) >= 0.9 * len(ids8), f"only {len(ids5 & ids8)} of {len(ids8)} ids shared"
    # A few realistic differences, so reviewers have a diff to read.
    assert {"duty-remote-work", "ext-no-c2"} <= ids8 - ids5  # new in r8
    assert {"asset-fax", "ext-terms"} <= ids5 - ids8  # dropped in r8
    assert "二要素認証" in r5.node("mynumber-auth").text[0]
    assert "多要素認証" in r8.node("mynumber-auth").text[0]
    assert "クラウドサービス" in (r5.node("outsourcing").title or "")
    assert r8.node("outsourcing").title == "業務委託と外部サービスの利用"
    # One renumbering: 情報セキュリティ委員会 moved ahead of 兼務の禁止.
    assert (r5.node("committee").seq, r8.node("committee").seq) == (7, 6)
    changed = [i for i in ids5 & ids8 if r5.node(i).text != r8.node(i).text or r5.node(i).title != r8.node(i).title]
    assert 8 <= len(changed) <= 40, f"{len(changed)} changed clauses"


@pytest.mark.parametrize("doc_id", SAMPLES)
def test_public_view_is_a_withheld_stub(policy, doc_id):
    view = redact(policy, "public").document(doc_id)
    assert view.withheld is True
    assert view.revisions == ()
    assert view.title == view.public_name == policy.document(doc_id).public_name
    assert view.ground == "administrative-operations"


@pytest.mark.parametrize("doc_id", SAMPLES)
def test_staff_and_security_views(policy, doc_id):
    full = policy.document(doc_id)
    staff = redact(policy, "staff").document(doc_id)
    security = redact(policy, "security").document(doc_id)
    assert [r.id for r in staff.revisions] == [r.id for r in full.revisions]  # staff see sample text
    for rev_full, rev_staff, rev_sec in zip(full.revisions, staff.revisions, security.revisions, strict=True):
        restricted = {n.id for n, c, _g, _d in resolved(full, rev_full.body) if c == "restricted"}
        staff_ids = {n.id for n in rev_staff.walk()}
        assert restricted and not restricted & staff_ids
        assert staff_ids | restricted == {n.id for n in rev_full.walk()}
        assert {n.id for n in rev_sec.walk()} == {n.id for n in rev_full.walk()}


def test_policy_check_passes_and_counts_the_samples(policy):
    run = subprocess.run([sys.executable, "-m", "toolkit", "--src", str(SRC), "check"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60,
                         env={k: v for k, v in os.environ.items() if k != "POLICY_PRIVATE_SRC"})
    assert run.returncode == 0, run.stderr
    clauses = sum(1 for d in policy.documents for r in d.revisions for _ in r.walk())
    assert f"{clauses} clauses" in run.stdout


def test_the_citys_own_source_checks():
    """The shipped policy_src/ (whatever revision it is at), as `make check` runs it."""
    run = subprocess.run([sys.executable, "-m", "toolkit", "check"], cwd=ROOT, capture_output=True, text=True,
                         timeout=60, env={k: v for k, v in os.environ.items() if k != "POLICY_PRIVATE_SRC"})
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("ok: ")
