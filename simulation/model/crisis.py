"""The crisis: how severe the abuses are at each tick, and how visible they are to the world."""

from __future__ import annotations

import numpy as np

from .compiled import clip01, rule


def severity_at(timeline_ticks: np.ndarray, timeline_levels: np.ndarray, tick: int) -> float:
    """Severity follows the scenario's timeline, linearly between its points and flat beyond its ends."""
    return float(np.interp(tick, timeline_ticks, timeline_levels))


@rule
def visible(visibility, severity, information, jump, p):
    """Coverage rises with severity (real-time media) and with activists' information politics, and fades
    otherwise; ``jump`` is a scheduled one-off rise (a massacre filmed live) at this tick."""
    rise = (p.real_time_media * severity + p.information_gain * information) * (1.0 - visibility)
    return clip01(visibility + rise - p.visibility_decay * visibility + jump)
