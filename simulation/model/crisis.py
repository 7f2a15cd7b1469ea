"""The crisis: how severe the abuses are at each tick, and how visible they are to the world."""

from __future__ import annotations

import numpy as np

from .inplace import clip_into


def severity_at(timeline_ticks: np.ndarray, timeline_levels: np.ndarray, tick: int) -> float:
    """Severity follows the scenario's timeline, linearly between its points and flat beyond its ends."""
    return float(np.interp(tick, timeline_ticks, timeline_levels))


def update_visibility(visibility, severity, information, jump, p):
    """Coverage rises with severity (real-time media) and with activists' information politics, and fades otherwise.

    ``visibility`` and ``information`` have shape (B,); ``jump`` is a scheduled one-off rise (a massacre
    filmed live) for this tick.
    """
    v = visibility[:, None]  # (B, 1), so that parameters varying across runs ((B, 1) columns) line up
    rise = (p.real_time_media * severity + p.information_gain * information[:, None]) * (1.0 - v)
    return clip_into(v + rise - p.visibility_decay * v + jump, 0.0, 1.0)[:, 0]
