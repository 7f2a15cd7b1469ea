"""PolicyModel: the Mesa model of states deciding on a human-rights response, one run at a time.

The model owns the arrays (a batch of one run); ``step`` calls the same kernel that batched sweeps use,
and its agents are views onto the arrays' rows.
"""

from __future__ import annotations

import mesa
import numpy as np

from .agents import ActivistAgent, LegislatureAgent, OfficialAgent, StateAgent
from .history import History
from .interventions import Schedule
from .kernel import TickOutput, advance
from .noise import ShockStream, run_seed
from .params import Parameters
from .world import World


class PolicyModel(mesa.Model):
    """States weigh values and the pressure of activists, legislatures and officials against their interests, each tick."""

    def __init__(self, world: World, params: Parameters | None = None, seed: int = 0, replication: int = 0,
                 steps: int | None = None, per_state: bool = True, schedule: Schedule | None = None):
        # Mesa's own generators get a stream of their own, distinct from the shocks (the mechanism uses none).
        super().__init__(rng=np.random.SeedSequence(seed, spawn_key=(replication, 1)))
        self.schedule = schedule
        self.world = world if schedule is None else schedule.prepare(world)
        world = self.world
        self.params = params if params is not None else Parameters()
        self.seed_value = seed
        self.replication = replication
        self.max_steps = steps
        self.state = world.initial
        self._last_out: TickOutput | None = None
        self._shocks = ShockStream([run_seed(seed, replication)], world.n_states)
        self.history = History(1, world.n_states, (steps or 64) + 1, per_state=per_state)
        self.history.record(self.state, None, world.severity(0))

        self.states = [StateAgent(self, i) for i in range(world.n_states)]
        self.legislatures = [LegislatureAgent(self, i) for i in range(world.n_states)]
        self.officials = [OfficialAgent(self, i) for i in range(world.n_states)]
        self.activists = [ActivistAgent(self, a) for a in range(world.n_activists)]

    @classmethod
    def from_scenario(cls, scenario, seed: int | None = None, replication: int = 0,
                      per_state: bool = True) -> PolicyModel:
        """A model of ``scenario`` (seed and steps from its run settings unless given)."""
        from ..scenario.build import build_world
        from ..scenario.interventions import schedule_of

        return cls(build_world(scenario), scenario.parameters,
                   seed=scenario.run.seed if seed is None else seed, replication=replication,
                   steps=scenario.run.steps, per_state=per_state, schedule=schedule_of(scenario))

    @property
    def last_terms(self) -> np.ndarray | None:
        """Each state's signed terms (1, N, len(TERMS)) at the last decision (None before the first)."""
        return None if self._last_out is None else self._last_out.terms

    def step(self) -> None:
        """Advance every agent one tick through the kernel and record the outcome."""
        world = self.world
        if self.schedule is not None:  # interventions act at the tick boundary (docs/ODD.md 7.16)
            self.state = self.schedule.state_at(self.state, self.steps)
            world = self.schedule.world_at(self.world, self.state, self.steps)
        self.state, out = advance(world, self.params, self.state, self.steps, self._shocks.draw())
        self._last_out = out
        self.history.record(self.state, out)
        if self.max_steps is not None and self.steps >= self.max_steps:
            self.running = False
