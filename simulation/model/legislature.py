"""Legislatures: how they turn activism into hearings and resolutions, a political cost of inaction."""

from __future__ import annotations

import numpy as np

from .inplace import clip_into


def update_legislative_pressure(pressure, strength, activism, p):
    """Legislative pressure rises with activism in proportion to the legislature's strength, and lapses otherwise."""
    rise = p.legislature_responsiveness * strength * activism  # in place below: same operations, fewer arrays
    scratch = 1.0 - pressure
    rise *= scratch
    rise += pressure
    rise -= np.multiply(pressure, p.legislature_decay, out=scratch)
    return clip_into(rise, 0.0, 1.0)
