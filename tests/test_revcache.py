"""The parse cache of revision files (toolkit.source.revcache): same model, misses on any change, never trusted blindly."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import SRC

from toolkit.errors import SourceError
from toolkit.source import revcache
from toolkit.source.load import load_policy


@pytest.fixture
def src(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("POLICY_CACHE_DIR", str(tmp_path / "cache"))
    revcache.forget()  # the folder's entries are under test: none of this process's own (see the memo tests)
    dst = tmp_path / "policy_src"
    shutil.copytree(SRC, dst)
    return dst


def _entries(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "cache"
    return sorted(p for p in folder.iterdir() if not p.name.startswith(".")) if folder.is_dir() else []  # not the marker


def _deep(policy):
    """Everything of the model, locations included (Node equality leaves them out)."""
    return [(d.id, r.id, r.note, r.source, [(n, n.location) for n in r.walk()])
            for d in policy.documents for r in d.revisions]


def test_second_load_is_served_from_the_cache_and_equal(src, tmp_path):
    first = load_policy([src])
    entries = _entries(tmp_path)
    assert len(entries) == sum(len(d.revisions) for d in first.documents) > 0
    revcache.forget()
    second = load_policy([src])
    assert second == first
    assert _deep(second) == _deep(first)
    assert _entries(tmp_path) == entries  # nothing new written: every revision came from the cache


def test_an_edited_file_misses(src, tmp_path):
    load_policy([src])
    rev = src / "basic-policy" / "r8.yaml"
    text = rev.read_text(encoding="utf-8")
    target = next(line for line in text.splitlines() if line.strip().startswith("title:"))
    rev.write_text(text.replace(target, target.rstrip() + "（改）", 1), encoding="utf-8")
    again = load_policy([src])
    titles = [n.title for n in again.document("basic-policy").revision("r8").walk() if n.title]
    assert any(t.endswith("（改）") for t in titles)


def test_a_file_with_a_problem_is_never_cached(src, tmp_path):
    rev = src / "basic-policy" / "r8.yaml"
    rev.write_text(rev.read_text(encoding="utf-8").replace("body:", "bodyy:", 1), encoding="utf-8")
    for _ in range(2):  # reported every time, with its location
        with pytest.raises(SourceError, match="r8.yaml"):
            load_policy([src])
    key = revcache.key(rev, "r8")
    assert key is not None and not (tmp_path / "cache" / key[0]).exists()


def test_a_corrupt_or_symlinked_entry_is_a_miss(src, tmp_path):
    first = load_policy([src])
    for entry in _entries(tmp_path):
        entry.write_bytes(b"\x00garbage")
    revcache.forget()
    assert load_policy([src]) == first
    assert all(revcache.get(e.name, "x") is not None for e in _entries(tmp_path))  # written again, good
    revcache.forget()
    for entry in _entries(tmp_path):
        decoy = tmp_path / f"decoy-{entry.name}"
        decoy.write_bytes(entry.read_bytes())
        entry.unlink()
        os.symlink(decoy, entry)
    key = revcache.key(src / "basic-policy" / "r8.yaml", "r8")
    assert key is not None
    assert revcache.get(key[0], "x") is None  # a symlink in the cache is never read


def test_a_symlinked_source_file_is_not_served_from_the_cache(src, tmp_path):
    load_policy([src])
    rev = src / "basic-policy" / "r8.yaml"
    real = tmp_path / "elsewhere.yaml"
    real.write_bytes(rev.read_bytes())
    rev.unlink()
    os.symlink(real, rev)
    assert revcache.key(rev, "r8") is None  # so the loader reads it and reports the symlink as it would


def test_unwritable_cache_is_no_error(src, tmp_path, monkeypatch):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    monkeypatch.setenv("POLICY_CACHE_DIR", str(blocker / "cache"))
    assert load_policy([src]).documents


def test_the_cache_is_what_a_second_load_reads(src, tmp_path):
    import marshal

    from toolkit.seal import seal_bytes, unseal_bytes

    load_policy([src])
    key = revcache.key(src / "basic-policy" / "r8.yaml", "r8")
    assert key is not None
    entry = tmp_path / "cache" / key[0]
    data = unseal_bytes(entry.read_bytes(), key[0])  # entries are sealed (issue 17): re-sealed here with the key
    assert data is not None
    body, note, loc, own, supplementary, preamble = marshal.loads(data)
    entry.write_bytes(seal_bytes(marshal.dumps((((body[0][0], "差し替え", *body[0][2:]),) + body[1:], note, loc, own,
                                                supplementary, preamble)), key[0]) or b"")
    revcache.forget()
    assert load_policy([src]).document("basic-policy").revision("r8").body[0].title == "差し替え"


def test_the_folder_is_kept_small(src, tmp_path, monkeypatch):
    monkeypatch.setattr(revcache, "KEEP", 2)
    load_policy([src])
    assert len(_entries(tmp_path)) == 2


def test_every_node_field_survives_the_round_trip(tmp_path, monkeypatch):
    import dataclasses

    from toolkit.errors import Location
    from toolkit.model import Node

    monkeypatch.setenv("POLICY_CACHE_DIR", str(tmp_path / "cache"))
    leaf = Node("b", text=("本文",), seq=1, location=Location("f.yaml", 9, 5))
    node = Node("a", title="見出し", term="用語", text=("一", "二"), children=(leaf,), classification="internal",
                ground="ops", disclosable=True, note="注記", seq=3, location=Location("f.yaml", 3, 1),
                reason="改正理由", implements=("basic-policy:measures",), branch=2, numbering="ア",
                follows=("guideline:org-ciso",))
    defaults = {f.name for f in dataclasses.fields(Node)
                if getattr(node, f.name) == (f.default if f.default is not dataclasses.MISSING else object())}
    assert defaults <= {"withheld"}, f"set every field in this test: {defaults}"
    suppl = Node("s", title="令和5年3月31日訓令第5号", text=("施行する。",), seq=1, location=Location("f.yaml", 20, 5))
    pre = Node("p", text=("前文の段落",), seq=1, classification="public", location=Location("f.yaml", 4, 5))
    revcache.put("entry", ((node,), "版注記", Location("f.yaml", 1, 1), ("第1", "1"), (suppl,), (pre,)))
    revcache.forget()
    got = revcache.get("entry", "f.yaml")
    assert got == ((node,), "版注記", Location("f.yaml", 1, 1), ("第1", "1"), (suppl,), (pre,))
    body = got[0]
    assert body[0].location == node.location and body[0].children[0].location == leaf.location


def test_other_loader_code_means_other_entries(src, tmp_path, monkeypatch):
    load_policy([src])
    before = _entries(tmp_path)
    monkeypatch.setattr(revcache, "_code_digest", "a-changed-loader")
    load_policy([src])
    assert len(_entries(tmp_path)) == 2 * len(before)  # nothing of the old loader's output was reused


# The process's own memo over the folder: a revision loaded again is neither parsed nor unpacked.

def _counting(monkeypatch) -> dict[str, int]:
    from toolkit.source import revision_file

    calls = {"parse": 0, "unpack": 0}
    parse, unpack = revision_file.compose_reported, revcache._unpack

    def counted_parse(*a):
        calls["parse"] += 1
        return parse(*a)

    def counted_unpack(*a):
        calls["unpack"] += 1
        return unpack(*a)

    monkeypatch.setattr(revision_file, "compose_reported", counted_parse)
    monkeypatch.setattr(revcache, "_unpack", counted_unpack)
    return calls


def test_a_second_load_in_the_process_reads_nothing_again_even_from_another_folder(src, tmp_path, monkeypatch):
    first = load_policy([src])
    calls = _counting(monkeypatch)
    again = load_policy([src])
    assert calls == {"parse": 0, "unpack": 0} and again == first and _deep(again) == _deep(first)
    other = tmp_path / "elsewhere" / "policy_src"  # the same files in another folder, another cache folder
    shutil.copytree(src, other)
    monkeypatch.setenv("POLICY_CACHE_DIR", str(tmp_path / "cache2"))
    moved = load_policy([other])
    assert calls["parse"] == 0 and calls["unpack"] > 0  # the stored value, unpacked with this folder's locations
    assert moved == first
    files = {n.location.file for d in moved.documents for r in d.revisions for n in r.walk() if n.location}
    assert files and all("elsewhere" in f for f in files), files  # its locations are its own file's
    assert len(list((tmp_path / "cache2").iterdir())) > 1  # and that cache folder gets its entries, as a parse would


def test_the_memo_misses_on_an_edit_and_never_keeps_a_problem(src, monkeypatch):
    load_policy([src])
    calls = _counting(monkeypatch)
    rev = src / "basic-policy" / "r8.yaml"
    text = rev.read_text(encoding="utf-8")
    rev.write_text(text.replace("body:", "bodyy:", 1), encoding="utf-8")
    for n in range(1, 3):  # reported every time
        with pytest.raises(SourceError, match="r8.yaml"):
            load_policy([src])
        assert calls["parse"] == n
    rev.write_text(text, encoding="utf-8")
    load_policy([src])
    assert calls["parse"] == 2  # the good bytes again: known


def test_the_memo_is_bounded(src, monkeypatch):
    monkeypatch.setattr(revcache, "MEMO_KEEP", 2)
    load_policy([src])
    assert len(revcache._STORED) == len(revcache._PARSED) == 2
