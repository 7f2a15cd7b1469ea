"""The dashboard's controls: sliders for the three legs and the four interest weights, turned into scenario overrides.

A leg slider is a push in [-1, 1] applied to the scenario's own values: 0 keeps them, +1 raises them all
the way to 1, -1 removes them (the officials' slider pushes both their starting conviction and their influence,
so that -1 removes the leg) (``value + push * (1 - value)`` or ``value * (1 + push)``). An interest
slider multiplies the scenario's weight. Both act only through ``--set``-style overrides of the scenario,
never on stances.
"""

from __future__ import annotations

from typing import Any

from mesa.visualization import Slider

from ...scenario.schema import Scenario

#: Interest sliders: name -> the mechanism parameter they scale.
INTEREST_PARAMETERS = {"security": "security_weight", "trade": "economic_weight",
                       "grievance": "grievance_weight", "scrutiny": "scrutiny_weight"}
LEG_LABELS = {"activism": "Activism (activists' resources)", "legislature": "Legislative strength",
              "conviction": "Officials' conviction (and influence)"}


def pushed(value: float, push: float) -> float:
    """``value`` moved toward 1 (push > 0) or toward 0 (push < 0) by the fraction ``|push|``; 0 leaves it."""
    out = value + push * (1.0 - value) if push >= 0 else value * (1.0 + push)
    return round(min(1.0, max(0.0, out)), 6)


def overrides(scenario: Scenario, activism: float = 0.0, legislature: float = 0.0, conviction: float = 0.0,
              security: float = 1.0, trade: float = 1.0, grievance: float = 1.0, scrutiny: float = 1.0) -> dict[str, Any]:
    """The scenario paths and values the sliders set (empty when every slider is at its neutral position)."""
    out: dict[str, Any] = {}
    if activism:
        for i, a in enumerate(scenario.activists):
            out[f"activists[{i}].resources"] = pushed(a.resources, activism)
    for s in scenario.states:  # by code: in a world scenario the file lists only some states
        if legislature:
            strength = s.legislature.strength if s.legislature.strength is not None else s.democracy
            out[f"states[{s.code}].legislature.strength"] = pushed(strength, legislature)
        if conviction:
            out[f"states[{s.code}].official.conviction"] = pushed(s.official.conviction, conviction)
            out[f"states[{s.code}].official.influence"] = pushed(s.official.influence, conviction)
    weights = {"security": security, "trade": trade, "grievance": grievance, "scrutiny": scrutiny}
    for name, factor in weights.items():
        if factor != 1.0:
            param = INTEREST_PARAMETERS[name]
            out[f"parameters.{param}"] = round(min(10.0, getattr(scenario.parameters, param) * factor), 6)
    return out


def model_params(scenario_names: list[str], default: str) -> dict[str, Any]:
    """SolaraViz's user parameters: the scenario picker, the seed, three leg sliders and four interest sliders."""
    params: dict[str, Any] = {
        "scenario": {"type": "Select", "value": default, "values": scenario_names, "label": "Scenario"},
        "seed": {"type": "InputText", "value": "", "label": "Seed (blank: the scenario's)"},
    }
    for name, label in LEG_LABELS.items():
        params[name] = Slider(f"{label}: push", 0.0, -1.0, 1.0, 0.1)
    for name in INTEREST_PARAMETERS:
        params[name] = Slider(f"Weight of {name} interests (x)", 1.0, 0.0, 3.0, 0.1)
    return params
