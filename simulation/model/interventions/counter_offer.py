"""Counter-offers: a patron's offer of "prosperity without human rights"."""

from __future__ import annotations

from .kind import InterventionKind, summed_intensity, toward_full

#: Share of the gap to full inducement added at intensity 1.
STEP = 0.5


class CounterOffer(InterventionKind):
    """A patron's counter-offer raises its inducement not to act."""

    name = "counter_offer"
    summary = "a patron's counter-offer ('prosperity without human rights')"
    unit_cost = 1.0

    def act(self, world, state, active, tick, all_interventions):
        u = summed_intensity(active, world.n_states)
        return world.with_traits(patron_inducement=toward_full(world.traits.patron_inducement, u, STEP)), state


KIND = CounterOffer()
