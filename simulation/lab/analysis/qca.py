"""Ragin's QCA: calibration into sets, necessity and sufficiency (consistency, coverage, relevance, PRI), crisp and
fuzzy, the truth table, and its minimisation into solution formulas (sympy's boolean minimisation).

The complex (conservative) solution minimises the truth-table rows that lead to the outcome alone; the
parsimonious solution also lets the logical remainders (configurations with too few cases) be used wherever
they make the formula simpler (Ragin 2008, ch. 8-9; Schneider & Wagemann 2012, ch. 4-6).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .kinds import BOOL_OUTCOMES, QcaSpec
from .results import UNIT_OUTCOMES, Factor, SweepResults

CONSISTENCY_CUT = 0.8  # a configuration with at least this sufficiency consistency counts as leading to the outcome


def _ratio(num: float, den: float) -> float:
    return float(num / den) if den > 0 else float("nan")


def necessity(x, y) -> tuple[float, float, float]:
    """Consistency Σmin(x,y)/Σy, coverage Σmin(x,y)/Σx and relevance Σ(1−x)/Σ(1−min(x,y)) of x as necessary for y."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    both = np.minimum(x, y)
    return _ratio(both.sum(), y.sum()), _ratio(both.sum(), x.sum()), _ratio((1 - x).sum(), (1 - both).sum())


def sufficiency(x, y) -> tuple[float, float]:
    """Consistency Σmin(x,y)/Σx and coverage Σmin(x,y)/Σy of x as sufficient for y."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    both = np.minimum(x, y).sum()
    return _ratio(both, x.sum()), _ratio(both, y.sum())


def pri(x, y) -> float:
    """Proportional reduction in inconsistency of x as sufficient for y: (Σmin(x,y) − Σmin(x,y,1−y)) /
    (Σx − Σmin(x,y,1−y)); low where x is as much a subset of ~y as of y."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    both, contra = np.minimum(x, y).sum(), np.minimum(np.minimum(x, y), 1 - y).sum()
    return _ratio(both - contra, x.sum() - contra)


def conjunction(sets: pd.DataFrame) -> np.ndarray:
    """Membership in the intersection (logical AND) of the columns: their minimum."""
    return sets.to_numpy(float).min(axis=1)


def is_crisp(values) -> bool:
    """Whether every membership is exactly 0 or 1."""
    return bool(np.isin(np.asarray(values, float), (0.0, 1.0)).all())


def measures_table(sets: pd.DataFrame, y) -> pd.DataFrame:
    """Necessity and sufficiency of each condition, its negation (~) and, for two or more, their conjunction (*)."""
    named = {c: sets[c].to_numpy(float) for c in sets.columns}
    named.update({f"~{c}": 1 - sets[c].to_numpy(float) for c in sets.columns})
    if sets.shape[1] > 1:
        named["*".join(sets.columns)] = conjunction(sets)
    rows = []
    for name, x in named.items():
        nec, suf = necessity(x, y), sufficiency(x, y)
        rows.append({"set": name, "nec_consistency": nec[0], "nec_coverage": nec[1], "relevance": nec[2],
                     "suf_consistency": suf[0], "suf_coverage": suf[1]})
    return pd.DataFrame(rows)


def truth_table(sets: pd.DataFrame, y, cut: float = CONSISTENCY_CUT, min_cases: int = 1) -> pd.DataFrame:
    """Every configuration of the conditions (1 present, 0 absent) holding cases: n cases (membership above one half),
    consistency, PRI and outcome (1 when consistency reaches ``cut``; rows with fewer than ``min_cases`` are left out
    as remainders)."""
    x, y = sets.to_numpy(float), np.asarray(y, float)
    rows = []
    for corner in itertools.product((1, 0), repeat=x.shape[1]):
        member = np.where(np.array(corner) == 1, x, 1 - x).min(axis=1)
        n = int((member > 0.5).sum())
        if n >= min_cases:
            cons = sufficiency(member, y)[0]
            rows.append({**dict(zip(sets.columns, corner)), "n": n, "consistency": cons, "pri": pri(member, y),
                         "outcome": int(cons >= cut)})
    table = pd.DataFrame(rows, columns=[*sets.columns, "n", "consistency", "pri", "outcome"])
    return table.sort_values(["consistency", "n"], ascending=False, kind="stable").reset_index(drop=True)


