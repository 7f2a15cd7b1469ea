"""Scenario discovery with PRIM (ema_workbench): boxes of inputs where the outcome of interest concentrates, each with
its peeling trajectory and candidate steps to inspect, and several boxes by covering."""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .kinds import PrimSpec
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
class PeeledBox:
    """One box found by PRIM: its peeling trajectory, each step's limits, the chosen step and the candidates (the
    best step for each number of restricted inputs), for a person to pick from."""

    trajectory: pd.DataFrame  # coverage, density, mass, res_dim per step
    limits: tuple[pd.DataFrame, ...]  # per step: input, lower, upper, min, max, quasi_p, levels (restricted inputs)
    chosen: int
    candidates: tuple[int, ...]

    def stats(self, step: int) -> pd.Series:
        return self.trajectory.loc[step]


@dataclass(frozen=True)
class PrimResult:
    """PRIM's boxes (the first peeled from every case, each next from the cases the earlier ones left out)."""

    outcome: str
    threshold: float
    unit: str  # "run" or "point"
    boxes: tuple[PeeledBox, ...]
    n_cases: int
    n_interest: int

    @property
    def first(self) -> PeeledBox:
        return self.boxes[0]


def candidates(trajectory: pd.DataFrame) -> tuple[int, ...]:
    """For each number of restricted inputs on the trajectory, its step with the best balance of coverage and density."""
    c, d = trajectory["coverage"], trajectory["density"]
    score = (2 * c * d / (c + d)).where(c + d > 0, 0.0).round(9)
    best = trajectory.assign(score=score).sort_values("score", ascending=False, kind="stable")
    return tuple(sorted(int(i) for i in best.drop_duplicates("res_dim").index))


def _limits(box, step: int, x: pd.DataFrame, init: pd.DataFrame) -> pd.DataFrame:
    lims, qp = box.box_lims[step], box.qp[step]  # qp: input -> [quasi-p of the lower limit, of the upper], -1 if free
    rows = [{"input": c, "lower": float(lims.at[0, c]), "upper": float(lims.at[1, c]),
             "min": float(init.at[0, c]), "max": float(init.at[1, c]),
             "quasi_p": max((p for p in qp.get(c, []) if p >= 0), default=float("nan"))}
            for c in x.columns if not np.allclose(lims[c].to_numpy(float), init[c].to_numpy(float))]
    return pd.DataFrame(rows, columns=["input", "lower", "upper", "min", "max", "quasi_p"])


def prim_boxes(x: pd.DataFrame, y: np.ndarray, n_boxes: int = 1) -> list[tuple[pd.DataFrame, int, list[pd.DataFrame]]]:
    """Peel up to ``n_boxes`` PRIM boxes by covering for the cases y (0/1) over the numeric inputs x: each box's
    trajectory, chosen step and limits at every step. Covering stops early when no case of interest is left."""
    prim = _prim_module()
    x = x.astype(float).reset_index(drop=True)
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ema_workbench's own pandas deprecations
        finder = prim.Prim(x, np.asarray(y, int), threshold=0.5)  # y is 0/1: cases of interest are the 1s
        for _ in range(n_boxes):
            box = finder.find_box()
            trajectory = None if box is None else box.peeling_trajectory[["coverage", "density", "mass", "res_dim"]]
            if trajectory is None or trajectory["coverage"].iloc[0] == 0:  # no case of interest is left to cover
                break
            trajectory = trajectory.astype(float).reset_index(drop=True)
            limits = [_limits(box, k, x, finder.box_init) for k in range(len(trajectory))]
            out.append((trajectory, choose_box(trajectory), limits))
    return out


def prim_analysis(results: SweepResults, spec: PrimSpec) -> PrimResult:
    """PRIM on runs (or on design points, by their mean outcome, when every input is a factor and points repeat)."""
    cases, inputs, outcome, threshold = results.cases, list(spec.inputs), spec.outcome, spec.threshold
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
    boxes = []
    for trajectory, chosen, limits in prim_boxes(frame, y, spec.boxes):
        limits = tuple(with_levels(results, lim) for lim in limits)
        boxes.append(PeeledBox(trajectory, limits, chosen, candidates(trajectory)))
    return PrimResult(outcome, threshold, "point" if by_point else "run", tuple(boxes), len(y), int(y.sum()))


def with_levels(results: SweepResults, limits: pd.DataFrame) -> pd.DataFrame:
    """Box limits with, for bundle and levels factors, the levels kept inside them."""
    return limits.assign(levels=[", ".join(levels_within(f, lo, hi)) if (f := results.factor(n)) and f.kind != "continuous"
                                 else "" for n, lo, hi in zip(limits["input"], limits["lower"], limits["upper"])])
