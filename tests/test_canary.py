"""Canaries: planted in every field kind of every non-public part, none reaches the public site.

One session build (real Sphinx via ``toolkit.render.site``) from a copy of
policy_src/ with canaries planted, the 実施手順 moved into a second source
root given by ``$POLICY_PRIVATE_SRC``; a second build given ``--private-src``.
The positive control — the site of the audience that sees everything — proves
the same canaries are found when they are rendered, so "none found" means
something.
"""

from __future__ import annotations

import pytest
from fixtures.canary.tools import DOC_KINDS, NON_MODEL, REVISION_KINDS, _cli, tree

from toolkit.leakcheck import file_texts, leakcheck, normalise
from toolkit.view import redact

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("canary-builds")]  # the canary builds: sites from a planted source


def test_every_field_kind_is_planted_in_every_non_public_part(builds, planted_policy):
    p = builds.planted
    public = planted_policy.audience("public")
    non_public = [d for d in planted_policy.documents if d.revisions and d.classification not in public.sees]
    assert {d.id for d in non_public} >= {"standards", "procedures"}
    for doc in non_public:
        assert p.kinds(doc.id) == set(DOC_KINDS), doc.id
    basic = planted_policy.document("basic-policy")
    hidden_revs = [r for r in basic.revisions if r.provenance not in public.provenance]
    assert hidden_revs, "a reconstructed revision of the basic policy is planted"
    for rev in hidden_revs:
        assert p.kinds(f"basic-policy/{rev.id}") == REVISION_KINDS, rev.id
    # 庁内限り parts inside the public current revision: a glossary term, a section with deep children, a 附則
    assert {"term", "text", "sectiontitle", "clausetitle", "listitem", "deep", "note", "suppltitle",
            "suppltext"} <= p.kinds(f"basic-policy/{basic.current.id}")
    assert [n.classification for n in basic.current.supplementary] == ["internal"]
    # and a history-only entry whose provenance the public is not shown (its date is public, its summary not)
    assert [(e.provenance, p.kinds(f"basic-policy/{e.id}")) for e in basic.history_only] == [
        ("reconstructed", {"history"})]
    for doc in non_public:  # each non-public document: a history-only entry, and 附則 in every revision
        assert len(doc.history_only) == 1 and all(r.supplementary for r in doc.revisions), doc.id


def test_canaries_are_in_the_model_and_the_sources(builds, planted_policy):
    """Planted where the loader reads them (else the test proves nothing); comments only in the files."""
    full = redact(planted_policy, "security")
    from toolkit.view.visibility import view_texts

    blob = "\n".join(view_texts(full))
    missing = [t for t in builds.planted.in_model() if t not in blob]
    assert not missing
    sources = "".join(p.read_text(encoding="utf-8") for root in (builds.src, builds.private)
                      for p in root.rglob("*.yaml"))
    comments = [t for t, (k, _w) in builds.planted.tokens.items() if k in NON_MODEL]
    assert comments and all(t in sources for t in comments)
    assert not [t for t in comments if t in blob]


def test_second_root_is_where_the_procedures_come_from(builds):
    assert not (builds.src / "procedures").exists() and (builds.private / "procedures" / "document.yaml").is_file()
    rc, out = _cli(["--src", str(builds.src), "check"])
    assert rc == 0 and "no source for procedures" in out
    rc, out = _cli(["--src", str(builds.src), "--private-src", str(builds.private), "check"])
    assert rc == 0 and "no source for" not in out
    rc, out = _cli(["--src", str(builds.src), "check"], {"POLICY_PRIVATE_SRC": str(builds.private)})
    assert rc == 0 and "no source for" not in out


@pytest.mark.parametrize("which", ["env", "opt"])
def test_public_build_passes_its_leak_check_with_every_canary(builds, which):
    assert builds.status[which] == 0, builds.output[which]
    assert "leak check passed" in builds.output[which]


@pytest.mark.parametrize("which", ["env", "opt"])
def test_no_canary_in_any_public_file(builds, which):
    site = builds.env_site if which == "env" else builds.opt_site
    files = tree(site)
    assert {"index.html", "searchindex.js", "objects.inv", "MANIFEST.sha256"} <= set(files)
    assert [n for n in files if n.endswith(".docx")], "the official .docx is offered (and checked)"
    tokens = list(builds.planted.tokens)
    found = []
    for name, data in files.items():
        raw = data.decode("utf-8", "replace").casefold()
        texts = [normalise(t) for _label, t in file_texts(name, data)]
        found += [(name, t) for t in tokens if t in raw or any(t in x for x in texts)]
    assert not found, found[:10]


