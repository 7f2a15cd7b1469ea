"""Incentives: economic incentives or security guarantees offered by third states."""

from __future__ import annotations

from .kind import InterventionKind, summed_intensity


class Incentives(InterventionKind):
    """Incentives and guarantees compensate what the target would risk by acting, and outbid a patron's offer.

    At intensity ``u`` they offset the share ``u`` of its security and economic stakes and of an autocratic
    patron's inducement; they leave grievance, sovereignty and the fear of scrutiny alone, which no payment
    buys off.
    """

    name = "incentives"
    summary = "economic incentives or security guarantees offered by third states"
    unit_cost = 3.0

    def act(self, world, state, active, tick, all_interventions):
        kept = 1.0 - summed_intensity(active, world.n_states)
        t = world.traits
        return world.with_traits(security_stake=t.security_stake * kept, economic_stake=t.economic_stake * kept,
                                 patron_inducement=t.patron_inducement * kept), state


KIND = Incentives()
