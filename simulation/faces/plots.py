"""Figures of a run: stances over time, the three legs over time, and the benefit-versus-cost breakdown."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from ..lab.runs import RunResult  # noqa: E402
from ..model.decision import BENEFIT_TERMS, TERM_INFO, TERMS  # noqa: E402
from ..model.legs import LEGS  # noqa: E402
from ..model.stance import STANCE_LABELS  # noqa: E402
from .narrative import TERM_WORDS  # noqa: E402

STANCE_COLOURS = ("#b2182b", "#bdbdbd", "#92c5de", "#4393c3", "#053061")
TERM_COLOURS = {name: term.colour for name, term in TERM_INFO.items()}
MANY = 12  # with more states than this, the stance panel draws the focal states only
BREAKDOWN_MAX = 6  # at most this many focal states in the breakdown figure
SPREAD = 0.03  # vertical gap between stance lines, so lines on the same stance stay apart


def stance_lines(result: RunResult) -> list[tuple[int, float]]:
    """The states the stance panel draws (every state, or the focal ones in a large world) and each line's offset
    from its stance: spread by its place among the lines drawn, centred, never more than a third of a step."""
    w, focal = result.world, set(result.scenario.focal)
    rows = [i for i in range(w.n_states) if w.n_states <= MANY or w.codes[i] in focal]
    gap = min(SPREAD, 0.6 / max(len(rows) - 1, 1))
    return [(i, (k - (len(rows) - 1) / 2) * gap) for k, i in enumerate(rows)]


def plot_stances(result: RunResult, path: Path) -> Path:
    """Top: how many states hold each stance at each tick (mean over replications). Bottom: each state's stance."""
    h, w = result.history, result.world
    ticks = np.arange(h.length)
    counts = h["stance_counts"].mean(axis=1)  # (T, 5)
    rows = 2 if h.per_state else 1
    fig, axes = plt.subplots(rows, 1, figsize=(9, 3.2 * rows + 0.8), squeeze=False, sharex=True)
    ax = axes[0, 0]
    ax.stackplot(ticks, counts.T, labels=STANCE_LABELS, colors=STANCE_COLOURS, alpha=0.9)
    ax.set_ylabel("states")
    ax.set_title(f"{result.scenario.name}: stances over time"
                 + (f" (mean of {result.replications} runs)" if result.replications > 1 else ""))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    if h.per_state:
        ax = axes[1, 0]
        stance = h["stance"][:, 0, :]
        many = w.n_states > MANY
        for i, offset in stance_lines(result):
            focal = w.codes[i] in result.scenario.focal
            ax.step(ticks, stance[:, i] + offset, where="post", lw=2.5 if focal else 1.2,
                    label=w.names[i] + (" (focal)" if focal else ""))
        ax.set_yticks(range(len(STANCE_LABELS)), STANCE_LABELS)
        ax.set_ylabel("stance (replication 0)" + (", focal states" if many else ""))
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    axes[-1, 0].set_xlabel("tick (month)")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def plot_legs(result: RunResult, path: Path, codes: list[str]) -> Path:
    """The three legs (activism, legislative pressure, officials' conviction) and net benefit for the given states."""
    h, w = result.history, result.world
    ticks = np.arange(h.length)
    fig, axes = plt.subplots(1, len(codes), figsize=(4.6 * len(codes), 3.6), squeeze=False)
    for ax, code in zip(axes[0], codes):
        i = w.index(code)
        for leg in LEGS:
            ax.plot(ticks, h[leg.level][:, 0, i], color=leg.colour, label=leg.name)
        ax.plot(ticks, h["net"][:, 0, i], color="black", ls="--", label="net benefit")
        ax.axhline(result.scenario.parameters.threshold_support, color="grey", lw=0.8, ls=":",
                   label="cut point to support")
        tip = int(result.final.tipped_tick[0, i])
        if tip > 0:
            ax.axvline(tip, color="#4393c3", lw=1.5, label=f"tipped (tick {tip})")
        ax.set_title(f"{w.names[i]}: the three legs", fontsize=10)
        ax.set_xlabel("tick (month)")
        ax.set_ylabel("level in [0, 1]; net benefit of acting")
        ax.legend(fontsize=7)
    fig.suptitle(f"{result.scenario.name}: the first replication (replication 0 of {result.replications}; seed "
                 f"{result.seed})", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def breakdown_states(result: RunResult, k: int = 4) -> list[int]:
    """Rows of the scenario's focal states first, then the states that tipped (latest first), then those that came
    closest to acting."""
    f, w = result.final, result.world
    focal = [w.index(c) for c in result.scenario.focal if c in w.codes]
    tipped = [i for i in range(w.n_states) if f.tipped_tick[0, i] > 0 and i not in focal]
    rest = sorted((i for i in range(w.n_states) if f.tipped_tick[0, i] <= 0 and i not in focal),
                  key=lambda i: -f.net[0, i])
    return (focal + sorted(tipped, key=lambda i: -f.tipped_tick[0, i]) + rest)[: max(k, min(len(focal), BREAKDOWN_MAX))]


def plot_breakdown(result: RunResult, path: Path, rows: list[int] | None = None) -> Path:
    """Benefit against cost, term by term, at the tick each state tipped (or at the end if it never did)."""
    h, w, f = result.history, result.world, result.final
    rows = breakdown_states(result) if rows is None else rows
    fig, axes = plt.subplots(len(rows), 1, figsize=(10, 1.4 + 1.25 * len(rows)), squeeze=False, sharex=True)
    used: dict[str, object] = {}
    for ax, i in zip(axes[:, 0], rows):
        tick = int(f.tipped_tick[0, i]) if f.tipped_tick[0, i] > 0 else h.length - 1
        values = h["terms"][tick, 0, i]
        ends = {"benefit": 0.0, "cost": 0.0}
        for term, v in zip(TERMS, values):
            if abs(v) < 1e-9:
                continue
            side, y = ("benefit", 0.2) if term in BENEFIT_TERMS else ("cost", -0.2)
            used[term] = ax.barh(y, v, left=ends[side], height=0.35, color=TERM_COLOURS[term])
            ends[side] += v
        net = values.sum()
        ax.axvline(net, color="black", lw=2)
        ax.axvline(0, color="grey", lw=0.8)
        ax.set_yticks([0.2, -0.2], ["benefit", "cost"])
        when = f"tipped at tick {tick}" if f.tipped_tick[0, i] > 0 else f"never acted (tick {tick})"
        ax.set_title(f"{w.names[i]}: {when}; net benefit {net:+.2f} (black line)", fontsize=9)
    axes[-1, 0].set_xlabel("contribution to the net benefit of acting (costs left, benefits right)")
    order = [t for t in TERMS if t in used]
    fig.legend([used[t] for t in order], [TERM_WORDS[t] for t in order], loc="center left",
               bbox_to_anchor=(0.78, 0.5), fontsize=8, frameon=False)
    fig.tight_layout(rect=(0, 0, 0.77, 1))
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def run_figures(result: RunResult, folder: Path) -> list[Path]:
    """All the figures of a run, written into ``folder``."""
    paths = [plot_stances(result, folder / "stances.png")]
    if result.history.per_state:
        paths.append(plot_breakdown(result, folder / "decision_breakdown.png"))
        focal = list(result.scenario.focal) or [result.world.codes[i] for i in breakdown_states(result, 2)]
        paths.append(plot_legs(result, folder / "legs.png", focal[:3]))
    return paths
