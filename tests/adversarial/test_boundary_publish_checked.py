"""The publication boundary itself: ``publish_checked`` stages, checks, writes the manifest and swaps;
on any failure the previous output stays exactly as it was and nothing is left beside it."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from toolkit.errors import BuildError, LeakError, RedactionError
from toolkit.model import PolicySet
from toolkit.publish import MANIFEST, publish_checked
from toolkit.view import hidden_nodes


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def beside(dest: Path) -> list[str]:
    return sorted(p.name for p in dest.parent.iterdir() if p.name != dest.name and not p.name.endswith(".lock"))


def write_titles(view: PolicySet, stage: Path) -> None:
    (stage / "titles.txt").write_text("\n".join(d.title for d in view.documents), encoding="utf-8")


def hidden_sentence(policy: PolicySet) -> str:
    return next(n.text[0] for d, r, n in hidden_nodes(policy, "public")
                if n is not None and n.text and len(n.text[0]) > 30 and d.id == "standards")


def test_a_clean_artifact_is_swapped_in_with_a_manifest(policy, tmp_path):
    dest = tmp_path / "out" / "edition"
    seen: list[str] = []
    result = publish_checked(policy, "public", dest, write_titles, progress=seen.append)
    assert tree(dest).keys() == {"titles.txt", MANIFEST}
    line = (dest / MANIFEST).read_text(encoding="utf-8")
    assert line == f"{hashlib.sha256((dest / 'titles.txt').read_bytes()).hexdigest()}  titles.txt\n"
    assert result.files == 2 and result.leak is not None and result.leak.ok
    assert seen == ["redact", "leakcheck", "manifest", "swap", "done"]
    assert beside(dest) == []


def test_the_writer_gets_the_redacted_view(policy, tmp_path):
    got: list[PolicySet] = []
    publish_checked(policy, "public", tmp_path / "d", lambda view, stage: got.append(view))
    assert got[0].audience_id == "public"
    assert all(d.withheld for d in got[0].documents if d.id == "standards")


def test_a_leaking_writer_leaves_the_previous_output(policy, tmp_path):
    dest = tmp_path / "edition"
    publish_checked(policy, "public", dest, write_titles)
    before = tree(dest)
    secret = hidden_sentence(policy)

    def leaky(view: PolicySet, stage: Path) -> None:
        (stage / "page.html").write_text(f"<p>{secret}</p>", encoding="utf-8")

    with pytest.raises(LeakError) as e:
        publish_checked(policy, "public", dest, leaky)
    assert any(str(dest / "page.html") in str(p) for p in e.value.problems)
    assert tree(dest) == before
    assert beside(dest) == []


def test_a_canary_is_a_leak(policy, tmp_path):
    def planted(view: PolicySet, stage: Path) -> None:
        (stage / "a.txt").write_text("… CANARY-7f3a …", encoding="utf-8")

    with pytest.raises(LeakError):
        publish_checked(policy, "public", tmp_path / "d", planted, canaries=["CANARY-7f3a"])
    assert not (tmp_path / "d").exists()


def test_a_failing_writer_is_a_build_error_not_a_traceback(policy, tmp_path):
    dest = tmp_path / "edition"
    publish_checked(policy, "public", dest, write_titles)
    before = tree(dest)

    def broken(view: PolicySet, stage: Path) -> None:
        (stage / "half.txt").write_text("half", encoding="utf-8")
        raise ValueError("renderer bug")

    with pytest.raises(BuildError, match="renderer bug"):
        publish_checked(policy, "public", dest, broken)
    assert tree(dest) == before
    assert beside(dest) == []


def test_an_unknown_audience_is_refused_before_anything_is_written(policy, tmp_path):
    with pytest.raises((BuildError, RedactionError)):
        publish_checked(policy, "no-such-audience", tmp_path / "d", write_titles)
    assert not (tmp_path / "d").exists()
