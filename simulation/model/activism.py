"""Activists (NGOs, victims' groups, media): how they mobilise, whom they press, and what they make visible."""

from __future__ import annotations

import numpy as np

from .inplace import clip_into, saturate_into


def update_mobilisation(mobilisation, resources, visible_severity, p):
    """Mobilisation grows with resources and the severity the world can see, and tires over time.

    ``mobilisation`` has shape (B, A); ``visible_severity`` shape (B,).
    """
    growth = p.activism_growth * resources * visible_severity[:, None] * (1.0 - mobilisation)
    return clip_into(mobilisation + growth - p.activism_fatigue * mobilisation, 0.0, 1.0)


def activism_on_states(targeted_by, credibility, mobilisation, visibility, p):
    """The activism a state faces saturates in the credible mobilisation of every activist that targets it, plus
    the advocacy the visible crisis brings to every state (globalised media, special procedures, transnational
    NGOs: ``advocacy_reach`` times visibility).

    ``targeted_by`` is a sparse (N, A) matrix of who is targeted by whom (the transpose of the activists'
    targets); ``visibility`` has shape (B,); the result has shape (B, N) in [0, 1).
    """
    pushed = credibility * mobilisation  # (B, A)
    out = np.ascontiguousarray((targeted_by @ pushed.T).T)  # sparse (N, A) @ (A, B) -> (N, B), as (B, N)
    out += p.advocacy_reach * visibility[:, None]
    return saturate_into(out)


def information_politics(informs, credibility, mobilisation):
    """Media and transnational activists carry information out of closed states (the boomerang pattern).

    Returns the information flow per run, shape (B,), in [0, 1).
    """
    return -np.expm1(-(mobilisation * (credibility * informs)).sum(axis=1))
