"""The dashboard's model: a PolicyModel built from a library scenario with the sliders' overrides applied."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from ...model.policy_model import PolicyModel
from ...scenario.library import library
from ...scenario.load import load_scenario
from ...scenario.prepare import prepare
from .controls import overrides
from .server import SCENARIO_ENV

FIRST = "trifecta_demo"  # the teaching case a class starts from


@cache  # read once per app process: a reset rebuilds the model, not the library listing
def catalog() -> dict[str, Path]:
    """Scenario name -> file: the file the app was started with, then the trifecta demo, then the rest of the library."""
    out: dict[str, Path] = {}
    start = os.environ.get(SCENARIO_ENV)
    if start:
        out[load_scenario(start).name] = Path(start)
    try:
        entries = library()
    except FileNotFoundError:
        entries = []
    for entry in sorted(entries, key=lambda e: e.name != FIRST):
        out.setdefault(entry.name, entry.path)
    return out


def parse_seed(text: str | int | None) -> int | None:
    """The seed typed in the seed box: a whole number >= 0, or None (blank or not a number: the scenario's)."""
    try:
        value = int(str(text).strip())
    except (TypeError, ValueError):
        return None
    return value if value >= 0 else None


class DashboardModel(PolicyModel):
    """PolicyModel of a named library scenario, with the dashboard's leg and interest sliders applied as overrides."""

    def __init__(self, scenario: str | None = None, seed: str | int | None = None, activism: float = 0.0,
                 legislature: float = 0.0, conviction: float = 0.0, security: float = 1.0, trade: float = 1.0,
                 grievance: float = 1.0, scrutiny: float = 1.0):
        files = catalog()
        name = scenario if scenario in files else next(iter(files))
        base = load_scenario(files[name])
        changes = overrides(base, activism, legislature, conviction, security, trade, grievance, scrutiny)
        spec = load_scenario(files[name], overrides=changes) if changes else base
        super().__init__(prepare(spec, seed=parse_seed(seed)))
        self.scenario = spec
        self.overrides = changes