def direct_calibration(values, anchors: tuple[float, float, float]) -> np.ndarray:
    """Ragin's direct method: membership from the log-odds 3·(x − crossover)/(inclusion − crossover) above the
    crossover and 3·(x − crossover)/(crossover − exclusion) below it, so the anchors map to 0.05, 0.5 and 0.95
    (decreasing anchors calibrate a condition whose larger values mean less membership)."""
    exclusion, crossover, inclusion = anchors
    d = np.asarray(values, float) - crossover
    toward = d * (inclusion - crossover) >= 0
    log_odds = np.where(toward, 3 * d / (inclusion - crossover), 3 * d / (crossover - exclusion))
    return 1 / (1 + np.exp(-log_odds))


@dataclass(frozen=True)
class Term:
    """One conjunction of a solution (e.g. activism*~stake) with its consistency, raw and unique coverage and PRI."""

    formula: str
    consistency: float
    coverage: float
    unique_coverage: float
    pri: float


@dataclass(frozen=True)
class Solution:
    """A solution formula (terms joined by +), its measures, and each term's."""

    kind: str  # "complex" or "parsimonious"
    formula: str
    terms: tuple[Term, ...]
    consistency: float
    coverage: float
    pri: float


def _literal(name: str, present: bool) -> str:
    return name if present else f"~{name}"


def _term_literals(term, symbols: dict) -> list[tuple[str, bool]]:
    """A sympy conjunction (or single literal) as (condition, present) pairs, in the conditions' order."""
    from sympy import And, Not

    parts = term.args if isinstance(term, And) else (term,)
    found = {(str(p.args[0]) if isinstance(p, Not) else str(p)): not isinstance(p, Not) for p in parts}
    return [(symbols[s], found[s]) for s in symbols if s in found]


def minimise(sets: pd.DataFrame, y, truth: pd.DataFrame, kind: str) -> Solution | None:
    """The complex or parsimonious solution of the truth table (sympy's SOPform), with its measures over the cases
    in ``sets`` and ``y``; None when no configuration leads to the outcome."""
    from sympy import Or, SOPform
    from sympy import symbols as make_symbols
    from sympy.logic.boolalg import BooleanTrue

    names = list(sets.columns)
    positive = truth[truth["outcome"] == 1]
    if positive.empty:
        return None
    plain = [f"c{i}" for i in range(len(names))]  # sympy symbols free of the conditions' spelling
    syms = make_symbols(plain)
    minterms = [list(map(int, row)) for row in positive[names].to_numpy()]
    observed = {tuple(map(int, row)) for row in truth[names].to_numpy()}
    remainders = ([list(c) for c in itertools.product((0, 1), repeat=len(names)) if c not in observed]
                  if kind == "parsimonious" else [])
    expr = SOPform(list(syms), minterms, remainders)
    y = np.asarray(y, float)
    if isinstance(expr, BooleanTrue):  # every configuration leads to the outcome
        ones = np.ones(len(sets))
        term = Term("1 (every configuration)", *sufficiency(ones, y), float("nan"), pri(ones, y))
        return Solution(kind, term.formula, (term,), term.consistency, term.coverage, term.pri)
    mapping = dict(zip(plain, names))
    terms_expr = expr.args if isinstance(expr, Or) else (expr,)
    memberships, formulas = [], []
    for t in terms_expr:
        literals = _term_literals(t, mapping)
        memberships.append(np.min([sets[n].to_numpy(float) if on else 1 - sets[n].to_numpy(float)
                                   for n, on in literals], axis=0))
        formulas.append("*".join(_literal(n, on) for n, on in literals))
    order = sorted(range(len(formulas)), key=lambda k: formulas[k])
    memberships, formulas = [memberships[k] for k in order], [formulas[k] for k in order]
    whole = np.max(memberships, axis=0)
    terms = []
    for k, m in enumerate(memberships):
        others = np.max([o for j, o in enumerate(memberships) if j != k], axis=0) if len(memberships) > 1 else np.zeros(len(y))
        unique = sufficiency(whole, y)[1] - sufficiency(others, y)[1] if len(memberships) > 1 else sufficiency(m, y)[1]
        terms.append(Term(formulas[k], *sufficiency(m, y), float(unique), pri(m, y)))
    cons, cov = sufficiency(whole, y)
    return Solution(kind, " + ".join(formulas), tuple(terms), cons, cov, pri(whole, y))


