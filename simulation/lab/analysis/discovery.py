"""Scenario discovery with PRIM (ema_workbench): the box of inputs where the outcome of interest concentrates."""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .results import Skipped, SweepResults, encode, levels_within


def _prim_module():
    """ema_workbench's prim module, imported without its warnings and with its log kept quiet."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import prim
    logging.getLogger("EMA").setLevel(logging.WARNING)
    return prim


def choose_box(trajectory: pd.DataFrame) -> int:
    """The box with the best balance of coverage and density (their harmonic mean), fewest restricted inputs on ties."""
    c, d = trajectory["coverage"], trajectory["density"]
    score = (2 * c * d / (c + d)).where(c + d > 0, 0.0).round(9)
    best = trajectory.assign(score=score).sort_values(["score", "res_dim"], ascending=[False, True], kind="stable")
    return int(best.index[0])


@dataclass(frozen=True)
class PrimResult:
    """The peeling trajectory, the chosen box, its statistics and its limits on each restricted input."""

    outcome: str
    threshold: float
    unit: str  # "run" or "point"
    trajectory: pd.DataFrame  # coverage, density, mass, res_dim per box
    chosen: int
    limits: pd.DataFrame  # input, lower, upper, min, max, quasi_p, levels (restricted inputs only)
    n_cases: int
    n_interest: int

    @property
    def stats(self) -> pd.Series:
        return self.trajectory.loc[self.chosen]


def prim_box(x: pd.DataFrame, y: np.ndarray) -> tuple[pd.DataFrame, int, pd.DataFrame]:
    """Peel a PRIM box for the cases y (0/1) over the numeric inputs x; its trajectory, chosen index and limits."""
    prim = _prim_module()
    x = x.astype(float).reset_index(drop=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ema_workbench's own pandas deprecations
        finder = prim.Prim(x, np.asarray(y, int), threshold=0.5)  # y is 0/1: cases of interest are the 1s
        box = finder.find_box()
    trajectory = box.peeling_trajectory[["coverage", "density", "mass", "res_dim"]].astype(float).reset_index(drop=True)
    chosen = choose_box(trajectory)
    lims, init = box.box_lims[chosen], finder.box_init
    qp = box.qp[chosen]  # input -> [quasi-p of the lower limit, of the upper], -1 where that side is not restricted
    rows = [{"input": c, "lower": float(lims.at[0, c]), "upper": float(lims.at[1, c]),
             "min": float(init.at[0, c]), "max": float(init.at[1, c]),
             "quasi_p": max((p for p in qp.get(c, []) if p >= 0), default=float("nan"))}
            for c in x.columns if not np.allclose(lims[c].to_numpy(float), init[c].to_numpy(float))]
    return trajectory, chosen, pd.DataFrame(rows, columns=["input", "lower", "upper", "min", "max", "quasi_p"])


def prim_analysis(results: SweepResults, outcome: str, threshold: float, inputs: list[str]) -> PrimResult:
    """PRIM on runs (or on design points, by their mean outcome, when every input is a factor and points repeat)."""
    cases = results.cases
    by_point = all(results.factor(n) for n in inputs) and cases.groupby("point_id").size().max() > 1
    if by_point:
        means = cases.groupby("point_id")[outcome].mean().astype(float)
        frame = results.design.set_index("point_id").loc[means.index, inputs]
        y = (means.to_numpy() >= threshold).astype(int)
    else:
        frame, y = cases[inputs], (cases[outcome].astype(float).to_numpy() >= threshold).astype(int)
    frame = encode(results, frame)
    if y.min() == y.max():
        unit = "point" if by_point else "run"
        raise Skipped(f"{'every' if y.min() else 'no'} {unit} has {outcome} ≥ {threshold:g}, so there is nothing to separate")
    trajectory, chosen, limits = prim_box(frame, y)
    limits["levels"] = [", ".join(levels_within(f, lo, hi)) if (f := results.factor(n)) and f.kind != "continuous" else ""
                        for n, lo, hi in zip(limits["input"], limits["lower"], limits["upper"])]
    return PrimResult(outcome, threshold, "point" if by_point else "run", trajectory, chosen, limits, len(y), int(y.sum()))
