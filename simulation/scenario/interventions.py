"""A scenario's interventions: checking them against the scenario, pricing them, and turning them into a kernel schedule."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ..model.interventions import Intervention, Schedule
from .errors import Problem, did_you_mean
from .schema import InterventionSpec, Scenario

#: Cost per tick at intensity 1 for a target of size 1 (docs/ODD.md 7.16); a strategy spec may replace them.
UNIT_COSTS: dict[str, float] = {"campaign": 1.0, "media": 1.0, "lobbying": 0.8, "engagement": 0.6,
                                "coalition": 1.5, "regional": 1.2, "incentives": 3.0, "counter_offer": 1.0}
#: Kinds that act on no particular state (media: global visibility; regional: bodies).
UNTARGETED = ("media", "regional")


def target_size(scenario: Scenario, codes: Sequence[str]) -> float:
    """How big the job is: 0.5 plus the capability of each target state, summed (a great power costs more to move)."""
    capability = {s.code: s.capability for s in scenario.states}
    return sum(0.5 + capability[c] for c in codes)


def intervention_cost(spec: InterventionSpec, scenario: Scenario, unit_costs: Mapping[str, float] | None = None) -> float:
    """The file's cost, or unit cost x intensity x duration x size (1 for media; one per body for regional)."""
    if spec.cost is not None:
        return float(spec.cost)
    unit = (unit_costs or UNIT_COSTS)[spec.kind]
    size = (1.0 if spec.kind == "media" else float(len(spec.blocs)) if spec.kind == "regional"
            else target_size(scenario, spec.targets))
    return unit * spec.intensity * spec.duration * size


def intervention_problems(specs: Sequence[InterventionSpec], scenario: Scenario,
                          where: str = "interventions") -> list[Problem]:
    """What a schema cannot see: unknown codes and bodies, and the states or bodies each kind needs."""
    codes = [s.code for s in scenario.states]
    blocs = [b.name for b in scenario.blocs]
    problems: list[Problem] = []
    for i, iv in enumerate(specs):
        at = f"{where}[{i}]"
        for key, names, known in (("targets", iv.targets, codes), ("partners", iv.partners, codes),
                                  ("blocs", iv.blocs, blocs)):
            for j, name in enumerate(names):
                if name not in known:
                    what = "a state code" if key != "blocs" else "a bloc declared under blocs"
                    problems.append(Problem(f"{at}.{key}[{j}]", f"{what} of the scenario", repr(name),
                                            hint=did_you_mean(name, known)))
        if iv.kind not in UNTARGETED and not iv.targets:
            problems.append(Problem(f"{at}.targets", f"at least one state for a {iv.kind} intervention", "none"))
        if iv.kind == "regional" and not iv.blocs:
            problems.append(Problem(f"{at}.blocs", "at least one body for a regional intervention", "none"))
        if iv.kind == "coalition" and not iv.partners:
            problems.append(Problem(f"{at}.partners", "at least one partner state for a coalition", "none"))
        for key in ("partners", "blocs"):
            needs = {"partners": "coalition", "blocs": "regional"}[key]
            if getattr(iv, key) and iv.kind != needs:
                problems.append(Problem(f"{at}.{key}", f"no {key} (only a {needs} intervention has them)",
                                        f"{key} on a {iv.kind} intervention"))
    return problems


def schedule_of(scenario: Scenario, extra: Sequence[InterventionSpec] = ()) -> Schedule | None:
    """The kernel's schedule of the scenario's interventions plus ``extra``; None when there are none.

    A state or body named twice in one intervention counts once (as with activists' targets).
    """
    specs = tuple(scenario.interventions) + tuple(extra)
    if not specs:
        return None
    row = {s.code: i for i, s in enumerate(scenario.states)}
    bloc = {b.name: k for k, b in enumerate(scenario.blocs)}
    return Schedule(
        interventions=tuple(Intervention(kind=iv.kind, targets=tuple(row[c] for c in dict.fromkeys(iv.targets)),
                                         partners=tuple(row[c] for c in dict.fromkeys(iv.partners)),
                                         blocs=tuple(bloc[b] for b in dict.fromkeys(iv.blocs)), start=iv.start,
                                         duration=iv.duration, intensity=float(iv.intensity))
                            for iv in specs),
        bloc_positions=np.array([b.position for b in scenario.blocs], dtype=float),
    )
