"""Holes 2 and 6 (issue 9): source files that are not what they seem — symlinks, pipes, huge
files, other encodings — are refused with a located error, and quoted values are truncated."""

from __future__ import annotations

import os

import pytest
from hostile import (
    assert_refused,
    current_revision,
    make_project,
    non_public_document,
    policy,
    public_document,
    snapshot,
)

from toolkit.source.yamlnodes import MAX_SOURCE_BYTES


def test_a_public_revision_linked_to_a_non_public_one_is_refused(tmp_path):
    project = make_project(tmp_path)
    src = project / "policy_src"
    public, secret = public_document(src), non_public_document(src)
    rev = current_revision(public)
    target = current_revision(secret)
    rev.unlink()
    rev.symlink_to(f"../{secret.name}/{target.name}")
    before = snapshot(tmp_path, project)
    m = assert_refused(policy(project, "check"), rev.name)
    assert m["file"].endswith(f"{public.name}/{rev.name}")
    run = policy(project, "publish")
    assert_refused(run, rev.name)
    assert "symbolic link" in run.stderr
    assert not (project / "build" / "public").exists()
    assert snapshot(tmp_path, project) == before


def test_a_linked_document_folder_is_refused(tmp_path):
    project = make_project(tmp_path)
    src = project / "policy_src"
    secret = non_public_document(src)
    (src / "mirror").symlink_to(secret.name)
    run = policy(project, "check")
    assert run.returncode == 2 and "Traceback" not in run.stderr, run
    assert "policy_src/mirror: is a symbolic link" in run.stderr, run


