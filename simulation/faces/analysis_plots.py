"""Figures of a sweep's analyses: tipping curves and heatmaps, Sobol and Morris indices and Sobol's convergence,
PRIM's peeling trajectories and the CART tree."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from ..lab.analysis.cart import CartResult  # noqa: E402
from ..lab.analysis.discovery import PeeledBox, PrimResult  # noqa: E402
from ..lab.analysis.sensitivity import SensitivityResult  # noqa: E402
from ..lab.analysis.tipping import TippingResult  # noqa: E402
from ..lab.analysis.trajectories import TrajectoryResult  # noqa: E402


def _save(fig, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def _square(ax, low: float, high: float, xlabel: str, ylabel: str, title: str, legend_at: str = "best") -> None:
    """Same limits on both axes, axis labels, a title and a small legend."""
    ax.set_xlim(low, high)
    ax.set_ylim(low, high)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8, loc=legend_at)


def plot_tipping_curves(result: TippingResult, path: Path) -> Path:
    """One panel per variable: the proportion of runs with the outcome at each level, with its Wilson 95% band."""
    n = len(result.curves)
    cols, rows = min(n, 3), -(-n // 3)
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 3.4 * rows + 0.4), squeeze=False, sharey=True)
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    for ax, (name, curve) in zip(axes.flat, result.curves.items()):
        ax.fill_between(curve["x"], curve["lo"], curve["hi"], color="#92c5de", alpha=0.6, label="95% (Wilson)")
        ax.plot(curve["x"], curve["p"], "o-", color="#053061", label=f"P({result.outcome})")
        if curve["categorical"].all():
            ax.set_xticks(curve["x"], curve["label"], rotation=20, fontsize=8)
        ax.set_xlabel(name)
        ax.set_ylim(-0.02, 1.02)
        ax.grid(alpha=0.3)
    for ax in axes[:, 0]:
        ax.set_ylabel(f"share of runs: {result.outcome}")
    axes[0, 0].legend(fontsize=8, loc="upper left")
    fig.suptitle(f"Tipping curves ({result.n_runs} runs)")
    return _save(fig, path)


def plot_heatmap(grid: pd.DataFrame, a: str, b: str, outcome: str, path: Path) -> Path:
    """P(outcome) for each pair of levels of a (rows) and b (columns); blank where no run fell."""
    fig, ax = plt.subplots(figsize=(1.0 + 0.75 * grid.shape[1] + 1.5, 1.0 + 0.5 * grid.shape[0] + 1.0))
    im = ax.imshow(grid.to_numpy(float), origin="lower", aspect="auto", vmin=0, vmax=1, cmap="RdBu")
    ax.set_xticks(range(grid.shape[1]), grid.columns, rotation=35, ha="right", fontsize=7)
    ax.set_yticks(range(grid.shape[0]), grid.index, fontsize=7)
    ax.set_xlabel(b)
    ax.set_ylabel(a)
    for (i, j), v in np.ndenumerate(grid.to_numpy(float)):
        if np.isfinite(v):
            ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=7, color="white" if abs(v - 0.5) > 0.3 else "black")
    fig.colorbar(im, ax=ax, label=f"P({outcome})")
    ax.set_title(f"P({outcome}) by {a} and {b}", fontsize=9)
    return _save(fig, path)


def plot_sobol(result: SensitivityResult, path: Path) -> Path:
    """First-order and total Sobol indices per factor, as bars with their 95% confidence half-widths."""
    t = result.table
    x = np.arange(len(t))
    fig, ax = plt.subplots(figsize=(max(5.0, 1.1 * len(t) + 2), 3.8))
    ax.bar(x - 0.2, t["S1"], 0.4, yerr=t["S1_conf"], capsize=3, color="#4393c3", label="first order S1")
    ax.bar(x + 0.2, t["ST"], 0.4, yerr=t["ST_conf"], capsize=3, color="#b2182b", label="total ST")
    ax.set_xticks(x, t["factor"], rotation=20, ha="right")
    ax.axhline(0, color="grey", lw=0.8)
    ax.set_ylabel("share of variance")
    ax.set_title(f"Sobol indices of mean {result.outcome} ({result.n_points} points)")
    ax.legend(fontsize=8)
    return _save(fig, path)


def plot_morris(result: SensitivityResult, path: Path) -> Path:
    """Morris μ* (importance) against σ (interaction or non-linearity), one labelled point per factor."""
    t = result.table
    fig, ax = plt.subplots(figsize=(5.5, 4.2))
    ax.errorbar(t["mu_star"], t["sigma"], xerr=t["mu_star_conf"], fmt="o", color="#053061", ecolor="#92c5de")
    for _, row in t.iterrows():
        ax.annotate(row["factor"], (row["mu_star"], row["sigma"]), textcoords="offset points", xytext=(4, 4), fontsize=8)
    top = float(max((t["mu_star"] + t["mu_star_conf"].fillna(0)).max(), t["sigma"].max(), 1e-12)) * 1.1
    ax.plot([0, top], [0, top], ls=":", color="grey", lw=0.8, label="σ = μ*")
    _square(ax, 0, top, "μ* (mean absolute elementary effect)", "σ (spread of the effects)",
            f"Morris screening of mean {result.outcome}")
    return _save(fig, path)


def plot_peeling(box: PeeledBox, result: PrimResult, path: Path, shown: int | None = None) -> Path:
    """PRIM's peeling trajectory: coverage against density, coloured by the number of restricted inputs, candidate
    steps numbered, the chosen (or asked for) step ringed."""
    t = box.trajectory
    fig, ax = plt.subplots(figsize=(5.8, 4.2))
    dims = t["res_dim"].astype(int)
    cmap = plt.get_cmap("viridis", max(int(dims.max()) + 1, 2))
    sc = ax.scatter(t["coverage"], t["density"], c=dims, cmap=cmap, vmin=-0.5, vmax=cmap.N - 0.5, s=22)
    step = box.chosen if shown is None else shown
    ringed = t.loc[step]
    ax.scatter([ringed["coverage"]], [ringed["density"]], s=160, facecolors="none", edgecolors="#b2182b", lw=2,
               label=f"{'chosen' if shown is None else 'asked'}: step {step} ({int(ringed['res_dim'])} inputs)")
    for k in box.candidates:
        ax.annotate(str(k), (t.at[k, "coverage"], t.at[k, "density"]), textcoords="offset points", xytext=(5, -10),
                    fontsize=7)
    fig.colorbar(sc, ax=ax, ticks=range(cmap.N), label="restricted inputs")
    _square(ax, -0.02, 1.02, "coverage (share of cases of interest inside the box)",
            "density (share of the box's cases that are of interest)",
            f"PRIM peeling trajectory: {result.outcome} ≥ {result.threshold:g}", "lower left")
    return _save(fig, path)


def plot_convergence(result: SensitivityResult, path: Path) -> Path:
    """S1 and ST of each factor against the base sample size n, with their 95% intervals as bands."""
    c = result.convergence
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.8), sharey=True)
    colours = dict(zip(c["factor"].unique(), plt.get_cmap("tab10").colors))
    for ax, index in zip(axes, ("S1", "ST")):
        for factor, part in c.groupby("factor", sort=False):
            ax.plot(part["n"], part[index], "o-", ms=3, color=colours[factor], label=factor)
            ax.fill_between(part["n"], part[index] - part[f"{index}_conf"], part[index] + part[f"{index}_conf"],
                            color=colours[factor], alpha=0.15)
        ax.set_xscale("log", base=2)
        ax.axhline(0, color="grey", lw=0.8)
        ax.set_xlabel("base sample size n")
        ax.set_title(f"{'first-order' if index == 'S1' else 'total'} index {index}", fontsize=10)
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("share of variance (95% band)")
    axes[1].legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    fig.suptitle(f"Sobol indices of mean {result.outcome} against the sample size")
    return _save(fig, path)


def plot_tree(result: CartResult, path: Path) -> Path:
    """The CART tree (scikit-learn's plot_tree): splits, and each node's share of cases of interest."""
    from sklearn.tree import plot_tree as sk_plot_tree

    depth = result.tree.get_depth()
    fig, ax = plt.subplots(figsize=(max(6.0, 2.6 * 2 ** min(depth, 4) / 2), 1.6 + 1.5 * depth))
    sk_plot_tree(result.tree, feature_names=list(result.inputs), class_names=["other", "of interest"], filled=True,
                 proportion=True, impurity=False, rounded=True, fontsize=7, ax=ax)
    ax.set_title(f"CART: {result.outcome} ≥ {result.threshold:g} ({result.n_cases} runs)", fontsize=10)
    return _save(fig, path)


def plot_trajectories(result: TrajectoryResult, name: str, path: Path) -> Path:
    """Left: the reading's mean over time for each level of factor ``name``, with its 95% band; right: the share of
    runs not yet tipped (Kaplan-Meier, 95% band), level by level."""
    panels = 2 if name in result.survival else 1
    fig, axes = plt.subplots(1, panels, figsize=(5.2 * panels, 3.8), squeeze=False)
    colours = plt.cm.viridis(np.linspace(0.05, 0.9, max(result.paths[name]["level"].nunique(), 1)))
    for colour, (label, part) in zip(colours, result.paths[name].groupby("label", sort=False)):
        axes[0, 0].fill_between(part["tick"], part["low"], part["high"], color=colour, alpha=0.2)
        axes[0, 0].plot(part["tick"], part["mean"], "-", color=colour, label=f"{name} {label}")
    axes[0, 0].set_xlabel("tick")
    axes[0, 0].set_ylabel(f"mean {result.outcome} (95% band)")
    axes[0, 0].grid(alpha=0.3)
    axes[0, 0].legend(fontsize=7)
    if panels == 2:
        for colour, (label, part) in zip(colours, result.survival[name].groupby("label", sort=False)):
            axes[0, 1].fill_between(part["tick"], part["low"], part["high"], color=colour, alpha=0.2, step="post")
            axes[0, 1].step(part["tick"], part["not_tipped"], where="post", color=colour, label=f"{name} {label}")
        axes[0, 1].set_xlabel("tick")
        axes[0, 1].set_ylabel("share not yet tipped (Kaplan-Meier)")
        axes[0, 1].set_ylim(-0.02, 1.02)
        axes[0, 1].grid(alpha=0.3)
    fig.suptitle(f"{result.outcome} over time by {name} ({result.n_runs} runs)")
    return _save(fig, path)
