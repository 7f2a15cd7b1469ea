"""Designs: the registry of design kinds (each its file schema and its sampler), the points a sweep runs, and
the scenario changes of each point.

``DESIGNS`` is the one list of design kinds: the experiment schema, the experiment checks, the sweep and
``trifecta analyze`` all read it. Adding a kind is one ``DesignKind`` here (its schema and sampler) plus docs.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..scenario.schema import Seed

#: The most design points a sweep builds, and the most runs (points x replications) it runs: a design beyond
#: either is refused when the experiment is read, before any point is built.
MAX_POINTS = 1_000_000
MAX_RUNS = 100_000_000

if TYPE_CHECKING:  # the experiment module reads this registry: import it for types only
    from .experiment import Experiment, Factor


class DesignSpec(BaseModel):
    """Base of a design's settings in an experiment file: immutable, strict about unknown keys."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class FullFactorial(DesignSpec):
    """Every combination of levels (a continuous factor contributes its two ends)."""

    kind: Literal["full_factorial"]


class Grid(DesignSpec):
    """Every combination of levels, continuous factors at ``points`` evenly spaced values."""

    kind: Literal["grid"]
    points: Annotated[int, Field(ge=2, le=1000, strict=True)] = Field(5, description="Values per continuous factor.")


class LatinHypercube(DesignSpec):
    """A Latin hypercube of ``samples`` points (scipy.stats.qmc), level factors drawn by stratum."""

    kind: Literal["latin_hypercube"]
    samples: Annotated[int, Field(ge=1, le=MAX_POINTS, strict=True)]
    seed: Seed | None = Field(None, description="Seed of the sample (default: the experiment's).")


class SobolDesign(DesignSpec):
    """Saltelli's sample for Sobol' indices (SALib): n·(2D+2) points with second order, n·(D+2) without."""

    kind: Literal["sobol"]
    n: Annotated[int, Field(ge=2, le=MAX_POINTS, strict=True)] = Field(description="Base samples, a power of 2.")
    second_order: bool = Field(True, strict=True)
    seed: Seed | None = Field(None, description="Scrambling seed (default: the experiment's).")

    @field_validator("n")
    @classmethod
    def _power_of_two(cls, n: int) -> int:
        if n & (n - 1):
            raise ValueError(f"a power of 2, e.g. 64, 128 or 256 (found {n})")
        return n


class MorrisDesign(DesignSpec):
    """Morris elementary-effects trajectories (SALib): trajectories·(D+1) points."""

    kind: Literal["morris"]
    trajectories: Annotated[int, Field(ge=2, le=100_000, strict=True)]
    levels: Annotated[int, Field(ge=2, le=100, strict=True)] = Field(4, description="Grid levels per factor.")
    seed: Seed | None = Field(None, description="Seed of the sample (default: the experiment's).")


Sampler = Callable[[Any, "tuple[Factor, ...]", dict], np.ndarray]  # (spec, factors, options) -> (P, D) codes


@dataclass(frozen=True)
class DesignKind:
    """A kind of design: its name, its settings' schema, its sampler, and whether it is SALib's (continuous
    factors only, with a SALib problem in the manifest for the matching estimator)."""

    name: str
    spec: type[DesignSpec]
    sample: Sampler
    size: Callable[[Any, int, list[int]], int]  # (spec, D, each factor's level count or 0) -> design points
    salib: bool = False


def _n_levels(f: Factor) -> int:
    return len(f.levels)


def _product(points: int, factors: tuple[Factor, ...]) -> np.ndarray:
    axes = [np.linspace(f.low, f.high, points) if f.kind == "continuous" else np.arange(_n_levels(f)) for f in factors]
    grids = np.meshgrid(*axes, indexing="ij")  # the last factor's levels change fastest, as itertools.product's
    return np.stack([g.astype(float).reshape(-1) for g in grids], axis=1).reshape(-1, len(factors))


def _latin_hypercube(spec: LatinHypercube, factors: tuple[Factor, ...], options: dict) -> np.ndarray:
    from scipy.stats import qmc  # imported here: workers, which never build designs, start faster

    unit = qmc.LatinHypercube(d=len(factors), seed=options["seed"]).random(spec.samples)
    return np.column_stack([f.low + u * (f.high - f.low) if f.kind == "continuous"
                            else np.minimum(np.floor(u * _n_levels(f)), _n_levels(f) - 1)
                            for f, u in zip(factors, unit.T)])


def _sobol(spec: SobolDesign, factors: tuple[Factor, ...], options: dict) -> np.ndarray:
    from SALib.sample import sobol

    return sobol.sample(salib_problem(factors), spec.n, calc_second_order=spec.second_order, seed=options["seed"])


def _morris(spec: MorrisDesign, factors: tuple[Factor, ...], options: dict) -> np.ndarray:
    from SALib.sample import morris

    return morris.sample(salib_problem(factors), spec.trajectories, num_levels=spec.levels, seed=options["seed"])


