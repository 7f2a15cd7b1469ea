"""Trajectories from a sweep's time series: a reading's mean at each recorded tick, with a 95% band, for the runs at
each level (or bin) of a factor; and the time to tip as a Kaplan-Meier curve with its band, level by level."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..series import BINARY, long_series
from ..survival import kaplan_meier_bands
from .kinds import TrajectorySpec
from .results import Skipped, SweepResults
from .tipping import levels, wilson


@dataclass(frozen=True)
class TrajectoryResult:
    """Per factor: the reading's mean and band by level and tick, and the survival of not-yet-tipped by level."""

    outcome: str
    paths: dict[str, pd.DataFrame]  # factor -> level, label, tick, n, mean, low, high
    survival: dict[str, pd.DataFrame]  # factor -> label, tick, not_tipped, low, high (empty without tipped_tick)
    ticks: tuple[int, ...]
    n_runs: int


def band(values: np.ndarray, binary: bool) -> tuple[float, float, float]:
    """Mean of ``values`` and its 95% interval: Wilson's for 0/1 readings, mean ± 1.96 standard errors otherwise."""
    values = values[~np.isnan(values)]
    if len(values) == 0:
        return float("nan"), float("nan"), float("nan")
    mean = float(values.mean())
    if binary:
        low, high = wilson(int(values.sum()), len(values))
        return mean, low, high
    half = 1.96 * float(values.std(ddof=1)) / np.sqrt(len(values)) if len(values) > 1 else 0.0
    return mean, mean - half, mean + half


def trajectories_analysis(results: SweepResults, spec: TrajectorySpec) -> TrajectoryResult:
    """The reading ``spec.outcome`` over time for each level of each factor in ``spec.by``."""
    series = long_series(results.runs, spec.outcome)
    if series.empty:
        raise Skipped(f"the sweep recorded no series of {spec.outcome!r} (add series: {{outcomes: [{spec.outcome}]}})")
    ticks = tuple(sorted(series["tick"].unique()))
    horizon = int(results.manifest.get("steps") or ticks[-1])
    cases = results.cases
    paths, survival = {}, {}
    for name in spec.by:
        codes, table = levels(cases[name], results.factor(name))
        level_of = dict(zip(cases["run_id"], codes))
        frame = series.assign(level=series["run_id"].map(level_of))
        rows = []
        for (level, tick), part in frame.groupby(["level", "tick"], sort=True):
            mean, low, high = band(part["value"].to_numpy(float), spec.outcome in BINARY)
            rows.append({"level": int(level), "label": table["label"].iloc[int(level)], "tick": int(tick),
                         "n": int(part["value"].notna().sum()), "mean": mean, "low": low, "high": high})
        paths[name] = pd.DataFrame(rows)
        if "tipped_tick" in cases.columns:
            curves = []
            for level, part in cases.groupby(codes, sort=True):
                tipped = part["tipped_tick"].to_numpy()
                time = np.where(tipped >= 0, tipped, horizon)
                curves.append(kaplan_meier_bands(time, tipped >= 0, horizon)
                              .assign(label=table["label"].iloc[int(level)]))
            survival[name] = pd.concat(curves, ignore_index=True)
    return TrajectoryResult(spec.outcome, paths, survival, ticks, len(cases))
