"""Global sensitivity with SALib: Sobol first-order and total indices, Morris elementary effects (μ*, σ)."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from SALib.analyze import morris as salib_morris
from SALib.analyze import sobol as salib_sobol

from .kinds import IndexSpec
from .results import Skipped, SweepResults, encode


@dataclass(frozen=True)
class SensitivityResult:
    """Indices of one outcome, one row per factor, from the Sobol or the Morris method."""

    method: str
    outcome: str
    table: pd.DataFrame
    n_points: int
    pairs: pd.DataFrame | None = None  # Sobol second-order indices S2 per pair of factors, when the design has them
    convergence: pd.DataFrame | None = None  # Sobol: n, factor, S1, S1_conf, ST, ST_conf at each base size up to n


def point_means(results: SweepResults, outcome: str) -> np.ndarray:
    """The mean of ``outcome`` over each design point's runs, in design order (NaN for a point without runs)."""
    means = results.runs.groupby("point_id")[outcome].mean().astype(float)
    return means.reindex(results.design["point_id"]).to_numpy()


def _problem(results: SweepResults) -> dict:
    problem = results.manifest["design"].get("salib_problem")
    if not problem:
        raise Skipped("the manifest has no salib_problem for this design")
    return {"num_vars": int(problem["num_vars"]), "names": list(problem["names"]), "bounds": problem["bounds"]}


def _outcome(results: SweepResults, outcome: str) -> np.ndarray:
    y = point_means(results, outcome)
    missing = int(np.isnan(y).sum())
    if missing:
        raise Skipped(f"{missing} of {len(y)} design points have no runs yet; the estimators need every point")
    if np.ptp(y) == 0:
        raise Skipped(f"{outcome} takes the same value ({y[0]:g}) at every point, so no factor explains any variance")
    return y


def sobol_indices(problem: dict, y: np.ndarray, second_order: bool,
                  seed: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """First-order (S1) and total (ST) Sobol indices with 95% bootstrap half-widths, one row per factor, and the
    second-order indices (S2) one row per pair of factors, largest first (None without second order)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        si = salib_sobol.analyze(problem, y, calc_second_order=second_order, seed=seed)
    names = problem["names"]
    table = pd.DataFrame({"factor": names, "S1": si["S1"], "S1_conf": si["S1_conf"], "ST": si["ST"], "ST_conf": si["ST_conf"]})
    if not second_order:
        return table, None
    i, j = np.triu_indices(len(names), k=1)
    pairs = pd.DataFrame({"pair": [f"{names[a]} × {names[b]}" for a, b in zip(i, j)], "S2": si["S2"][i, j],
                          "S2_conf": si["S2_conf"][i, j]})
    return table, pairs.sort_values("S2", ascending=False, kind="stable").reset_index(drop=True)


def morris_indices(problem: dict, x: np.ndarray, y: np.ndarray, levels: int, seed: int | None = None) -> pd.DataFrame:
    """Morris μ (mean effect), μ* (mean absolute effect) with its 95% half-width, and σ, one row per factor."""
    si = salib_morris.analyze(problem, x, y, num_levels=levels, seed=seed)
    return pd.DataFrame({"factor": problem["names"], "mu": si["mu"], "mu_star": si["mu_star"],
                         "mu_star_conf": si["mu_star_conf"], "sigma": si["sigma"]})


MIN_CONVERGENCE_N = 32  # the smallest base sample at which the convergence table estimates the indices


def sobol_convergence(problem: dict, y: np.ndarray, second_order: bool, seed: int | None = None) -> pd.DataFrame:
    """S1 and ST with their 95% half-widths on the first n base samples of the Saltelli sample, for n = 32, 64, ...
    up to the whole sample (each base sample is one contiguous block of rows, so every prefix is a Saltelli sample)."""
    per_base = 2 * problem["num_vars"] + 2 if second_order else problem["num_vars"] + 2
    total = len(y) // per_base
    sizes = [n for n in (2 ** k for k in range(5, 30)) if MIN_CONVERGENCE_N <= n < total] + [total]
    frames = [sobol_indices(problem, y[: n * per_base], second_order, seed)[0].assign(n=n)
              for n in sizes]
    return pd.concat(frames, ignore_index=True)[["n", "factor", "S1", "S1_conf", "ST", "ST_conf"]]


def sobol_analysis(results: SweepResults, spec: IndexSpec) -> SensitivityResult:
    """Sobol indices of the per-point mean of ``spec.outcome`` (the design must be SALib's Saltelli sample), and
    their convergence with the base sample size."""
    problem, y = _problem(results), _outcome(results, spec.outcome)
    opts = results.manifest["design"].get("options") or {}
    second = bool(opts.get("second_order", True))
    per_base = 2 * problem["num_vars"] + 2 if second else problem["num_vars"] + 2
    if len(y) % per_base:
        raise Skipped(f"{len(y)} points is not a multiple of {per_base}, the size of one Saltelli block")
    table, pairs = sobol_indices(problem, y, second, results.manifest.get("seed"))
    convergence = sobol_convergence(problem, y, second, results.manifest.get("seed"))
    return SensitivityResult("sobol", spec.outcome, table, len(y), pairs, convergence)


def design_matrix(results: SweepResults, names: list[str]) -> np.ndarray:
    """The design's factor columns as numbers (text levels as their index), in the order of ``names``."""
    return encode(results, results.design[names]).to_numpy()


def morris_analysis(results: SweepResults, spec: IndexSpec) -> SensitivityResult:
    """Morris screening of the per-point mean of ``spec.outcome`` over the design's trajectories."""
    problem, y = _problem(results), _outcome(results, spec.outcome)
    opts = results.manifest["design"].get("options") or {}
    x = design_matrix(results, problem["names"])
    if len(y) % (problem["num_vars"] + 1):
        raise Skipped(f"{len(y)} points is not a whole number of trajectories of {problem['num_vars'] + 1} points")
    table = morris_indices(problem, x, y, int(opts.get("levels", 4)), results.manifest.get("seed"))
    return SensitivityResult("morris", spec.outcome, table, len(y))
