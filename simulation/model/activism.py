"""Activists (NGOs, victims' groups, media): how they mobilise, whom they press, and what they make visible.

Scalar rules of one activist or one state, compiled (see ``compiled.py``); the kernel calls them in its loop.
"""

from __future__ import annotations

from .compiled import clip01, rule, saturate


@rule
def mobilised(mobilisation, resources, visible_severity, p):
    """An activist's mobilisation grows with its resources and the severity the world can see, and tires over time:
    ``m + growth * resources * visible severity * (1 - m) - fatigue * m``, held in [0, 1]."""
    growth = p.activism_growth * resources * visible_severity * (1.0 - mobilisation)
    return clip01(mobilisation + growth - p.activism_fatigue * mobilisation)


@rule
def information_flow(mobilisation, activists):
    """Media and transnational activists carry information out of closed states (the boomerang pattern): the
    flow saturates in their credible mobilisation, ``1 - exp(-sum(m * credibility * informs))``."""
    carried = 0.0
    for a in range(mobilisation.shape[0]):
        carried += mobilisation[a] * (activists[a].credibility * activists[a].informs)
    return saturate(carried)


@rule
def activism_reaching(targeted_push, visibility, p):
    """The activism a state faces saturates in the credible mobilisation of every activist that targets it
    (``targeted_push``), plus the advocacy the visible crisis brings to every state (globalised media, special
    procedures, transnational NGOs: ``advocacy_reach`` times visibility); in [0, 1)."""
    return saturate(targeted_push + p.advocacy_reach * visibility)
