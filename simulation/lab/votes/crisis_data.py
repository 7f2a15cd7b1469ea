"""A target's crisis in a year, from the data: the severity of its abuses and their visibility.

Severity is the target's Political Terror Scale that year (the mean of the available Amnesty, State
Department and Human Rights Watch ratings, 1 best - 5 worst) on [0, 1]: ``(PTS - 1) / 4``. Without any
PTS rating that year it is the world table's ``record`` of the target (its Fariss latent human-rights
score, min-max over the year's 193 members, 1 = the worst), with a note.

Visibility is what the data hold of news: a sharp fall of the target's Fariss score (a crackdown, a war)
makes abuses news for a while, a chronic situation does not. ``visibility = 0.2 + 0.5 * max(0, B - F(year))``
clipped to [0, 1], where B is the target's best score of the two years before; 0.2 is the scenario
language's default visibility, and a fall of one unit of the latent scale (Syria 2010-2011: 1.24) adds
0.5. Without a year before (2005, the first year of the covariates) it is 0.2, with a note.
docs/hindcast.md gives the values for the 29 roll calls.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ...scenario.world_table import FIRST_YEAR, _covariates, _states_raw, _with_derived, world_states

PTS_BEST, PTS_WORST = 1.0, 5.0
VISIBILITY_BASE = 0.2  # the scenario language's default (CrisisSpec.visibility)
VISIBILITY_PER_FALL = 0.5  # per unit fall of the Fariss latent score from its best of the years before
VISIBILITY_MEMORY = 2  # years before that count (a crisis stays news the year after it breaks)
DIGITS = 4


@dataclass(frozen=True)
class CrisisFromData:
    """Severity and visibility of a target's crisis in a year, and how each was obtained."""

    target: str
    year: int
    severity: float
    visibility: float
    notes: tuple[tuple[str, str], ...]  # (severity | visibility, how it was obtained)


def severity_rule(pts: float) -> float:
    """Severity is the Political Terror Scale (1 best - 5 worst) put on [0, 1]."""
    return min(1.0, max(0.0, (pts - PTS_BEST) / (PTS_WORST - PTS_BEST)))


def visibility_rule(best_before: float, score: float) -> float:
    """Visibility rises above its default with the fall of the human-rights score from its best of the years before."""
    return min(1.0, max(0.0, VISIBILITY_BASE + VISIBILITY_PER_FALL * max(0.0, best_before - score)))


def crisis_from_data(target: str, year: int) -> CrisisFromData:
    """The target's severity and visibility in ``year`` (a world-table year, 2005-2021), with fill notes."""
    notes: list[tuple[str, str]] = []
    pts = _with_derived(_states_raw()).loc[(target, year), "pts_mean"]
    if math.isnan(pts):
        severity = world_states(year, members=[target]).state(target)["record"]
        notes.append(("severity", f"no Political Terror Scale rating of {target} in {year}; the world table's "
                      f"record of {target} (Fariss latent score, min-max over the year) used: {severity:g}"))
    else:
        severity = severity_rule(pts)
        notes.append(("severity", f"Political Terror Scale of {target} in {year} (mean of available ratings) "
                      f"{pts:g} -> (PTS - 1) / 4 = {severity:.4g}"))
    cov = _covariates()
    years = [y for y in range(year - VISIBILITY_MEMORY, year) if y >= FIRST_YEAR]
    if not years:
        visibility = VISIBILITY_BASE
        notes.append(("visibility", f"no human-rights score before {year} (the covariates start in {FIRST_YEAR}): "
                      f"the default {VISIBILITY_BASE:g}"))
    else:
        best = max(float(cov.loc[(target, y), "hr"]) for y in years)
        now = float(cov.loc[(target, year), "hr"])
        visibility = visibility_rule(best, now)
        notes.append(("visibility", f"Fariss score of {target} {now:.3f} in {year}, best of {years[0]}-{years[-1]} "
                      f"{best:.3f} -> {VISIBILITY_BASE:g} + {VISIBILITY_PER_FALL:g} * max(0, fall) = "
                      f"{visibility:.4g}"))
        notes += [("visibility", f"the Fariss score of {target} in {y} was filled: {cov.loc[(target, y), 'hr_rule']}")
                  for y in [*years, year] if cov.loc[(target, y), "hr_rule"]]
    return CrisisFromData(target, year, round(float(severity), DIGITS), round(visibility, DIGITS), tuple(notes))
