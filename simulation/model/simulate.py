"""Run B runs of one world through the kernel together, each with its own seed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from typing import Protocol

import numpy as np

from .decision import stance_probabilities
from .history import History
from .kernel import Workspace, advance, carried, run_ticks, starting_state, state_of
from .noise import RunKey, packed_keys
from .world import World, WorldState


class Observer(Protocol):
    """What watches runs as they advance (a sweep's time series, ``lab.series.Recorder``): the ticks it reads,
    and a call with (a copy of) the state of the runs at each of them."""

    ticks: tuple[int, ...]

    def __call__(self, tick: int, state: WorldState) -> None: ...


def _quiet_ticks(world: World, tick: int, steps: int) -> int:
    """How many ticks from ``tick`` on (at least 1) can run in one kernel call: up to the next tick at which an
    intervention acts (that tick runs alone, after the schedule has changed its inputs)."""
    schedule = world.schedule
    if schedule is None:
        return steps - tick + 1
    if schedule.acts_at(tick):
        return 1
    n = 1
    while tick + n <= steps and not schedule.acts_at(tick + n):
        n += 1
    return n


def simulate(world: World, params, seeds: Sequence[RunKey] | np.ndarray, steps: int,
             per_state: bool = True, per_tick: bool = True, observe: Observer | None = None,
             last_terms: bool = True, workspace: Workspace | None = None) -> tuple[WorldState, History]:
    """Advance ``len(seeds)`` runs of ``world`` for ``steps`` ticks (a ``noise.RunKey`` each, or their packed
    keys, ``noise.run_keys``); return the final state and the history.

    The history keeps per tick what is asked for (``per_state``: every state's values; ``per_tick=False``:
    nothing but the last tick's output; ``last_terms=False``: not even its terms). The world's own schedule of
    interventions acts before each tick it covers, so every caller runs the same model. ``observe``, if given,
    sees (a copy of) the state at each of ``observe.ticks``: the kernel runs uninterrupted between them (and
    between interventions), so a series read every K ticks costs one stop every K ticks and nothing is recorded
    that it does not read. With a ``workspace`` (``kernel.Workspace``) the runs advance in its memory, and the
    final state and last terms returned are its arrays until its next use.
    """
    batch = len(seeds)
    keys = packed_keys(seeds)
    history = History(batch, world.n_states, steps + 1, per_state=per_state, per_tick=per_tick,
                      last_terms=last_terms, workspace=workspace)
    s = starting_state(world.initial, batch, workspace)  # a stacked world's initial state has a row per run
    history.record(state_of(s), None, world.severity(0))
    watched = sorted(set(observe.ticks)) if observe is not None else []
    if 0 in watched:
        observe(0, _copied(state_of(s)))
    tick = 1
    while tick <= steps:
        tick_world = world
        if world.schedule is not None and world.schedule.acts_at(tick):
            tick_world, state = world.schedule.at(world, state_of(s), tick)
            s = carried(state)._replace(peers=s.peers)
        n = _quiet_ticks(world, tick, steps)
        later = [t for t in watched if t >= tick]
        if later:
            n = min(n, later[0] - tick + 1)  # stop at the next tick the observer reads
        out = run_ticks(tick_world, params, s, tick, n, keys,
                        history.ticks(n, world.severities(tick, n)))
        history.finish(out)
        tick += n
        if tick - 1 in watched:
            observe(tick - 1, _copied(state_of(s)))
    return state_of(s), history


def _copied(state: WorldState) -> WorldState:
    """A copy of ``state`` the kernel will not overwrite on the next tick."""
    return WorldState(**{f.name: np.array(getattr(state, f.name)) for f in fields(WorldState)})


def final_stance_probabilities(world: World, params, seeds: Sequence[RunKey],
                               steps: int) -> tuple[np.ndarray, np.ndarray]:
    """Each run's probability of each stance at tick ``steps``, given its path up to it, (B, N, len(Stance)),
    and each state's net benefit of acting at that tick, (B, N).

    The first ``steps - 1`` ticks are drawn as in :func:`simulate` (the same numbers); at the last tick the
    net benefit is computed and the ordered choice's shock integrated out (``stance_probabilities``), so a
    few replications give smooth probabilities of how each state decides.
    """
    state, _ = simulate(world, params, seeds, steps - 1, per_tick=False)
    after, _ = advance(world, params, state, steps, seeds)
    return stance_probabilities(after.net, state.stance, params, world.response.max_stance), after.net
