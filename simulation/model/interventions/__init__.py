"""Interventions: timed pressure by advocates or third states, applied at tick boundaries through the mechanism's own inputs.

An intervention never sets a stance. Before the kernel advances tick ``t``, every intervention active at
``t`` (``start <= t < start + duration``) changes an input of the world or a state variable carried over
from ``t - 1``; the kernel's equations are unchanged (docs/ODD.md 7.16). Overlapping interventions of one
kind on one target add their intensities, capped at 1.

Each kind is one module of this package defining ``KIND``, an :class:`InterventionKind`; ``KINDS`` is the
registry every part of trifecta reads (the scenario schema, validation, costs, the strategy search, the
dashboard, the docs). Adding a kind is adding a module.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass

from ..world import World, WorldState
from .kind import Intervention, InterventionKind, summed_intensity
from .pull import clip_regional_pull

_HELPERS = {"kind", "pull"}


def _discover() -> dict[str, InterventionKind]:
    """Every kind module of this package, by kind name, in the order of the modules' names."""
    kinds: dict[str, InterventionKind] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name in _HELPERS:
            continue
        kind = importlib.import_module(f"{__name__}.{info.name}").KIND
        kinds[kind.name] = kind
    return kinds


#: The kinds of intervention, by name: the one registry of this vocabulary.
KINDS: dict[str, InterventionKind] = _discover()


@dataclass(frozen=True)
class Schedule:
    """A run's interventions, in the order the scenario lists them."""

    interventions: tuple[Intervention, ...]

    def key(self) -> tuple:
        """What two runs must share to advance in one batch with this schedule."""
        return self.interventions

    def prepare(self, world: World) -> World:
        """The world with what each kind adds once before tick 1 (a campaign's activist)."""
        for kind in KINDS.values():
            mine = [iv for iv in self.interventions if iv.kind == kind.name]
            if mine:
                world = kind.prepare(world, mine)
        return world

    def acts_at(self, tick: int) -> bool:
        """Whether any intervention acts at ``tick``."""
        return any(iv.active(tick) for iv in self.interventions)

    def at(self, world: World, state: WorldState, tick: int) -> tuple[World, WorldState]:
        """This tick's inputs and tick ``t - 1``'s carried-over state, as the interventions active at ``tick`` change them."""
        active = [iv for iv in self.interventions if iv.active(tick)]
        if not active:
            return world, state
        moved_pull = False
        for kind in KINDS.values():
            mine = [iv for iv in active if iv.kind == kind.name]
            if mine:
                before = world.traits.regional_pull
                world, state = kind.act(world, state, mine, tick, self.interventions)
                moved_pull = moved_pull or world.traits.regional_pull is not before
        return (clip_regional_pull(world) if moved_pull else world), state


__all__ = ["KINDS", "Intervention", "InterventionKind", "Schedule", "summed_intensity"]
