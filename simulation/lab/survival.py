"""Time to tip as survival data: the Kaplan-Meier estimate (scipy.stats.ecdf) of the share of runs not yet tipped at
each tick, with Greenwood's 95% pointwise confidence band."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import stats


def kaplan_meier_bands(time: np.ndarray, event: np.ndarray, horizon: int, confidence: float = 0.95) -> pd.DataFrame:
    """For t = 0..horizon: the estimated share of runs that have not tipped by tick t (right-censored at ``time``),
    with the lower and upper ends of its pointwise confidence interval (Greenwood's variance, log-log transform,
    so the band stays inside [0, 1])."""
    time, event = np.asarray(time, dtype=float), np.asarray(event, dtype=bool)
    ticks = np.arange(horizon + 1)
    if not event.any():  # nothing tipped: the estimate is 1 throughout and certain
        ones = np.ones(len(ticks))
        return pd.DataFrame({"tick": ticks, "not_tipped": ones, "low": ones, "high": ones})
    fit = stats.ecdf(stats.CensoredData(uncensored=time[event], right=time[~event])).sf
    with warnings.catch_warnings():  # undefined where S is 0 or 1: the band is then the estimate itself
        warnings.simplefilter("ignore", RuntimeWarning)
        band = fit.confidence_interval(confidence_level=confidence, method="log-log")
    low, high = band.low.evaluate(ticks), band.high.evaluate(ticks)
    s = fit.evaluate(ticks)
    return pd.DataFrame({"tick": ticks, "not_tipped": s, "low": np.where(np.isnan(low), s, low),
                         "high": np.where(np.isnan(high), s, high)})


def kaplan_meier(time: np.ndarray, event: np.ndarray, horizon: int) -> np.ndarray:
    """S(t) for t = 0..horizon: the estimated share of runs that have not tipped by tick t (right-censored at ``time``)."""
    return kaplan_meier_bands(time, event, horizon)["not_tipped"].to_numpy()