def _product_size(points: int, levels: list[int]) -> int:
    return math.prod(n or points for n in levels)


DESIGNS: dict[str, DesignKind] = {k.name: k for k in (
    DesignKind("full_factorial", FullFactorial, lambda spec, factors, options: _product(2, factors),
               lambda spec, d, levels: _product_size(2, levels)),
    DesignKind("grid", Grid, lambda spec, factors, options: _product(spec.points, factors),
               lambda spec, d, levels: _product_size(spec.points, levels)),
    DesignKind("latin_hypercube", LatinHypercube, _latin_hypercube, lambda spec, d, levels: spec.samples),
    DesignKind("sobol", SobolDesign, _sobol, lambda spec, d, levels: spec.n * (2 * d + 2 if spec.second_order else d + 2),
               salib=True),
    DesignKind("morris", MorrisDesign, _morris, lambda spec, d, levels: spec.trajectories * (d + 1), salib=True),
)}
DESIGN_KINDS = tuple(DESIGNS)


def design_size(spec: DesignSpec, factors: tuple[Factor, ...]) -> int:
    """How many points the design ``spec`` has over ``factors``, counted without building it."""
    levels = [0 if f.kind == "continuous" else len(f.levels) for f in factors]
    return DESIGNS[spec.kind].size(spec, len(factors), levels)


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

    def rows(self, point_ids) -> DesignRows:
        """The points ``point_ids`` as a chunk carries them (their codes, not their changes)."""
        ids = np.asarray(point_ids, dtype=np.int64)
        offsets = np.zeros(len(ids), dtype=np.int64) if self._seed_offsets is None else self._seed_offsets[ids]
        return DesignRows(self.factors, ids, self._codes[ids], offsets)

    def manifest(self) -> dict[str, Any]:
        return {"kind": self.kind, "n_points": self.n_points, "options": self.options,
                "factors": [f.manifest() for f in self.factors], "salib_problem": self.salib_problem}


@dataclass(frozen=True)
class DesignRows:
    """Some points of a design as a chunk of a sweep carries them: their ids, their factors' codes (continuous values,
    or level and bundle indices) and where each point's replications start among the seeds (with common random
    numbers, replication r of a point uses seed number ``offset + r``, ``sweep.chunk_keys``: 0 for every point of an
    experiment). The scenario changes they make are read from the codes where they are needed: point by point
    (:meth:`changes`), or path by path (:meth:`columns`), with no object made per point."""

    factors: tuple[Factor, ...]
    point_ids: np.ndarray  # (k,)
    codes: np.ndarray  # (k, len(factors))
    seed_offsets: np.ndarray  # (k,)

    def changes(self, k: int) -> dict[str, Any]:
        """The scenario field changes (path -> value) that make the ``k``-th of these points (a later factor's change
        of a path replaces an earlier one's)."""
        out: dict[str, Any] = {}
        for f, code in zip(self.factors, self.codes[k]):
            if f.kind == "continuous":
                out[f.path] = float(code)
            elif f.kind == "levels":
                out[f.path] = f.levels[int(code)]
            else:
                out.update(f.bundles[int(code)])
        return out

    def columns(self) -> dict[str, list[Any]] | None:
        """Every changed path's values, one per point, as :meth:`changes` gives them; None if the points do not all
        change the same paths (a factor whose bundles change different ones)."""
        out: dict[str, list[Any]] = {}
        for f, codes in zip(self.factors, self.codes.T):
            if f.kind == "continuous":
                out[f.path] = codes.tolist()
                continue
            levels = codes.astype(np.int64).tolist()
            if f.kind == "levels":
                out[f.path] = [f.levels[i] for i in levels]
                continue
            bundles = [f.bundles[i] for i in levels]
            paths = bundles[0].keys() if bundles else {}.keys()
            if any(b.keys() != paths for b in bundles):
                return None
            out.update({path: [b[path] for b in bundles] for path in paths})
        return out


def salib_problem(factors: tuple[Factor, ...]) -> dict[str, Any]:
    """The SALib problem definition of continuous factors: their number, names and [low, high] bounds."""
    return {"num_vars": len(factors), "names": [f.name for f in factors], "bounds": [[f.low, f.high] for f in factors]}


def build_design(exp: Experiment) -> Design:
    """The design points of ``exp``, in the order of its design (SALib's sample order for Sobol and Morris)."""
    spec = exp.spec.design
    kind = DESIGNS[spec.kind]
    options = spec.model_dump(mode="json", exclude={"kind"})
    if "seed" in options and options["seed"] is None:
        options["seed"] = exp.spec.seed
    codes = kind.sample(spec, exp.factors, options)
    table = pd.DataFrame({"point_id": np.arange(len(codes), dtype=np.int64)})
    for f, column in zip(exp.factors, codes.T):
        table[f.name] = _column(f, column)
    return Design(spec.kind, options, exp.factors, table, salib_problem(exp.factors) if kind.salib else None, codes)


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
