"""Enlightened officials: diplomats and security leaders who argue that interests and values coincide."""

from __future__ import annotations

import numpy as np

from .inplace import clip_into, saturate_into


def update_conviction(conviction, baseline, activism, access, legislative_pressure, p):
    """Advocacy that reaches officials and legislative demand (cover) raise conviction; it relaxes to baseline otherwise.

    The push saturates, ``1 - exp(-(activism * access + cover * legislative pressure))``, so it stays in [0, 1).
    """
    push = activism * access  # in place below: same operations, fewer arrays
    push += p.legislative_cover * legislative_pressure
    saturate_into(push)
    push *= p.conviction_gain
    scratch = 1.0 - conviction
    push *= scratch
    push += conviction
    np.subtract(conviction, baseline, out=scratch)
    scratch *= p.conviction_decay
    push -= scratch
    return clip_into(push, 0.0, 1.0)


def reframing(influence, conviction, legislative_pressure, p):
    """Officials reframe away a share of the interest cost that grows with their influence and conviction, as far
    as the legislature's pressure gives them cover."""
    return p.reframing_max * influence * conviction * legislative_pressure


def executive_uptake(influence, conviction, p):
    """The share of public and legislative pressure the executive turns into policy: a floor, and the rest as far
    as convinced officials carry it inside."""
    return p.executive_floor + (1.0 - p.executive_floor) * influence * conviction
