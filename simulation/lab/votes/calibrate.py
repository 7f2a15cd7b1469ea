"""Calibration: the mechanism's free parameters fitted to the recorded votes by maximum likelihood.

Each training roll call is prepared once as the hindcast prepares it (its world scenario, its record from the
votes dated before it). A candidate's log-likelihood is the sum, over the present votes of the training roll
calls, of the log of the model's probability of the recorded position (``model_votes``: the vote's ordered
choice with its shock integrated out, averaged over replications on fixed seeds, floored as in the hindcast).
Every candidate of a generation runs on the same seeds (common random numbers), one batch per roll call.

The optimiser is CMA-ES (the ``cma`` package): derivative-free, invariant to the parameters' scales, and
robust to the small discontinuities that the ordered choice's inertia leaves in a simulated likelihood, for
about twenty parameters with bounds; its state is saved after every generation, so a fit resumes where it
stopped. The validation years are never read by the fit.
"""

from __future__ import annotations

import math
import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ...model.batch import ParameterBatch
from ...model.params import Parameters
from ...model.simulate import final_stance_probabilities
from ...model.world import World
from ...scenario.prepare import prepare
from ...scenario.schema import TraitMapping
from ...scenario.world_table import DIGITS, mapping_inputs, sovereignty_rule, value_commitment_rule
from .hindcast import record_of, with_positions
from .model_votes import MODEL_FLOOR, position_probabilities
from .roll_call_scenario import roll_call_scenario
from .roll_calls import RollCall
from .vote_layer import floored


@dataclass(frozen=True)
class Free:
    """A parameter the fit may move, within [low, high] (a threshold's gap above the one below, for cuts)."""

    name: str
    low: float
    high: float


#: What the calibration fits: the weights the votes can tell apart, the prior's share, the scrutiny curve and
#: the peer review's effect, the two cut points the votes tell apart (support's as a gap above abstain's), the
#: inertia, and the mapping's free coefficients. The cuts for sanctions and intervention keep their gaps
#: above support's. Not fitted (docs/calibration.md): the noise, which sets the scale of net benefit (one unit
#: is one standard deviation of a month's unexplained influences); the legs' reach, uptake and reframing
#: (``advocacy_reach``, ``executive_floor``, ``reframing_max``), which a roll call's world, holding no data on a
#: state's activists, legislature or officials, cannot tell apart, and which keep the values the texts give
#: them; and the weights tied to a fitted one (``TIED``).
FREE: tuple[Free, ...] = (
    Free("value_weight", 0.0, 20.0), Free("peer_weight", 0.0, 20.0), Free("sponsor_weight", 0.0, 20.0),
    Free("prior_weight", 0.0, 20.0), Free("prior_elsewhere_share", 0.0, 1.0), Free("security_weight", 0.0, 20.0),
    Free("economic_weight", 0.0, 20.0), Free("grievance_weight", 0.0, 20.0), Free("scrutiny_weight", 0.0, 20.0),
    Free("scrutiny_exponent", 0.2, 8.0), Free("peer_review_weight", -0.9, 5.0), Free("sovereignty_weight", 0.0, 20.0),
    Free("threshold_abstain", -10.0, 5.0), Free("support_gap", 0.05, 10.0), Free("inertia", 0.0, 5.0),
    Free("mapping.sovereignty_autocracy", 0.0, 1.0), Free("mapping.sovereignty_nam", 0.0, 1.0),
    Free("mapping.sovereignty_g77", 0.0, 1.0), Free("mapping.values_floor", 0.0, 0.2),
)
#: Weights that move with a fitted one: public and legislative pressure weigh as much as conscience (a fully
#: mobilised public, or legislature, as much as fully visible abuses to a fully committed state), and a body's
#: standing line as much as its members' current positions, which the votes cannot tell apart.
TIED: dict[str, str] = {"activism_weight": "value_weight", "legislature_weight": "value_weight",
                        "regional_weight": "peer_weight"}
MAPPING = "mapping."
#: The noise every fit holds fixed (the scale of net benefit).
NOISE = 1.0
SANCTION_GAP, INTERVENE_GAP = 0.5, 1.0  # the default cuts' gaps above threshold_support


def how_set(name: str) -> str:
    """How a parameter's default was set: by the calibration (fitted, tied to a fitted one, or derived from the
    fitted cut), held fixed by it, or left to the texts and modelling assumptions (docs/calibration.md)."""
    fitted = {f.name for f in FREE}
    if name in fitted:
        return "calibration"
    if name in TIED:
        return f"calibration (tied to `{TIED[name]}`)"
    if name == "threshold_support":
        return "calibration (as `threshold_abstain` + a fitted gap)"
    if name in ("threshold_sanction", "threshold_intervene"):
        gap = SANCTION_GAP if name == "threshold_sanction" else SANCTION_GAP + INTERVENE_GAP
        return f"calibration (`threshold_support` + {gap:g}, gap fixed)"
    if name == "noise":
        return "fixed by the calibration (the scale of net benefit)"
    return "texts or assumption (not fitted)"


