"""The leak check itself: it reads every container kind, so it cannot pass vacuously.

These tests build tiny folders by hand (no Sphinx): a clean page passes, and
hidden text planted into each container kind (HTML, searchindex.js with
``\\u`` escapes, objects.inv, .docx, .zip, .apkg, a file name) makes
``policy leakcheck`` exit 1 naming the file.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import zipfile
import zlib
from pathlib import Path

import pytest
from conftest import SRC

from toolkit.cli import main
from toolkit.leakcheck import (
    MIN_FRAGMENT,
    SHINGLE,
    file_texts,
    fingerprints,
    fragments,
    hidden_texts,
    leakcheck,
    normalise,
)
from toolkit.model import Node, Revision
from toolkit.view import redact


@pytest.fixture(scope="module")
def fps(policy):
    return fingerprints(policy, "public")


@pytest.fixture(scope="module")
def secret(policy, fps) -> dict[str, str]:
    """A hidden sentence and a hidden title from the real sources, each a fingerprint."""
    body = title = None
    for kind, text, origin in hidden_texts(policy, "public"):
        n = normalise(text)
        if kind == "heading" and title is None and n in fps.short:
            title = text
        if kind == "text" and body is None and origin.startswith("text of ") and len(n) > 40 and any(
                f[i: i + SHINGLE] in fps.shingles for f in fragments(text) for i in range(len(f) - SHINGLE + 1)):
            body = text
    assert body and title, "policy_src has no non-public text to test with"
    return {"body": body, "title": title}


def run(*argv: str) -> int:
    return main(["--src", str(SRC), *argv])


def clean_site(folder: Path, policy) -> Path:
    """A page of public text only (the view's own text): must pass."""
    view = redact(policy, "public")
    doc = view.document("basic-policy")
    paras = [p for n in doc.current.walk() for p in n.text]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(
        "<html><body>" + "".join(f"<p>{p}</p>" for p in paras) + "</body></html>", encoding="utf-8")
    return folder


def test_normalise_folds_width_case_and_space():
    assert normalise("ＣＳＩＲＴ の\n 設置\u3000①") == "csirtの設置1"


def test_fingerprints_never_hold_what_the_audience_may_see(policy, fps):
    view = redact(policy, "public")
    from toolkit.view.visibility import view_texts

    blob = "\x00".join(normalise(t) for t in view_texts(view))
    assert fps.shingles and fps.short, "non-public documents give fingerprints"
    assert not [s for s in fps.shingles if s in blob]
    assert not [s for s in fps.short if s in blob]


def test_everyone_sees_everything_gives_no_fingerprints(policy):
    assert len(fingerprints(policy, "security")) == 0


def test_reconstructed_revision_sharing_public_text_is_not_a_leak(policy):
    """A reconstructed revision = the public one with one sentence changed: only that sentence counts."""
    doc = policy.document("basic-policy")
    current = doc.current
    changed = "この文は再構成した版にだけある架空の一文であり公開してはならない"

    def alter(nodes: tuple[Node, ...]) -> tuple[Node, ...]:
        return tuple(dataclasses.replace(n, text=(changed,)) if n.id == "purpose" else n for n in nodes)

    old = dataclasses.replace(current, id="r0", provenance="reconstructed", summary=current.summary,
                              date=current.date.replace(year=2000), body=alter(current.body), note=None)
    plain = dataclasses.replace(doc, revisions=(old, current), ledger=())
    only_basic = dataclasses.replace(policy, documents=(plain,))
    fps = fingerprints(only_basic, "public")
    origins = set(fps.shingles.values()) | set(fps.short.values())
    assert {o.split(" (")[0] for o in origins} == {"text of basic-policy r0 node purpose"}
    assert normalise(changed)[:SHINGLE] in fps.shingles


def test_clean_folder_passes(tmp_path, policy, capsys):
    site = clean_site(tmp_path / "site", policy)
    assert run("leakcheck", str(site)) == 0
    assert "ok: no non-public text" in capsys.readouterr().out


def _zip(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def _docx(path: Path, text: str) -> None:
    from docx import Document

    d = Document()
    p = d.add_paragraph()
    half = len(text) // 2  # Word splits text into runs: the check must join them
    p.add_run(text[:half])
    p.add_run(text[half:]).bold = True
    d.save(str(path))


def _apkg(path: Path, text: str) -> None:
    import genanki

    model = genanki.Model(1607392319, "Simple", fields=[{"name": "Q"}, {"name": "A"}],
                          templates=[{"name": "c", "qfmt": "{{Q}}", "afmt": "{{A}}"}])
    deck = genanki.Deck(2059400110, "研修")
    deck.add_note(genanki.Note(model=model, fields=["問題", text], guid="leaktest"))
    genanki.Package(deck).write_to_file(str(path), timestamp=0)


def _inventory(path: Path, lines: list[str]) -> None:
    head = (b"# Sphinx inventory version 2\n# Project: x\n# Version: \n"
            b"# The remainder of this file is compressed using zlib.\n")
    path.write_bytes(head + zlib.compress("\n".join(lines).encode("utf-8")))


def plant_html(site: Path, secret: dict[str, str]) -> str:
    body = secret["body"]
    # tags inside the sentence, an entity, a line break: as a template would write it
    html_text = f"<p>{body[:5]}<a href='#x'>{body[5:9]}</a>&#{ord(body[9])};\n{body[10:]}</p>"
    (site / "page.html").write_text(f"<html><body>{html_text}</body></html>", encoding="utf-8")
    return "page.html"


def plant_searchindex(site: Path, secret: dict[str, str]) -> str:
    data = {"titles": ["トップ", secret["title"]], "terms": {"a": 0}}
    text = "Search.setIndex(" + json.dumps(data, ensure_ascii=True) + ")"
    assert "\\u" in text and secret["title"] not in text  # really escaped
    (site / "searchindex.js").write_text(text, encoding="ascii")
    return "searchindex.js"


def plant_inventory(site: Path, secret: dict[str, str]) -> str:
    _inventory(site / "objects.inv", ["purpose std:label -1 basic-policy/index.html#purpose 目的",
                                      f"leak std:label -1 x.html#leak {secret['title']}"])
    return "objects.inv"


def plant_docx(site: Path, secret: dict[str, str]) -> str:
    (site / "downloads").mkdir()
    _docx(site / "downloads" / "official.docx", secret["body"])
    return "downloads/official.docx!word/document.xml"


def plant_zip_in_zip(site: Path, secret: dict[str, str]) -> str:
    inner = site / "inner.docx"
    _docx(inner, secret["body"])
    _zip(site / "bundle.zip", {"readme.txt": b"public", "nested/official.docx": inner.read_bytes()})
    inner.unlink()
    return "bundle.zip!nested/official.docx!word/document.xml"


def plant_apkg(site: Path, secret: dict[str, str]) -> str:
    _apkg(site / "training.apkg", secret["body"])
    return "training.apkg!collection.anki2!notes"


def plant_gzip(site: Path, secret: dict[str, str]) -> str:
    (site / "notes.txt.gz").write_bytes(gzip.compress(secret["body"].encode("utf-8"), mtime=0))
    return "notes.txt.gz!gunzip"


def plant_file_name(site: Path, secret: dict[str, str]) -> str:
    (site / f"{secret['title']}.html").write_text("<p>x</p>", encoding="utf-8")
    return f"{secret['title']}.html"


PLANTERS = [plant_html, plant_searchindex, plant_inventory, plant_docx, plant_zip_in_zip, plant_apkg,
            plant_gzip, plant_file_name]


@pytest.mark.parametrize("planter", PLANTERS, ids=lambda f: f.__name__.removeprefix("plant_"))
def test_planted_leak_is_caught_in_every_container(planter, tmp_path, policy, secret, capsys):
    site = clean_site(tmp_path / "site", policy)
    where = planter(site, secret)
    assert run("leakcheck", str(site)) == 1
    err = capsys.readouterr().err
    outer, _, member = where.partition("!")
    assert f"{site / outer}: non-public text" in err, err
    assert not member or f"(inside, at {member})" in err, err
    assert "non-public text" in err and ".yaml:" in err  # names the source line it came from


def test_apkg_is_read_as_a_real_sqlite_collection(tmp_path, policy, secret):
    """Not just bytes: the note field comes out of the collection's notes table."""
    _apkg(tmp_path / "t.apkg", secret["body"])
    texts = dict(file_texts("t.apkg", (tmp_path / "t.apkg").read_bytes()))
    assert secret["body"] in texts["t.apkg!collection.anki2!notes"]


def test_canary_tokens_are_found_even_in_binary_files(tmp_path, policy, capsys):
    site = clean_site(tmp_path / "site", policy)
    (site / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00kanaritestzzzz\x00\xff")
    assert run("leakcheck", str(site), "--canary", "KanariTestZZZZ") == 1  # case and width folded
    assert "canary KanariTestZZZZ" in capsys.readouterr().err
    assert run("leakcheck", str(site), "--canary", "someothertoken") == 0


def test_a_leaked_paragraph_is_reported_once_with_its_origin(tmp_path, policy, secret):
    site = clean_site(tmp_path / "site", policy)
    plant_html(site, secret)
    report = leakcheck(site, policy, "public")
    hits = [h for h in report.hits if h.file == "page.html"]
    assert 1 <= len(hits) <= len(fragments(secret["body"])), hits
    assert all("text of" in h.origin and ".yaml:" in h.origin for h in hits), hits  # file:line of the source


def test_internal_audience_is_checked_against_restricted_text(tmp_path, policy):
    """Staff may read 庁内限り but not 関係者限り: the check follows the audience."""
    restricted = next(t for k, t, o in hidden_texts(policy, "staff") if k == "text" and len(normalise(t)) > 30)
    site = tmp_path / "internal"
    site.mkdir()
    (site / "index.html").write_text(f"<p>{restricted}</p>", encoding="utf-8")
    assert not leakcheck(site, policy, "staff").ok
    assert leakcheck(site, policy, "security").ok


def test_short_and_common_fragments_are_not_fingerprints(fps):
    assert all(len(s) >= 4 for s in fps.short)
    assert not [s for s in fps.short if s.isascii() and len(s) < 8]
    assert MIN_FRAGMENT >= 4


def test_missing_folder_is_a_located_error(tmp_path, capsys):
    assert run("leakcheck", str(tmp_path / "nope")) == 2
    assert "nope: not a folder" in capsys.readouterr().err


def test_revision_fixture_sanity(policy):
    # the hidden texts really include non-public revision summaries and withheld titles
    origins = [o for _k, _t, o in hidden_texts(policy, "public")]
    assert any(o.startswith("summary of revision") for o in origins)
    assert any(o.startswith("title of withheld document") for o in origins)
    assert isinstance(policy.document("basic-policy").current, Revision)


def test_scan_handles_short_latin_and_japanese_fingerprints():
    """Other checks (the 部分開示 edition) build their own Fingerprints: every kind is found."""
    from toolkit.leakcheck import Fingerprints, scan_text

    fps = Fingerprints(shingles={"情報セキュリティ対策基準": "s"}, short={"abc": "ascii", "機密": "two", "管理区域の": "five"},
                       canaries={"kanarix": "KANARIX"})
    text = normalise("xx abc yy 機密 zz 管理区域の入退室　情報セキュリティ対策基準 KANARIX " + "x" * 5000)
    assert {h.origin for h in scan_text("t", text, fps)} == {"s", "ascii", "two", "five", "canary KANARIX"}
    assert scan_text("t", normalise("管理区域 情報セキュリティ対策 abd"), fps) == []


def test_fingerprints_union_holds_every_part_and_changes_none(policy):
    """Issue 19: merging fingerprints is Fingerprints' operation (the 部分開示 manifest is checked against
    every edition's), not fields copied by hand where it is needed."""
    from toolkit.leakcheck import Fingerprints

    a, b = fingerprints(policy, "public", ["CANARY-A"]), fingerprints(policy, "staff", ["CANARY-B"])
    sizes = (len(a), len(b))
    every = Fingerprints.union([a, b])
    assert every.shingles.keys() == a.shingles.keys() | b.shingles.keys()
    assert every.short.keys() == a.short.keys() | b.short.keys()
    assert set(every.canaries.values()) == {"CANARY-A", "CANARY-B"}
    assert every.skipped == a.skipped + b.skipped
    assert (len(a), len(b)) == sizes and len(every) >= max(sizes)


def test_a_disclosure_manifest_naming_withheld_text_fails_the_leak_check(tmp_path, capsys):
    """``policy leakcheck --audience disclosure``: the manifest belongs to no one edition, so it is checked
    against what every edition withholds."""
    from toolkit.source.load import load_policy
    from toolkit.view.disclose import withheld_texts

    out = tmp_path / "disclosure"
    assert run("disclose", "--all", "-o", str(out)) == 0
    assert run("leakcheck", str(out), "--audience", "disclosure") == 0
    policy = load_policy([SRC])
    text = max((t for t, origin in withheld_texts(policy, "procedures") if origin.startswith("text of")), key=len)
    manifest = out / "MANIFEST.sha256"
    manifest.write_text(manifest.read_text(encoding="utf-8") + f"0000  {text}\n", encoding="utf-8")
    capsys.readouterr()
    assert run("leakcheck", str(out), "--audience", "disclosure") == 1
    assert "MANIFEST.sha256" in capsys.readouterr().err


def test_a_pdf_read_again_from_memory_reads_as_the_first_time(official_editions):
    """A PDF read whole before in the process comes from memory (leakcheck/pdf.py): the same labels
    (under the new name), texts and budget as a first read, and limits still apply to it."""
    from toolkit.leakcheck import pdf
    from toolkit.leakcheck.limits import LIMITS, Budget, CannotVerify

    data = next(p for p in sorted(official_editions.rglob("*.pdf"))).read_bytes()
    pdf._READ.clear()
    first_budget, again_budget = Budget(), Budget()
    first = list(file_texts("a.pdf", data, budget=first_budget))
    assert len(pdf._READ) == 1
    again = list(file_texts("b.pdf", data, budget=again_budget))
    assert again[0] == ("b.pdf", "b.pdf")  # the file's name is output too
    assert [(label.replace("b.pdf", "a.pdf", 1), text) for label, text in again[1:]] == first[1:]
    assert any("!page 1" in label and text.strip() for label, text in again)
    assert (again_budget.total, again_budget.members) == (first_budget.total, first_budget.members)
    small = dataclasses.replace(LIMITS, total_bytes=first_budget.total - 1)  # another limit: read anew, and refused
    with pytest.raises(CannotVerify):
        list(file_texts("c.pdf", data, budget=Budget(limits=small)))
