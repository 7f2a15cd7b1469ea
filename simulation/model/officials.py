"""Enlightened officials: diplomats and security leaders who argue that interests and values coincide."""

from __future__ import annotations

from .compiled import clip01, rule, saturate


@rule
def conviction_after(conviction, baseline, activism, access, legislative_pressure, p):
    """Advocacy that reaches officials and legislative demand (cover) raise conviction; it relaxes to baseline
    otherwise. The push saturates, ``1 - exp(-(activism * access + cover * legislative pressure))``:
    ``C + gain * push * (1 - C) - decay * (C - baseline)``, held in [0, 1]."""
    push = saturate(activism * access + p.legislative_cover * legislative_pressure)
    return clip01(p.conviction_gain * push * (1.0 - conviction) + conviction
                  - (conviction - baseline) * p.conviction_decay)


@rule
def reframing(influence, conviction, legislative_pressure, p):
    """Officials reframe away a share of the interest cost that grows with their influence and conviction, as far
    as the legislature's pressure gives them cover."""
    return p.reframing_max * influence * conviction * legislative_pressure


@rule
def executive_uptake(influence, conviction, p):
    """The share of public and legislative pressure the executive turns into policy: a floor, and the rest as far
    as convinced officials carry it inside."""
    return p.executive_floor + (1.0 - p.executive_floor) * influence * conviction
