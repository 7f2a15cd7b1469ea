"""Ragin's QCA measures: necessity and sufficiency (consistency, coverage, relevance), crisp and fuzzy, and the truth table."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .results import UNIT_OUTCOMES, Factor, SweepResults

BOOL_OUTCOMES = ("tipped", "acting_final")
CONSISTENCY_CUT = 0.8  # a configuration with at least this sufficiency consistency counts as leading to the outcome


def _ratio(num: float, den: float) -> float:
    return float(num / den) if den > 0 else float("nan")


def necessity(x, y) -> tuple[float, float, float]:
    """Consistency Σmin(x,y)/Σy, coverage Σmin(x,y)/Σx and relevance Σ(1−x)/Σ(1−min(x,y)) of x as necessary for y."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    both = np.minimum(x, y)
    return _ratio(both.sum(), y.sum()), _ratio(both.sum(), x.sum()), _ratio((1 - x).sum(), (1 - both).sum())


def sufficiency(x, y) -> tuple[float, float]:
    """Consistency Σmin(x,y)/Σx and coverage Σmin(x,y)/Σy of x as sufficient for y."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    both = np.minimum(x, y).sum()
    return _ratio(both, x.sum()), _ratio(both, y.sum())


def conjunction(sets: pd.DataFrame) -> np.ndarray:
    """Membership in the intersection (logical AND) of the columns: their minimum."""
    return sets.to_numpy(float).min(axis=1)


def is_crisp(values) -> bool:
    """Whether every membership is exactly 0 or 1."""
    return bool(np.isin(np.asarray(values, float), (0.0, 1.0)).all())


def measures_table(sets: pd.DataFrame, y) -> pd.DataFrame:
    """Necessity and sufficiency of each condition, its negation (~) and, for two or more, their conjunction (*)."""
    named = {c: sets[c].to_numpy(float) for c in sets.columns}
    named.update({f"~{c}": 1 - sets[c].to_numpy(float) for c in sets.columns})
    if sets.shape[1] > 1:
        named["*".join(sets.columns)] = conjunction(sets)
    rows = []
    for name, x in named.items():
        nec, suf = necessity(x, y), sufficiency(x, y)
        rows.append({"set": name, "nec_consistency": nec[0], "nec_coverage": nec[1], "relevance": nec[2],
                     "suf_consistency": suf[0], "suf_coverage": suf[1]})
    return pd.DataFrame(rows)


def truth_table(sets: pd.DataFrame, y, cut: float = CONSISTENCY_CUT) -> pd.DataFrame:
    """Every configuration of the conditions (1 present, 0 absent) holding cases, with n cases and consistency."""
    x, y = sets.to_numpy(float), np.asarray(y, float)
    rows = []
    for corner in itertools.product((1, 0), repeat=x.shape[1]):
        member = np.where(np.array(corner) == 1, x, 1 - x).min(axis=1)
        n = int((member > 0.5).sum())
        if n:
            cons = sufficiency(member, y)[0]
            rows.append({**dict(zip(sets.columns, corner)), "n": n, "consistency": cons, "outcome": int(cons >= cut)})
    table = pd.DataFrame(rows, columns=[*sets.columns, "n", "consistency", "outcome"])
    return table.sort_values(["consistency", "n"], ascending=False, kind="stable").reset_index(drop=True)


def calibrate_factor(factor: Factor, values: pd.Series) -> pd.Series:
    """A factor's values as set membership: level index/(n−1) for bundles and text levels, min-max over the range otherwise."""
    if factor.kind == "bundle":
        return values.astype(float) / (len(factor.levels) - 1)
    if factor.kind == "levels" and not factor.numeric:
        return values.map({v: i for i, v in enumerate(factor.levels)}).astype(float) / (len(factor.levels) - 1)
    low, high = (factor.low, factor.high) if factor.kind == "continuous" else (min(factor.levels), max(factor.levels))
    return ((values.astype(float) - low) / (high - low)).clip(0.0, 1.0)


def membership(results: SweepResults, cases: pd.DataFrame, name: str) -> pd.Series:
    """Each run's membership in the set named by a factor or an outcome column (yes/no outcomes as 0/1)."""
    factor = results.factor(name)
    if factor is not None:
        return calibrate_factor(factor, cases[name])
    if name in BOOL_OUTCOMES or name in UNIT_OUTCOMES:
        return cases[name].astype(float).clip(0.0, 1.0)
    raise KeyError(name)


@dataclass(frozen=True)
class QCAResult:
    """QCA of one outcome: measures over runs (and over design points), and the truth table over runs."""

    outcome: str
    conditions: tuple[str, ...]
    by_run: pd.DataFrame
    by_point: pd.DataFrame | None
    truth: pd.DataFrame
    crisp: bool
    n_runs: int
    n_points: int


def qca_analysis(results: SweepResults, outcome: str, conditions: list[str]) -> QCAResult:
    """Necessity, sufficiency and truth table of ``conditions`` for ``outcome``; by point with per-point proportions."""
    cases = results.cases
    sets = pd.DataFrame({c: membership(results, cases, c).to_numpy() for c in conditions})
    y = membership(results, cases, outcome).to_numpy()
    crisp = is_crisp(sets.to_numpy()) and is_crisp(y)
    by_point = None  # with crisp conditions, constant within a point, it would repeat the table over runs exactly
    if not is_crisp(sets.to_numpy()) and cases.groupby("point_id").size().max() > 1:
        grouped = sets.assign(_y=y, _p=cases["point_id"].to_numpy()).groupby("_p").mean()
        by_point = measures_table(grouped[list(conditions)], grouped["_y"].to_numpy())
    return QCAResult(outcome, tuple(conditions), measures_table(sets, y), by_point, truth_table(sets, y), crisp,
                     len(cases), int(cases["point_id"].nunique()))
