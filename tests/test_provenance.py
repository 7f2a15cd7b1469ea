"""Provenance: the git commit a result names is the source tree's, marked dirty exactly when it has changes."""

import subprocess
from pathlib import Path

import pytest

from simulation.lab import provenance

HERE = Path(provenance.__file__).resolve().parent


def _git(*args):
    return subprocess.run(["git", *args], cwd=HERE, capture_output=True, text=True)


def test_the_commit_is_heads_and_dirty_when_tracked_files_changed():
    head = _git("rev-parse", "HEAD")
    if head.returncode != 0:
        pytest.skip("the source tree is not a git checkout")
    changed = _git("status", "--porcelain", "--untracked-files=no").stdout.strip()
    assert provenance._git_commit() == head.stdout.strip() + ("-dirty" if changed else "")


def test_no_git_means_no_commit(monkeypatch):
    def missing(*args, **kwargs):
        raise FileNotFoundError("git")

    monkeypatch.setattr(provenance.subprocess, "run", missing)
    assert provenance._git_commit() is None


def test_the_commit_is_read_once_per_process(monkeypatch):
    """Later calls give the first call's answer without asking git again (the process runs what it imported)."""
    provenance.git_commit.cache_clear()
    calls = []
    monkeypatch.setattr(provenance, "_git_commit", lambda: calls.append(1) or "abc")
    try:
        assert [provenance.git_commit() for _ in range(3)] == ["abc"] * 3 and len(calls) == 1
    finally:
        provenance.git_commit.cache_clear()

