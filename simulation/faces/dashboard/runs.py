"""The dashboard's runs: each built the one way every driver builds a model, and advanced to the page's tick.

A run is ``PolicyModel(prepare(load_scenario(path, overrides=...), seed=...))``: the controls become
scenario overrides (``controls.overrides``), interventions included, so a run in the page is the run
``trifecta run`` makes of the same scenario with the same changes and seed. A change of any control makes
a new run, replayed from tick 0 to the page's tick on the same seed (a few milliseconds per tick).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from ...model.policy_model import PolicyModel
from ...scenario.library import library
from ...scenario.load import load_scenario
from ...scenario.prepare import prepare
from ...scenario.schema import Scenario
from .controls import Controls, overrides
from .server import SCENARIO_ENV

FIRST = "trifecta_demo"  # the teaching case a class starts from when the app is given no scenario


@cache  # read once per app process: the library does not change while a class uses it
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


@cache  # a validated Scenario is frozen, so every session may share it
def base_scenario(path: Path) -> Scenario:
    """The scenario file as written (no overrides)."""
    return load_scenario(path)


def scenario_with(path: Path, controls: Controls) -> Scenario:
    """The scenario at ``path`` with the controls' overrides applied and validated (InputFileError if they do not fit)."""
    base = base_scenario(path)
    changes = overrides(base, controls)
    return load_scenario(path, overrides=changes) if changes else base


def parse_seed(text: str | int | None) -> int | None:
    """The seed typed in the seed box: a whole number >= 0, or None (blank or not a number: the scenario's)."""
    try:
        value = int(str(text).strip())
    except (TypeError, ValueError):
        return None
    return value if value >= 0 else None


class Run:
    """One run of a scenario under the page's controls, advanced on demand to the tick the page shows."""

    def __init__(self, path: Path, controls: Controls, seed: int | None = None):
        self.path = path
        self.controls = controls
        self.scenario = scenario_with(path, controls)
        self.seed = self.scenario.run.seed if seed is None else seed
        self.model = self.fresh()

    def fresh(self) -> PolicyModel:
        """The run at tick 0: the one call every driver makes to build a model of a scenario."""
        return PolicyModel(prepare(self.scenario, seed=self.seed))

    @property
    def steps(self) -> int:
        """How many ticks the run lasts (the scenario's ``run.steps``)."""
        return self.scenario.run.steps

    def at(self, tick: int) -> PolicyModel:
        """The model at ``tick`` (at most the run's last): stepped forward, or rebuilt and replayed if it is past it."""
        tick = max(0, min(tick, self.steps))
        if self.model.steps > tick:
            self.model = self.fresh()
        while self.model.steps < tick:
            self.model.step()
        return self.model
