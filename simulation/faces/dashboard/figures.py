"""The dashboard's figures, drawn with matplotlib from a running model: world view, stances, terms, the three legs."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ...model.decision import BENEFIT_TERMS, TERMS
from ...model.stance import STANCE_LABELS
from ..narrative import TERM_WORDS
from ..network import draw_network
from ..plots import STANCE_COLOURS, TERM_COLOURS
from ..tipping import LEG_WORDS, Tipping
from ..worldmap import draw_map, use_map


def stance_colours(model) -> list[str]:
    """Each state's colour for its current stance."""
    return [STANCE_COLOURS[int(s)] for s in model.state.stance[0]]


def world_figure(model, selected: int | None) -> Figure:
    """A map of the states coloured by stance when most have a shape on the map, else their bloc network."""
    w = model.world
    fig = Figure(figsize=(7.5, 4.2), layout="constrained")
    ax = fig.add_subplot()
    colours = stance_colours(model)
    if use_map(w.codes):
        draw_map(ax, dict(zip(w.codes, colours)), outline=None if selected is None else w.codes[selected])
        ax.set_title(f"Tick {model.steps}: states by stance (map)", fontsize=10)
    else:
        draw_network(ax, list(w.names), w.membership, list(w.bloc_names), colours, selected)
        ax.set_title(f"Tick {model.steps}: states by stance, grouped by bloc (network)", fontsize=10)
    fig.legend([Patch(color=c) for c in STANCE_COLOURS], STANCE_LABELS, loc="outside lower center", ncols=5,
               fontsize=8, frameon=False)
    return fig


def stances_figure(model) -> Figure:
    """How many states hold each stance, tick by tick, so far."""
    counts = model.history["stance_counts"][:, 0, :]
    fig = Figure(figsize=(6.5, 3.2), layout="constrained")
    ax = fig.add_subplot()
    ax.stackplot(np.arange(len(counts)), counts.T, labels=STANCE_LABELS, colors=STANCE_COLOURS, alpha=0.9)
    ax.set_xlim(0, max(model.max_steps or 1, len(counts) - 1))
    ax.set_ylim(0, model.world.n_states)
    ax.set_xlabel("tick (month)")
    ax.set_ylabel("states")
    ax.set_title("Stances over time", fontsize=10)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    return fig


def terms_figure(model, row: int) -> Figure:
    """The selected state's benefit against cost at the last decision, term by term (stacked bars)."""
    fig = Figure(figsize=(6.5, 3.0), layout="constrained")
    ax = fig.add_subplot()
    name = model.world.names[row]
    if model.last_terms is None:
        ax.text(0.5, 0.5, f"{name}: no decision yet, press Step", ha="center", va="center", transform=ax.transAxes)
        ax.axis("off")
        return fig
    values = model.last_terms[0, row]
    ends = {(y, v > 0): 0.0 for y in (0, 1) for v in (False, True)}  # bars stack away from 0 on each side
    handles, labels = [], []
    for term, v in zip(TERMS, values):
        if abs(v) < 1e-9:
            continue
        key = (1 if term in BENEFIT_TERMS else 0, bool(v > 0))
        handles.append(ax.barh(key[0], v, left=ends[key], height=0.6, color=TERM_COLOURS[term]))
        labels.append(f"{TERM_WORDS[term]} ({v:+.2f})")
        ends[key] += v
    net = float(values.sum())
    ax.axvline(net, color="black", lw=2)
    ax.axvline(0, color="grey", lw=0.8)
    ax.set_yticks([1, 0], ["benefit", "cost"])
    ax.set_xlabel("contribution to the net benefit of acting")
    ax.set_title(f"{name} at tick {model.steps}: benefit against cost (net {net:+.2f}, black line)", fontsize=10)
    ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, frameon=False)
    return fig


def legs_figure(name: str, tipping: Tipping) -> Figure:
    """The three legs' levels (bars) against the level each alone would need to tip the state (markers)."""
    fig = Figure(figsize=(6.0, 2.6), layout="constrained")
    ax = fig.add_subplot()
    y = np.arange(len(tipping.legs))[::-1]
    ax.barh(y, [r.level for r in tipping.legs], color=["#e66101", "#5e3c99", "#1b7837"], height=0.55)
    for yi, r in zip(y, tipping.legs):
        if r.needed is not None and not tipping.acting:
            x = min(r.needed, 1.02)
            ax.plot([x], [yi], marker="|" if r.reachable else ">", ms=22 if r.reachable else 10, mew=3, color="black")
            ax.annotate(f"needs {r.needed:.2f}" if r.reachable else "out of reach", (x, yi), xytext=(4, 8),
                        textcoords="offset points", fontsize=8)
    ax.set_yticks(y, [LEG_WORDS[r.leg] for r in tipping.legs])
    ax.set_xlim(0, 1.15)
    ax.set_xlabel("level (0 to 1); black mark: the level that alone would tip it")
    state = "acting" if tipping.acting else f"needs {tipping.gap:+.2f} net benefit to act"
    ax.set_title(f"{name}: the trifecta ({state})", fontsize=10)
    return fig
