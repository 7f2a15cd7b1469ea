"""What it would take to tip: each leg's level against the level that, alone, would make a state act.

Holding every other input of this tick's decision as it was, the decision itself is re-read with one leg's
level changed (``simulation.model.decision.net_with``), and the level at which the net benefit reaches the
acting cut point is found by root-finding. Nothing here re-derives the decision's equations, so the reading
follows the mechanism whatever its form. It is a static reading of one tick, not a forecast: in the model
the legs also feed one another.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from ..model.decision import net_with
from ..model.kernel import TickOutput
from ..model.legs import LEGS
from ..model.stance import ACTING

LEG_WORDS = {leg.name: leg.words for leg in LEGS}
#: The highest level searched for: levels run 0 to 1, and a level needed beyond 1 is reported as out of reach.
REACH = 10.0
_GRID = np.linspace(0.0, REACH, 401)


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


def what_it_takes(out: TickOutput, params, row: int, stance: int, run: int = 0) -> Tipping:
    """The three legs of state ``row`` at the tick ``out`` describes, against the level each would need, alone, to
    reach the acting cut point.

    A state not yet acting must clear ``threshold_support + inertia``; one acting stays above
    ``threshold_support - inertia`` (the switching cost works both ways). Noise is left out.
    """
    inputs = (out.world.traits, out.pressures, out.severity, out.visibility, out.world.response, params,
              out.world.peer_review, row)
    net = sum(float(term) for term in out.terms[run, row])
    acting = stance >= ACTING
    cut = params.threshold_support + (-params.inertia if acting else params.inertia)
    readings = []
    for leg in LEGS:
        level = _at(getattr(out.pressures, leg.level), run, row)
        readings.append(LegReading(leg.name, level, None if acting else _needed(inputs, leg.level, level, cut, run)))
    return Tipping(net, cut, acting, tuple(readings))


def _at(values, run: int, row: int) -> float:
    """One state's value in one run, from an array shaped (B, N) or, when the same for every run, (N,)."""
    values = np.asarray(values)
    return float(values[run, row] if values.ndim == 2 else values[row])


def _needed(inputs, level_name: str, level: float, cut: float, run: int) -> float | None:
    """The lowest level from the current one up to ``REACH`` at which the net benefit reaches ``cut`` (None: never)."""
    grid = np.concatenate([[level], _GRID[_GRID > level]])
    nets = net_with(*inputs, level_name, grid, run=run)
    above = np.flatnonzero(nets >= cut)
    if not len(above):
        return None
    k = int(above[0])
    if k == 0:
        return level
    lo, hi = float(grid[k - 1]), float(grid[k])
    return brentq(lambda x: float(net_with(*inputs, level_name, [x], run=run)[0]) - cut, lo, hi, xtol=1e-13)


def describe(t: Tipping) -> str:
    """One or two sentences on what it would take to tip (or to stop acting), leg by leg."""
    if t.acting and t.net >= t.cut:
        return f"It acts: its net benefit {t.net:+.2f} is above the {t.cut:+.2f} it needs to keep acting."
    if t.acting:
        return (f"It acts, although its net benefit {t.net:+.2f} is below the {t.cut:+.2f} it needs to keep acting: "
                "this tick's random shock (the influences the model leaves out) carried it; without a favourable "
                "shock it would step back.")
    if t.gap <= 0:
        return (f"It does not act, although its net benefit {t.net:+.2f} is above the {t.cut:+.2f} acting needs: "
                "this tick's random shock (the influences the model leaves out) held it back.")
    head = f"To act it needs {t.gap:.2f} more net benefit (now {t.net:+.2f}, cut {t.cut:+.2f})."
    can = [f"{LEG_WORDS[r.leg]} at {r.needed:.2f} (now {r.level:.2f})" for r in t.legs if r.reachable]
    cannot = [f"{LEG_WORDS[r.leg]} would need {r.needed:.2f}" for r in t.legs if r.needed is not None and not r.reachable]
    none = [LEG_WORDS[r.leg] for r in t.legs if r.needed is None]
    parts = [head]
    if can:
        parts.append("With the rest held as now, one leg could do it: " + "; or ".join(can) + ".")
    if cannot:
        parts.append(("No single leg can do it alone" if not can else "Out of reach alone") + " (levels run 0 to 1): "
                     + ", ".join(cannot) + "; it takes more than one leg, or lighter interests.")
    if none and not can:
        parts.append("No level of " + " or ".join(none) + " alone would tip it.")
    return " ".join(parts)
