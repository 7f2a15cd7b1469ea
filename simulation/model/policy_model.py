"""PolicyModel: the Mesa model of states deciding on a human-rights response, one run at a time.

The model owns the arrays (a batch of one run); ``step`` calls the same kernel that batched sweeps use,
and its state agents are views onto the arrays' rows. It runs a prepared :class:`RunSetup`
(``simulation.scenario.prepare.prepare(scenario)``), the same inputs every other driver runs.
"""

from __future__ import annotations

import mesa
import numpy as np

from .agents import StateAgent
from .history import History
from .kernel import TickOutput, advance
from .noise import run_seed
from .setup import RunSetup


class PolicyModel(mesa.Model):
    """States weigh values and the pressure of activists, legislatures and officials against their interests, each tick."""

    def __init__(self, setup: RunSetup, replication: int = 0, per_state: bool = True):
        # Mesa's own generators get a stream of their own, distinct from the shocks (the mechanism uses none).
        super().__init__(rng=np.random.SeedSequence(setup.seed, spawn_key=(replication, 1)))
        self.setup = setup
        self.world = setup.world
        self.params = setup.params
        self.seed_value = setup.seed
        self.replication = replication
        self.max_steps = setup.steps
        self.state = self.world.initial
        self._last_out: TickOutput | None = None
        self._key = [run_seed(setup.seed, replication)]  # its shocks: the kernel draws them from this key
        self.history = History(1, self.world.n_states, setup.steps + 1, per_state=per_state)
        self.history.record(self.state, None, self.world.severity(0))
        self.states = [StateAgent(self, i) for i in range(self.world.n_states)]

    @property
    def last_output(self) -> TickOutput | None:
        """The last tick's output: its terms and the inputs its decision read (None before the first)."""
        return self._last_out

    @property
    def last_terms(self) -> np.ndarray | None:
        """Each state's signed terms (1, N, len(TERMS)) at the last decision (None before the first)."""
        return None if self._last_out is None else self._last_out.terms

    def step(self) -> None:
        """Advance every agent one tick through the kernel (interventions included) and record the outcome."""
        self.state, out = advance(self.world, self.params, self.state, self.steps, self._key)
        self._last_out = out
        self.history.record(self.state, out)
        if self.steps >= self.max_steps:
            self.running = False
