"""Engagement: briefings and dialogue with diplomats, military and security leaders."""

from __future__ import annotations

from dataclasses import replace

from .kind import InterventionKind, summed_intensity, toward_full

#: Share of the gap to full conviction closed per tick at intensity 1.
STEP = 0.10


class Engagement(InterventionKind):
    """Engagement with officials closes part of the gap to full conviction that interests and values coincide."""

    name = "engagement"
    summary = "briefings and dialogue with the target's diplomats, military and security leaders"
    unit_cost = 0.6

    def act(self, world, state, active, tick, all_interventions):
        u = summed_intensity(active, world.n_states)
        return world, replace(state, conviction=toward_full(state.conviction, u, STEP))


KIND = Engagement()
