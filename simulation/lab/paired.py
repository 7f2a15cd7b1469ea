"""Statistics for comparing strategies run on the same seeds: proportions, paired differences, and their tests."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy import stats


class Interval(NamedTuple):
    """An estimate with its 95% confidence interval."""

    estimate: float
    low: float
    high: float


def proportion(successes: np.ndarray) -> Interval:
    """Share of runs where it happened, with the Wilson 95% interval."""
    k, n = int(np.count_nonzero(successes)), len(successes)
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    return Interval(k / n, float(ci.low), float(ci.high))


def paired_difference(a: np.ndarray, b: np.ndarray) -> Interval:
    """Mean of a - b over paired runs (the same seed), with a t-based 95% interval."""
    d = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    mean = float(d.mean())
    if len(d) < 2 or np.all(d == d[0]):
        return Interval(mean, mean, mean)
    half = float(stats.t.ppf(0.975, len(d) - 1) * d.std(ddof=1) / np.sqrt(len(d)))
    return Interval(mean, mean - half, mean + half)


def mcnemar_p(a: np.ndarray, b: np.ndarray) -> float:
    """Exact McNemar test of paired yes/no outcomes: p-value that a and b tip equally often."""
    a, b = np.asarray(a, dtype=bool), np.asarray(b, dtype=bool)
    only_a, only_b = int(np.count_nonzero(a & ~b)), int(np.count_nonzero(~a & b))
    if only_a + only_b == 0:
        return 1.0
    return float(stats.binomtest(only_a, only_a + only_b, 0.5).pvalue)


def cost_per_gain(cost: float, gain: Interval) -> Interval:
    """Cost per unit of probability gained, with the interval implied by the gain's (infinite when the gain may be 0)."""
    def per(g: float) -> float:
        return cost / g if g > 0 else float("inf")

    if cost == 0:
        return Interval(0.0, 0.0, 0.0)
    return Interval(per(gain.estimate), per(gain.high), per(gain.low))
