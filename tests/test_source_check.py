"""`policy check` through the real CLI: one test per kind of bad input.

Each breaks a copy of policy_src/ and asserts the file:line:column, the
message, exit status 2 and that no traceback leaks out.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, Run, policy_process


def check(src: Path) -> Run:
    """`policy --src policy_src check`, run from the folder holding the copy."""
    return policy_process("--src", src.name, "check", cwd=src.parent, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def where(path: Path, needle: str, offset: int = 0) -> str:
    """``policy_src/…/file:line:column`` of the first ``needle`` in ``path`` (plus ``offset`` characters)."""
    text = path.read_text(encoding="utf-8")
    i = text.index(needle) + offset
    line = text.count("\n", 0, i) + 1
    col = i - (text.rfind("\n", 0, i) + 1) + 1
    return f"{path.parent.parent.name}/{path.parent.name}/{path.name}:{line}:{col}"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def failed(r: Run, *expected: str) -> None:
    assert r.returncode == 2, r.stdout + r.stderr
    assert "Traceback" not in r.stderr
    for e in expected:
        assert e in r.stderr, f"{e!r} not in:\n{r.stderr}"


@pytest.fixture
def r8(src_copy: Path) -> Path:
    return src_copy / "basic-policy" / "r8.yaml"


@pytest.fixture
def ledger(src_copy: Path) -> Path:
    return src_copy / "basic-policy" / "document.yaml"


def test_good_source_passes_with_a_one_line_summary(src_copy):
    r = check(src_copy)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    lines = r.stdout.splitlines()
    assert len(lines) == 1
    assert re.fullmatch(r"ok: \d+ documents, \d+ revisions, \d+ clauses.*", lines[0])


def test_yaml_syntax_error(r8):
    edit(r8, "    title: 職員等の順守義務", "    title: 職員等の: 順守義務")
    failed(check(r8.parent.parent), f"{where(r8, '職員等の: 順守義務', 4)}: YAML syntax error: mapping values are not allowed in this context")


def test_missing_required_key(r8):
    edit(r8, "  - id: duties\n    title:", "  - title:")
    failed(check(r8.parent.parent), f"{where(r8, '- title: 職員等の順守義務', 2)}: node is missing required key 'id'")


def test_wrong_type(r8):
    edit(r8, "    title: 職員等の順守義務", "    title: 5")
    failed(check(r8.parent.parent), f"{where(r8, 'title: 5', 7)}: node: 'title' must be text, got the number 5",
           "(expected a quoted string)")


def test_wrong_type_list_for_text(r8):
    edit(r8, "  - id: duties\n", "  - id: duties\n    children: nothing\n")
    failed(check(r8.parent.parent), f"{where(r8, 'children: nothing', 10)}: node: 'children' must be a list, got 'nothing'")


def test_unknown_key_with_did_you_mean(r8):
    edit(r8, "    title: 職員等の順守義務", "    titel: 職員等の順守義務")
    failed(check(r8.parent.parent), f"{where(r8, 'titel')}: unknown key 'titel' in node; did you mean 'title'?")


def test_duplicate_ids_within_a_revision(r8):
    edit(r8, "      - id: threat-disaster", "      - id: threat-intentional")
    first = where(r8, "- id: threat-intentional", 2)
    text = r8.read_text(encoding="utf-8")
    second = text.index("- id: threat-intentional", text.index("- id: threat-intentional") + 1)
    line = text.count("\n", 0, second) + 1
    failed(check(r8.parent.parent),
           f"policy_src/basic-policy/r8.yaml:{line}:9: duplicate id 'threat-intentional' in revision r8 (first at {first})",
           "(expected ids unique within a revision)")


def test_unresolved_reference(r8):
    edit(r8, "上記{ref:threats}の脅威", "上記{ref:threatz}の脅威")
    failed(check(r8.parent.parent), f"{where(r8, '- id: measures', 2)}: reference {{ref:threatz}} does not resolve in revision r8")


def test_unknown_classification(r8):
    edit(r8, "  - id: duties\n", "  - id: duties\n    classification: secret\n")
    failed(check(r8.parent.parent), f"{where(r8, '- id: duties', 2)}: unknown classification 'secret'",
           "(expected internal / public / restricted)")


def test_unknown_document_classification(ledger):
    edit(ledger, "classification: public", "classification: publik")
    failed(check(ledger.parent.parent), f"{where(ledger, 'id: basic-policy')}: unknown classification 'publik'")


def test_unknown_ground(r8):
    edit(r8, "  - id: duties\n", "  - id: duties\n    ground: because\n")
    failed(check(r8.parent.parent), f"{where(r8, '- id: duties', 2)}: unknown disclosure ground 'because'",
           "administrative-operations")


def test_unknown_revision_kind(ledger):
    edit(ledger, "kind: 全面改定", "kind: 大改定")
    failed(check(ledger.parent.parent), f"{where(ledger, '大改定')}: unknown revision kind '大改定'",
           "(expected 策定 / 改定 / 全面改定)")


def test_unknown_revision_provenance(ledger):
    edit(ledger, "    provenance: authoritative", "    provenance: official")
    failed(check(ledger.parent.parent), f"{where(ledger, 'official')}: unknown provenance 'official'",
           "(expected authoritative / reconstructed / sample / external)")


def test_ledger_dates_out_of_order(ledger):
    # the newest revision dated before the one listed before it
    text = ledger.read_text(encoding="utf-8")
    last = text.rindex("date: ")
    ledger.write_text(text[:last] + "date: 1999-01-01" + text[last + len("date: 2026-04-01"):], encoding="utf-8")
    failed(check(ledger.parent.parent), f"{where(ledger, '- id: r8', 2)}: ledger dates out of order: r8 (1999-01-01) is not after",
           "(expected revisions listed oldest first: a date after 2023-07-04 for r8 "
           "(policy import --date / policy revise --date YYYY-MM-DD))")


def test_revision_file_without_ledger_entry(r8):
    extra = r8.with_name("r7.yaml")
    extra.write_text(r8.read_text(encoding="utf-8").replace("revision: r8", "revision: r7"), encoding="utf-8")
    failed(check(r8.parent.parent), "policy_src/basic-policy/r7.yaml:1:1: revision file r7.yaml has no entry in the ledger",
           "(expected an entry '- id: r7' under 'revisions:')")


def test_ledger_entry_without_file(r8, ledger):
    r8.unlink()
    failed(check(r8.parent.parent), f"{where(ledger, '- id: r8', 2)}: revision 'r8' is in the ledger but",
           "r8.yaml does not exist")


def test_revision_mismatching_file_name(r8):
    edit(r8, "revision: r8", "revision: r9")
    failed(check(r8.parent.parent), f"{where(r8, 'revision: r9', 10)}: file says revision 'r9' but is named r8.yaml",
           "(expected revision: r8)")


def test_non_utf8_file(r8):
    data = r8.read_bytes()
    i = data.index("職員等の順守義務".encode())
    r8.write_bytes(data[:i] + "職員等".encode("shift_jis") + data[i + len("職員等".encode()):])
    line = data.count(b"\n", 0, i) + 1
    col = i - (data.rfind(b"\n", 0, i) + 1) + 1
    failed(check(r8.parent.parent), f"policy_src/basic-policy/r8.yaml:{line}:{col}: not UTF-8 text")


def test_several_errors_in_one_run_are_reported_together(r8, ledger):
    edit(r8, "    title: 職員等の順守義務", "    titel: 職員等の順守義務")
    edit(r8, "上記{ref:threats}の脅威", "上記{ref:threatz}の脅威")
    edit(ledger, "kind: 全面改定", "kind: 大改定")
    r = check(r8.parent.parent)
    failed(r, "unknown key 'titel'", "reference {ref:threatz} does not resolve", "unknown revision kind '大改定'")
    assert r.stderr.count("error: ") == 3
    assert r.stderr.rstrip().endswith("3 errors")


def test_folder_without_document_yaml(src_copy):
    stray = src_copy / "basic-polcy"
    stray.mkdir()
    (stray / "r1.yaml").write_text("revision: r1\nbody: []\n", encoding="utf-8")
    failed(check(src_copy), "policy_src/basic-polcy/r1.yaml:1:1: folder policy_src/basic-polcy holds YAML files "
           "but no document.yaml")


def test_empty_revision_file(r8):
    r8.write_text("# nothing yet\n", encoding="utf-8")
    failed(check(r8.parent.parent), "policy_src/basic-policy/r8.yaml:1:1: file is empty")
