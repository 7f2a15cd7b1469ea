"""Evaluating strategies fairly: every strategy on the same seeds and the same uncertain-parameter samples.

A *unit* is one (uncertain sample j, replication r) pair with seed ``run_seed(seed, j * R + r)``; every
strategy is run on every unit, so differences between strategies are paired by seed (common random numbers).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import qmc

from ..model.decision import TERMS
from ..model.noise import run_seed
from ..model.simulate import simulate
from ..model.stance import ACTING
from ..scenario.build import build_world
from ..scenario.interventions import schedule_of
from ..scenario.schema import InterventionSpec, Scenario
from .paired import Interval, cost_per_gain, mcnemar_p, paired_difference, proportion
from .strategy_spec import DO_NOTHING, LoadedStrategies, StrategiesFile, UncertainSpec, scenario_at
from .survival import kaplan_meier


@dataclass(frozen=True)
class Outcomes:
    """What one strategy did on every unit: succeeded under the spec's rule (``tipped``), when, and the targets'
    terms at the horizon."""

    name: str
    cost: float
    units: np.ndarray  # (U,) seed index j * R + r, the pairing key
    tipped: np.ndarray  # (U,) bool: success under the spec's rule (first_act, at_horizon, sustained)
    time: np.ndarray  # (U,) tick of the first act that counts under the rule, or the horizon (censored)
    terms: np.ndarray  # (U, len(TERMS)) mean over the targets, at the horizon


def sample_points(uncertain: UncertainSpec | None, seed: int) -> list[dict[str, float]]:
    """Latin-hypercube points in the uncertain ranges (one empty point when nothing is uncertain)."""
    if uncertain is None:
        return [{}]
    paths = list(uncertain.parameters)
    lows = np.array([uncertain.parameters[p][0] for p in paths])
    highs = np.array([uncertain.parameters[p][1] for p in paths])
    unit = qmc.LatinHypercube(d=len(paths), rng=np.random.default_rng(seed)).random(uncertain.samples)
    return [dict(zip(paths, (lows + row * (highs - lows)).tolist())) for row in unit]


def success_times(acting: np.ndarray, window: int) -> tuple[np.ndarray, np.ndarray]:
    """Per run and target: whether it succeeded and the tick of the acting that counts (the horizon if not).

    ``acting`` is (ticks 0..horizon, runs, targets), True where the target acts (support or more). With
    ``window`` 0 (``first_act``) any tick 1..horizon counts and the time is the first one. With ``window`` K
    (``at_horizon`` is K = 1, ``sustained`` any K) the target must act at each of the last K ticks; the
    time is the first tick of the spell of acting that lasts to the horizon (earlier spells do not count).
    """
    horizon = acting.shape[0] - 1
    ticks = np.arange(1, horizon + 1)[:, None, None]
    acted = acting[1:]
    if window == 0:
        ok = acted.any(axis=0)
        time = np.where(acted, ticks, horizon).min(axis=0)
    else:
        ok = acted[horizon - window:].all(axis=0)
        last_not = np.where(~acted, ticks, 0).max(axis=0)  # the last tick it did not act (0: it always did)
        time = last_not + 1
    return ok, np.where(ok, time, horizon)


def run_units(scenario: Scenario, interventions: Sequence[InterventionSpec], spec: StrategiesFile,
              seeds: Sequence[np.random.SeedSequence]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Success under the spec's rule, its time (censored at the horizon) and the targets' mean terms, for one batch."""
    world = build_world(scenario)
    window = spec.success.window
    horizon = spec.horizon
    final, history = simulate(world, scenario.parameters, seeds, horizon, per_state=window > 0,
                              schedule=schedule_of(scenario, interventions))
    rows = [world.index(c) for c in spec.targets]
    if window == 0:  # first passage: the kernel keeps each state's first acting tick
        tau = final.tipped_tick[:, rows]
        each, each_time = tau >= 0, np.where(tau >= 0, tau, horizon)
    else:
        each, each_time = success_times(history["stance"][:, :, rows] >= ACTING, window)
    if spec.tip == "all":
        tipped = each.all(axis=1)
        time = np.where(tipped, each_time.max(axis=1), horizon)
    else:
        tipped = each.any(axis=1)
        time = np.where(tipped, np.where(each, each_time, horizon).min(axis=1), horizon)
    return tipped, time, history.last_terms[:, rows, :].mean(axis=1)


def evaluate(loaded: LoadedStrategies, interventions: Sequence[InterventionSpec], name: str,
             points: list[dict[str, float]], replications: int, seed: int) -> Outcomes:
    """One strategy on every (sample, replication) unit, with the unit's own seed."""
    spec = loaded.spec
    parts = []
    for j, point in enumerate(points):
        seeds = [run_seed(seed, j * replications + r) for r in range(replications)]
        parts.append(run_units(scenario_at(loaded.scenario, point), interventions, spec, seeds))
    tipped, time, terms = (np.concatenate([p[k] for p in parts]) for k in range(3))
    return Outcomes(name, loaded.cost(interventions), np.arange(len(points) * replications), tipped, time, terms)


