"""The plain-Mesa side of the sweep comparison: PolicyModel driven by ``mesa.batch_run`` with a DataCollector.

A model is built per run from keyword parameter values, as ``mesa.batch_run`` requires; the world is built
once per process. Its reporters read the same end-of-run outcomes the sweep stores.
"""

from __future__ import annotations

from functools import cache

import mesa

from simulation.model import PolicyModel, RunSetup
from simulation.scenario import load_scenario
from simulation.scenario.prepare import Preparation

REPORTED = ("tipped", "tipped_tick", "final_stance", "net_final", "share_acting_final")


@cache
def load_world(path: str) -> Preparation:
    """The scenario at ``path``, prepared once per process."""
    return Preparation(load_scenario(path), path)


class GridModel(PolicyModel):
    """PolicyModel of a scenario with some parameters set by keyword, collecting the focal state's outcomes."""

    def __init__(self, scenario_path: str, focal: int, steps: int, seed: int, **parameters):
        setup = load_world(scenario_path).at({f"parameters.{k}": float(v) for k, v in parameters.items()})
        super().__init__(RunSetup(setup.world, setup.params, seed, steps, 1), replication=0, per_state=False)
        self.datacollector = mesa.DataCollector(model_reporters={
            "tipped": lambda m: bool(m.state.tipped_tick[0, focal] >= 0),
            "tipped_tick": lambda m: int(m.state.tipped_tick[0, focal]),
            "final_stance": lambda m: int(m.state.stance[0, focal]),
            "net_final": lambda m: float(m.state.net[0, focal]),
            "share_acting_final": lambda m: float((m.state.stance[0] >= 2).mean()),
        })

    def step(self) -> None:
        super().step()
        self.datacollector.collect(self)
