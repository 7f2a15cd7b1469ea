"""Figures of a strategy comparison: P(tip) with intervals, survival curves, terms moved, the search's convergence."""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

LABEL_WIDTH = 32  # longer strategy names are wrapped onto more lines in figures


def _short(name: str) -> str:
    """A strategy's name for a figure: wrapped at ``LABEL_WIDTH`` characters, at most two lines."""
    return "\n".join(textwrap.wrap(str(name), LABEL_WIDTH, max_lines=2, placeholder="…")) or str(name)


def _save(fig, path: Path) -> str:
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path.name


def p_tip_figure(ranking: pd.DataFrame, path: Path, label: str = "P(tip)") -> str:
    """Each strategy's probability of success (``label``, by the spec's rule), with its 95% interval, best at the top."""
    frame = ranking.iloc[::-1]
    fig, ax = plt.subplots(figsize=(7, 0.5 * len(frame) + 1.2))
    y = range(len(frame))
    ax.errorbar(frame["p_tip"], y, xerr=[frame["p_tip"] - frame["p_low"], frame["p_high"] - frame["p_tip"]],
                fmt="o", capsize=3)
    ax.set_yticks(list(y), [f"{_short(s)} ({c:.3g})" for s, c in zip(frame["strategy"], frame["cost"])])
    ax.set_xlabel(f"{label}, 95% interval; cost in brackets")
    ax.set_xlim(-0.02, 1.02)
    return _save(fig, path)


def survival_figure(survival: pd.DataFrame, path: Path) -> str:
    """Kaplan-Meier share of runs in which the target has not yet tipped, per strategy, with 95% bands."""
    fig, ax = plt.subplots(figsize=(7, 4))
    for name, part in survival.groupby("strategy", sort=False):
        line, = ax.step(part["tick"], part["not_tipped"], where="post", label=_short(name))
        if {"low", "high"} <= set(part.columns):
            ax.fill_between(part["tick"], part["low"], part["high"], step="post", color=line.get_color(), alpha=0.15)
    ax.set_xlabel("tick")
    ax.set_ylabel("share not yet tipped")
    ax.set_ylim(-0.02, 1.02)
    ax.legend(fontsize=8)
    return _save(fig, path)


def terms_figure(terms: pd.DataFrame, name: str, path: Path) -> str:
    """How the best strategy changed each term of the target's decision at the horizon, with 95% intervals."""
    fig, ax = plt.subplots(figsize=(7, 4))
    y = range(len(terms))
    ax.barh(list(y), terms["difference"], xerr=[terms["difference"] - terms["low"], terms["high"] - terms["difference"]],
            capsize=2)
    ax.set_yticks(list(y), terms["term"])
    ax.axvline(0, color="black", lw=0.8)
    ax.set_xlabel(f"term with '{name}' minus without (paired by seed)")
    return _save(fig, path)


def convergence_figure(history: list[float], path: Path, label: str = "P(tip)") -> str:
    """Best objective (``label`` on the search seeds, less a tiny cost penalty) after each generation."""
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot(range(1, len(history) + 1), history, marker="o")
    ax.set_xlabel("generation")
    ax.set_ylabel(f"best {label} on the search seeds")
    return _save(fig, path)
