"""Evaluating strategies fairly: every strategy on the same seeds and the same uncertain-parameter samples.

A *unit* is one (uncertain sample j, replication r) pair with seed ``run_seed(seed, j * R + r)``; every
strategy is run on every unit, so differences between strategies are paired by seed (common random numbers).
The evaluation is a sweep job (strategies x samples x replications, ``comparison_job``), so it runs on the
sweep's machinery: the same preparation of each point, batching, executors and resumable store.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import qmc

from ..model.decision import TERMS
from ..model.world import WorldState
from ..scenario.schema import InterventionSpec
from .designs import Design
from .executors import ExecutorSpec
from .experiment import Factor
from .paired import Interval, cost_per_gain, mcnemar_p, paired_difference, proportion
from .strategy_spec import DO_NOTHING, LoadedStrategies, UncertainSpec
from .survival import kaplan_meier, kaplan_meier_bands
from .sweep import SweepJob, run_job, run_sweep
from .sweep_store import read_sweep


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


@dataclass(frozen=True)
class StrategyMeasure:
    """What a strategy run records: whether the targets succeeded under the spec's rule, when, and their mean
    terms at the horizon.

    ``window`` 0 (``first_act``): a target succeeds if it acts (support or more) at any tick by the horizon,
    at its first acting tick. ``window`` K (``at_horizon`` is K = 1, ``sustained`` any K): it must act at each
    of the last K ticks, and its time is the first tick of the spell of acting that lasts to the horizon
    (earlier spells do not count). ``tip`` "all" needs every target (time: the last of theirs), "any" one.
    """

    rows: tuple[int, ...]
    tip: str
    window: int
    horizon: int

    #: The targets' mean terms at the horizon are recorded.
    terms = True

    def observer(self) -> None:
        """Strategy runs record no time series."""
        return None

    @property
    def width(self) -> int:
        """How many numbers a run's row of results holds: success, its time and each term's mean."""
        return 2 + len(TERMS)

    def __call__(self, final: WorldState, terms: np.ndarray) -> dict[str, np.ndarray]:
        rows, horizon = list(self.rows), self.horizon
        if self.window == 0:
            tau = final.tipped_tick[:, rows]
            each = tau >= 0
        else:
            since = final.acting_since[:, rows]
            each = (since >= 0) & (since <= horizon - self.window + 1)
            tau = np.maximum(since, 1)
        each_time = np.where(each, tau, horizon)
        if self.tip == "all":
            tipped = each.all(axis=1)
            time = np.where(tipped, each_time.max(axis=1), horizon)
        else:
            tipped = each.any(axis=1)
            time = np.where(tipped, each_time.min(axis=1), horizon)
        out = {"tipped": tipped, "time": time.astype(np.int64)}
        mean_terms = terms[:, rows, :].mean(axis=1)
        out.update({f"term_{t}": mean_terms[:, k] for k, t in enumerate(TERMS)})
        return out


def comparison_job(loaded: LoadedStrategies, strategies: Sequence[tuple[str, Sequence[InterventionSpec]]],
                   points: list[dict[str, float]], replications: int, seed: int,
                   seed_offset: int | None = None) -> SweepJob:
    """The sweep that evaluates ``strategies`` on every uncertain sample of ``points``, ``replications`` runs each.

    Design point ``s * len(points) + j`` is strategy ``s`` on sample ``j``: the base scenario with the sample's
    values and the strategy's interventions added to its own. Every strategy runs on the same units (sample
    ``j``, replication ``r``, seed ``run_seed(seed, j * replications + r)``, or ``seed_offset + r``), so
    differences between strategies are paired by seed.
    """
    spec, base = loaded.spec, loaded.scenario
    own = [iv.model_dump(mode="json") for iv in base.interventions]
    names = tuple(name for name, _ in strategies)
    bundles = tuple({"interventions": own + [iv.model_dump(mode="json") for iv in ivs]} for _, ivs in strategies)
    paths = list(points[0]) if points and points[0] else []
    factors = (Factor("strategy", None, "bundle", None, None, names, bundles),
               *(Factor(path, path, "continuous", *spec.uncertain.parameters[path], None, None) for path in paths))
    n_s, n_j = len(strategies), len(points)
    codes = np.array([[s] + [points[j][path] for path in paths] for s in range(n_s) for j in range(n_j)], dtype=float)
    offsets = np.array([(j * replications if seed_offset is None else seed_offset) for _ in range(n_s)
                        for j in range(n_j)], dtype=np.int64)
    table = pd.DataFrame({"point_id": np.arange(n_s * n_j, dtype=np.int64),
                          "strategy": np.repeat(np.arange(n_s, dtype=np.int64), n_j),
                          "sample": np.tile(np.arange(n_j, dtype=np.int64), n_s)})
    for k, path in enumerate(paths):
        table[path] = codes[:, 1 + k]
    design = Design("strategies", {"strategies": list(names), "samples": n_j}, factors, table, None, codes, offsets)
    rows = tuple(base.states.index(base.state(c)) for c in spec.targets)
    text = loaded.text + "\n# strategies evaluated:\n" + json.dumps(
        [{"name": n, "interventions": b["interventions"]} for n, b in zip(names, bundles)], sort_keys=True)
    return SweepJob(name=spec.name, file=loaded.file, text=text, scenario_file=loaded.scenario_file,
                    scenario_text=loaded.scenario_text, base=base, design=design,
                    measure=StrategyMeasure(rows, spec.tip, spec.success.window, spec.horizon), steps=spec.horizon,
                    seed=seed, crn=True, replications=replications,
                    notes={"study": "strategies", "targets": list(spec.targets), "success": spec.success.model_dump()})


def outcomes_of(loaded: LoadedStrategies, strategies: Sequence[tuple[str, Sequence[InterventionSpec]]],
                runs: pd.DataFrame, n_samples: int, replications: int) -> list[Outcomes]:
    """Each strategy's outcomes from the runs of its comparison job, units in order ``j * replications + r``."""
    out = []
    per = n_samples * replications
    ordered = runs.sort_values("run_id", kind="stable")
    for s, (name, ivs) in enumerate(strategies):
        mine = ordered.iloc[s * per:(s + 1) * per]
        out.append(Outcomes(name, loaded.cost(ivs), np.arange(per), mine["tipped"].to_numpy(dtype=bool),
                            mine["time"].to_numpy(), mine[[f"term_{t}" for t in TERMS]].to_numpy()))
    return out


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
        """Kaplan-Meier share not yet tipped, with its 95% pointwise band (``low``, ``high``), per strategy and tick."""
        return pd.concat([kaplan_meier_bands(o.time, o.tipped, self.horizon).assign(strategy=o.name)
                          [["strategy", "tick", "not_tipped", "low", "high"]] for o in self.outcomes],
                         ignore_index=True)

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
            extra: Sequence[tuple[str, Sequence[InterventionSpec]]] = (), executor: ExecutorSpec | None = None,
            folder: str | Path | None = None, resume: bool = False, progress: bool = False) -> Comparison:
    """Every strategy of the spec ("do nothing" first, then ``extra``) on the same units, run as one sweep job.

    With ``folder`` the runs go to a resumable sweep store there (see ``sweep.run_sweep``); else in memory.
    """
    spec = loaded.spec
    reps = spec.replications if replications is None else replications
    seed = spec.seed if seed is None else seed
    points = sample_points(spec.uncertain, seed)
    todo = [(s.name, s.interventions) for s in loaded.strategies()] + list(extra)
    job = comparison_job(loaded, todo, points, reps, seed)
    executor = executor or ExecutorSpec("serial", 1)
    if folder is None:
        runs = run_job(job, executor)
    else:
        run_sweep(job, folder, executor, resume=resume, progress=progress)
        runs = read_sweep(folder).table()
    return Comparison(outcomes_of(loaded, todo, runs, len(points), reps), spec.horizon, spec.budget)
