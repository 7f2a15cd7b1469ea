"""Searching the budget's best use: differential evolution over allocations to levers, start ticks and durations.

A candidate is a real vector with three numbers per lever (its share of the budget, when it starts, how
long it lasts), decoded into a feasible strategy within the budget. Every candidate is scored (its
probability of success under the spec's ``success:`` rule) on the same fixed seeds (common random
numbers) at the scenario's nominal parameters; the winner is then re-evaluated on fresh seeds and across
the uncertain parameters by :func:`simulation.lab.strategies.compare`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import differential_evolution

from ..scenario.schema import InterventionSpec
from .executors import ExecutorSpec
from .strategies import comparison_job
from .strategy_spec import LoadedStrategies
from .sweep import run_job

SERIAL = ExecutorSpec("serial", 1)

#: Search seeds are numbered from here, apart from every evaluation unit (``run_seed(seed, SEARCH_OFFSET + r)``).
SEARCH_OFFSET = 10**9
#: Below this intensity a lever is left unused.
MIN_INTENSITY = 0.01


def decode(x: np.ndarray, loaded: LoadedStrategies) -> list[InterventionSpec]:
    """The strategy a vector stands for: budget shares, start ticks and durations per lever, never over budget."""
    spec = loaded.spec
    levers, horizon = spec.optimize.levers, spec.horizon
    x = np.clip(np.asarray(x, dtype=float), 0.0, 1.0)
    weights = x[0::3]
    allocation = spec.budget * weights / max(1.0, float(weights.sum()))
    out = []
    for k, lever in enumerate(levers):
        start = 1 + int(round(x[3 * k + 1] * (horizon - 1)))
        duration = 1 + int(round(x[3 * k + 2] * (horizon - start)))
        full = InterventionSpec(kind=lever.kind, targets=lever.targets, partners=lever.partners, blocs=lever.blocs,
                                start=start, duration=duration, intensity=1.0)
        unit = loaded.cost([full])
        intensity = 1.0 if unit == 0 else min(1.0, math.floor(allocation[k] / unit * 1000) / 1000)
        if allocation[k] > 0 and intensity >= MIN_INTENSITY:
            out.append(full.model_copy(update={"intensity": intensity}))
    return out


@dataclass(frozen=True)
class SearchResult:
    """The best strategy found, its score on the search seeds, and the best score after each generation."""

    best: list[InterventionSpec]
    p_tip: float  # P(success) under the spec's rule (``success:``), on the search seeds
    cost: float
    history: list[float]  # best P(success) found by the end of each generation
    evaluations: int


def search(loaded: LoadedStrategies) -> SearchResult:
    """Differential evolution (scipy, seeded) maximising P(success) under the spec's rule (first_act, at_horizon or
    sustained) on fixed seeds, cheaper strategies breaking ties."""
    spec, opt = loaded.spec, loaded.spec.optimize
    count = [0]

    def success(strategy: list[InterventionSpec]) -> float:
        """P(success) of one strategy on the search seeds, at the nominal parameters, run as a sweep job."""
        job = comparison_job(loaded, [("candidate", strategy)], [{}], opt.replications, spec.seed,
                             seed_offset=SEARCH_OFFSET)
        return float(run_job(job, SERIAL)["tipped"].mean())

    def score(x: np.ndarray) -> float:
        strategy = decode(x, loaded)
        count[0] += 1
        budget = spec.budget if spec.budget > 0 else 1.0
        return -success(strategy) + 1e-4 * loaded.cost(strategy) / budget

    history: list[float] = []

    def note(intermediate_result) -> None:
        history.append(-float(intermediate_result.fun))

    result = differential_evolution(score, [(0.0, 1.0)] * (3 * len(opt.levers)), maxiter=opt.generations,
                                    popsize=opt.population, seed=opt.seed, polish=False, tol=0.0,
                                    init="latinhypercube", callback=note)
    best = decode(result.x, loaded)
    return SearchResult(best, success(best), loaded.cost(best), history, count[0])
