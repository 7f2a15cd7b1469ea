"""Activists (NGOs, victims' groups, media): how they mobilise, whom they press, and what they make visible."""

from __future__ import annotations

import numpy as np


def update_mobilisation(mobilisation, resources, visible_severity, p):
    """Mobilisation grows with resources and the severity the world can see, and tires over time.

    ``mobilisation`` has shape (B, A); ``visible_severity`` shape (B,).
    """
    growth = p.activism_growth * resources * visible_severity[:, None] * (1.0 - mobilisation)
    return np.clip(mobilisation + growth - p.activism_fatigue * mobilisation, 0.0, 1.0)


def activism_on_states(targets, credibility, mobilisation):
    """The activism a state faces saturates in the credible mobilisation of every activist that targets it.

    ``targets`` is a sparse (A, N) matrix of who targets whom; the result has shape (B, N) in [0, 1).
    """
    pushed = credibility * mobilisation  # (B, A)
    out = np.ascontiguousarray((targets.T @ pushed.T).T)  # sparse (N, A) @ (A, B) -> (N, B), as (B, N)
    return _saturate(out)


def _saturate(x):
    """``1 - exp(-x)`` computed in place in ``x`` (as ``-expm1(-x)``), which it returns."""
    np.negative(x, out=x)
    np.expm1(x, out=x)
    return np.negative(x, out=x)


def information_politics(informs, credibility, mobilisation):
    """Media and transnational activists carry information out of closed states (the boomerang pattern).

    Returns the information flow per run, shape (B,), in [0, 1).
    """
    return -np.expm1(-(mobilisation * (credibility * informs)).sum(axis=1))
