"""Figures of a hindcast: predicted against recorded totals per roll call, a map of one roll call's hits and
misses, and the calibration of each method's probabilities."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from ..lab.votes.hindcast import METHODS  # noqa: E402
from ..lab.votes.scoring import CLASSES, calibration  # noqa: E402
from .worldmap import draw_map, shapes  # noqa: E402

VOTE_COLOURS = {"yes": "#2e7d32", "no": "#c62828", "abstain": "#f9a825", "absent": "#bdbdbd"}
HIT, MISS, ABSENT = "#43a047", "#e53935", "#78909c"
METHOD_STYLE = {"model": ("#1565c0", "o"), "majority": ("#757575", "s"), "persistence": ("#6a1b9a", "^"),
                "logit": ("#ef6c00", "D")}


def _save(fig, path: Path) -> str:
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path.name


def totals_figure(table: pd.DataFrame, path: Path) -> str:
    """Per outcome, each roll call's predicted total (the sum of the probabilities) against its recorded total,
    one colour per method; on the diagonal a method gets the roll call's totals right."""
    fig, axes = plt.subplots(1, len(CLASSES), figsize=(13, 4.1))
    top = max(table[[f"real_{c}" for c in CLASSES] + [f"predicted_{c}" for c in CLASSES]].to_numpy().max(), 1) * 1.05
    for ax, c in zip(axes, CLASSES, strict=True):
        ax.plot([0, top], [0, top], color="#9e9e9e", linestyle="--", linewidth=1)
        for m in METHODS:
            g = table[table["method"] == m]
            colour, marker = METHOD_STYLE[m]
            ax.scatter(g[f"real_{c}"], g[f"predicted_{c}"], s=16, color=colour, marker=marker, label=m, alpha=0.8)
        ax.set_xlim(0, top)
        ax.set_ylim(0, top)
        ax.set_aspect("equal")
        ax.set_title(c, color=VOTE_COLOURS[c] if c != "absent" else "#616161")
        ax.set_xlabel("recorded, per roll call")
    axes[0].set_ylabel("predicted")
    axes[-1].legend(fontsize=7, loc="upper left")
    fig.suptitle("Predicted against recorded totals: one point per roll call and method", fontsize=10)
    return _save(fig, path)


@cache
def _points() -> pd.DataFrame:
    """Capitals of the members without a shape on the 1:110m map (small states), drawn as points."""
    with resources.files("simulation").joinpath("data", "capitals.csv").open("r", encoding="utf-8") as fh:
        frame = pd.read_csv(fh)
    return frame[~frame["iso3"].isin(shapes())].set_index("iso3")


def map_figure(votes: pd.DataFrame, rcid: int, path: Path, method: str = "model") -> str:
    """The world on one roll call: states whose predicted present vote was right, wrong, or who were absent."""
    g = votes[(votes["rcid"] == rcid) & (votes["method"] == method)]
    colours = {row.iso3: ABSENT if row.vote == "absent" else HIT if row.predicted == row.vote else MISS
               for row in g.itertuples()}
    fig, ax = plt.subplots(figsize=(10, 5.2))
    draw_map(ax, colours)
    small = _points().reindex([c for c in colours if c in _points().index])
    ax.scatter(small["lon"], small["lat"], s=14, c=[colours[c] for c in small.index], edgecolors="#424242",
               linewidths=0.4, zorder=3)
    ax.set_xlim(-180, 180)
    ax.set_ylim(-60, 85)
    present = g[g["vote"] != "absent"]
    hits = int((present["predicted"] == present["vote"]).sum())
    first = g.iloc[0]
    ax.set_title(f"{first['resolution']} on {first['target']} ({first['date']}), {method}: {hits} of {len(present)} "
                 "present votes right", fontsize=10)
    ax.legend(handles=[Patch(color=HIT, label="right"), Patch(color=MISS, label="wrong"),
                       Patch(color=ABSENT, label="absent")], loc="lower left", fontsize=8)
    return _save(fig, path)


def calibration_figure(votes: pd.DataFrame, path: Path, bins: int = 10) -> str:
    """Observed frequency against predicted probability (one-vs-rest, the four classes pooled), per method."""
    fig, ax = plt.subplots(figsize=(5.5, 5))
    ax.plot([0, 1], [0, 1], color="#9e9e9e", linestyle="--", linewidth=1, label="perfect calibration")
    for m in METHODS:
        g = votes[votes["method"] == m]
        if g.empty:
            continue
        c = calibration(g["vote"].tolist(), g[[f"p_{k}" for k in CLASSES]].to_numpy(), bins)
        colour, marker = METHOD_STYLE[m]
        ax.plot(c["predicted"], c["observed"], marker=marker, color=colour, label=m, markersize=4)
    ax.set_xlabel("predicted probability")
    ax.set_ylabel("observed frequency")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.legend(fontsize=8)
    ax.set_title("Calibration (yes, no, abstain, absent pooled)", fontsize=10)
    return _save(fig, path)