def test_positive_control_every_rendered_canary_is_found(builds, planted_policy):
    """The same canaries rendered (the everything-site) are found by the check, in HTML,
    searchindex.js and objects.inv: so a clean public result is not vacuous."""
    assert builds.status["leaky"] == 0, builds.output["leaky"]
    tokens = builds.planted.rendered()
    report = leakcheck(builds.leaky_site, planted_policy, "public", tokens, max_hits_per_file=None)
    found = {h.origin.removeprefix("canary ") for h in report.hits if h.origin.startswith("canary ")}
    assert set(tokens) - found == set()
    files = {h.file.split("!")[0] for h in report.hits}
    assert {"searchindex.js", "objects.inv"} <= files
    assert any(f.endswith(".html") for f in files)
    # and the hidden text itself (not only canaries) is caught there
    assert [h for h in report.hits if not h.origin.startswith("canary ")]


def test_public_site_still_says_the_documents_exist(builds, planted_policy):
    view = redact(planted_policy, "public")
    text = "".join(normalise(t) for name, data in tree(builds.env_site).items() if name.endswith(".html")
                   for _l, t in file_texts(name, data))
    for doc_id in ("standards", "procedures"):
        stub = view.document(doc_id)
        assert normalise(stub.public_name) in text
        assert normalise(view.ground(stub.ground).text) in text


def test_positive_control_inside_a_real_official_docx(builds, planted_policy, tmp_path):
    """The official Word renderer, given a view with the hidden text, makes a .docx the check sees into."""
    from toolkit.render.docx_official import write_official

    view = redact(planted_policy, "security")
    folder = tmp_path / "site"
    path = write_official(view, "standards", view.document("standards").current.id, folder / "downloads")
    report = leakcheck(folder, planted_policy, "public", builds.planted.in_model(), max_hits_per_file=None)
    members = {h.file for h in report.hits}
    assert f"downloads/{path.name}!word/document.xml" in members
    assert len({h.origin for h in report.hits if h.origin.startswith("canary kanari")}) > 50


def _site_text(site, *, skip=("diff/",)) -> str:
    """The normalised text of a site's HTML pages (but the 新旧対照表 pages: a document's own pages must show it)."""
    return "\n".join(normalise(t) for name, data in tree(site).items()
                     if name.endswith(".html") and not name.startswith(skip) for _l, t in file_texts(name, data))


def test_positive_control_planted_supplementary_show_on_the_internal_site(builds, planted_policy):
    """Every planted 附則 — of the non-public documents, of the reconstructed revisions, and the 庁内限り one
    of the public basic policy — is on the pages of the site of the audience that sees everything, under its
    printed heading; so their absence from the public outputs (above) is the redaction's doing."""
    from toolkit.model.numbering import supplementary_heading

    assert builds.status["leaky"] == 0, builds.output["leaky"]
    text = _site_text(builds.leaky_site)
    tokens = [t for t, (kind, _w) in builds.planted.tokens.items() if kind in ("suppltitle", "suppltext")]
    assert len(tokens) >= 2 * 4  # two documents, the reconstructed revisions, the internal one
    assert [t for t in tokens if t not in text] == []
    headings = {normalise(supplementary_heading(n)) for d in planted_policy.documents for r in d.revisions
                for n in r.supplementary if n.title and "kanari" in n.title}
    assert headings and [h for h in headings if h not in text] == []


def test_history_only_entries_their_dates_for_all_their_summaries_fingerprinted(builds, planted_policy, tmp_path):
    """A history-only entry's summary is printed by no output (its date and kind are); so the positive control
    for the planted summaries is the leak check's own fingerprints: a file quoting them fails the public check
    without being told the canaries, each traced to its ledger entry."""
    from toolkit.model.wareki import wareki

    entries = [(d, e) for d in planted_policy.documents for e in d.history_only]
    assert sorted(d.id for d, _e in entries) == ["basic-policy", "procedures", "standards"]
    public = _site_text(builds.env_site)
    basic = planted_policy.document("basic-policy").history_only[0]
    assert normalise(wareki(basic.date)) in public  # the date the city prints, on the public history page
    assert normalise(wareki(basic.date)) in _site_text(builds.leaky_site)
    # the public view keeps every date of the basic policy's ledger, and a summary only with what it summarises
    view = redact(planted_policy, "public").document("basic-policy")
    summaries = {e.id: e.summary for e in view.ledger}
    assert set(summaries) == {e.id for e in planted_policy.document("basic-policy").ledger}
    assert [i for i, text in summaries.items() if text] == [view.current.id]
    assert summaries[view.current.id] == view.current.summary
    folder = tmp_path / "site"
    folder.mkdir()
    for d, e in entries:
        (folder / f"{d.id}.html").write_text(f"<p>{e.summary}</p>", encoding="utf-8")
    report = leakcheck(folder, planted_policy, "public", (), max_hits_per_file=None)
    assert {h.file for h in report.hits} == {f"{d.id}.html" for d, _e in entries}
    # (a hit names the first entry whose fingerprint it meets: the three summaries share their start)
    assert {h.origin.split(" (")[0].rsplit(" ", 2)[0] for h in report.hits} == {"summary of history-only entry"}
