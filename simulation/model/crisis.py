"""The crisis: how severe the abuses are at each tick, and how visible they are to the world."""

from __future__ import annotations

import numpy as np


def severity_at(timeline_ticks: np.ndarray, timeline_levels: np.ndarray, tick: int) -> float:
    """Severity follows the scenario's timeline, linearly between its points and flat beyond its ends."""
    return float(np.interp(tick, timeline_ticks, timeline_levels))


def update_visibility(visibility, severity, information, jump, p):
    """Coverage rises with severity (real-time media) and with activists' information politics, and fades otherwise.

    ``visibility`` and ``information`` have shape (B,); ``jump`` is a scheduled one-off rise (a massacre
    filmed live) for this tick.
    """
    rise = (p.real_time_media * severity + p.information_gain * information) * (1.0 - visibility)
    return np.clip(visibility + rise - p.visibility_decay * visibility + jump, 0.0, 1.0)
