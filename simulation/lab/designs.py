"""Designs: the list of points (one value per factor) a sweep runs, and the scenario changes of each point."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .experiment import Experiment, Factor


@dataclass(frozen=True)
class Design:
    """The points of a design: a table (point_id + one column per factor) and each point's scenario changes."""

    kind: str
    options: dict[str, Any]
    factors: tuple[Factor, ...]
    table: pd.DataFrame
    salib_problem: dict[str, Any] | None
    _codes: np.ndarray  # (P, D): continuous values, or level indices for level and bundle factors
    _seed_offsets: np.ndarray | None = None  # (P,) where each point's replications start among the seeds (CRN)

    @property
    def n_points(self) -> int:
        return len(self.table)

    def seed_offset(self, point_id: int) -> int:
        """With common random numbers, replication r of the point uses seed number ``offset + r`` (see
        ``sweep.seeds_for``): 0 for every point of an experiment, so all share their seeds."""
        return 0 if self._seed_offsets is None else int(self._seed_offsets[point_id])

    def changes(self, point_id: int) -> dict[str, Any]:
        """The scenario field changes (path -> value) that make design point ``point_id``."""
        out: dict[str, Any] = {}
        for f, code in zip(self.factors, self._codes[point_id]):
            if f.kind == "continuous":
                out[f.path] = float(code)
            elif f.kind == "levels":
                out[f.path] = f.levels[int(code)]
            else:
                out.update(f.bundles[int(code)])
        return out

    def manifest(self) -> dict[str, Any]:
        return {"kind": self.kind, "n_points": self.n_points, "options": self.options,
                "factors": [f.manifest() for f in self.factors], "salib_problem": self.salib_problem}


def salib_problem(factors: tuple[Factor, ...]) -> dict[str, Any]:
    """The SALib problem definition of continuous factors: their number, names and [low, high] bounds."""
    return {"num_vars": len(factors), "names": [f.name for f in factors], "bounds": [[f.low, f.high] for f in factors]}


def build_design(exp: Experiment) -> Design:
    """The design points of ``exp``, in the order of its design (SALib's sample order for Sobol and Morris)."""
    spec = exp.spec.design
    factors = exp.factors
    options = spec.model_dump(mode="json", exclude={"kind"})
    if "seed" in options and options["seed"] is None:
        options["seed"] = exp.spec.seed
    problem = None
    if spec.kind in ("full_factorial", "grid"):
        points = 2 if spec.kind == "full_factorial" else spec.points
        axes = [np.linspace(f.low, f.high, points) if f.kind == "continuous" else np.arange(_n_levels(f))
                for f in factors]
        codes = np.array(list(itertools.product(*axes)), dtype=float).reshape(-1, len(factors))
    elif spec.kind == "latin_hypercube":
        from scipy.stats import qmc  # imported here: workers, which never build designs, start faster

        unit = qmc.LatinHypercube(d=len(factors), seed=options["seed"]).random(spec.samples)
        codes = np.column_stack([f.low + u * (f.high - f.low) if f.kind == "continuous"
                                 else np.minimum(np.floor(u * _n_levels(f)), _n_levels(f) - 1)
                                 for f, u in zip(factors, unit.T)])
    else:
        from SALib.sample import morris, sobol

        problem = salib_problem(factors)
        if spec.kind == "sobol":
            codes = sobol.sample(dict(problem), spec.n, calc_second_order=spec.second_order, seed=options["seed"])
        else:
            codes = morris.sample(dict(problem), spec.trajectories, num_levels=spec.levels, seed=options["seed"])
    table = pd.DataFrame({"point_id": np.arange(len(codes), dtype=np.int64)})
    for f, column in zip(factors, codes.T):
        table[f.name] = _column(f, column)
    return Design(spec.kind, options, factors, table, problem, codes)


def _n_levels(f: Factor) -> int:
    return len(f.levels)


def _column(f: Factor, codes: np.ndarray) -> pd.Series:
    """A factor's design column: its values (numbers stay numbers, text stays text) or a bundle's level index."""
    if f.kind == "continuous":
        return pd.Series(codes.astype(np.float64))
    idx = codes.astype(np.int64)
    if f.kind == "bundle":
        return pd.Series(idx)
    levels = f.levels
    if all(isinstance(v, int) and not isinstance(v, bool) for v in levels):
        return pd.Series(np.asarray(levels, dtype=np.int64)[idx])
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in levels):
        return pd.Series(np.asarray(levels, dtype=np.float64)[idx])
    text = [v if isinstance(v, str) else json.dumps(v) for v in levels]
    return pd.Series([text[i] for i in idx], dtype=object)
