"""Coalitions: bilateral or regional diplomacy courting the target with named partners."""

from __future__ import annotations

import numpy as np

from ..peers import stance_position
from .kind import InterventionKind
from .pull import with_regional_pull

#: Regional pull added per unit of the partners' mean position, at intensity 1.
PULL = 0.5


class Coalition(InterventionKind):
    """Bilateral diplomacy pulls its target toward its partners' mean position of the last tick."""

    name = "coalition"
    summary = "bilateral or regional diplomacy courting the target with named partners"
    unit_cost = 1.5
    takes_partners = True

    def act(self, world, state, active, tick, all_interventions):
        pull = np.zeros((state.batch, world.n_states))
        position = stance_position(state.stance)
        for iv in active:
            mean = position[:, list(iv.partners)].mean(axis=1)
            pull[:, list(iv.targets)] += PULL * iv.intensity * mean[:, None]
        return with_regional_pull(world, pull), state


KIND = Coalition()
