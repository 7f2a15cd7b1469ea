"""The per-agent side of a sweep comparison: the reference model (``tests/reference_model.py``) driven by
``mesa.batch_run``.

The model is built per run from keyword parameter values, as ``mesa.batch_run`` requires; the scenario is loaded
once per process. Its reporters read the focal state's outcomes, the same five the sweep stores
(``mesa_grid.REPORTED``), from the reference's agents.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import mesa

from simulation.model.stance import Stance
from simulation.scenario import load_scenario
from simulation.scenario.schema import Scenario

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from reference_model import ReferenceModel  # noqa: E402  (the reference lives with the tests)


@cache
def load_reference_scenario(path: str) -> Scenario:
    """The scenario at ``path``, loaded once per process."""
    return load_scenario(path)


class ReferenceGridModel(ReferenceModel):
    """The per-agent reference of a scenario with some parameters set by keyword, collecting the focal state's
    outcomes every tick (``mesa.batch_run`` reads the collector at the step it reports)."""

    def __init__(self, scenario_path: str, focal: int, steps: int, seed: int, **parameters):
        scenario = load_reference_scenario(scenario_path)
        base = scenario.parameters
        params = type(base).model_validate(base.model_dump() | {k: float(v) for k, v in parameters.items()})
        super().__init__(scenario, seed=seed, replication=0, params=params)
        self.max_steps = steps
        acting = int(Stance.SUPPORT)
        self.datacollector = mesa.DataCollector(model_reporters={
            "tipped": lambda m: bool(m.states[focal].tipped_tick >= 0),
            "tipped_tick": lambda m: int(m.states[focal].tipped_tick),
            "final_stance": lambda m: int(m.states[focal].stance),
            "net_final": lambda m: float(m.states[focal].net),
            "share_acting_final": lambda m: sum(st.stance >= acting for st in m.states) / len(m.states),
        })

    def step(self) -> None:
        """One tick of the reference and its outcomes; the model stops after its last tick."""
        super().step()
        self.datacollector.collect(self)
        if self.tick >= self.max_steps:
            self.running = False
