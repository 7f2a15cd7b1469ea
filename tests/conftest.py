"""Shared fixtures: paths to the project's scenarios."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "scenarios" / "trifecta_demo.yaml"


@pytest.fixture
def demo_path() -> Path:
    return DEMO


@pytest.fixture
def library() -> Path:
    """The folder of the scenario library."""
    return ROOT / "scenarios"
