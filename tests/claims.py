"""Helpers of the claim tests: small stylised worlds written for one claim each, and the probability that a state
acts at the end of a run, estimated over replications with the last tick's shock integrated out."""

from __future__ import annotations

import copy

import numpy as np
from scipy import stats

from simulation.model.simulate import final_stance_probabilities
from simulation.model.stance import ACTING
from simulation.scenario.checks import validated
from simulation.scenario.prepare import prepare
from simulation.scenario.yamlfile import YamlDocument

REPLICATIONS = 200
ALPHA = 0.01


def state(code: str, **traits) -> dict:
    """A stylised state: an established democracy with nothing at stake unless told otherwise."""
    base = {"code": code, "democracy": 0.8, "capability": 0.1, "record": 0.2, "grievance": 0.0, "sovereignty": 0.2,
            "value_commitment": 0.7, "security_stake": 0.0, "economic_stake": 0.0, "official": {"influence": 0.5,
                                                                                              "conviction": 0.1}}
    return _merged(base, traits)


def _merged(spec: dict, traits: dict) -> dict:
    """``spec`` with ``traits`` set in place; an ``official`` or ``legislature`` mapping is merged key by key."""
    for key, value in traits.items():
        spec[key] = {**spec.get(key, {}), **value} if key in ("official", "legislature") and isinstance(value, dict) \
            else value
    return spec


def world(states: list[dict], *, instrument: str = "resolution", sponsor: str = "western", severity: float = 0.8,
          visibility: float = 0.5, steps: int = 24, **extra) -> dict:
    """A scenario mapping around ``states``: a crisis of the given severity and visibility, and its response."""
    return {"name": "claim", "states": states, "run": {"steps": steps, "seed": 11},
            "crisis": {"target": "Tarvia", "severity": severity, "visibility": visibility,
                       "response": {"instrument": instrument, "sponsor": sponsor}}, **extra}


def changed(mapping: dict, **top) -> dict:
    """A deep copy of ``mapping`` with top-level keys replaced."""
    out = copy.deepcopy(mapping)
    out.update(top)
    return out


def with_state(mapping: dict, code: str, **traits) -> dict:
    """A copy of ``mapping`` with some traits of state ``code`` replaced."""
    out = copy.deepcopy(mapping)
    for s in out["states"]:
        if s["code"] == code:
            _merged(s, traits)
    return out


def acting(mapping: dict, code: str, replications: int = REPLICATIONS) -> np.ndarray:
    """Per replication (the same seeds whatever the mapping), the probability that ``code`` acts at the last tick."""
    scenario = validated(YamlDocument("<claim>", mapping, None))
    setup = prepare(scenario, replications=replications)
    stances, _ = final_stance_probabilities(setup.world, setup.params, setup.seeds(), setup.steps)
    return stances[:, scenario.states.index(scenario.state(code)), ACTING:].sum(axis=1)


def more(a: np.ndarray, b: np.ndarray) -> float:
    """The one-sided p-value that ``a`` acts more than ``b`` (paired by seed; Wilcoxon signed-rank)."""
    d = np.asarray(a) - np.asarray(b)
    if np.all(d == 0):
        return 1.0
    return float(stats.wilcoxon(d, alternative="greater").pvalue)
