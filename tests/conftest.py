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


def demo_experiment(folder: Path, name: str = "small", **spec) -> Path:
    """A small experiment file on the demo in ``folder``: the legislature present or absent, 8 ticks, 2 replications,
    a full factorial; ``spec`` adds or replaces keys."""
    import yaml

    base = {"name": name, "scenario": str(DEMO), "seed": 3, "replications": 2, "steps": 8,
            "factors": [{"name": "legislature", "levels": {"absent": {"states[EMD].legislature.strength": 0.0},
                                                           "present": {}}}],
            "design": {"kind": "full_factorial"}}
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump({**base, **spec}, sort_keys=False), encoding="utf-8")
    return path
