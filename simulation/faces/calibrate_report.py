"""The calibration's report: convergence, the fitted parameters with their likelihood slices, and the validation
scores beside the baselines (``report.md`` and ``report.html``, from ``templates/calibrate/``)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from ..lab.votes.calibrate import FREE, Fit  # noqa: E402
from ..lab.votes.hindcast import METHODS  # noqa: E402
from .reports import render  # noqa: E402
from .reports import write_report as write_markdown


def convergence_figure(history: list[float], generation_best: list[float], path: Path) -> str:
    """The best log-likelihood found so far after each generation (the start's included), and the best among each
    generation's own candidates: how far the search ranged from the best and how it closed in."""
    fig, ax = plt.subplots(figsize=(7, 3.2))
    generations = range(1, len(history) + 1)
    ax.plot(generations, generation_best, ".", color="#92c5de", markersize=3, label="best of the generation")
    ax.plot(generations, history, color="#2166ac", label="best so far")
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.set_xlabel("generation")
    ax.set_ylabel("training log-likelihood")
    ax.set_title("CMA-ES on the training votes")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path.name


def intervals_figure(slices: pd.DataFrame, path: Path) -> str:
    """Each parameter's fit and 95% slice, as a share of its search range."""
    ranges = {f.name: (f.low, f.high) for f in FREE}
    fig, ax = plt.subplots(figsize=(7, 0.32 * len(slices) + 1.2))
    for y, row in enumerate(slices.itertuples()):
        lo, hi = ranges[row.parameter]
        scale = hi - lo
        ax.plot([(row.low - lo) / scale, (row.high - lo) / scale], [y, y], color="#92c5de", lw=5)
        ax.plot([(row.value - lo) / scale], [y], "o", color="#053061")
    ax.set_yticks(range(len(slices)), [f"{r.parameter} ({r.value:.3g})" for r in slices.itertuples()], fontsize=8)
    ax.set_xlim(-0.02, 1.02)
    ax.set_xlabel("position in the search range (0 = lowest, 1 = highest)")
    ax.invert_yaxis()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path.name


def write_report(folder: Path, profile: dict, fitted: Fit, slices: pd.DataFrame, validation) -> None:
    """convergence.png, intervals.png, intervals.csv and report.md / report.html in ``folder``."""
    prov = profile["provenance"]
    convergence_figure(fitted.history, fitted.generation_best, folder / "convergence.png")
    intervals_figure(slices, folder / "intervals.png")
    slices.to_csv(folder / "intervals.csv", index=False)
    scores = pd.DataFrame([{"method": m, **{k: v for k, v in prov["validation"][m].items()}} for m in METHODS])
    parameters = slices.assign(beyond_scan=slices["beyond_scan"].map({True: "wider than the scan", False: ""}))
    text = render("calibrate/report.md.j2", train=prov["train"], validate=prov["validate"], votes=prov["train_votes"],
                  n_roll_calls=len(prov["train_roll_calls"]), data=prov["data"]["votes"],
                  replications=prov["replications"], optimiser=prov["optimiser"], seed=prov["seed"],
                  generations=prov["generations"], evaluations=prov["evaluations"],
                  log_likelihood=prov["log_likelihood"], per_vote=prov["log_likelihood_per_vote"],
                  parameters=parameters, scores=scores)
    write_markdown(folder, text)
