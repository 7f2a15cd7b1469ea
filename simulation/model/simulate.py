"""Run B runs of one world through the kernel together, each with its own seed."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from .decision import stance_probabilities
from .history import History
from .kernel import advance
from .noise import ShockStream
from .world import World, WorldState


def simulate(world: World, params, seeds: Sequence[np.random.SeedSequence], steps: int,
             per_state: bool = True, observe: Callable[[int, WorldState], None] | None = None,
             ) -> tuple[WorldState, History]:
    """Advance ``len(seeds)`` runs of ``world`` for ``steps`` ticks; return the final state and the history.

    The world's own schedule of interventions acts inside the kernel, so every caller runs the same model.
    ``observe(tick, state)``, if given, sees the state of every tick from 0 (a sweep's time series).
    """
    batch = len(seeds)
    state = world.initial.repeat(batch if world.initial.batch == 1 else 1)  # a stacked world has a row per run
    shocks = ShockStream(seeds, world.n_states, block=min(64, max(steps, 1)))  # draw no tick that never runs
    history = History(batch, world.n_states, steps + 1, per_state=per_state)
    history.record(state, None, world.severity(0))
    if observe is not None:
        observe(0, state)
    for tick in range(1, steps + 1):
        state, out = advance(world, params, state, tick, shocks.draw())
        history.record(state, out)
        if observe is not None:
            observe(tick, state)
    return state, history


def final_stance_probabilities(world: World, params, seeds: Sequence[np.random.SeedSequence],
                               steps: int) -> tuple[np.ndarray, np.ndarray]:
    """Each run's probability of each stance at tick ``steps``, given its path up to it, (B, N, len(Stance)),
    and each state's net benefit of acting at that tick, (B, N).

    The first ``steps - 1`` ticks are drawn as in :func:`simulate` (the same numbers); at the last tick the
    net benefit is computed and the ordered choice's shock integrated out (``stance_probabilities``), so a
    few replications give smooth probabilities of how each state decides.
    """
    state, _ = simulate(world, params, seeds, steps - 1, per_state=False)
    after, _ = advance(world, params, state, steps, np.zeros_like(state.net))
    return stance_probabilities(after.net, state.stance, params, world.response.max_stance), after.net
