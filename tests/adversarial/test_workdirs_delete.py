"""Issue 17 §2: every folder the toolkit empties or replaces is one it made.

``publish --work DIR`` emptied DIR (``--work policy_src`` deleted the source),
and a symbolic link inside ``build/`` made a publish delete or create outside
it.  Each command that replaces or empties a folder is run here against a
folder it did not make, or a link: a located refusal, exit status 2, and
nothing outside ``build/`` touched.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import ROOT
from hostile import Run, make_project, policy, snapshot

TRAINING = ROOT / "training"
KEEP = "この文書は利用者のものです。消してはならない。\n"


def _users_folder(base: Path, name: str = "mine") -> Path:
    """A folder of the user's own, with a file in it (what --work / --out must not empty)."""
    folder = base / name
    folder.mkdir()
    (folder / "note.txt").write_text(KEEP, encoding="utf-8")
    return folder


def assert_refused(run: Run, where: str) -> None:
    """Exit 2, no traceback, and an error located at the folder (or link) it refuses: ``error: …WHERE: …``."""
    assert run.returncode == 2, str(run)
    assert "Traceback" not in run.stderr, str(run)
    assert any(line.startswith("error: ") and line[7:].split(": ")[0].endswith(where)
               for line in run.stderr.splitlines()), f"no error located at …{where}\n{run}"


def _refused_untouched(base: Path, project: Path, where: str, *args: str) -> None:
    before = snapshot(base, project)
    run = policy(project, *args)
    assert_refused(run, where)
    assert snapshot(base, project) == before, f"something outside build/ changed\n{run}"


def test_publish_work_dir_is_not_emptied(tmp_path):
    """``--work policy_src`` deleted the source: a folder without the toolkit's marker is refused."""
    project = make_project(tmp_path)
    _refused_untouched(tmp_path, project, "policy_src", "publish", "--work", "policy_src")
    assert (project / "policy_src" / "policyset.yaml").is_file()
    mine = _users_folder(tmp_path)
    _refused_untouched(tmp_path, project, "mine", "publish", "--work", str(mine))
    assert (mine / "note.txt").read_text(encoding="utf-8") == KEEP


def test_publish_internal_work_dir_is_not_emptied(tmp_path):
    project = make_project(tmp_path)
    mine = _users_folder(tmp_path)
    _refused_untouched(tmp_path, project, "mine", "publish", "--internal", "--work", str(mine))


def test_publish_out_dir_is_not_replaced(tmp_path):
    project = make_project(tmp_path)
    mine = _users_folder(tmp_path)
    _refused_untouched(tmp_path, project, "mine", "publish", "--out", str(mine))


def test_a_symlinked_work_folder_is_refused(tmp_path):
    """build/.work/public linked to a folder outside build/: emptying it would delete there."""
    project = make_project(tmp_path)
    outside = _users_folder(tmp_path, "outside")
    (project / "build" / ".work").mkdir(parents=True)
    (project / "build" / ".work" / "public").symlink_to(outside, target_is_directory=True)
    _refused_untouched(tmp_path, project, "build/.work/public", "publish")
    assert sorted(p.name for p in outside.iterdir()) == ["note.txt"]


def test_a_symlinked_build_work_parent_is_refused(tmp_path):
    """build/.work itself linked out of build/."""
    project = make_project(tmp_path)
    outside = tmp_path / "outside"
    (outside / "public").mkdir(parents=True)
    (outside / "public" / "note.txt").write_text(KEEP, encoding="utf-8")
    (project / "build").mkdir()
    (project / "build" / ".work").symlink_to(outside, target_is_directory=True)
    _refused_untouched(tmp_path, project, "build/.work", "publish")


def test_a_symlinked_public_lock_is_refused(tmp_path):
    """build/.public.lock linked outside: the lock must not create (or open) its target."""
    project = make_project(tmp_path)
    (project / "build").mkdir()
    target = tmp_path / "created-by-the-lock"
    (project / "build" / ".public.lock").symlink_to(target)
    _refused_untouched(tmp_path, project, "build/.public.lock", "publish")
    assert not target.exists()


def test_a_symlinked_work_lock_is_refused(tmp_path):
    project = make_project(tmp_path)
    (project / "build" / ".work").mkdir(parents=True)
    target = tmp_path / "created-by-the-work-lock"
    (project / "build" / ".work" / ".public.lock").symlink_to(target)
    _refused_untouched(tmp_path, project, "build/.work/.public.lock", "publish")
    assert not target.exists()


@pytest.mark.parametrize("args", [
    ("docx", "--all", "-o", "{mine}"),
    ("docx", "--internal", "--all", "-o", "{mine}"),
    ("disclose", "--all", "-o", "{mine}"),
])
def test_an_output_folder_not_made_here_is_not_replaced(tmp_path, args):
    project = make_project(tmp_path)
    mine = _users_folder(tmp_path)
    _refused_untouched(tmp_path, project, "mine", *(a.format(mine=mine) for a in args))


def test_a_training_folder_not_made_here_is_not_replaced(tmp_path):
    """``train -o DIR`` replaces DIR/public, DIR/staff …: one of the user's own is left alone."""
    project = make_project(tmp_path)
    mine = tmp_path / "mine"
    mine.mkdir()
    _users_folder(mine, "public")
    _refused_untouched(tmp_path, project, "mine/public", "train", "--all", "--training", str(TRAINING), "-o", str(mine))


