"""The step kernel: every state, activist, legislature and official of B runs, tick after tick, compiled.

One compiled loop (numba, see ``compiled.py``) with runs outside and states inside: the runs of a batch are
spread over the machine's cores in blocks (``prange``, handed out as threads come free), and each run is advanced
through its ticks with its whole state (a few kilobytes) in the core's cache. What does not move during a call
(the standing terms, the bloc weights, the traits a tick reads: ``Constants``) is filled for a block's first run,
then each part again only when the parameters or traits it reads differ from the last run's. Inside a tick the
order is that of docs/ODD.md "Process overview" (synchronous updating): the tick's shocks (``noise.fill_shocks``,
from the run's key) -> crisis severity -> activists mobilise -> visibility -> for each state: activism reaching it
-> its legislature -> its officials -> its peers (from last tick's stances) -> its decision -> its tipping record.
Each of these rules runs over every state in turn before the next: a state's rules read only its own inputs and
the last tick's stances, so the order for each state is the ODD's, and short loops over arrays compile to vector
instructions. The rules themselves are
the scalar functions of ``activism``, ``crisis``, ``legislature``, ``officials``, ``peers`` and ``decision``.

Interventions act before their ticks, outside the compiled loop: ``advance`` applies the world's schedule for
the tick it advances, and ``simulate`` runs the ticks between interventions in one call.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, fields
from typing import NamedTuple

import numba
import numpy as np

from .activism import activism_reaching, information_flow, mobilised
from .compiled import fused_inlined_rule, fused_rule, inlined_rule, listed, on_threads, rule
from .crisis import visible
from .decision import (
    N_TERMS,
    STANDING_PARAMETERS,
    Pressures,
    chosen_stance,
    moving_terms,
    net_benefit,
    scrutiny_exposure,
    standing_terms,
    weigh_pressures,
)
from .legislature import legislative_pressure
from .noise import fill_shocks, packed_keys
from .officials import conviction_after
from .packed import PARAMETERS, packed_parameters
from .peers import line_weight, partner_weight, position
from .stance import ACTING, Stance
from .world import World, WorldState

N_STANCES = len(Stance)
#: Where ``STANDING_PARAMETERS`` sit in a run's parameters read as numbers (a row of ``_advance_runs``' ``numbers``).
_STANDING_COLUMNS = np.array([PARAMETERS.names.index(name) for name in STANDING_PARAMETERS], dtype=np.int64)


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


@fused_inlined_rule
def _weighted_sum(values, index, weight, lo, hi):
    """``sum(weight[e] * values[index[e]] for e in lo..hi-1)``, in four interleaved partial sums (independent chains
    of additions the processor can overlap)."""
    s0 = s1 = s2 = s3 = 0.0
    e = lo
    while e + 4 <= hi:
        s0 += weight[e] * values[index[e]]
        s1 += weight[e + 1] * values[index[e + 1]]
        s2 += weight[e + 2] * values[index[e + 2]]
        s3 += weight[e + 3] * values[index[e + 3]]
        e += 4
    while e < hi:
        s0 += weight[e] * values[index[e]]
        e += 1
    return (s0 + s1) + (s2 + s3)


@inlined_rule
def _targeted_push(i, mobilisation, activists, targeted_ptr, targeted_by, targeted_tie):
    """The credible mobilisation of every activist that targets state ``i``."""
    pushed = 0.0
    for e in range(targeted_ptr[i], targeted_ptr[i + 1]):
        a = targeted_by[e]
        pushed += targeted_tie[e] * (activists[a].credibility * mobilisation[a])
    return pushed


@fused_rule
def _peer_pull(i, own_weighted_position, bloc_total, membership_ptr, membership_bloc, line_weight):
    """State ``i``'s peer pressure: each of its blocs' partners' weighted positions (the bloc's total less its own),
    by the bloc's ``peers.line_weight``."""
    pull = 0.0
    for e in range(membership_ptr[i], membership_ptr[i + 1]):
        pull += line_weight[e] * (bloc_total[membership_bloc[e]] - own_weighted_position)
    return pull


