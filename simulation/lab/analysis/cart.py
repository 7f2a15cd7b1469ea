"""Scenario discovery with CART (scikit-learn's decision tree): the regions of the inputs where the outcome of
interest concentrates, as the leaves of a shallow tree, each a box with its coverage and density."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.tree import DecisionTreeClassifier, export_text

from .discovery import with_levels
from .kinds import CartSpec
from .results import Skipped, SweepResults, encode


@dataclass(frozen=True)
class CartResult:
    """The fitted tree as text, and its leaves as boxes (limits on the inputs) with their statistics."""

    outcome: str
    threshold: float
    inputs: tuple[str, ...]
    leaves: pd.DataFrame  # leaf, n, n_interest, density, coverage, mass (densest first)
    limits: dict[int, pd.DataFrame]  # leaf -> input, lower, upper, min, max, levels (restricted inputs only)
    rules: str
    n_cases: int
    n_interest: int
    tree: DecisionTreeClassifier


def leaf_limits(tree: DecisionTreeClassifier, x: pd.DataFrame) -> dict[int, pd.DataFrame]:
    """Each leaf's box: the bounds the splits on its path set on each input (x ≤ t goes left, x > t right)."""
    t = tree.tree_
    low, high = x.min().to_dict(), x.max().to_dict()
    out: dict[int, pd.DataFrame] = {}

    def walk(node: int, bounds: dict[str, tuple[float, float]]) -> None:
        if t.children_left[node] == t.children_right[node]:  # a leaf
            rows = [{"input": c, "lower": lo, "upper": hi, "min": low[c], "max": high[c]}
                    for c, (lo, hi) in bounds.items()]
            out[node] = pd.DataFrame(rows, columns=["input", "lower", "upper", "min", "max"])
            return
        name, cut = x.columns[t.feature[node]], float(t.threshold[node])
        lo, hi = bounds.get(name, (low[name], high[name]))
        below = x[name][x[name] <= cut].max()  # the largest value kept on the left, for readable bounds
        above = x[name][x[name] > cut].min()
        walk(int(t.children_left[node]), {**bounds, name: (lo, min(hi, float(below)))})
        walk(int(t.children_right[node]), {**bounds, name: (max(lo, float(above)), hi)})

    walk(0, {})
    return out


def cart_analysis(results: SweepResults, spec: CartSpec) -> CartResult:
    """A classification tree (scikit-learn, fixed random state) of runs with outcome ≥ threshold over the inputs."""
    cases, inputs = results.cases, list(spec.inputs)
    x = encode(results, cases[inputs]).reset_index(drop=True)
    y = (cases[spec.outcome].astype(float).to_numpy() >= spec.threshold).astype(int)
    if y.min() == y.max():
        raise Skipped(f"{'every' if y.min() else 'no'} run has {spec.outcome} ≥ {spec.threshold:g}, so there is "
                      "nothing to separate")
    tree = DecisionTreeClassifier(max_depth=spec.max_depth, min_samples_leaf=spec.min_leaf, random_state=0).fit(x, y)
    leaf_of = tree.apply(x)
    total = int(y.sum())
    rows = []
    for leaf in np.unique(leaf_of):
        inside = leaf_of == leaf
        k = int(y[inside].sum())
        rows.append({"leaf": int(leaf), "n": int(inside.sum()), "n_interest": k, "density": k / int(inside.sum()),
                     "coverage": k / total, "mass": float(inside.mean())})
    leaves = pd.DataFrame(rows).sort_values(["density", "n"], ascending=False, kind="stable").reset_index(drop=True)
    limits = {leaf: with_levels(results, lim) for leaf, lim in leaf_limits(tree, x).items()}
    return CartResult(spec.outcome, spec.threshold, tuple(inputs), leaves, limits,
                      export_text(tree, feature_names=inputs, decimals=3), len(y), total, tree)
