"""Regional mechanisms: activating a regional or multilateral body's mechanism."""

from __future__ import annotations

import numpy as np

from ..peers import regional_pull
from .kind import InterventionKind, summed_intensity
from .pull import with_regional_pull


class Regional(InterventionKind):
    """An activated body moves toward endorsing the response as far as its members are democracies; its members feel it.

    A body's position rises by ``u * d * (1 - p)``, ``d`` the mean democracy of its members (autocracies
    sitting on a body blunt its mechanism); each member's regional pull changes as its bodies' weights say (7.10).
    """

    name = "regional"
    summary = "activating a regional or multilateral body's mechanism"
    unit_cost = 1.2
    acts_on = "bodies"

    def act(self, world, state, active, tick, all_interventions):
        u = summed_intensity(active, len(world.bloc_names), field="blocs")
        m = world.membership
        size = m.sum(axis=0)
        democracy = np.divide(np.asarray(world.traits.democracy) @ m, size, out=np.zeros(np.shape(u)),
                              where=size > 0)
        moved = u * democracy * (1.0 - world.bloc_position)
        return with_regional_pull(world, regional_pull(m, world.cohesion, moved)), state


KIND = Regional()