class Constants(NamedTuple):
    """What does not move between the ticks of a call, for one run (its parameters and traits): each state's
    standing terms (and their sum, its interest and grievance costs), its weight as a bloc partner and the traits
    a tick reads (each in its own array, read in one sweep over the states); each bloc member's weight in its
    bloc's line, each bloc's total weight, and each membership's weight of a line."""

    terms: np.ndarray  # (len(TERMS), N): terms by states, each term's row written in one sweep over the states
    standing: np.ndarray
    interests: np.ndarray  # the standing costs of security and economic interests
    grievance: np.ndarray
    influence: np.ndarray
    access: np.ndarray
    strength: np.ndarray
    capability: np.ndarray
    officials: np.ndarray
    values: np.ndarray
    member_weight: np.ndarray  # (members of blocs,)
    bloc_weight: np.ndarray  # (blocs,)
    line_weights: np.ndarray  # (memberships with partners,)
    exposure: np.ndarray  # each state's exposure to scrutiny
    made_for: np.ndarray  # (2,): the scrutiny exponent the exposures and the influence floor the lines are made for
    standing_for: np.ndarray  # (len(STANDING_PARAMETERS),): the parameters the standing terms are weighed with


class Scratch(NamedTuple):
    """A thread's working arrays for the tick: this tick's stances before the tipping record reads them, who acts
    for the first time (by state, and listed), the blocs' totals, the states' positions, the campaigns' push on each
    targeted state, the shocks, the words they are made from and the states whose words the ziggurat rejects
    (``noise.fill_shocks``)."""

    choice: np.ndarray
    newly: np.ndarray
    first_acting: np.ndarray
    bloc_total: np.ndarray
    positions: np.ndarray
    pushed: np.ndarray
    shock: np.ndarray
    first_words: np.ndarray
    rejected: np.ndarray


@rule
def _allocated(n, w):
    """Constants and scratch for runs of ``n`` states of world ``w`` (one set per block of runs, reused)."""
    n_blocs = w.bloc_ptr.shape[0] - 1
    c = Constants(np.empty((N_TERMS, n)), np.empty(n), np.empty(n), np.empty(n), np.empty(n), np.empty(n),
                  np.empty(n), np.empty(n), np.empty(n), np.empty(n), np.empty(w.members.shape[0]),
                  np.empty(n_blocs), np.empty(w.membership_bloc.shape[0]), np.empty(n), np.full(2, np.nan),
                  np.full(len(STANDING_PARAMETERS), np.nan))
    scratch = Scratch(np.empty(n, dtype=np.int8), np.empty(n, dtype=np.bool_), np.empty(n, dtype=np.int64),
                      np.empty(n_blocs), np.empty(n),
                      np.empty(w.targeted.shape[0]), np.empty(n), np.empty(n, dtype=np.uint64),
                      np.empty(n, dtype=np.int64))
    return c, scratch


@rule
def _fill_constants(c, traits, new_traits, r, p, numbers, w):
    """The constants of a run with these traits (``new_traits``: other than the last run's) and parameters (``p``,
    and the same as ``numbers``, see :class:`Constants`); each part is made again only when the traits or the
    parameters it reads change."""
    n = c.standing.shape[0]
    weigh_again = new_traits
    if new_traits:
        for i in range(n):
            c.access[i], c.strength[i] = traits[i].democracy, traits[i].legislature_strength
            c.capability[i], c.officials[i], c.values[i] = (traits[i].capability, traits[i].official_influence,
                                                             traits[i].value_commitment)
    if new_traits or c.made_for[0] != p.scrutiny_exponent:  # the powers
        for i in range(n):
            c.exposure[i] = scrutiny_exposure(traits[i].record, p)
        c.made_for[0] = p.scrutiny_exponent
        weigh_again = True
    if new_traits or c.made_for[1] != p.peer_influence_floor:  # the blocs' lines
        for i in range(n):
            c.influence[i] = partner_weight(c.capability[i], p)
        for e in range(w.members.shape[0]):
            c.member_weight[e] = w.member_tie[e] * c.influence[w.members[e]]
        for k in range(c.bloc_weight.shape[0]):
            c.bloc_weight[k] = 0.0
            for e in range(w.bloc_ptr[k], w.bloc_ptr[k + 1]):
                c.bloc_weight[k] += c.member_weight[e]
        for i in range(n):
            for e in range(w.membership_ptr[i], w.membership_ptr[i + 1]):
                c.line_weights[e] = line_weight(w.membership_weight[e], c.bloc_weight[w.membership_bloc[e]],
                                                c.influence[i])
        c.made_for[1] = p.peer_influence_floor
    for k in range(_STANDING_COLUMNS.shape[0]):
        if c.standing_for[k] != numbers[_STANDING_COLUMNS[k]]:
            weigh_again = True
            c.standing_for[k] = numbers[_STANDING_COLUMNS[k]]
    if weigh_again:
        for i in range(n):
            c.standing[i] = standing_terms(c.terms, i, traits[i], c.exposure[i], r, p)
            c.interests[i], c.grievance[i] = c.terms[8, i] + c.terms[9, i], c.terms[10, i]


