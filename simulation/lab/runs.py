"""Running a scenario (one or many replications through the batched kernel) into tidy tables."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..model.decision import TERMS
from ..model.history import History
from ..model.legs import LEGS
from ..model.simulate import simulate
from ..model.stance import ACTING, STANCE_LABELS
from ..model.world import World, WorldState
from ..scenario.prepare import prepare
from ..scenario.schema import Scenario


@dataclass(frozen=True)
class RunResult:
    """The outcome of ``replications`` runs of one scenario: the world, the final state and the history."""

    scenario: Scenario
    world: World
    seed: int
    steps: int
    final: WorldState
    history: History

    @property
    def replications(self) -> int:
        return self.final.batch

    def ticks_table(self) -> pd.DataFrame:
        """One row per replication and tick: crisis severity and visibility, and how many states hold each stance."""
        h = self.history
        n_ticks, batch = h.length, self.replications
        frame = pd.DataFrame({
            "replication": np.tile(np.arange(batch), n_ticks),
            "tick": np.repeat(np.arange(n_ticks), batch),
            "severity": np.repeat(h["severity"], batch),
            "visibility": h["visibility"].reshape(-1),
        })
        counts = h["stance_counts"].reshape(n_ticks * batch, -1)
        for k, label in enumerate(STANCE_LABELS):
            frame[f"n_{label}"] = counts[:, k]
        frame["n_acting"] = counts[:, ACTING:].sum(axis=1)
        return frame.sort_values(["replication", "tick"], kind="stable").reset_index(drop=True)

    def states_table(self) -> pd.DataFrame:
        """One row per replication and state: final stance, the tick it tipped, the legs' levels then and at the end,
        and the final terms."""
        f, w, batch, n = self.final, self.world, self.replications, self.world.n_states
        frame = pd.DataFrame({
            "replication": np.repeat(np.arange(batch), n),
            "code": np.tile(w.codes, batch),
            "name": np.tile(w.names, batch),
            "final_stance": [STANCE_LABELS[s] for s in f.stance.reshape(-1)],
            "tipped": (f.tipped_tick >= 0).reshape(-1),
            "tipped_tick": f.tipped_tick.reshape(-1),
            "net_benefit": f.net.reshape(-1),
        })
        for k, leg in enumerate(LEGS):
            frame[f"{leg.name}_at_tip"] = np.where(f.tipped_tick >= 0, f.pressures_at_tip[..., k], np.nan).reshape(-1)
        for leg in LEGS:
            frame[f"{leg.name}_final"] = getattr(f, leg.level).reshape(-1)
        last = self.history.last_terms  # (B, N, len(TERMS))
        if last is not None:
            for k, term in enumerate(TERMS):
                frame[f"term_{term}"] = last[..., k].reshape(-1)
        return frame

    def state_ticks_table(self) -> pd.DataFrame:
        """One row per replication, tick and state: stance, net benefit, the three legs' levels and every term."""
        h = self.history
        if not h.per_state:
            raise ValueError("this run kept no per-state history")
        n_ticks, batch, n = h.length, self.replications, self.world.n_states
        idx_t, idx_b, idx_n = np.meshgrid(np.arange(n_ticks), np.arange(batch), np.arange(n), indexing="ij")
        frame = pd.DataFrame({
            "replication": idx_b.reshape(-1), "tick": idx_t.reshape(-1),
            "code": np.asarray(self.world.codes)[idx_n.reshape(-1)],
            "stance": np.asarray(STANCE_LABELS)[h["stance"].reshape(-1)],
            "net_benefit": h["net"].reshape(-1),
        })
        for leg in LEGS:
            frame[leg.name] = h[leg.level].reshape(-1)
        terms = h["terms"].reshape(-1, len(TERMS))
        for k, term in enumerate(TERMS):
            frame[f"term_{term}"] = terms[:, k]
        return frame.sort_values(["replication", "tick"], kind="stable").reset_index(drop=True)


#: Above this many replications a run keeps only lean per-tick outputs (counts, crisis) and final states.
PER_STATE_LIMIT = 200


def run_scenario(scenario: Scenario, seed: int | None = None, steps: int | None = None,
                 replications: int | None = None, per_state: bool | None = None) -> RunResult:
    """Run ``replications`` runs of ``scenario`` together through the kernel (settings default to the file's).

    ``per_state`` (default: only up to ``PER_STATE_LIMIT`` replications) keeps every state's history.
    """
    setup = prepare(scenario, seed=seed, steps=steps, replications=replications)
    per_state = setup.replications <= PER_STATE_LIMIT if per_state is None else per_state
    final, history = simulate(setup.world, setup.params, setup.seeds(), setup.steps, per_state=per_state)
    return RunResult(scenario, setup.world, setup.seed, setup.steps, final, history)
