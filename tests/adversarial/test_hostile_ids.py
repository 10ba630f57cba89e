"""Hole 4 (issue 9): every id fully matches one pattern, checked before anything is read or written through it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hostile import (
    assert_refused,
    current_revision,
    edit_yaml,
    first_node,
    make_project,
    policy,
    public_document,
    snapshot,
)

from toolkit.errors import BuildError
from toolkit.ids import id_path, is_id


def test_a_document_id_made_of_dot_dot_steps_writes_nothing_outside_build(tmp_path):
    project = make_project(tmp_path, depth=8)
    escape = "/".join([".."] * 7) + "/escaped"
    edit_yaml(project / "policy_src" / "policyset.yaml",
              lambda d: d["documents"].append({"id": escape, "public_name": "外へ"}))
    before = snapshot(tmp_path, project)
    assert_refused(policy(project, "check"), "policyset.yaml")
    run = policy(project, "publish")
    assert_refused(run, "policyset.yaml")
    assert snapshot(tmp_path, project) == before
    assert not (project / "build" / "public").exists()


def test_an_absolute_document_id_is_refused(tmp_path):
    project = make_project(tmp_path)
    target = tmp_path / "absolute"
    edit_yaml(project / "policy_src" / "policyset.yaml",
              lambda d: d["documents"].append({"id": str(target), "public_name": "外へ"}))
    assert_refused(policy(project, "publish"), "policyset.yaml")
    assert not target.exists()


@pytest.mark.parametrize("kind", ["document", "revision", "node", "audience", "classification", "ground"])
def test_an_id_with_a_trailing_newline_is_a_located_error(tmp_path, kind):
    project = make_project(tmp_path)
    src = project / "policy_src"
    doc = public_document(src)
    if kind == "document":
        edit_yaml(src / "policyset.yaml", lambda d: d["documents"].append({"id": "extra\n", "public_name": "追加"}))
        where = "policyset.yaml"
    elif kind == "revision":
        rev = current_revision(doc)
        edit_yaml(doc / "document.yaml", lambda d: d["revisions"][-1].__setitem__("id", f"{rev.stem}\n"))
        where = "document.yaml"
    elif kind == "node":
        rev = current_revision(doc)
        edit_yaml(rev, lambda d: first_node(d).__setitem__("id", f"{first_node(d)['id']}\n"))
        where = rev.name
    else:
        key = {"audience": "audiences", "classification": "classifications", "ground": "grounds"}[kind]

        def add(d):
            item = json.loads(json.dumps(d[key][-1]))  # a plain copy: a shared list would dump as an alias
            item["id"] = f"{item['id']}-x\n"
            d[key].append(item)

        edit_yaml(src / "policyset.yaml", add)
        where = "policyset.yaml"
    run = policy(project, "check")
    m = assert_refused(run, where)
    assert "is not a valid id" in run.stderr, run
    assert m["line"] != "0"


def test_a_revision_id_naming_another_documents_file_is_not_read(tmp_path):
    project = make_project(tmp_path)
    src = project / "policy_src"
    doc = public_document(src)
    other = next(p for p in src.iterdir() if p.is_dir() and p != doc and (p / "document.yaml").is_file())
    target = current_revision(other)
    edit_yaml(doc / "document.yaml",
              lambda d: d["revisions"][-1].__setitem__("id", f"../{other.name}/{target.stem}"))
    run = policy(project, "check")
    assert_refused(run, "document.yaml")
    assert f"{other.name}/{target.name}" not in run.stderr.replace("\\", "/").split("is not a valid id")[-1]


@pytest.mark.parametrize("bad", ["..", ".", "../x", "a/b", "/etc/passwd", "r8\n", "", "R8", "a\\b", "é", "-x", "x" * 65])
def test_id_path_refuses_anything_but_a_plain_id(tmp_path, bad):
    assert not is_id(bad)
    with pytest.raises(BuildError):
        id_path(tmp_path, bad, suffix=".yaml")


def test_id_path_joins_a_plain_id(tmp_path):
    assert id_path(tmp_path, "r8", suffix=".yaml") == Path(tmp_path) / "r8.yaml"
    assert id_path(tmp_path, "basic-policy", "r5", "r8", suffix=".txt").name == "basic-policy-r5-r8.txt"
    assert is_id("basic-policy") and is_id("x" * 64)


@pytest.mark.parametrize("key", ["classifications", "audiences", "grounds"])
def test_an_id_defined_twice_is_located_at_the_second(tmp_path, key):
    project = make_project(tmp_path)
    ps = project / "policy_src" / "policyset.yaml"
    edit_yaml(ps, lambda d: d[key].append(json.loads(json.dumps(d[key][0]))))
    run = policy(project, "check")
    m = assert_refused(run, "policyset.yaml")
    assert "defined twice" in run.stderr and int(m["line"]) > 1, run


@pytest.mark.parametrize("bad", ["../index.rst", "a/../../x.rst", "/etc/x.rst", "", "a\\..\\x", "a\0b"])
def test_generated_pages_never_step_out_of_their_folder(tmp_path, bad):
    from toolkit.ids import inside
    from toolkit.render.site.build import sync_sources

    with pytest.raises(BuildError):
        inside(tmp_path, bad)
    with pytest.raises(BuildError):
        sync_sources(tmp_path / "src", {bad: "x"})
    assert inside(tmp_path, "basic-policy/index.rst") == tmp_path / "basic-policy" / "index.rst"


def test_a_ledger_repeating_one_revision_reads_its_file_once(tmp_path, monkeypatch):
    """A ledger naming one revision thousands of times must not read (and parse) its file thousands of times."""
    import toolkit.source.load as load
    from toolkit.errors import SourceError

    project = make_project(tmp_path)
    doc = public_document(project / "policy_src")
    rev = current_revision(doc)
    ledger = (doc / "document.yaml").read_text(encoding="utf-8")
    entry = ledger[ledger.index(f"  - id: {rev.stem}\n"):]
    (doc / "document.yaml").write_text(ledger + entry * 2000, encoding="utf-8")
    reads: list[str] = []
    real = load.read_revision_file
    monkeypatch.setattr(load, "read_revision_file", lambda path, *a: reads.append(str(path)) or real(path, *a))
    with pytest.raises(SourceError) as e:
        load.load_policy([project / "policy_src"])
    assert reads.count(str(rev)) == 1
    assert any("appears twice in the ledger" in p.message for p in e.value.problems)