def parameters_of(x: Sequence[float], base: Parameters, free: Sequence[Free] = FREE) -> Parameters:
    """The mechanism's parameters a point of the fit stands for (values in the free parameters' own units)."""
    values = {"noise": NOISE} | {f.name: float(v) for f, v in zip(free, x) if not f.name.startswith(MAPPING)}
    values |= {tied: values[to] for tied, to in TIED.items() if to in values}
    gap = values.pop("support_gap", None)
    if gap is not None:
        abstain = values.get("threshold_abstain", base.threshold_abstain)
        support = abstain + gap
        values |= {"threshold_support": support, "threshold_sanction": support + SANCTION_GAP,
                   "threshold_intervene": support + SANCTION_GAP + INTERVENE_GAP}
    return base.model_copy(update=values)


def mapping_of(x: Sequence[float], base: TraitMapping, free: Sequence[Free] = FREE) -> TraitMapping:
    """The covariate-to-trait mapping a point of the fit stands for."""
    return base.model_copy(update={f.name[len(MAPPING):]: float(v) for f, v in zip(free, x)
                                   if f.name.startswith(MAPPING)})


def point_of(p: Parameters, mapping: TraitMapping, free: Sequence[Free] = FREE) -> np.ndarray:
    """The fit's point for parameters ``p`` and ``mapping`` (the inverse of the two functions above)."""
    def value(f: Free) -> float:
        if f.name == "support_gap":
            return p.threshold_support - p.threshold_abstain
        if f.name.startswith(MAPPING):
            return getattr(mapping, f.name[len(MAPPING):])
        return getattr(p, f.name)

    return np.array([value(f) for f in free], dtype=float)


@dataclass(frozen=True)
class Candidate:
    """One point of the fit: the mechanism's parameters and the covariate-to-trait mapping."""

    params: Parameters
    mapping: TraitMapping


def candidate_of(x: Sequence[float], base: Candidate, free: Sequence[Free] = FREE) -> Candidate:
    return Candidate(parameters_of(x, base.params, free), mapping_of(x, base.mapping, free))


@dataclass(frozen=True)
class RollCallData:
    """One roll call ready for the likelihood: its prepared world, seeds, ticks, and its present votes."""

    rcid: int
    world: World
    seeds: tuple
    steps: int
    rows: np.ndarray  # the world's rows of the states that voted
    observed: np.ndarray  # their positions: 0 support, 1 abstain, 2 oppose
    inputs: pd.DataFrame  # what the mapping acts on, one row per state of the world (``world_table.mapping_inputs``)

    def traits(self, mapping: TraitMapping) -> dict[str, np.ndarray]:
        """The traits the mapping sets, for every state of the world, rounded as the world table rounds them."""
        i = self.inputs
        return {"sovereignty": np.round(sovereignty_rule(i["democracy"], i["nam"], i["g77"], mapping), DIGITS),
                "value_commitment": np.round(value_commitment_rule(i["libdem"], mapping), DIGITS)}


def roll_call_data(history: pd.DataFrame, roll_calls: Sequence[RollCall], chosen: Sequence[RollCall],
                   replications: int, progress: Callable | None = None) -> list[RollCallData]:
    """The chosen roll calls prepared for the likelihood, each from the votes dated before it."""
    described = {rc.rcid: rc for rc in roll_calls}
    history = with_positions(history, roll_calls)
    out = []
    for rc in sorted(chosen, key=lambda r: (r.date, r.rcid)):
        roster = history[history["rcid"] == rc.rcid]
        earlier = history[history["date"] < pd.Timestamp(rc.date)]
        scenario = roll_call_scenario(rc, roster["iso3"].tolist(), None, record_of(earlier, described))
        setup = prepare(scenario, replications=replications)
        present = roster.dropna(subset=["position"])
        rows = np.array([scenario.states.index(scenario.state(c)) for c in present["iso3"]])
        observed = present["position"].map({"support": 0, "abstain": 1, "oppose": 2}).to_numpy()
        inputs = mapping_inputs(rc.world_year).loc[list(setup.world.codes)]
        out.append(RollCallData(rc.rcid, setup.world, tuple(setup.seeds()), setup.steps, rows, observed, inputs))
        if progress is not None:
            progress()
    return out


def log_likelihoods(candidates: Sequence[Candidate], data: Sequence[RollCallData]) -> np.ndarray:
    """Each candidate's log-likelihood of the present votes of ``data``, every candidate on the same seeds, the
    candidates' traits stacked as one row per run."""
    total = np.zeros(len(candidates))
    n = len(candidates)
    for d in data:
        r = len(d.seeds)
        batch = ParameterBatch.of_points([c.params for c in candidates], [r] * n) if n > 1 else candidates[0].params
        per = [d.traits(c.mapping) for c in candidates]
        world = d.world.with_traits(**{name: np.repeat(np.stack([t[name] for t in per]), r, axis=0)
                                       for name in per[0]})
        stances, _ = final_stance_probabilities(world, batch, list(d.seeds) * n, d.steps)
        positions = position_probabilities(stances).reshape(n, r, stances.shape[1], 3).mean(axis=1)
        p = floored(positions[:, d.rows, :].reshape(-1, 3), MODEL_FLOOR).reshape(n, len(d.rows), 3)
        total += np.log(p[:, np.arange(len(d.rows)), d.observed]).sum(axis=1)
    return total