def calibrate_factor(factor: Factor, values: pd.Series) -> pd.Series:
    """A factor's values as set membership: level index/(n−1) for bundles and text levels, min-max over the range otherwise."""
    if factor.kind == "bundle":
        return values.astype(float) / (len(factor.levels) - 1)
    if factor.kind == "levels" and not factor.numeric:
        return values.map({v: i for i, v in enumerate(factor.levels)}).astype(float) / (len(factor.levels) - 1)
    low, high = (factor.low, factor.high) if factor.kind == "continuous" else (min(factor.levels), max(factor.levels))
    return ((values.astype(float) - low) / (high - low)).clip(0.0, 1.0)


def membership(results: SweepResults, cases: pd.DataFrame, name: str,
               anchors: tuple[float, float, float] | None = None) -> pd.Series:
    """Each run's membership in the set named by a factor or an outcome column (yes/no outcomes as 0/1), by Ragin's
    direct method where ``anchors`` are stated."""
    if anchors is not None:
        return pd.Series(direct_calibration(cases[name].astype(float), anchors), index=cases.index)
    factor = results.factor(name)
    if factor is not None:
        return calibrate_factor(factor, cases[name])
    if name in BOOL_OUTCOMES or name in UNIT_OUTCOMES:
        return cases[name].astype(float).clip(0.0, 1.0)
    raise KeyError(name)


@dataclass(frozen=True)
class QCAResult:
    """QCA of one outcome: measures over runs (and over design points), the truth table over runs, and the complex
    and parsimonious solutions (None when no configuration leads to the outcome)."""

    outcome: str
    conditions: tuple[str, ...]
    by_run: pd.DataFrame
    by_point: pd.DataFrame | None
    truth: pd.DataFrame
    crisp: bool
    n_runs: int
    n_points: int
    cut: float = CONSISTENCY_CUT
    min_cases: int = 1
    calibration: dict | None = None  # condition -> anchors (exclusion, crossover, inclusion) stated in the spec
    complex: Solution | None = None
    parsimonious: Solution | None = None
    remainders: int = 0  # configurations without enough cases


def qca_analysis(results: SweepResults, spec: QcaSpec) -> QCAResult:
    """Necessity, sufficiency, truth table and solutions of ``spec.conditions`` for ``spec.outcome``; by point with
    per-point proportions."""
    cases, conditions, outcome = results.cases, list(spec.conditions), spec.outcome
    anchors = dict(spec.calibration or {})
    sets = pd.DataFrame({c: membership(results, cases, c, anchors.get(c)).to_numpy() for c in conditions})
    y = membership(results, cases, outcome).to_numpy()
    crisp = is_crisp(sets.to_numpy()) and is_crisp(y)
    by_point = None  # with crisp conditions, constant within a point, it would repeat the table over runs exactly
    if not is_crisp(sets.to_numpy()) and cases.groupby("point_id").size().max() > 1:
        grouped = sets.assign(_y=y, _p=cases["point_id"].to_numpy()).groupby("_p").mean()
        by_point = measures_table(grouped[list(conditions)], grouped["_y"].to_numpy())
    truth = truth_table(sets, y, spec.cut, spec.min_cases)
    return QCAResult(outcome, tuple(conditions), measures_table(sets, y), by_point, truth, crisp, len(cases),
                     int(cases["point_id"].nunique()), spec.cut, spec.min_cases, anchors or None,
                     minimise(sets, y, truth, "complex"), minimise(sets, y, truth, "parsimonious"),
                     2 ** len(conditions) - len(truth))
