"""Interventions: timed pressure by advocates or third states, applied at tick boundaries through the mechanism's own inputs.

An intervention never sets a stance. Before the kernel advances tick ``t``, every intervention active at
``t`` (``start <= t < start + duration``) changes an input of the world (activists' resources, visibility
jumps, stakes, a patron's inducement, regional pull) or a state variable carried over from ``t - 1``
(legislative pressure, officials' conviction). The kernel's equations are unchanged; docs/ODD.md 7.16
gives every effect. Overlapping interventions of one kind on one target add their intensities, capped at 1.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from scipy import sparse

from .peers import stance_position
from .world import World, WorldState

#: The size of each effect at intensity 1, per tick (docs/ODD.md 7.16).
CAMPAIGN_CREDIBILITY = 0.7  # credibility of the activist a campaign funds
MEDIA_STEP = 0.05  # visibility added per tick
LOBBYING_STEP = 0.10  # share of the gap to 1 of legislative pressure closed per tick
ENGAGEMENT_STEP = 0.10  # share of the gap to 1 of officials' conviction closed per tick
COALITION_PULL = 0.5  # regional pull added per unit of the partners' mean position
INCENTIVE_SHARE = 0.5  # share of the security and economic stakes compensated
COUNTER_OFFER_STEP = 0.5  # share of the gap to 1 of the patron's inducement added


@dataclass(frozen=True)
class Intervention:
    """One intervention in the kernel's terms: rows of the states, partners and blocs it acts on."""

    kind: str
    targets: tuple[int, ...]
    partners: tuple[int, ...]
    blocs: tuple[int, ...]
    start: int
    duration: int
    intensity: float

    def active(self, tick: int) -> bool:
        """Whether it acts at ``tick``."""
        return self.start <= tick < self.start + self.duration


