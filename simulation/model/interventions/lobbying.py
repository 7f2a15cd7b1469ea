"""Lobbying: hearings and resolutions pressed on the target's legislature."""

from __future__ import annotations

from dataclasses import replace

from .kind import InterventionKind, summed_intensity, toward_full

#: Share of the gap to full legislative pressure closed per tick at intensity 1.
STEP = 0.10


class Lobbying(InterventionKind):
    """Lobbying closes part of the gap between a legislature's pressure and its most, each tick it runs."""

    name = "lobbying"
    summary = "hearings and resolutions pressed on the target's legislature"
    unit_cost = 0.8

    def act(self, world, state, active, tick, all_interventions):
        u = summed_intensity(active, world.n_states)
        return world, replace(state, legislature=toward_full(state.legislature, u, STEP))


KIND = Lobbying()