def test_train_report_output_not_made_here_is_not_replaced(tmp_path):
    project = make_project(tmp_path)
    mine = _users_folder(tmp_path)
    results = tmp_path / "results.csv"
    results.write_text("x\n", encoding="utf-8")
    run = policy(project, "train", "report", str(results), "-o", str(mine))
    assert run.returncode == 2 and "Traceback" not in run.stderr, str(run)
    assert (mine / "note.txt").read_text(encoding="utf-8") == KEEP


@pytest.mark.parametrize("folder,args", [
    ("training", ("train", "--all", "--training", str(TRAINING))),
    ("docx", ("docx", "--all")),
    ("disclosure", ("disclose", "--all")),
])
def test_a_link_inside_build_is_not_followed_out(tmp_path, folder, args):
    """build/training (or the output folder itself) linked outside build/: the swap would act there."""
    project = make_project(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (project / "build").mkdir()
    (project / "build" / folder).symlink_to(outside, target_is_directory=True)
    _refused_untouched(tmp_path, project, f"build/{folder}", *args)
    assert list(outside.iterdir()) == []


def test_review_output_not_made_here_is_not_replaced(tmp_path):
    project = make_project(tmp_path)
    assert policy(project, "revise", "--new", "r9", "--date", "2027-04-01", "--kind", "改定").returncode == 0
    mine = _users_folder(tmp_path)
    _refused_untouched(tmp_path, project, "mine", "review", "--doc", "basic-policy", "-o", str(mine))
    outside = tmp_path / "outside"
    outside.mkdir()
    (project / "build").mkdir(exist_ok=True)
    (project / "build" / "review").symlink_to(outside, target_is_directory=True)
    _refused_untouched(tmp_path, project, "build/review", "review", "--doc", "basic-policy")
    assert list(outside.iterdir()) == []


def test_a_work_folder_the_toolkit_made_is_reused(tmp_path):
    """The marker is written when the toolkit makes the folder: the next publish accepts it (and a
    fresh empty folder given with --work too)."""
    project = make_project(tmp_path)
    empty = tmp_path / "empty-work"
    empty.mkdir()
    first = policy(project, "publish", "--work", str(empty), wall=300, cpu=300)
    assert first.returncode == 0, str(first)
    assert (empty / ".policy-work").is_file()
    (project / "policy_src" / "basic-policy" / "r8.yaml").write_text(
        (project / "policy_src" / "basic-policy" / "r8.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    again = policy(project, "publish", "--work", str(empty), "--canary", "ANOTHER-RUN-17", wall=300, cpu=300)
    assert again.returncode == 0, str(again)
    assert os.path.isdir(project / "build" / "public")


def test_a_default_work_folder_of_an_older_toolkit_is_taken_over_only_when_it_holds_its_files(tmp_path):
    """build/.work/public made before the marker existed (only what a publish writes there): reused with no
    manual step; the same folder with a file of the user's in it: refused."""
    project = make_project(tmp_path)
    first = policy(project, "publish", wall=300, cpu=300)
    assert first.returncode == 0, str(first)
    work = project / "build" / ".work" / "public"
    (work / ".policy-work").unlink()  # as an older toolkit left it
    again = policy(project, "publish", "--canary", "OLDER-TOOLKIT-17", wall=300, cpu=300)
    assert again.returncode == 0, str(again)
    assert (work / ".policy-work").is_file()
    (work / ".policy-work").unlink()
    (work / "mine.txt").write_text(KEEP, encoding="utf-8")
    before = snapshot(tmp_path, project)
    refused = policy(project, "publish", "--canary", "OLDER-TOOLKIT-17b")
    assert_refused(refused, "build/.work/public")
    assert (work / "mine.txt").read_text(encoding="utf-8") == KEEP
    assert snapshot(tmp_path, project) == before


def test_diff_does_not_overwrite_a_file_of_the_users(tmp_path):
    """``diff -o`` / ``--all-formats -o``: an existing file outside build/ is replaced only with --force;
    build/diff is generated output, written over by each ``make diff``; build/diff linked out is refused."""
    project = make_project(tmp_path)
    mine = tmp_path / "mine.txt"
    mine.write_text(KEEP, encoding="utf-8")
    _refused_untouched(tmp_path, project, "mine.txt", "diff", "r5", "r8", "-o", str(mine))
    folder = _users_folder(tmp_path, "folder")
    (folder / "basic-policy-r5-r8.html").write_text(KEEP, encoding="utf-8")
    _refused_untouched(tmp_path, project, "basic-policy-r5-r8.html", "diff", "r5", "r8", "--all-formats",
                       "-o", str(folder))
    assert policy(project, "diff", "r5", "r8", "-o", str(mine), "--force").returncode == 0
    assert mine.read_text(encoding="utf-8") != KEEP
    for _ in range(2):
        run = policy(project, "diff", "r5", "r8", "--all-formats", "-o", "build/diff")
        assert run.returncode == 0, str(run)
    outside = tmp_path / "outside"
    outside.mkdir()
    (project / "build" / "diff2").symlink_to(outside, target_is_directory=True)
    _refused_untouched(tmp_path, project, "build/diff2", "diff", "r5", "r8", "--all-formats", "-o", "build/diff2")
    assert list(outside.iterdir()) == []
