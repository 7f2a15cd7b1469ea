"""Building the kernel's arrays from a validated scenario: the world, its tick-0 state and its interventions."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from scipy import sparse

from ..model.decision import Response
from ..model.interventions import Schedule
from ..model.peers import regional_pull
from ..model.stance import ACTING, Stance
from ..model.world import StateTraits, World, WorldState
from .interventions import schedule_of
from .schema import INSTRUMENTS, SPONSORS, Scenario


def response_of(scenario: Scenario) -> Response:
    """What the proposed response asks of states: the instrument's defaults, with the file's overrides."""
    spec = scenario.crisis.response
    base = INSTRUMENTS[spec.instrument]

    def pick(override, default):
        return float(default if override is None else override)

    return Response(
        coerciveness=pick(spec.coerciveness, base["coerciveness"]),
        intrusiveness=pick(spec.intrusiveness, base["intrusiveness"]),
        reciprocity=pick(spec.reciprocity, base["reciprocity"]),
        northern=pick(spec.northern, SPONSORS[spec.sponsor]),
        max_stance=int(Stance.parse(base["max_stance"])),
    )


def state_traits(scenario: Scenario, pull: np.ndarray) -> StateTraits:
    """Each state's traits as (N,) arrays, in the order of ``scenario.states``, with its regional ``pull`` (from the
    blocs: ``peers.regional_pull``)."""
    states = scenario.states

    def col(attr):
        return np.array([float(getattr(s, attr)) for s in states])

    democracy = col("democracy")
    return StateTraits(
        democracy=democracy,
        capability=col("capability"),
        record=col("record"),
        grievance=col("grievance"),
        sovereignty=col("sovereignty"),
        value_commitment=col("value_commitment"),
        security_stake=col("security_stake"),
        economic_stake=col("economic_stake"),
        patron_inducement=col("patron_inducement"),
        legislature_strength=np.array([s.legislature.strength if s.legislature.strength is not None
                                       else s.democracy for s in states], dtype=float),
        official_influence=np.array([s.official.influence for s in states], dtype=float),
        regional_pull=np.asarray(pull, dtype=float),
        sponsor=np.array([float(s.sponsor) for s in states]),
        prior=np.array([0.0 if s.prior is None else float(s.prior) for s in states]),
        prior_known=np.array([0.0 if s.prior is None else 1.0 for s in states]),
        alignment=col("alignment"),
    )


def initial_state(scenario: Scenario) -> WorldState:
    """The tick-0 state of one run: stances, activists' mobilisation, visibility, legislative pressure, conviction."""
    states, acts = scenario.states, scenario.activists
    n = len(states)
    conviction = np.array([[s.official.conviction for s in states]], dtype=float)
    acting_at_start = np.where(np.array([[Stance.parse(s.stance) >= ACTING for s in states]]), 0, -1).astype(np.int32)
    return WorldState(
        stance=np.array([[int(Stance.parse(s.stance)) for s in states]], dtype=np.int8),
        net=np.full((1, n), np.nan),
        mobilisation=np.array([[a.mobilisation for a in acts]], dtype=float).reshape(1, len(acts)),
        visibility=np.array([scenario.crisis.visibility], dtype=float),
        activism=np.zeros((1, n)),
        legislature=np.array([[s.legislature.pressure for s in states]], dtype=float),
        conviction=conviction,
        baseline_conviction=conviction.copy(),
        tipped_tick=acting_at_start.copy(),
        acting_since=acting_at_start,
        pressures_at_tip=np.zeros((1, n, 3)),
    )


def build_world(scenario: Scenario) -> World:
    """The fixed arrays, the tick-0 state and the schedule of interventions of one run of ``scenario``."""
    return with_schedule(bare_world(scenario), schedule_of(scenario))


def with_schedule(world: World, schedule: Schedule | None) -> World:
    """A world without interventions, given ``schedule`` (and what its kinds add once, such as a campaign's activist)."""
    return world if schedule is None else schedule.prepare(replace(world, schedule=schedule))


def bare_world(scenario: Scenario) -> World:
    """The fixed arrays and the tick-0 state of ``scenario``, without its interventions."""
    states, acts = scenario.states, scenario.activists
    column = {s.code: i for i, s in enumerate(states)}
    bloc_names = tuple(b.name for b in scenario.blocs)
    membership = np.zeros((len(states), len(bloc_names)))
    for i, s in enumerate(states):
        for b in s.blocs:
            membership[i, bloc_names.index(b)] = 1.0
    position = np.array([b.position for b in scenario.blocs], dtype=float)
    cohesion = np.array([b.cohesion for b in scenario.blocs], dtype=float)
    rows, cols = [], []
    for a_idx, a in enumerate(acts):
        for code in dict.fromkeys(a.targets):
            rows.append(a_idx)
            cols.append(column[code])
    targets = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(acts), len(states)))
    severity = scenario.crisis.severity
    if isinstance(severity, float):
        ticks, levels = np.array([0.0]), np.array([severity])
    else:
        ticks = np.array([p.tick for p in severity], dtype=float)
        levels = np.array([p.severity for p in severity], dtype=float)
    jumps: dict[int, float] = {}
    for e in scenario.crisis.events:
        jumps[e.tick] = jumps.get(e.tick, 0.0) + e.visibility
    return World(
        codes=tuple(s.code for s in states), names=tuple(s.name or s.code for s in states),
        traits=state_traits(scenario, regional_pull(membership, cohesion, position)),
        membership=membership, bloc_names=bloc_names, cohesion=cohesion,
        bloc_position=position,
        activist_names=tuple(a.name for a in acts), activist_kinds=tuple(a.kind for a in acts),
        resources=np.array([a.resources for a in acts], dtype=float),
        credibility=np.array([a.credibility for a in acts], dtype=float),
        informs=np.array([1.0 if (a.kind == "media" or a.scope == "transnational") else 0.0 for a in acts]),
        targets=targets, timeline_ticks=ticks, timeline_levels=levels, visibility_jumps=jumps,
        response=response_of(scenario), initial=initial_state(scenario), peer_review=float(scenario.peer_review),
    )
