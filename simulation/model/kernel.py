"""The step kernel: every state, activist, legislature and official of B runs, tick after tick, compiled.

One compiled loop (numba, see ``compiled.py``) with runs outside and states inside: the runs of a batch are
spread over the machine's cores (``prange``), and each run is advanced through its ticks with its whole state
(a few kilobytes) in the core's cache. Inside a tick the order is that of docs/ODD.md "Process overview"
(synchronous updating): the tick's shocks (``noise.fill_shocks``, from the run's key) -> crisis severity ->
activists mobilise -> visibility -> for each state: activism reaching it -> its legislature -> its officials
-> its peers (from last tick's stances) -> its decision -> its tipping record. Each of these rules runs over
every state in turn before the next: a state's rules read only its own inputs and the last tick's stances,
so the order for each state is the ODD's, and short loops let the processor overlap one state with the next.
The rules themselves are the scalar functions of ``activism``, ``crisis``, ``legislature``, ``officials``,
``peers`` and ``decision``.

Interventions act before their ticks, outside the compiled loop: ``advance`` applies the world's schedule for
the tick it advances, and ``simulate`` runs the ticks between interventions in one call.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import NamedTuple

import numba
import numpy as np

from .activism import activism_reaching, information_flow, mobilised
from .compiled import rule
from .crisis import visible
from .decision import N_TERMS, Pressures, chosen_stance, standing_terms, weigh_pressures
from .legislature import legislative_pressure
from .noise import fill_shocks, packed_keys
from .officials import conviction_after
from .packed import packed_parameters
from .peers import bloc_line, partner_weight, position
from .stance import ACTING, Stance
from .world import World, WorldState

N_STANCES = len(Stance)


@dataclass(frozen=True)
class TickOutput:
    """What a tick leaves besides the new state: the crisis level, each state's signed terms, and the inputs its
    decision read (the tick's world as interventions made it, the pressures, visibility), so the decision can be
    re-read with one input changed (``decision.net_with``)."""

    severity: float
    terms: np.ndarray  # (B, N, len(TERMS)), in the order of TERMS
    world: World
    pressures: Pressures
    visibility: np.ndarray  # (B,)


class Carried(NamedTuple):
    """The state the kernel updates in place, (B, ...) arrays: ``WorldState``'s fields and the peer pressure."""

    stance: np.ndarray
    net: np.ndarray
    mobilisation: np.ndarray
    visibility: np.ndarray
    activism: np.ndarray
    legislature: np.ndarray
    conviction: np.ndarray
    baseline_conviction: np.ndarray
    tipped_tick: np.ndarray
    acting_since: np.ndarray
    pressures_at_tip: np.ndarray
    peers: np.ndarray


class Records(NamedTuple):
    """What the kernel writes per tick, each with a leading tick axis (length 0: not asked for, not computed),
    and the last tick's terms (B, N, len(TERMS)) (leading axis 0: not asked for)."""

    stance_counts: np.ndarray  # (T, B, len(Stance)) int32
    visibility: np.ndarray  # (T, B)
    stance: np.ndarray  # (T, B, N) int8
    net: np.ndarray  # (T, B, N)
    activism: np.ndarray
    legislature: np.ndarray
    conviction: np.ndarray
    terms: np.ndarray  # (T, B, N, len(TERMS))
    last_terms: np.ndarray


def no_records(batch: int, n_states: int, last_terms: bool = True) -> Records:
    """Records that keep nothing per tick, and the last tick's terms if asked for."""
    per_state = np.empty((0, batch, n_states))
    return Records(np.empty((0, batch, N_STANCES), dtype=np.int32), np.empty((0, batch)),
                   np.empty((0, batch, n_states), dtype=np.int8), per_state, per_state, per_state, per_state,
                   np.empty((0, batch, n_states, N_TERMS)),
                   np.empty((batch if last_terms else 0, n_states, N_TERMS)))


@rule
def acting_spell(stance, tipped_tick, acting_since, tick):
    """Whether a state acts (support or more) at ``tick`` for the first time, the tick it first acted, and the
    first tick of its current spell of acting (-1 while it does not act)."""
    acting = stance >= ACTING
    newly = acting and tipped_tick < 0
    first = tick if newly else tipped_tick
    since = (acting_since if acting_since >= 0 else tick) if acting else -1
    return newly, first, since


@numba.njit(cache=True)
def _acting_spells(stance, tipped_tick, acting_since, tick, newly, first, since):
    for k in range(stance.shape[0]):
        newly[k], first[k], since[k] = acting_spell(stance[k], tipped_tick[k], acting_since[k], tick)


def record_acting(stance, tipped_tick, acting_since, tick: int):
    """:func:`acting_spell` for whole arrays of the same shape (to re-read a recorded history of stances)."""
    stance, tipped_tick, acting_since = (np.ascontiguousarray(x) for x in (stance, tipped_tick, acting_since))
    newly = np.empty(stance.shape, dtype=bool)
    first, since = np.empty(stance.shape, dtype=np.int32), np.empty(stance.shape, dtype=np.int32)
    _acting_spells(stance.reshape(-1), tipped_tick.reshape(-1), acting_since.reshape(-1), int(tick),
                   newly.reshape(-1), first.reshape(-1), since.reshape(-1))
    return newly, first, since


@rule
def _bloc_sums(stance, influence, bloc_ptr, members, member_tie, bloc_total, bloc_weight):
    """Each bloc's weighted sum of its members' positions and its members' total weight (one run's stances;
    ``influence``: each state's weight as a partner, ``peers.partner_weight``)."""
    for k in range(bloc_total.shape[0]):
        total = 0.0
        weight = 0.0
        for e in range(bloc_ptr[k], bloc_ptr[k + 1]):
            member = members[e]
            total += member_tie[e] * (influence[member] * position(stance[member]))
            weight += member_tie[e] * influence[member]
        bloc_total[k] = total
        bloc_weight[k] = weight


@rule
def _targeted_push(i, mobilisation, activists, targeted_ptr, targeted_by, targeted_tie):
    """The credible mobilisation of every activist that targets state ``i``."""
    pushed = 0.0
    for e in range(targeted_ptr[i], targeted_ptr[i + 1]):
        a = targeted_by[e]
        pushed += targeted_tie[e] * (activists[a].credibility * mobilisation[a])
    return pushed


@rule
def _peer_pull(i, own_weighted_position, own_weight, bloc_total, bloc_weight, membership_ptr, membership_bloc,
               membership_weight):
    """State ``i``'s peer pressure: its blocs' lines weighed by cohesion."""
    pull = 0.0
    for e in range(membership_ptr[i], membership_ptr[i + 1]):
        k = membership_bloc[e]
        pull += membership_weight[e] * bloc_line(bloc_total[k], bloc_weight[k], own_weighted_position, own_weight)
    return pull


@rule
def _run_ticks(b, first_tick, severity, jump, keys, params, w, s, rec):
    """Run ``b`` through its ticks ``first_tick, first_tick + 1, ...`` (one per entry of ``severity``), drawing its
    shocks from its key ``keys[b]`` (``noise.fill_shocks``)."""
    p = params[b if params.shape[0] > 1 else 0]
    traits = w.traits[b if w.traits.shape[0] > 1 else 0]
    activists = w.activists[b if w.activists.shape[0] > 1 else 0]
    r = w.response[0]
    stance, mobilisation = s.stance[b], s.mobilisation[b]
    activism, legislature, conviction, baseline = s.activism[b], s.legislature[b], s.conviction[b], s.baseline_conviction[b]
    net, peers, tipped, acting_since = s.net[b], s.peers[b], s.tipped_tick[b], s.acting_since[b]
    n = stance.shape[0]
    choice = np.empty(n, dtype=np.int64)  # this tick's stances, before the tipping record reads them
    bloc_total = np.empty(w.bloc_ptr.shape[0] - 1)
    bloc_weight = np.empty(w.bloc_ptr.shape[0] - 1)
    # what does not move between the ticks of a call, once per state: the standing terms, the weight as a partner
    terms = np.empty((stance.shape[0], N_TERMS))
    standing = np.empty(stance.shape[0])
    influence = np.empty(stance.shape[0])
    for i in range(stance.shape[0]):
        standing[i] = standing_terms(terms, i, traits[i], r, p)
        influence[i] = partner_weight(traits[i].capability, p)
    shock = np.empty(stance.shape[0])
    first_words = np.empty(stance.shape[0], dtype=np.uint64)
    last = severity.shape[0] - 1
    for j in range(severity.shape[0]):
        tick = first_tick + j
        fill_shocks(shock, first_words, keys[b], tick, 0)
        visible_severity = severity[j] * s.visibility[b]
        for a in range(mobilisation.shape[0]):
            mobilisation[a] = mobilised(mobilisation[a], activists[a].resources, visible_severity, p)
        v = visible(s.visibility[b], severity[j], information_flow(mobilisation, activists), jump[j], p)
        s.visibility[b] = v
        # the blocs' sums from last tick's stances, before anyone decides
        _bloc_sums(stance, influence, w.bloc_ptr, w.members, w.member_tie, bloc_total, bloc_weight)
        untargeted = activism_reaching(0.0, v, p)  # the advocacy every state no activist targets gets
        # each rule for every state in turn (a state's rules read only its own inputs and last tick's stances, so
        # this is the ODD's order for each state; short loops the processor can overlap state after state)
        for i in range(n):
            if w.targeted_ptr[i] == w.targeted_ptr[i + 1]:
                activism[i] = untargeted
            else:
                pushed = _targeted_push(i, mobilisation, activists, w.targeted_ptr, w.targeted_by, w.targeted_tie)
                activism[i] = activism_reaching(pushed, v, p)
        for i in range(n):
            legislature[i] = legislative_pressure(legislature[i], traits[i].legislature_strength, activism[i], p)
        for i in range(n):
            conviction[i] = conviction_after(conviction[i], baseline[i], activism[i], traits[i].democracy,
                                             legislature[i], p)
        for i in range(n):
            peers[i] = _peer_pull(i, influence[i] * position(stance[i]), influence[i], bloc_total, bloc_weight,
                                  w.membership_ptr, w.membership_bloc, w.membership_weight)
        for i in range(n):
            net[i] = weigh_pressures(terms, i, traits[i], activism[i], legislature[i], conviction[i], peers[i],
                                     severity[j], v, standing[i], p)
        for i in range(n):
            choice[i] = chosen_stance(net[i], shock[i], stance[i], p, r.max_stance)
        for i in range(n):
            chosen = choice[i]
            newly, first, since = acting_spell(chosen, tipped[i], acting_since[i], tick)
            tipped[i], acting_since[i] = first, since
            if newly:
                s.pressures_at_tip[b, i, 0] = activism[i]
                s.pressures_at_tip[b, i, 1] = legislature[i]
                s.pressures_at_tip[b, i, 2] = conviction[i]
            stance[i] = chosen
        if rec.stance.shape[0]:
            for i in range(n):
                rec.stance[j, b, i], rec.net[j, b, i] = stance[i], net[i]
                rec.activism[j, b, i], rec.legislature[j, b, i] = activism[i], legislature[i]
                rec.conviction[j, b, i] = conviction[i]
                for k in range(N_TERMS):
                    rec.terms[j, b, i, k] = terms[i, k]
        if j == last and rec.last_terms.shape[0]:
            for i in range(n):
                for k in range(N_TERMS):
                    rec.last_terms[b, i, k] = terms[i, k]
        if rec.visibility.shape[0]:
            rec.visibility[j, b] = v
            rec.stance_counts[j, b, :] = 0
            for i in range(stance.shape[0]):
                rec.stance_counts[j, b, stance[i]] += 1


@numba.njit(cache=True, parallel=True, nogil=True)
def _advance_runs(first_tick, severity, jump, keys, params, w, s, rec):
    """Every run of the batch through the ticks, the runs spread over the threads."""
    for b in numba.prange(s.stance.shape[0]):
        _run_ticks(np.int64(b), first_tick, severity, jump, keys, params, w, s, rec)


def carried(state: WorldState, copy: bool) -> Carried:
    """The state's arrays for the kernel to update in place (copies with ``copy``, else contiguous as they are)."""
    def own(x, dtype):
        return np.array(x, dtype=dtype, order="C", copy=True) if copy else np.ascontiguousarray(x, dtype=dtype)

    arrays = {f.name: own(getattr(state, f.name), np.int8 if f.name == "stance" else
                          np.int32 if f.name in ("tipped_tick", "acting_since") else np.float64)
              for f in fields(WorldState)}
    return Carried(**arrays, peers=np.zeros_like(arrays["net"]))


def state_of(s: Carried) -> WorldState:
    """The carried arrays as a ``WorldState`` (sharing them)."""
    return WorldState(**{f.name: getattr(s, f.name) for f in fields(WorldState)})


def run_ticks(world: World, p, s: Carried, first_tick: int, n: int, keys: np.ndarray, rec: Records) -> TickOutput:
    """Advance the runs held in ``s`` (in place) through the ``n`` ticks ``first_tick ... first_tick + n - 1``,
    run ``b`` drawing its shocks from ``keys[b]`` (``noise.packed_keys``), writing what ``rec`` asks for; the last
    tick's output."""
    ticks = range(first_tick, first_tick + n)
    severity = np.array([world.severity(t) for t in ticks])
    jump = np.array([world.visibility_jumps.get(t, 0.0) for t in ticks], dtype=float)
    _advance_runs(first_tick, severity, jump, keys, packed_parameters(p), world.packed, s, rec)
    return TickOutput(float(severity[-1]), rec.last_terms, world,
                      Pressures(s.activism, s.legislature, s.conviction, s.peers), s.visibility)


def advance(world: World, p, state: WorldState, tick: int, keys) -> tuple[WorldState, TickOutput]:
    """Advance B runs from tick ``tick - 1`` to ``tick``, run ``b`` drawing its shocks from ``keys[b]`` (a
    ``noise.RunKey`` each).

    The interventions the world schedules for ``tick`` act first, on this tick's inputs and on the state
    carried over from ``tick - 1`` (docs/ODD.md 7.16). ``state`` is left as it was.
    """
    if world.schedule is not None:
        world, state = world.schedule.at(world, state, tick)
    s = carried(state, copy=True)
    out = run_ticks(world, p, s, tick, 1, packed_keys(keys), no_records(*s.net.shape))
    return state_of(s), out
