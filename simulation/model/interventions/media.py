"""Media exposure of the abuses."""

from __future__ import annotations

from .kind import InterventionKind

#: Visibility added per tick at intensity 1.
STEP = 0.05


class Media(InterventionKind):
    """Media exposure adds to the crisis's visibility each tick it runs, as a filmed event would."""

    name = "media"
    summary = "media exposure of the abuses"
    unit_cost = 1.0
    acts_on = "world"

    def act(self, world, state, active, tick, all_interventions):
        jumps = dict(world.visibility_jumps)
        jumps[tick] = jumps.get(tick, 0.0) + STEP * min(sum(iv.intensity for iv in active), 1.0)
        return world.with_numbers(visibility_jumps=jumps), state


KIND = Media()
