"""What it would take to tip: each leg's level against the level that, alone, would make a state act.

The decision is linear in each leg's level (activism and legislative pressure enter times access;
officials' conviction scales the share of the interest cost they reframe), so holding everything else
at this tick's values, one leg's level that closes the gap to the acting cut point follows exactly.
It is a static reading of one tick, not a forecast: in the model the legs also feed one another.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..model.decision import TERMS
from ..model.stance import ACTING

LEG_NAMES = ("activism", "legislature", "conviction")
LEG_WORDS = {"activism": "activism", "legislature": "legislative pressure", "conviction": "officials' conviction"}


@dataclass(frozen=True)
class LegReading:
    """One leg: its level now, the level that alone would tip the state (None if the leg has no grip), reachable?"""

    leg: str
    level: float
    needed: float | None

    @property
    def reachable(self) -> bool:
        return self.needed is not None and self.needed <= 1.0


@dataclass(frozen=True)
class Tipping:
    """A state's position against its acting cut point: net benefit, the cut, whether it acts, and its three legs."""

    net: float
    cut: float
    acting: bool
    legs: tuple[LegReading, ...]

    @property
    def gap(self) -> float:
        """How much more net benefit it needs to act (negative: how far above the cut it is)."""
        return self.cut - self.net


def leg_slopes(traits, params, row: int, terms: np.ndarray) -> tuple[float, float, float]:
    """Net benefit gained per unit of each leg's level for state ``row``, given its signed terms this tick."""
    t = dict(zip(TERMS, map(float, terms)))
    access = float(traits.democracy[row])
    interest_cost = -(t["security"] + t["economy"]) - params.route_share * t["grievance"]
    return (params.activism_weight * access, params.legislature_weight * access,
            params.reframing_max * float(traits.official_influence[row]) * interest_cost)


def what_it_takes(traits, params, row: int, terms: np.ndarray, levels: tuple[float, float, float],
                  stance: int) -> Tipping:
    """The three legs of state ``row`` against the level each would need, alone, to reach the acting cut point.

    A state not yet acting must clear ``threshold_support + inertia``; one acting stays above
    ``threshold_support - inertia`` (the switching cost works both ways). Noise is left out.
    """
    net = float(np.sum(terms))
    acting = stance >= ACTING
    cut = params.threshold_support + (-params.inertia if acting else params.inertia)
    readings = []
    for leg, level, slope in zip(LEG_NAMES, levels, leg_slopes(traits, params, row, terms)):
        needed = None if slope <= 1e-12 else max(0.0, float(level) + (cut - net) / slope)
        readings.append(LegReading(leg, float(level), needed))
    return Tipping(net, cut, acting, tuple(readings))


def describe(t: Tipping) -> str:
    """One or two sentences on what it would take to tip (or to stop acting), leg by leg."""
    if t.acting:
        return f"It acts: its net benefit {t.net:+.2f} is above the {t.cut:+.2f} it needs to keep acting."
    head = f"To act it needs {t.gap:.2f} more net benefit (now {t.net:+.2f}, cut {t.cut:+.2f})."
    can = [f"{LEG_WORDS[r.leg]} at {r.needed:.2f} (now {r.level:.2f})" for r in t.legs if r.reachable]
    cannot = [f"{LEG_WORDS[r.leg]} would need {r.needed:.2f}" for r in t.legs if r.needed is not None and not r.reachable]
    parts = [head]
    if can:
        parts.append("With the rest held as now, one leg could do it: " + "; or ".join(can) + ".")
    if cannot:
        parts.append(("No single leg can do it alone" if not can else "Out of reach alone") + " (levels run 0 to 1): "
                     + ", ".join(cannot) + "; it takes more than one leg, or lighter interests.")
    return " ".join(parts)