def test_a_linked_policyset_is_refused(tmp_path):
    project = make_project(tmp_path)
    src = project / "policy_src"
    (src / "policyset.yaml").rename(tmp_path / "elsewhere.yaml")
    (src / "policyset.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    assert_refused(policy(project, "check"), "policyset.yaml", 1)


def test_a_pipe_in_place_of_a_revision_is_refused_not_waited_on(tmp_path):
    project = make_project(tmp_path)
    rev = current_revision(public_document(project / "policy_src"))
    rev.unlink()
    os.mkfifo(rev)
    run = policy(project, "check", wall=20)
    assert_refused(run, rev.name, 1)
    assert "not a regular file" in run.stderr


def test_a_huge_file_is_refused_before_it_is_read(tmp_path):
    project = make_project(tmp_path)
    rev = current_revision(public_document(project / "policy_src"))
    with rev.open("ab") as f:
        f.truncate(MAX_SOURCE_BYTES + 1)  # sparse: no disk cost
    run = policy(project, "check", memory=256 << 20)
    assert_refused(run, rev.name, 1)
    assert "more than the limit" in run.stderr


def test_a_long_value_in_a_message_is_cut(tmp_path):
    """A revision file that is one long string (as a symlink to a system file was read)
    is reported with the start of the value, not all of it."""
    project = make_project(tmp_path)
    rev = current_revision(public_document(project / "policy_src"))
    rev.write_text("secret line " * 20000 + "\n", encoding="utf-8")
    run = policy(project, "check")
    assert_refused(run, rev.name, 1)
    assert len(run.stderr) < 2000, run.stderr[:3000]
    assert "characters)" in run.stderr


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_utf16_and_utf32_files_are_located_errors(tmp_path, encoding):
    project = make_project(tmp_path)
    rev = current_revision(public_document(project / "policy_src"))
    rev.write_bytes(rev.read_text(encoding="utf-8").encode(encoding))
    run = policy(project, "check")
    assert_refused(run, rev.name, 1)
    assert "UTF-8" in run.stderr


def test_non_utf8_bytes_are_located(tmp_path):
    project = make_project(tmp_path)
    rev = current_revision(public_document(project / "policy_src"))
    lines = rev.read_bytes().split(b"\n")
    lines[4] = lines[4] + "情報".encode("shift_jis")
    rev.write_bytes(b"\n".join(lines))
    assert_refused(policy(project, "check"), rev.name, 5)


def test_a_utf8_byte_order_mark_is_accepted(tmp_path):
    project = make_project(tmp_path)
    rev = current_revision(public_document(project / "policy_src"))
    rev.write_bytes(b"\xef\xbb\xbf" + rev.read_bytes())
    run = policy(project, "check")
    assert run.returncode == 0, run


def test_thousands_of_problems_are_cut_to_the_first_ones(tmp_path):
    from toolkit.errors import MAX_PROBLEMS

    project = make_project(tmp_path)
    rev = current_revision(public_document(project / "policy_src"))
    rev.write_text("revision: " + rev.stem + "\nbody:\n" + "".join(f"  - id: X{i}\n    title: t\n" for i in range(5000)),
                   encoding="utf-8")
    run = policy(project, "check")
    assert_refused(run, rev.name, 3)
    lines = run.stderr.splitlines()
    assert len([x for x in lines if x.startswith("error: ")]) == MAX_PROBLEMS + 1
    assert "… and 4800 more problems not shown" in run.stderr


def test_a_private_root_given_as_a_link_is_read_but_links_inside_it_are_not(tmp_path):
    """The root named by --private-src is the user's choice and may be a link; what is inside it may not."""
    project = make_project(tmp_path)
    src = project / "policy_src"
    secret = non_public_document(src)
    private = tmp_path / "private"
    private.mkdir()
    secret.rename(private / secret.name)
    (project / "private-link").symlink_to(private)
    assert policy(project, "--private-src", "private-link", "check").returncode == 0
    rev = current_revision(private / secret.name)
    rev.rename(tmp_path / "moved.yaml")
    rev.symlink_to(tmp_path / "moved.yaml")
    run = policy(project, "--private-src", "private-link", "check")
    assert_refused(run, rev.name, 1)
    assert "symbolic link" in run.stderr


def test_millions_of_tiny_values_are_refused_quickly(tmp_path):
    """4 MiB of "a," is two million values; it once took 46 s and 0.9 GB to refuse."""
    from toolkit.source.yamlnodes import MAX_YAML_VALUES

    project = make_project(tmp_path)
    rev = current_revision(public_document(project / "policy_src"))
    rev.write_text(f"revision: {rev.stem}\nbody: [" + "a," * ((MAX_SOURCE_BYTES - 40) // 2) + "a]\n", encoding="utf-8")
    run = policy(project, "check", memory=512 << 20, cpu=10)
    assert_refused(run, rev.name, 2)
    assert f"more than {MAX_YAML_VALUES:,} values" in run.stderr


def test_a_sparse_file_of_gigabytes_is_not_read_into_memory(tmp_path):
    """Every reader of a source file (the loader and the parsed-revision cache) keeps to the size limit."""
    project = make_project(tmp_path)
    rev = current_revision(public_document(project / "policy_src"))
    with rev.open("ab") as f:
        f.truncate(8 << 30)  # 8 GiB, sparse
    run = policy(project, "check", memory=512 << 20, cpu=10)
    assert_refused(run, rev.name, 1)
    assert "more than the limit" in run.stderr


def test_a_very_long_valid_title_publishes(tmp_path):
    """Found by test_hostile_fuzz: a document title over 255 characters passed check and then failed
    the publish (python-docx refuses longer core properties)."""
    from hostile import edit_yaml

    project = make_project(tmp_path)
    doc = public_document(project / "policy_src")
    edit_yaml(doc / "document.yaml", lambda d: d.__setitem__("title", "長い表題。" * 200))
    assert policy(project, "check").returncode == 0
    run = policy(project, "publish")
    assert run.returncode == 0, run


def test_a_public_document_with_no_publishable_revision_publishes(tmp_path):
    """Found by test_hostile_fuzz: a document made public whose revisions are all sample text
    (none shown to citizens) passed check; the site linked its name to a page it never made."""
    import re

    from hostile import edit_yaml

    project = make_project(tmp_path)
    src = project / "policy_src"
    doc = next(p for p in sorted(src.iterdir()) if (p / "document.yaml").is_file()
               and not re.search(r"provenance:\s*authoritative", (p / "document.yaml").read_text(encoding="utf-8")))
    edit_yaml(doc / "document.yaml", lambda d: d.__setitem__("classification", "public"))
    assert policy(project, "check").returncode == 0
    run = policy(project, "publish")
    assert run.returncode == 0, run


def test_rewording_the_current_text_does_not_make_the_site_leak(tmp_path):
    """Found by test_hostile_fuzz: the index page's lead paraphrased the 基本方針; once the current text
    was reworded, the paraphrase matched the (hidden) reconstructed revisions and publish failed."""
    from hostile import edit_yaml

    project = make_project(tmp_path)
    rev = current_revision(public_document(project / "policy_src"))

    def reword(d):
        node = d["body"][0]
        node["text"] = ["書き換えた本文。"]

    edit_yaml(rev, reword)
    assert policy(project, "check").returncode == 0
    run = policy(project, "publish")
    assert run.returncode == 0, run
