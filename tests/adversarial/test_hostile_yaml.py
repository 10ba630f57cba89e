"""Holes 5, 6 and 7 (issue 9): YAML aliases, deep nesting and control characters in the source
are located errors in ``policy check`` — under a memory and time limit, never a blow-up."""

from __future__ import annotations

import pytest
from hostile import (
    LOCATED,
    assert_refused,
    current_revision,
    edit_yaml,
    make_project,
    policy,
    public_document,
)

from toolkit.source.validate import MAX_NODE_DEPTH
from toolkit.source.yamlnodes import MAX_YAML_DEPTH


def _revision_project(tmp_path, text: str):
    """A project whose public current revision file is ``text`` (``{rev}`` is its id)."""
    project = make_project(tmp_path)
    rev = current_revision(public_document(project / "policy_src"))
    rev.write_text(text.replace("{rev}", rev.stem), encoding="utf-8")
    return project, rev


def _chain(depth: int) -> str:
    """A revision whose body is one clause nested ``depth`` levels deep."""
    lines = ["revision: {rev}", "body:"]
    for level in range(1, depth + 1):
        pad = "  " + "    " * (level - 1)
        lines += [f"{pad}- id: n{level}", f"{pad}  title: 見出し{level}"]
        if level < depth:
            lines.append(f"{pad}  children:")
    return "\n".join(lines) + "\n"


BOMB = "revision: {rev}\nbody:\n  - id: a\n    title: x\nl0: &l0 [\"ha\", \"ha\", \"ha\", \"ha\", \"ha\", \"ha\", \"ha\", \"ha\", \"ha\"]\n" + "".join(
    f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 10))


def test_an_alias_bomb_is_refused_at_its_first_anchor(tmp_path):
    project, rev = _revision_project(tmp_path, BOMB)
    run = policy(project, "check", memory=512 << 20, cpu=10)
    m = assert_refused(run, rev.name, 5)
    assert "anchors and aliases are not allowed" in run.stderr
    assert m["col"] == "5"


@pytest.mark.parametrize("text, line, what", [
    ("revision: {rev}\nbody:\n  - id: a\n    title: &t 目的\n    text: *t\n", 4, "anchor"),
    ("revision: {rev}\nbody:\n  - id: a\n    title: 目的\n    text: *t\n", 5, "alias"),
    ("revision: {rev}\nbody:\n  - id: a\n    <<: {title: 目的}\n", 4, "merge key"),
    ("revision: {rev}\nbody:\n  - id: a\n    title: !!python/object:os.system 目的\n", 4, "tag"),
    ("revision: {rev}\nbody:\n  - id: a\n    title: !local 目的\n", 4, "tag"),
    ("revision: {rev}\nbody:\n  - id: a\n    title: 目的\n    title: 目的二\n", 5, "duplicate key"),
    ("revision: {rev}\nbody:\n  - id: a\n    ? [title]\n    : 目的\n", 4, "a key that is a mapping or a list"),
])
def test_yaml_features_policy_sources_do_not_use_are_located(tmp_path, text, line, what):
    project, rev = _revision_project(tmp_path, text)
    run = policy(project, "check")
    assert_refused(run, rev.name, line)
    assert what in run.stderr, run


@pytest.mark.parametrize("command", ["check", "publish"])
def test_yaml_nested_past_the_cap_is_refused_without_recursion(tmp_path, command):
    project, rev = _revision_project(tmp_path, "revision: {rev}\nbody: " + "[" * 100_000 + "]" * 100_000 + "\n")
    run = policy(project, command, memory=512 << 20, cpu=10)
    assert_refused(run, rev.name, 2)
    assert f"nesting deeper than {MAX_YAML_DEPTH} levels" in run.stderr
    assert not (project / "build" / "public").exists()


def test_clauses_nested_2000_deep_are_refused_by_publish_not_a_recursion_error(tmp_path):
    project, rev = _revision_project(tmp_path, _chain(2000))
    run = policy(project, "publish", memory=512 << 20, cpu=20)
    assert_refused(run, rev.name)
    assert "RecursionError" not in run.stderr


def test_clauses_nested_past_the_limit_are_a_located_error(tmp_path):
    project, rev = _revision_project(tmp_path, _chain(MAX_NODE_DEPTH + 1))
    run = policy(project, "check")
    deepest = 3 + 3 * MAX_NODE_DEPTH  # the line of the first clause below the limit
    assert_refused(run, rev.name, deepest)
    assert f"nested deeper than {MAX_NODE_DEPTH} levels" in run.stderr


def test_clauses_at_the_limit_publish(tmp_path):
    project = make_project(tmp_path)
    rev = current_revision(public_document(project / "policy_src"))

    def chain(level: int) -> dict:
        node = {"id": f"deep-{level}", "title": f"深さ{level}"}
        if level < MAX_NODE_DEPTH:
            node["children"] = [chain(level + 1)]
        return node

    edit_yaml(rev, lambda d: d["body"].append(chain(1)))
    assert policy(project, "check").returncode == 0
    run = policy(project, "publish")
    assert run.returncode == 0, run


