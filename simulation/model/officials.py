"""Enlightened officials: diplomats and security leaders who argue that interests and values coincide."""

from __future__ import annotations

import numpy as np


def update_conviction(conviction, baseline, activism, access, legislative_pressure, p):
    """Advocacy that reaches officials and legislative demand (cover) raise conviction; it relaxes to baseline otherwise.

    The push saturates, ``1 - exp(-(activism * access + cover * legislative pressure))``, so it stays in [0, 1).
    """
    push = -np.expm1(-(activism * access + p.legislative_cover * legislative_pressure))
    rise = p.conviction_gain * push * (1.0 - conviction)
    return np.clip(conviction + rise - p.conviction_decay * (conviction - baseline), 0.0, 1.0)


def reframing(influence, conviction, p):
    """The share of the interest cost officials reframe away grows with their influence and their conviction."""
    return p.reframing_max * influence * conviction