@rule
def _run_ticks(b, first_tick, severity, jump, keys, p, traits, activists, w, s, rec, c, scratch):
    """Run ``b`` through its ticks ``first_tick, first_tick + 1, ...`` (one per entry of ``severity``), drawing its
    shocks from its key ``keys[b]`` (``noise.fill_shocks``), its constants ``c`` filled for its parameters ``p`` and
    ``traits``."""
    r = w.response[0]
    stance, mobilisation = s.stance[b], s.mobilisation[b]
    activism, legislature, conviction, baseline = s.activism[b], s.legislature[b], s.conviction[b], s.baseline_conviction[b]
    net, peers, tipped, acting_since = s.net[b], s.peers[b], s.tipped_tick[b], s.acting_since[b]
    n = stance.shape[0]
    n_blocs = c.bloc_weight.shape[0]
    terms, standing, interests, grievance, influence = c.terms, c.standing, c.interests, c.grievance, c.influence
    access, strength, capability, officials, values = c.access, c.strength, c.capability, c.officials, c.values
    member_weight, line_weights = c.member_weight, c.line_weights
    choice, newly, first_acting, bloc_total, positions, pushed, shock, first_words, rejected = scratch
    last = severity.shape[0] - 1
    key = keys[b]
    for j in range(severity.shape[0]):
        tick = first_tick + j
        fill_shocks(shock, first_words, rejected, key, tick, 0)
        visible_severity = severity[j] * s.visibility[b]
        for a in range(mobilisation.shape[0]):
            mobilisation[a] = mobilised(mobilisation[a], activists[a].resources, visible_severity, p)
        v = visible(s.visibility[b], severity[j], information_flow(mobilisation, activists), jump[j], p)
        s.visibility[b] = v
        # the blocs' sums from last tick's stances, before anyone decides
        for i in range(n):
            positions[i] = position(stance[i])
        for k in range(n_blocs):
            bloc_total[k] = _weighted_sum(positions, w.members, member_weight, w.bloc_ptr[k], w.bloc_ptr[k + 1])
        # each rule for every state in turn (a state's rules read only its own inputs and last tick's stances, so
        # this is the ODD's order for each state; short loops the processor can overlap state after state): the
        # advocacy every state gets, then for the states some activist targets, their campaigns' push first and
        # their activism after (two loops: the second, without the campaigns' short loops, compiles to vectors)
        untargeted = activism_reaching(0.0, v, p)
        for i in range(n):
            activism[i] = untargeted
        for k in range(w.targeted.shape[0]):
            pushed[k] = _targeted_push(w.targeted[k], mobilisation, activists, w.targeted_ptr, w.targeted_by,
                                       w.targeted_tie)
        for k in range(w.targeted.shape[0]):
            activism[w.targeted[k]] = activism_reaching(pushed[k], v, p)
        for i in range(n):
            legislature[i] = legislative_pressure(legislature[i], strength[i], activism[i], p)
        for i in range(n):
            conviction[i] = conviction_after(conviction[i], baseline[i], activism[i], access[i],
                                             legislature[i], p)
        for i in range(n):
            peers[i] = _peer_pull(i, influence[i] * positions[i], bloc_total, w.membership_ptr, w.membership_bloc,
                                  line_weights)
        if rec.terms.shape[0] or (j == last and rec.last_terms.shape[0]):  # the terms asked for: written down
            for i in range(n):
                net[i] = weigh_pressures(terms, i, traits[i], activism[i], legislature[i], conviction[i], peers[i],
                                         severity[j], v, standing[i], p)
        else:
            for i in range(n):
                net[i] = net_benefit(moving_terms(access[i], capability[i], officials[i], values[i], activism[i],
                                                  legislature[i], conviction[i], peers[i], severity[j], v, interests[i],
                                                  grievance[i], p), standing[i])
        for i in range(n):
            choice[i] = chosen_stance(net[i], shock[i], stance[i], p, r.max_stance)
        for i in range(n):
            newly[i], tipped[i], acting_since[i] = acting_spell(choice[i], tipped[i], acting_since[i], tick)
            stance[i] = choice[i]
        for k in range(listed(newly, first_acting)):  # the pressures on a state when it first acts
            i = first_acting[k]
            s.pressures_at_tip[b, i, 0] = activism[i]
            s.pressures_at_tip[b, i, 1] = legislature[i]
            s.pressures_at_tip[b, i, 2] = conviction[i]
        if rec.stance.shape[0]:
            for i in range(n):
                rec.stance[j, b, i], rec.net[j, b, i] = stance[i], net[i]
                rec.activism[j, b, i], rec.legislature[j, b, i] = activism[i], legislature[i]
                rec.conviction[j, b, i] = conviction[i]
                for k in range(N_TERMS):
                    rec.terms[j, b, i, k] = terms[k, i]
        if j == last and rec.last_terms.shape[0]:
            for i in range(n):
                for k in range(N_TERMS):
                    rec.last_terms[b, i, k] = terms[k, i]
        if rec.visibility.shape[0]:
            rec.visibility[j, b] = v
            rec.stance_counts[j, b, :] = 0
            for i in range(stance.shape[0]):
                rec.stance_counts[j, b, stance[i]] += 1


