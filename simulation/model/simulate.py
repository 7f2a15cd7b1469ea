"""Run B runs of one world through the kernel together, each with its own seed."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .history import History
from .kernel import advance
from .noise import ShockStream
from .world import World, WorldState


def simulate(world: World, params, seeds: Sequence[np.random.SeedSequence], steps: int,
             per_state: bool = True) -> tuple[WorldState, History]:
    """Advance ``len(seeds)`` runs of ``world`` for ``steps`` ticks; return the final state and the history.

    The world's own schedule of interventions acts inside the kernel, so every caller runs the same model.
    """
    batch = len(seeds)
    state = world.initial.repeat(batch if world.initial.batch == 1 else 1)  # a stacked world has a row per run
    shocks = ShockStream(seeds, world.n_states, block=min(64, max(steps, 1)))  # draw no tick that never runs
    history = History(batch, world.n_states, steps + 1, per_state=per_state)
    history.record(state, None, world.severity(0))
    for tick in range(1, steps + 1):
        state, out = advance(world, params, state, tick, shocks.draw())
        history.record(state, out)
    return state, history
