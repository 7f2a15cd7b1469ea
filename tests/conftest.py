"""Shared fixtures: paths to the project's scenarios, and a small votes file."""

from pathlib import Path

import pytest

from simulation.lab.votes.votes_file import SHIPPED_FILE, shipped_votes

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "scenarios" / "trifecta_demo.yaml"


@pytest.fixture
def demo_path() -> Path:
    return DEMO


@pytest.fixture
def library() -> Path:
    """The folder of the scenario library."""
    return ROOT / "scenarios"


@pytest.fixture(scope="session")
def small_file(tmp_path_factory):
    """The 2004 and 2005 roll calls (the TKM motion, DPRK and Iran 2005) in the shared format."""
    votes = shipped_votes()
    path = tmp_path_factory.mktemp("votes") / "unga_2004_2005.csv"
    lines = (ROOT / SHIPPED_FILE).read_text(encoding="utf-8").splitlines(keepends=True)
    keep = set(votes.loc[votes["year"] <= 2005, "line"])
    path.write_text(lines[0] + "".join(line for k, line in enumerate(lines, start=1) if k in keep), encoding="utf-8")
    return path