@dataclass(frozen=True)
class Schedule:
    """A run's interventions, with the bloc positions the regional mechanism moves."""

    interventions: tuple[Intervention, ...]
    bloc_positions: np.ndarray  # (K,)

    @property
    def campaign_rows(self) -> tuple[tuple[int, ...], ...]:
        """The target sets of the campaigns, one funded activist each, in order of first appearance."""
        return tuple(dict.fromkeys(iv.targets for iv in self.interventions if iv.kind == "campaign"))

    def prepare(self, world: World) -> World:
        """The world with one activist per campaign target set, unfunded and unmobilised until its campaign starts."""
        rows = self.campaign_rows
        if not rows:
            return world
        n_new, n = len(rows), world.n_states
        r = [k for k, targets in enumerate(rows) for _ in targets]
        c = [i for targets in rows for i in targets]
        added = sparse.csr_matrix((np.ones(len(r)), (r, c)), shape=(n_new, n))
        initial = replace(world.initial, mobilisation=np.concatenate(
            [world.initial.mobilisation, np.zeros((world.initial.batch, n_new))], axis=1))
        return replace(
            world,
            activist_names=world.activist_names + tuple(f"campaign {k + 1}" for k in range(n_new)),
            activist_kinds=world.activist_kinds + ("victims",) * n_new,
            resources=np.concatenate([world.resources, np.zeros(n_new)]),
            credibility=np.concatenate([world.credibility, np.full(n_new, CAMPAIGN_CREDIBILITY)]),
            informs=np.concatenate([world.informs, np.zeros(n_new)]),
            targets=sparse.vstack([world.targets, added]).tocsr(),
            initial=initial,
        )

    def intensity(self, kind: str, tick: int, n: int, field: str = "targets") -> np.ndarray:
        """Summed intensity of the active interventions of ``kind`` per row (state or bloc), capped at 1."""
        out = np.zeros(n)
        for iv in self.interventions:
            if iv.kind == kind and iv.active(tick):
                out[list(getattr(iv, field))] += iv.intensity
        return np.minimum(out, 1.0)

    def world_at(self, world: World, state: WorldState, tick: int) -> World:
        """The (prepared) world as the interventions active at ``tick`` change its inputs; ``state`` is tick ``t - 1``."""
        if not any(iv.active(tick) for iv in self.interventions):
            return world
        n, t = world.n_states, world.traits
        traits = {}
        incentives = self.intensity("incentives", tick, n)
        if incentives.any():
            traits["security_stake"] = t.security_stake * (1.0 - INCENTIVE_SHARE * incentives)
            traits["economic_stake"] = t.economic_stake * (1.0 - INCENTIVE_SHARE * incentives)
        offer = self.intensity("counter_offer", tick, n)
        if offer.any():
            traits["patron_inducement"] = t.patron_inducement + COUNTER_OFFER_STEP * offer * (1.0 - t.patron_inducement)
        pull = regional_push(world, self, tick) + coalition_pull(world, self, state, tick)
        if np.any(pull != 0.0):
            traits["regional_pull"] = np.clip(t.regional_pull + pull, -1.0, 1.0)
        changes = {"traits": replace(t, **traits)} if traits else {}
        rows = self.campaign_rows
        if rows:
            funded = np.zeros(len(rows))
            for iv in self.interventions:
                if iv.kind == "campaign" and iv.active(tick):
                    funded[rows.index(iv.targets)] += iv.intensity
            base = world.resources[: world.n_activists - len(rows)]
            changes["resources"] = np.concatenate([base, np.minimum(funded, 1.0)])
        media = sum(iv.intensity for iv in self.interventions if iv.kind == "media" and iv.active(tick))
        if any(iv.kind == "media" and iv.active(tick) for iv in self.interventions):
            jumps = dict(world.visibility_jumps)
            jumps[tick] = jumps.get(tick, 0.0) + MEDIA_STEP * min(media, 1.0)
            changes["visibility_jumps"] = jumps
        return replace(world, **changes) if changes else world

    def state_at(self, state: WorldState, tick: int) -> WorldState:
        """Tick ``t - 1``'s state with lobbying and engagement applied: more legislative pressure and conviction."""
        n = state.stance.shape[-1]
        changes = {}
        lobbying = self.intensity("lobbying", tick, n)
        if any(iv.kind == "lobbying" and iv.active(tick) for iv in self.interventions):
            changes["legislature"] = state.legislature + LOBBYING_STEP * lobbying * (1.0 - state.legislature)
        engagement = self.intensity("engagement", tick, n)
        if any(iv.kind == "engagement" and iv.active(tick) for iv in self.interventions):
            changes["conviction"] = state.conviction + ENGAGEMENT_STEP * engagement * (1.0 - state.conviction)
        return replace(state, **changes) if changes else state


def regional_push(world: World, schedule: Schedule, tick: int) -> np.ndarray:
    """Activated bodies move toward endorsing the response, as far as their members are democracies; members feel it.

    A body's position rises by ``u * d * (1 - p)``, ``d`` the mean democracy of its members (autocracies
    sitting on a body blunt its mechanism); each member's regional pull changes by its share, as in 7.10.
    """
    k = len(world.bloc_names)
    u = schedule.intensity("regional", tick, k, field="blocs")
    if not u.any():
        return np.zeros(world.n_states)
    m = world.membership
    size = m.sum(axis=0)
    democracy = np.divide(np.asarray(world.traits.democracy) @ m, size, out=np.zeros(np.shape(u)), where=size > 0)
    moved = u * democracy * (1.0 - schedule.bloc_positions)
    return (moved @ m.T) / np.maximum(m.sum(axis=1), 1.0)


def coalition_pull(world: World, schedule: Schedule, state: WorldState, tick: int) -> np.ndarray:
    """Bilateral diplomacy courts each target with its partners' mean position last tick, scaled by intensity."""
    pull = np.zeros((state.batch, world.n_states))
    position = stance_position(state.stance)
    for iv in schedule.interventions:
        if iv.kind == "coalition" and iv.active(tick):
            mean = position[:, list(iv.partners)].mean(axis=1)
            pull[:, list(iv.targets)] += COALITION_PULL * iv.intensity * mean[:, None]
    return pull