@dataclass(frozen=True)
class Comparison:
    """Every strategy's outcomes, and the tables a report is made of."""

    outcomes: list[Outcomes]  # "do nothing" first
    horizon: int
    budget: float

    def by_name(self, name: str) -> Outcomes:
        return next(o for o in self.outcomes if o.name == name)

    def ranking(self) -> pd.DataFrame:
        """One row per strategy, best first: P(tip), cost, gain over doing nothing, cost per gain, and ties with the best."""
        base = self.outcomes[0]
        rows = []
        for o in self.outcomes:
            p = proportion(o.tipped)
            gain = paired_difference(o.tipped, base.tipped)
            per = cost_per_gain(o.cost, gain) if o.name != DO_NOTHING else Interval(np.nan, np.nan, np.nan)
            rows.append({"strategy": o.name, "p_tip": p.estimate, "p_low": p.low, "p_high": p.high,
                         "cost": o.cost, "gain": gain.estimate, "gain_low": gain.low, "gain_high": gain.high,
                         "p_vs_nothing": mcnemar_p(o.tipped, base.tipped), "cost_per_gain": per.estimate,
                         "cost_per_gain_low": per.low, "cost_per_gain_high": per.high,
                         "median_time": _median_time(o, self.horizon)})
        frame = pd.DataFrame(rows).sort_values(["p_tip", "cost"], ascending=[False, True], kind="stable")
        best = self.by_name(frame["strategy"].iloc[0])
        frame["vs_best"] = [paired_difference(self.by_name(n).tipped, best.tipped).estimate for n in frame["strategy"]]
        frame["vs_best_low"] = [paired_difference(self.by_name(n).tipped, best.tipped).low for n in frame["strategy"]]
        frame["vs_best_high"] = [paired_difference(self.by_name(n).tipped, best.tipped).high for n in frame["strategy"]]
        frame["p_vs_best"] = [mcnemar_p(self.by_name(n).tipped, best.tipped) for n in frame["strategy"]]
        frame["tied_with_best"] = frame["p_vs_best"] >= 0.05
        frame.insert(0, "rank", range(1, len(frame) + 1))
        return frame.reset_index(drop=True)

    def survival(self) -> pd.DataFrame:
        """Kaplan-Meier share not yet tipped, per strategy and tick."""
        ticks = np.arange(self.horizon + 1)
        return pd.concat([pd.DataFrame({"strategy": o.name, "tick": ticks,
                                        "not_tipped": kaplan_meier(o.time, o.tipped, self.horizon)})
                          for o in self.outcomes], ignore_index=True)

    def terms_moved(self, name: str) -> pd.DataFrame:
        """For strategy ``name``: each term of the targets' decision at the horizon, minus doing nothing, paired by seed."""
        o, base = self.by_name(name), self.outcomes[0]
        rows = []
        for k, term in enumerate(TERMS):
            d = paired_difference(o.terms[:, k], base.terms[:, k])
            rows.append({"term": term, "with": float(o.terms[:, k].mean()), "without": float(base.terms[:, k].mean()),
                         "difference": d.estimate, "low": d.low, "high": d.high})
        return pd.DataFrame(rows)

    def units(self) -> pd.DataFrame:
        """One row per strategy and unit: the pairing key, tipped, time to tip (for re-analysis)."""
        return pd.concat([pd.DataFrame({"strategy": o.name, "unit": o.units, "tipped": o.tipped, "time": o.time})
                          for o in self.outcomes], ignore_index=True)


def _median_time(o: Outcomes, horizon: int) -> float:
    """The first tick by which half the runs have tipped (Kaplan-Meier), NaN if fewer than half did by the horizon."""
    s = kaplan_meier(o.time, o.tipped, horizon)
    below = np.nonzero(s <= 0.5)[0]
    return float(below[0]) if len(below) else float("nan")


def compare(loaded: LoadedStrategies, replications: int | None = None, seed: int | None = None,
            extra: Sequence[tuple[str, Sequence[InterventionSpec]]] = ()) -> Comparison:
    """Every strategy of the spec ("do nothing" first, then ``extra``) on the same units."""
    spec = loaded.spec
    reps = spec.replications if replications is None else replications
    seed = spec.seed if seed is None else seed
    points = sample_points(spec.uncertain, seed)
    todo = [(s.name, s.interventions) for s in loaded.strategies()] + list(extra)
    return Comparison([evaluate(loaded, ivs, name, points, reps, seed) for name, ivs in todo],
                      spec.horizon, spec.budget)
