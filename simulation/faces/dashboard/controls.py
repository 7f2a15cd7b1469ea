"""The dashboard's controls as typed, frozen settings, and the scenario overrides they stand for.

Every control acts only through ``--set``-style overrides of the scenario (``load_scenario(path,
overrides=...)``), never on a stance or on a running model:

- A **leg** slider is a push in [-1, 1] on the leg's starting level and capacity, for every state: 0 keeps
  the scenario's values, +1 raises them all the way to 1, -1 removes the leg (``value + push * (1 - value)``
  or ``value * (1 + push)``). Activism: every activist group's resources and starting mobilisation, and,
  when the push is positive, a domestic civil society in every state no activist group names (resources and
  mobilisation equal to the push), so the push reaches every state. Legislature: every legislature's strength
  and its pressure at tick 0. Officials: their conviction at tick 0 and their influence.
- An **interest** slider multiplies the mechanism's weight of that interest.
- An **intervention** is one more entry of the scenario's ``interventions`` list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...model.interventions import KINDS
from ...model.legs import LEG_NAMES
from ...scenario.schema import Scenario

#: Interest sliders: name -> the mechanism parameter they scale.
INTEREST_PARAMETERS = {"security": "security_weight", "trade": "economic_weight",
                       "grievance": "grievance_weight", "scrutiny": "scrutiny_weight"}
LEGS = LEG_NAMES
LEG_LABELS = {"activism": "Activism", "legislature": "Legislatures", "officials": "Officials"}
INTEREST_LABELS = {"security": "Security interests", "trade": "Trade interests", "grievance": "Grievance",
                   "scrutiny": "Fear of scrutiny"}
#: The activist group the activism push adds for the states no group of the scenario names.
CIVIL_SOCIETY = "Domestic civil society (dashboard push)"
#: Kinds that act on no particular state (the others need a target), and each kind in words: from the registry.
UNTARGETED = tuple(name for name, kind in KINDS.items() if kind.acts_on != "states")
KIND_WORDS = {name: f"{name.replace('_', '-')} ({kind.summary})" for name, kind in KINDS.items()}


@dataclass(frozen=True)
class Plan:
    """An intervention set in the page: kind, target, partners or bodies, first tick, ticks it lasts, intensity."""

    kind: str
    target: str = ""
    start: int = 1
    duration: int = 1
    intensity: float = 0.5
    partners: tuple[str, ...] = ()
    blocs: tuple[str, ...] = ()

    def entry(self) -> dict[str, Any]:
        """The plan as an entry of a scenario's ``interventions`` list (what a YAML file would hold)."""
        out: dict[str, Any] = {"kind": self.kind}
        if self.kind not in UNTARGETED:
            out["targets"] = [self.target]
        if self.kind == "coalition":
            out["partners"] = list(self.partners)
        if self.kind == "regional":
            out["blocs"] = list(self.blocs)
        out |= {"start": self.start, "duration": self.duration, "intensity": self.intensity,
                "note": "set in the dashboard"}
        return out


@dataclass(frozen=True)
class Controls:
    """Everything the student can set, in the scenario's terms; the neutral settings change nothing."""

    activism: float = 0.0
    legislature: float = 0.0
    officials: float = 0.0
    security: float = 1.0
    trade: float = 1.0
    grievance: float = 1.0
    scrutiny: float = 1.0
    plan: Plan | None = None

    def without(self, what: str) -> Controls:
        """These controls with one leg removed (push -1) or, for ``"plan"``, without the intervention."""
        from dataclasses import replace

        return replace(self, plan=None) if what == "plan" else replace(self, **{what: -1.0})


def pushed(value: float, push: float) -> float:
    """``value`` moved toward 1 (push > 0) or toward 0 (push < 0) by the fraction ``|push|``; 0 leaves it."""
    out = value + push * (1.0 - value) if push >= 0 else value * (1.0 + push)
    return round(min(1.0, max(0.0, out)), 6)


def activists_pushed(scenario: Scenario, push: float) -> list[dict[str, Any]]:
    """The scenario's activist groups with the push applied, plus civil society where no group reaches (push > 0)."""
    out = []
    for a in scenario.activists:
        entry = a.model_dump(mode="json")
        entry["resources"], entry["mobilisation"] = pushed(a.resources, push), pushed(a.mobilisation, push)
        out.append(entry)
    reached = {code for a in scenario.activists for code in a.targets}
    unreached = [s.code for s in scenario.states if s.code not in reached]
    if push > 0 and unreached:
        out.append({"name": CIVIL_SOCIETY, "kind": "ngo", "scope": "domestic", "targets": unreached,
                    "resources": pushed(0.0, push), "credibility": 0.5, "mobilisation": pushed(0.0, push)})
    return out


def overrides(scenario: Scenario, controls: Controls) -> dict[str, Any]:
    """The scenario paths and values the controls set (empty when every control is at its neutral position)."""
    c = controls
    out: dict[str, Any] = {}
    if c.activism:
        out["activists"] = activists_pushed(scenario, c.activism)
    for s in scenario.states:  # by code: in a world scenario the file lists only some states
        if c.legislature:
            strength = s.legislature.strength if s.legislature.strength is not None else s.democracy
            out[f"states[{s.code}].legislature.strength"] = pushed(strength, c.legislature)
            out[f"states[{s.code}].legislature.pressure"] = pushed(s.legislature.pressure, c.legislature)
        if c.officials:
            out[f"states[{s.code}].official.conviction"] = pushed(s.official.conviction, c.officials)
            out[f"states[{s.code}].official.influence"] = pushed(s.official.influence, c.officials)
    for name, param in INTEREST_PARAMETERS.items():
        factor = getattr(c, name)
        if factor != 1.0:
            out[f"parameters.{param}"] = round(min(10.0, getattr(scenario.parameters, param) * factor), 6)
    if c.plan is not None:
        out["interventions"] = [iv.model_dump(mode="json", exclude_defaults=True) for iv in scenario.interventions]
        out["interventions"].append(c.plan.entry())
    return out


def default_partners(scenario: Scenario, target: str) -> tuple[str, ...]:
    """Whom a coalition courts the target with, unless chosen: the world's sponsors, else the states that start acting."""
    codes = [s.code for s in scenario.states]
    if scenario.world is not None:
        chosen = [c for c in scenario.world.sponsors if c in codes]
    else:
        chosen = [s.code for s in scenario.states if s.stance in ("support", "sanction", "intervene")]
    return tuple(c for c in chosen if c != target)


def default_blocs(scenario: Scenario, target: str) -> tuple[str, ...]:
    """Which bodies a regional intervention activates, unless chosen: the target's own blocs, else the first bloc."""
    names = [b.name for b in scenario.blocs]
    own = [b for b in scenario.state(target).blocs if b in names] if target in {s.code for s in scenario.states} else []
    return tuple(own or names[:1])
