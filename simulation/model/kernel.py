"""The step kernel: one tick of every state, activist, legislature and official of B runs, as array operations.

The order inside a tick (synchronous updating, see docs/ODD.md "Process overview"):
interventions active this tick (the world's schedule) -> crisis severity -> activists mobilise -> visibility
-> activism reaching states -> legislatures ->
officials -> peers (from last tick's stances) -> every state decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .activism import activism_on_states, information_politics, update_mobilisation
from .crisis import update_visibility
from .decision import Pressures, choose_stance, decision_terms, net_benefit, stack_terms
from .legislature import update_legislative_pressure
from .officials import update_conviction
from .peers import peer_pressure
from .stance import ACTING
from .world import World, WorldState


@dataclass(frozen=True)
class TickOutput:
    """What a tick leaves besides the new state: the crisis level, each state's signed terms, and the inputs its
    decision read (the tick's world as interventions made it, the pressures, visibility), so the decision can be
    re-read with one input changed (``decision.net_with``)."""

    severity: float
    parts: tuple  # the terms, one array per term, (B, N) or (N,) (see ``decision_terms``)
    world: World
    pressures: Pressures
    visibility: np.ndarray  # (B,)

    @cached_property
    def terms(self) -> np.ndarray:
        """The terms as one (B, N, len(TERMS)) array, stacked when first asked for."""
        return stack_terms(self.parts)


def record_acting(stance, tipped_tick, acting_since, tick: int):
    """Who acts (support or more) at ``tick`` for the first time, the tick each state first acted, and the first
    tick of each state's current spell of acting (-1 while it does not act)."""
    acting = stance >= ACTING
    newly = acting & (tipped_tick < 0)
    first = np.where(newly, np.int32(tick), tipped_tick)
    since = np.where(acting, np.where(acting_since >= 0, acting_since, np.int32(tick)), np.int32(-1))
    return newly, first, since


def advance(world: World, p, state: WorldState, tick: int, shock: np.ndarray) -> tuple[WorldState, TickOutput]:
    """Advance B runs from tick ``tick - 1`` to ``tick``; ``shock`` is this tick's (B, N) standard-normal draw.

    The interventions the world schedules for ``tick`` act first, on this tick's inputs and on the state
    carried over from ``tick - 1`` (docs/ODD.md 7.16).
    """
    if world.schedule is not None:
        world, state = world.schedule.at(world, state, tick)
    t = world.traits
    severity = world.severity(tick)

    mobilisation = update_mobilisation(state.mobilisation, world.resources, severity * state.visibility, p)
    information = information_politics(world.informs, world.credibility, mobilisation)
    visibility = update_visibility(state.visibility, severity, information,
                                   world.visibility_jumps.get(tick, 0.0), p)
    activism = activism_on_states(world.targeted_by, world.credibility, mobilisation, visibility, p)
    legislature = update_legislative_pressure(state.legislature, t.legislature_strength, activism, p)
    conviction = update_conviction(state.conviction, state.baseline_conviction, activism, t.democracy,
                                   legislature, p)
    peers = peer_pressure(state.stance, world.ties, t.capability, p)

    pressures = Pressures(activism, legislature, conviction, peers)
    parts = decision_terms(t, pressures, severity, visibility, world.response, p, world.peer_review)
    net = net_benefit(parts)
    stance = choose_stance(net, shock, state.stance, p, world.response.max_stance)

    newly, tipped_tick, acting_since = record_acting(stance, state.tipped_tick, state.acting_since, tick)
    pressures_at_tip = state.pressures_at_tip
    if newly.any():  # the levels at tipping change only for the states that tip this tick
        runs, rows = np.nonzero(newly)
        pressures_at_tip = pressures_at_tip.copy()
        for k, level in enumerate((activism, legislature, conviction)):
            pressures_at_tip[runs, rows, k] = level[runs, rows]

    new_state = WorldState(stance=stance, net=net, mobilisation=mobilisation, visibility=visibility,
                           activism=activism, legislature=legislature, conviction=conviction,
                           baseline_conviction=state.baseline_conviction, tipped_tick=tipped_tick,
                           acting_since=acting_since, pressures_at_tip=pressures_at_tip)
    return new_state, TickOutput(severity, parts, world, pressures, visibility)
