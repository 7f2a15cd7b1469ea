"""The bloc network: states placed in clusters by their first bloc, tied to every state they share a bloc with."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes


def bloc_layout(membership: np.ndarray) -> np.ndarray:
    """Positions (N, 2): one cluster per first bloc (states in none form their own), clusters on a circle."""
    n = membership.shape[0]
    first = [int(np.argmax(row)) if row.any() else -1 for row in membership]
    groups = sorted(set(first))
    pos = np.zeros((n, 2))
    for g, group in enumerate(groups):
        centre = np.array([np.cos(2 * np.pi * g / len(groups)), np.sin(2 * np.pi * g / len(groups))])
        centre = centre * (1.0 if len(groups) > 1 else 0.0)
        members = [i for i in range(n) if first[i] == group]
        radius = 0.35 if len(members) > 1 else 0.0
        for k, i in enumerate(members):
            angle = 2 * np.pi * k / len(members) + np.pi / 4
            pos[i] = centre + radius * np.array([np.cos(angle), np.sin(angle)])
    return pos


def draw_network(ax: Axes, names: list[str], membership: np.ndarray, bloc_names: list[str],
                 colours: list[str], selected: int | None = None) -> None:
    """Draw states as labelled dots coloured by ``colours``, grey ties between states sharing a bloc."""
    pos = bloc_layout(membership)
    shared = membership @ membership.T
    n = len(names)
    for i in range(n):
        for j in range(i + 1, n):
            if shared[i, j]:
                ax.plot(*pos[[i, j]].T, color="#bdbdbd", lw=0.8, zorder=1)
    sizes = [520 if i == selected else 320 for i in range(n)]
    edges = ["black" if i == selected else "white" for i in range(n)]
    ax.scatter(pos[:, 0], pos[:, 1], s=sizes, c=colours, edgecolors=edges, linewidths=2, zorder=2)
    for i, name in enumerate(names):
        ax.annotate(name, pos[i], xytext=(0, -17), textcoords="offset points", ha="center", fontsize=8,
                    fontweight="bold" if i == selected else "normal")
    for b, bloc in enumerate(bloc_names):
        members = membership[:, b].astype(bool)
        if members.any():
            cx, cy = pos[members].mean(axis=0)
            ax.annotate(bloc, (cx, cy), xytext=(0, 26), textcoords="offset points", ha="center", fontsize=8,
                        color="#616161", style="italic")
    ax.set_xlim(pos[:, 0].min() - 0.6, pos[:, 0].max() + 0.6)
    ax.set_ylim(pos[:, 1].min() - 0.6, pos[:, 1].max() + 0.6)
    ax.set_aspect("equal")
    ax.axis("off")
