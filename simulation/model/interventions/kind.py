"""What every kind of intervention is: whom it acts on, what it costs, and how it changes a run's inputs.

A kind is one small class in a module of its own in this package (``lobbying.py``, ``media.py``, ...),
found by the registry in ``__init__``. It never sets a stance: :meth:`InterventionKind.act` changes an
input of the world (resources, visibility, stakes, inducements, regional pull) or a state variable carried
over from the previous tick (legislative pressure, officials' conviction), before the kernel advances.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from ..world import World, WorldState


@dataclass(frozen=True)
class Intervention:
    """One intervention in the kernel's terms: its kind, the rows of the states, partners and bodies it acts on."""

    kind: str
    targets: tuple[int, ...]
    partners: tuple[int, ...]
    blocs: tuple[int, ...]
    start: int
    duration: int
    intensity: float

    def active(self, tick: int) -> bool:
        """Whether it acts at ``tick`` (``start <= tick < start + duration``)."""
        return self.start <= tick < self.start + self.duration


def summed_intensity(active: Sequence[Intervention], n: int, field: str = "targets") -> np.ndarray:
    """Per row (state, or body for ``field="blocs"``), the intensities of ``active`` added, capped at 1."""
    out = np.zeros(n)
    for iv in active:
        out[list(getattr(iv, field))] += iv.intensity
    return np.minimum(out, 1.0)


def toward_full(level, u, step: float):
    """``level`` moved a share ``step * u`` of its gap to 1 (a level in [0, 1] stays in [0, 1])."""
    return level + step * u * (1.0 - level)


class InterventionKind:
    """A kind of intervention. Subclasses set the class attributes and implement :meth:`act`.

    ``acts_on`` is ``"states"`` (it needs ``targets``), ``"world"`` (no targets: the whole crisis) or
    ``"bodies"`` (it needs ``blocs``); ``takes_partners`` marks the one kind that also names partner states.
    Cost (docs/ODD.md 7.16): ``unit_cost`` x intensity x duration x size, where size is the summed
    ``0.5 + capability`` of the targets, 1 for the world, the number of bodies for bodies.
    """

    name: ClassVar[str]
    summary: ClassVar[str]
    unit_cost: ClassVar[float]
    acts_on: ClassVar[str] = "states"
    takes_partners: ClassVar[bool] = False

    def prepare(self, world: World, interventions: Sequence[Intervention]) -> World:
        """The world with whatever this kind adds to it once, before tick 1 (nothing, for most kinds)."""
        return world

    def act(self, world: World, state: WorldState, active: Sequence[Intervention], tick: int,
            all_interventions: Sequence[Intervention]) -> tuple[World, WorldState]:
        """The world's inputs and tick ``t - 1``'s state as this kind's ``active`` interventions change them at ``tick``."""
        raise NotImplementedError
