"""Tipping curves: the probability of a yes/no outcome at each level (or bin) of a variable, with Wilson 95% bands."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import binomtest

from .kinds import TippingSpec
from .results import Factor, SweepResults

MAX_LEVELS = 12  # a variable with more distinct values than this is binned
BINS = 8
PRESSURE_WORDS = ("activism", "legislature", "officials", "conviction", "pressure", "campaign")
STAKE_WORDS = ("stake", "trade", "security", "interest", "exposure", "energy", "diaspora")
MAX_HEATMAPS = 12


def wilson(k: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval of a proportion k/n (NaNs for n = 0)."""
    if n == 0:
        return float("nan"), float("nan")
    ci = binomtest(int(k), int(n)).proportion_ci(confidence_level=confidence, method="wilson")
    return float(ci.low), float(ci.high)


def levels(values: pd.Series, factor: Factor | None, bins: int = BINS) -> tuple[pd.Series, pd.DataFrame]:
    """Each case's level (an integer code) and a table of the levels: label, position on the axis, whether categorical."""
    if factor is not None and factor.kind == "bundle":
        codes = values.astype(int)
        return codes, pd.DataFrame({"label": [str(v) for v in factor.levels], "x": np.arange(len(factor.levels), dtype=float),
                                   "categorical": True})
    numeric = pd.api.types.is_numeric_dtype(values) and values.dtype != bool
    distinct = pd.unique(values.dropna())
    if numeric and (len(distinct) > MAX_LEVELS or (factor is not None and factor.kind == "continuous")):
        ranged = factor is not None and factor.kind == "continuous"
        low, high = (factor.low, factor.high) if ranged else (values.min(), values.max())
        edges = np.linspace(low, high, bins + 1)
        codes = pd.Series(np.clip(np.searchsorted(edges, values, side="right") - 1, 0, bins - 1), index=values.index)
        mids = (edges[:-1] + edges[1:]) / 2
        return codes, pd.DataFrame({"label": [f"{a:.3g}–{b:.3g}" for a, b in zip(edges[:-1], edges[1:])], "x": mids,
                                   "categorical": False})
    order = list(factor.levels) if factor is not None and factor.kind == "levels" else sorted(distinct)
    codes = values.map({v: i for i, v in enumerate(order)}).astype(int)
    xs = np.asarray(order, float) if numeric else np.arange(len(order), dtype=float)
    labels = [f"{v:.4g}" if numeric else str(v) for v in order]
    return codes, pd.DataFrame({"label": labels, "x": xs, "categorical": not numeric})


def tipping_curve(values: pd.Series, event: pd.Series, factor: Factor | None = None) -> pd.DataFrame:
    """Per level of ``values``: runs n, events k, proportion p and its Wilson 95% interval (lo, hi)."""
    codes, table = levels(values, factor)
    k = event.astype(bool).groupby(codes).sum().reindex(range(len(table)), fill_value=0)
    n = codes.value_counts().reindex(range(len(table)), fill_value=0)
    table = table.assign(n=n.to_numpy(int), k=k.to_numpy(int))
    table["p"] = np.where(table["n"] > 0, table["k"] / table["n"].where(table["n"] > 0, 1), np.nan)
    bands = [wilson(k, n) for k, n in zip(table["k"], table["n"])]
    table["lo"], table["hi"] = [b[0] for b in bands], [b[1] for b in bands]
    return table


def tipping_grid(a: pd.Series, b: pd.Series, event: pd.Series, fa: Factor | None, fb: Factor | None) -> pd.DataFrame:
    """Proportion of events for each pair of levels of a (rows) and b (columns); NaN where no run fell."""
    (ca, ta), (cb, tb) = levels(a, fa), levels(b, fb)
    p = event.astype(float).groupby([ca.to_numpy(), cb.to_numpy()]).mean().unstack()
    p = p.reindex(index=range(len(ta)), columns=range(len(tb)))
    p.index, p.columns = ta["label"].to_list(), tb["label"].to_list()
    return p


def heatmap_pairs(by: list[str], names: list[str]) -> list[tuple[str, str]]:
    """Each pair of ``by`` variables, then each pressure factor against each interest-stake factor not yet paired."""
    pairs = list(itertools.combinations(by, 2))
    pressure = [n for n in names if any(w in n.lower() for w in PRESSURE_WORDS)]
    stakes = [n for n in names if any(w in n.lower() for w in STAKE_WORDS) and n not in pressure]
    for p, s in itertools.product(pressure, stakes):
        if (p, s) not in pairs and (s, p) not in pairs:
            pairs.append((p, s))
    return pairs[:MAX_HEATMAPS]


@dataclass(frozen=True)
class TippingResult:
    """Tipping curves of one outcome against each ``by`` variable, and heatmaps for pairs of variables."""

    outcome: str
    curves: dict[str, pd.DataFrame]
    grids: dict[tuple[str, str], pd.DataFrame]
    n_runs: int


def tipping_analysis(results: SweepResults, spec: TippingSpec) -> TippingResult:
    """Curves of P(outcome) against each variable in ``spec.by``, and heatmaps for pairs of them and pressure × stake."""
    cases, outcome, by = results.cases, spec.outcome, list(spec.by)
    event = cases[outcome]
    curves = {name: tipping_curve(cases[name], event, results.factor(name)) for name in by}
    grids = {(a, b): tipping_grid(cases[a], cases[b], event, results.factor(a), results.factor(b))
             for a, b in heatmap_pairs(by, results.factor_names)}
    return TippingResult(outcome, curves, grids, len(cases))