@pytest.mark.parametrize("value, name", [
    ("目的\x07", "U+0007"), ("\x1b[2J目的", "U+001B"), ("目\x7f的", "U+007F"), ("目的\x85", "U+0085"),
    ("目\u202e的", "U+202E"), ("目\u200b的", "U+200B"), ("目\ufeff的", "U+FEFF"), ("目\u2028的", "U+2028"),
])
def test_a_control_character_in_the_file_is_located_to_its_column(tmp_path, value, name):
    project, rev = _revision_project(tmp_path, "revision: {rev}\nbody:\n  - id: a\n    title: " + value + "\n")
    run = policy(project, "check")
    m = assert_refused(run, rev.name, 4)
    assert name in run.stderr, run
    assert int(m["col"]) == 12 + value.index(next(c for c in value if c not in "目的[2J"))


@pytest.mark.parametrize("escape, name", [
    ("\\a", "U+0007"), ("\\x07", "U+0007"), ("\\e", "U+001B"), ("\\x7f", "U+007F"), ("\\0", "U+0000"),
    ("\\r", "U+000D"), ("\\ud800", "invalid Unicode character escape"), ("\\uffff", "U+FFFF"), ("\\U0010FFFF", "U+10FFFF"), ("\\u202e", "U+202E"),
])
def test_a_control_character_written_as_an_escape_is_located(tmp_path, escape, name):
    project, rev = _revision_project(tmp_path, 'revision: {rev}\nbody:\n  - id: a\n    title: "目的' + escape + '"\n')
    run = policy(project, "check")
    assert_refused(run, rev.name, 4)
    assert name in run.stderr, run


def test_a_control_character_in_policyset_is_located(tmp_path):
    project = make_project(tmp_path)
    ps = project / "policy_src" / "policyset.yaml"
    text = ps.read_text(encoding="utf-8")
    ps.write_text(text.replace("organisation:", 'organisation: "\\x1b]0;pwned\\x07"\nx-organisation:', 1), encoding="utf-8")
    run = policy(project, "check")
    assert_refused(run, "policyset.yaml")
    assert "\x1b" not in run.stderr and "U+001B" in run.stderr


def test_tabs_and_line_breaks_in_text_are_fine(tmp_path):
    project, _rev = _revision_project(tmp_path, 'revision: {rev}\nbody:\n  - id: a\n    title: 目的\n'
                                                '    text: ["目\\t的", "一行目\\n二行目"]\n  - id: b\n'
                                                "    text: |\n      一行目\r\n      二行目\n")
    run = policy(project, "check")
    assert run.returncode == 0, run


def test_a_model_that_never_was_yaml_is_checked_too(policy):
    """validate() holds for models built in code (the importer's): a control character is reported."""
    from dataclasses import replace

    from toolkit.errors import Problems
    from toolkit.source.validate import validate

    doc = next(d for d in policy.documents if d.revisions)
    rev = doc.revisions[-1]
    node = replace(rev.body[0], title="目的\x0c")
    bad = replace(policy, documents=(replace(doc, revisions=(*doc.revisions[:-1], replace(rev, body=(node, *rev.body[1:])))),))
    problems = Problems()
    validate(bad, problems)
    assert any("U+000C" in p.message for p in problems.items)
    clean = Problems()
    validate(policy, clean)
    assert not clean


def test_every_escaped_control_character_and_tag_of_a_file_is_reported_together(tmp_path):
    project, rev = _revision_project(tmp_path, 'revision: {rev}\nbody:\n  - id: a\n    title: "目的\\a"\n'
                                               '  - id: b\n    title: !local x\n  - id: c\n    title: "\\e"\n')
    run = policy(project, "check")
    lines = [int(m["line"]) for m in LOCATED.finditer(run.stderr)]
    assert run.returncode == 2 and lines == [4, 6, 8], run


@pytest.mark.parametrize("where", ["document", "clause"])
def test_a_heading_with_a_tab_or_line_break_is_a_located_error(tmp_path, where):
    """Found by test_hostile_fuzz: a tab in a document title passed check, then broke the site build."""
    project = make_project(tmp_path)
    doc = public_document(project / "policy_src")
    if where == "document":
        edit_yaml(doc / "document.yaml", lambda d: d.__setitem__("title", "\t字下げ"))
        file = "document.yaml"
    else:
        rev = current_revision(doc)
        edit_yaml(rev, lambda d: d["body"][0].__setitem__("title", "一行目\n二行目"))
        file = rev.name
    run = policy(project, "check")
    assert_refused(run, file)
    assert "is not one line" in run.stderr
