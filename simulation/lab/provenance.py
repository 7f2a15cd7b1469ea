"""Provenance: what produced a result (input text and hash, versions, git commit, times, command)."""

from __future__ import annotations

import functools
import hashlib
import platform
import subprocess
import sys
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

PACKAGES = ("trifecta", "mesa", "numpy", "numba", "llvmlite", "scipy", "pandas", "pyarrow", "pydantic", "pyyaml",
            "matplotlib")


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def now() -> str:
    """The current time, UTC, ISO 8601."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def versions() -> dict[str, str]:
    """Versions of Python, of the packages that shape results (numba and llvmlite compile the mechanism), and of
    the random numbers (``noise.GENERATOR``)."""
    return dict(_versions())


@functools.cache
def _versions() -> dict[str, str]:
    """Read once per process: the versions of the packages this process imported, not of a later install."""
    from ..model.noise import GENERATOR

    out = {"python": platform.python_version(), "random_numbers": GENERATOR}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


@functools.cache
def git_commit() -> str | None:
    """The commit of the trifecta source tree, with '-dirty' if it has uncommitted changes; None outside git (or
    before its first commit). Read once per process, like :func:`versions`: Python runs the source it imported,
    and an edit made later runs only in a new process (one ``git status`` call, 2-4 ms, instead of one per result)."""
    return _git_commit()


def _git_commit() -> str | None:
    """:func:`git_commit` read now: one ``git status`` tells both, its ``branch.oid`` header and a line per change."""
    here = Path(__file__).resolve().parent
    try:
        status = subprocess.run(["git", "status", "--porcelain=v2", "--branch", "--untracked-files=no"], cwd=here,
                                capture_output=True, text=True, timeout=10, check=True).stdout.splitlines()
    except (OSError, subprocess.SubprocessError):
        return None
    commit = next((line.split()[2] for line in status if line.startswith("# branch.oid ")), "(initial)")
    if commit == "(initial)":
        return None
    return commit + ("-dirty" if any(not line.startswith("#") for line in status) else "")


def command_line() -> str:
    return " ".join(["trifecta", *sys.argv[1:]]) if sys.argv else ""