@rule
def _same_as_previous(rows, b):
    """Whether row ``b`` of ``rows`` (runs by numbers) holds the numbers of row ``b - 1``."""
    for k in range(rows.shape[1]):
        if rows[b, k] != rows[b - 1, k]:
            return False
    return True


@numba.njit(cache=True, parallel=True, nogil=True)
def _advance_runs(first_tick, severity, jump, keys, params, numbers, w, s, rec, blocks):
    """Every run of the batch through the ticks, the runs spread over the threads in ``blocks`` blocks: each block
    allocates its working arrays once, and fills a run's constants only when its parameters (``numbers``: the
    parameters' records as floats, a row per run) or traits are not the last run's (once per block when the batch
    has one row of each, once per point of a replicated design)."""
    batch, n = s.stance.shape
    for block in numba.prange(blocks):
        c, scratch = _allocated(n, w)
        start = block * batch // blocks
        for b in range(start, (block + 1) * batch // blocks):
            row = b if params.shape[0] > 1 else 0
            p = params[row]
            traits = w.traits[b if w.traits.shape[0] > 1 else 0]
            new_traits = b == start or w.traits.shape[0] > 1
            if new_traits or (params.shape[0] > 1 and not _same_as_previous(numbers, b)):
                _fill_constants(c, traits, new_traits, w.response[0], p, numbers[row], w)
            _run_ticks(np.int64(b), first_tick, severity, jump, keys, p, traits,
                       w.activists[b if w.activists.shape[0] > 1 else 0], w, s, rec, c, scratch)


#: The carried arrays that are not float64.
_DTYPES = {"stance": np.int8, "tipped_tick": np.int32, "acting_since": np.int32}


class Workspace:
    """Memory lent to the kernel for the state of batch after batch (a thread's chunks of a sweep): each array is
    kept at the largest batch so far and a batch runs in its first rows, so a batch no larger than one before
    needs no new memory. New memory is faulted in a page (4 KiB) at a time when first touched, about 2 µs a page
    on the machine of README "Performance", and the C library may hand freed memory back to the system between
    batches: measured on 2026-12-04, a sweep of 2,744 runs in 9 batches took 10,000 page faults and 106-113 ms
    after a ``mesa.batch_run`` had run in the same process, and 5 faults and 85 ms in a workspace. What a batch
    leaves in it is overwritten by the next: copy out what is to be kept."""

    def __init__(self) -> None:
        self._arrays: dict[str, np.ndarray] = {}

    def array(self, name: str, shape: tuple[int, ...], dtype) -> np.ndarray:
        """A C-contiguous ``shape`` array for ``name`` (its contents undefined): the first rows of the one kept,
        or a new one when that is too small or of another dtype or trailing shape."""
        kept = self._arrays.get(name)
        if kept is None or kept.dtype != dtype or kept.shape[1:] != shape[1:] or kept.shape[0] < shape[0]:
            kept = self._arrays[name] = np.empty(shape, dtype=dtype)
        return kept[:shape[0]]

    @property
    def nbytes(self) -> int:
        """The memory kept, in bytes."""
        return sum(a.nbytes for a in self._arrays.values())

    def keep_at_most(self, nbytes: int) -> None:
        """Let go of the memory kept if it exceeds ``nbytes`` (a batch larger than most: one point's many runs)."""
        if self.nbytes > nbytes:
            self._arrays.clear()


_THREADS = threading.local()


#: What a thread's workspace keeps between chunks at most: a full batch of ``lab.batching.BATCH_ELEMENTS``
#: state-runs takes about 14 MB with its last terms; a batch beyond it (one point with more runs than a batch holds
#: advances alone) is let go when its chunk ends.
KEPT_BYTES = 32 << 20


def thread_workspace() -> Workspace:
    """This thread's workspace, kept from one chunk of a sweep to the next, so that only a thread's first chunk
    faults its memory in (about 1,100 faults, 1 ms, for a batch of 339 runs of the 193-state world); a chunk that
    ends with more than ``KEPT_BYTES`` in it leaves it empty (``Workspace.keep_at_most``)."""
    kept = getattr(_THREADS, "workspace", None)
    if kept is None:
        kept = _THREADS.workspace = Workspace()
    return kept


def starting_state(initial: WorldState, batch: int, workspace: Workspace | None = None) -> Carried:
    """The carried arrays of ``batch`` runs starting from ``initial`` (one run's state, repeated; or a state of
    ``batch`` rows, as a stacked world's, copied), with no peer pressure yet: new arrays, or the ``workspace``'s."""
    def new(name, shape, dtype):
        return np.empty(shape, dtype=dtype) if workspace is None else workspace.array(name, shape, dtype)

    arrays = {}
    for f in fields(WorldState):
        value = getattr(initial, f.name)
        arrays[f.name] = new(f.name, (batch,) + value.shape[1:], _DTYPES.get(f.name, np.float64))
        arrays[f.name][...] = value  # a single run's row broadcast to every run
    peers = new("peers", arrays["net"].shape, np.float64)
    peers.fill(0.0)
    return Carried(**arrays, peers=peers)


def carried(state: WorldState) -> Carried:
    """The state's own arrays for the kernel to update in place (contiguous as they are; copied only if they are
    not, or not of the kernel's type), with no peer pressure yet."""
    arrays = {f.name: np.ascontiguousarray(getattr(state, f.name), dtype=_DTYPES.get(f.name, np.float64))
              for f in fields(WorldState)}
    return Carried(**arrays, peers=np.zeros_like(arrays["net"]))


def state_of(s: Carried) -> WorldState:
    """The carried arrays as a ``WorldState`` (sharing them)."""
    return WorldState(**{f.name: getattr(s, f.name) for f in fields(WorldState)})


def run_ticks(world: World, p, s: Carried, first_tick: int, n: int, keys: np.ndarray, rec: Records) -> TickOutput:
    """Advance the runs held in ``s`` (in place) through the ``n`` ticks ``first_tick ... first_tick + n - 1``,
    run ``b`` drawing its shocks from ``keys[b]`` (``noise.packed_keys``), writing what ``rec`` asks for; the last
    tick's output."""
    severity = world.severities(first_tick, n)
    jump = np.array([world.visibility_jumps.get(t, 0.0) for t in range(first_tick, first_tick + n)], dtype=float)
    blocks = min(s.stance.shape[0], 4 * numba.get_num_threads())
    # a few blocks per thread, handed out as threads come free; one run (a model's step) on this thread alone,
    # so that its call never waits on an idle thread of the pool (a wait of milliseconds when other processes
    # hold the cores, as in ``mesa.batch_run`` with several processes)
    with numba.parallel_chunksize(1) if blocks > 1 else on_threads(1):
        params = packed_parameters(p)
        _advance_runs(first_tick, severity, jump, keys, params, params.view(np.float64).reshape(len(params), -1),
                      world.packed, s, rec, blocks)
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
    s = starting_state(state, state.batch)  # new arrays: ``state`` is left as it was
    out = run_ticks(world, p, s, tick, 1, packed_keys(keys), no_records(*s.net.shape))
    return state_of(s), out
