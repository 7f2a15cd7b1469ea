"""Incentives: economic incentives or security guarantees offered by third states."""

from __future__ import annotations

from .kind import InterventionKind, summed_intensity

#: Share of the security and economic stakes compensated at intensity 1.
SHARE = 0.5


class Incentives(InterventionKind):
    """Incentives and guarantees compensate part of what the target would risk by acting."""

    name = "incentives"
    summary = "economic incentives or security guarantees offered by third states"
    unit_cost = 3.0

    def act(self, world, state, active, tick, all_interventions):
        u = summed_intensity(active, world.n_states)
        t = world.traits
        return world.with_traits(security_stake=t.security_stake * (1.0 - SHARE * u),
                                 economic_stake=t.economic_stake * (1.0 - SHARE * u)), state


KIND = Incentives()
