"""Time to tip as survival data: the Kaplan-Meier estimate of the share of runs not yet tipped at each tick."""

from __future__ import annotations

import numpy as np


def kaplan_meier(time: np.ndarray, event: np.ndarray, horizon: int) -> np.ndarray:
    """S(t) for t = 0..horizon: the estimated share of runs that have not tipped by tick t (right-censored at ``time``)."""
    time, event = np.asarray(time, dtype=int), np.asarray(event, dtype=bool)
    out = np.empty(horizon + 1)
    s = 1.0
    for t in range(horizon + 1):
        at_risk = np.count_nonzero(time >= t)
        tipped = np.count_nonzero((time == t) & event)
        if at_risk:
            s *= 1.0 - tipped / at_risk
        out[t] = s
    return out
