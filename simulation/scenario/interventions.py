"""A scenario's interventions: checking them against the scenario, pricing them, and turning them into a kernel schedule.

What each kind needs, costs and does comes from the registry ``simulation.model.interventions.KINDS``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..model.interventions import KINDS, Intervention, Schedule
from .errors import Problem, did_you_mean
from .schema import InterventionSpec, Scenario

#: Cost per tick at intensity 1 for a target of size 1 (docs/ODD.md 7.16); a strategy spec may replace them.
UNIT_COSTS: dict[str, float] = {name: kind.unit_cost for name, kind in KINDS.items()}


def target_size(scenario: Scenario, codes: Sequence[str]) -> float:
    """How big the job is: 0.5 plus the capability of each target state, summed (a great power costs more to move)."""
    capability = {s.code: s.capability for s in scenario.states}
    return sum(0.5 + capability[c] for c in codes)


def intervention_cost(spec: InterventionSpec, scenario: Scenario, unit_costs: Mapping[str, float] | None = None) -> float:
    """The file's cost, or unit cost x intensity x duration x size (1 for the world; one per body for bodies)."""
    if spec.cost is not None:
        return float(spec.cost)
    unit = (unit_costs or UNIT_COSTS)[spec.kind]
    acts_on = KINDS[spec.kind].acts_on
    size = (1.0 if acts_on == "world" else float(len(spec.blocs)) if acts_on == "bodies"
            else target_size(scenario, spec.targets))
    return unit * spec.intensity * spec.duration * size


def intervention_problems(specs: Sequence[InterventionSpec], scenario: Scenario,
                          where: str = "interventions") -> list[Problem]:
    """What a schema cannot see: unknown codes and bodies, and the states, partners or bodies each kind needs."""
    codes = [s.code for s in scenario.states]
    blocs = [b.name for b in scenario.blocs]
    problems: list[Problem] = []
    for i, iv in enumerate(specs):
        at = f"{where}[{i}]"
        kind = KINDS[iv.kind]
        for key, names, known in (("targets", iv.targets, codes), ("partners", iv.partners, codes),
                                  ("blocs", iv.blocs, blocs)):
            for j, name in enumerate(names):
                if name not in known:
                    what = "a state code" if key != "blocs" else "a bloc declared under blocs"
                    problems.append(Problem(f"{at}.{key}[{j}]", f"{what} of the scenario", repr(name),
                                            hint=did_you_mean(name, known)))
        if kind.acts_on == "states" and not iv.targets:
            problems.append(Problem(f"{at}.targets", f"at least one state for a {iv.kind} intervention", "none"))
        if kind.acts_on == "bodies" and not iv.blocs:
            problems.append(Problem(f"{at}.blocs", f"at least one body for a {iv.kind} intervention", "none"))
        if kind.takes_partners and not iv.partners:
            problems.append(Problem(f"{at}.partners", f"at least one partner state for a {iv.kind} intervention",
                                    "none"))
        for key, allowed, needs in (("partners", kind.takes_partners, "coalition"),
                                    ("blocs", kind.acts_on == "bodies", "regional")):
            if getattr(iv, key) and not allowed:
                takers = [k.name for k in KINDS.values()
                          if (k.takes_partners if key == "partners" else k.acts_on == "bodies")]
                problems.append(Problem(f"{at}.{key}", f"no {key} (only a {' or '.join(takers) or needs} "
                                        f"intervention has them)", f"{key} on a {iv.kind} intervention"))
    return problems


def schedule_of(scenario: Scenario, interventions: Sequence[InterventionSpec] | None = None) -> Schedule | None:
    """The kernel's schedule of the scenario's interventions (or of ``interventions`` on its states and blocs);
    None when there are none.

    A state or body named twice in one intervention counts once (as with activists' targets).
    """
    specs = scenario.interventions if interventions is None else interventions
    if not specs:
        return None
    row = {s.code: i for i, s in enumerate(scenario.states)}
    bloc = {b.name: k for k, b in enumerate(scenario.blocs)}
    return Schedule(tuple(
        Intervention(kind=iv.kind, targets=tuple(row[c] for c in dict.fromkeys(iv.targets)),
                     partners=tuple(row[c] for c in dict.fromkeys(iv.partners)),
                     blocs=tuple(bloc[b] for b in dict.fromkeys(iv.blocs)), start=iv.start,
                     duration=iv.duration, intensity=float(iv.intensity))
        for iv in specs))