@dataclass
class Fit:
    """A fit's state and result: the best point, its log-likelihood, the history, and the optimiser to resume."""

    best: np.ndarray
    best_log_likelihood: float
    history: list[float]  # the best log-likelihood after each generation (the start's included)
    evaluations: int
    generations: int
    optimiser: object  # the cma.CMAEvolutionStrategy, pickled between generations
    generation_best: list[float]  # the best log-likelihood among each generation's own candidates


def fit(data: Sequence[RollCallData], base: Candidate, generations: int, population: int | None, seed: int,
        state: Path | None = None, on_generation: Callable[[Fit], None] | None = None,
        free: Sequence[Free] = FREE) -> Fit:
    """CMA-ES over the free parameters (scaled to [0, 1]) from the base parameters; resumed from ``state`` if it
    exists, which is written after every generation."""
    import cma

    lows = np.array([f.low for f in free])
    highs = np.array([f.high for f in free])

    def to_units(u: np.ndarray) -> np.ndarray:
        return lows + np.clip(u, 0.0, 1.0) * (highs - lows)

    if state is not None and state.exists():
        current: Fit = pickle.loads(state.read_bytes())
        if not hasattr(current, "generation_best"):  # saved before each generation's best was kept
            current.generation_best = [math.nan] * current.generations
    else:
        start = (np.clip(point_of(base.params, base.mapping, free), lows, highs) - lows) / (highs - lows)
        options = {"bounds": [0.0, 1.0], "seed": seed + 1, "verbose": -9}
        if population is not None:
            options["popsize"] = population
        es = cma.CMAEvolutionStrategy(start, 0.2, options)
        current = Fit(to_units(start), float(log_likelihoods([candidate_of(to_units(start), base, free)], data)[0]),
                      [], 1, 0, es, [])
    es = current.optimiser
    while current.generations < generations:
        asked = es.ask()
        values = log_likelihoods([candidate_of(to_units(np.asarray(u)), base, free) for u in asked], data)
        es.tell(asked, list(-values))
        k = int(np.argmax(values))
        if values[k] > current.best_log_likelihood:
            current.best, current.best_log_likelihood = to_units(np.asarray(asked[k])), float(values[k])
        current.history.append(current.best_log_likelihood)
        current.generation_best.append(float(values[k]))
        current.evaluations += len(asked)
        current.generations += 1
        if state is not None:
            tmp = state.with_suffix(".tmp")
            tmp.write_bytes(pickle.dumps(current))
            tmp.replace(state)
        if on_generation is not None:
            on_generation(current)
    return current


#: Distances from the fit, as shares of a parameter's search range, at which its likelihood slice is read.
STEPS = (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2)


def intervals(data: Sequence[RollCallData], best: Candidate, free: Sequence[Free] = FREE) -> pd.DataFrame:
    """For each free parameter, the range around the fit where the log-likelihood, the others held at the fit,
    stays within 1.92 of the fit's (a 95% likelihood-ratio slice, read at ``STEPS`` on either side; narrower
    than a full profile likelihood would be)."""
    centre = point_of(best.params, best.mapping, free)
    rows = []
    for j, f in enumerate(free):
        span = f.high - f.low
        grid = np.concatenate([centre[j] - np.array(STEPS)[::-1] * span, [centre[j]], centre[j] + np.array(STEPS) * span])
        grid = np.clip(grid, f.low, f.high)
        candidates = []
        for g in grid:
            x = centre.copy()
            x[j] = g
            candidates.append(candidate_of(x, best, free))
        ll = log_likelihoods(candidates, data)
        mid = len(STEPS)
        ok = ll >= ll[mid] - 1.92
        lo = mid
        while lo > 0 and ok[lo - 1]:
            lo -= 1
        hi = mid
        while hi < len(grid) - 1 and ok[hi + 1]:
            hi += 1
        edge = (lo == 0 and grid[0] > f.low) or (hi == len(grid) - 1 and grid[-1] < f.high)
        rows.append({"parameter": f.name, "value": float(centre[j]), "low": float(grid[lo]), "high": float(grid[hi]),
                     "beyond_scan": bool(edge)})
    return pd.DataFrame(rows)


def years_of(chosen: Sequence[RollCall]) -> str:
    """The years a set of roll calls covers, as text."""
    years = sorted({rc.year for rc in chosen})
    return f"{years[0]}-{years[-1]}" if years else "none"


__all__ = ["FREE", "Candidate", "Fit", "Free", "RollCallData", "candidate_of", "fit", "how_set", "intervals", "log_likelihoods",
           "mapping_of", "parameters_of", "point_of", "roll_call_data", "years_of"]
