"""Legislatures: how they turn activism into hearings and resolutions, a political cost of inaction."""

from __future__ import annotations

from .compiled import clip01, rule


@rule
def legislative_pressure(pressure, strength, activism, p):
    """Legislative pressure rises with activism in proportion to the legislature's strength, and lapses otherwise:
    ``L + responsiveness * strength * activism * (1 - L) - decay * L``, held in [0, 1]."""
    rise = p.legislature_responsiveness * strength * activism
    return clip01(rise * (1.0 - pressure) + pressure - pressure * p.legislature_decay)
