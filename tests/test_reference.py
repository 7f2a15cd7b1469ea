"""The fast vectorised kernel agrees with the slow per-agent reference model (tests/reference_model.py).

Stances and tipping ticks must be identical at every tick; every float (net benefit, the twelve terms,
activism, legislative pressure, conviction, visibility, severity, mobilisation, pressures at tipping)
must agree within 1e-9 absolute.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference_model import REF_TERMS, ReferenceModel, run_reference
from strategies import scenarios

from simulation.lab.runs import run_scenario
from simulation.model import PolicyModel
from simulation.model.params import Parameters
from simulation.scenario.load import load_scenario
from simulation.scenario.prepare import prepare
from simulation.scenario.schema import Scenario

ATOL = 1e-9
DEMO = Path(__file__).resolve().parents[1] / "scenarios" / "trifecta_demo.yaml"


# --------------------------------------------------------------------------- comparison helpers

def _ref_arrays(model: ReferenceModel) -> dict[str, np.ndarray]:
    """The reference trace as arrays with ticks on the first axis."""
    trace = model.trace
    out = {}
    for key in ("severity", "visibility", "stance", "net", "terms", "activism", "legislature", "conviction"):
        out[key] = np.array([snap[key] for snap in trace], dtype=float)
    n = len(model.states)
    out["terms"] = out["terms"].reshape(len(trace), n, len(REF_TERMS))
    out["stance"] = out["stance"].astype(int)
    return out


def _close(name: str, got, want, where: str) -> None:
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    assert got.shape == want.shape, f"{where}: {name} shape {got.shape} != {want.shape}"
    nan_got, nan_want = np.isnan(got), np.isnan(want)
    assert np.array_equal(nan_got, nan_want), f"{where}: {name} NaN pattern differs"
    diff = np.abs(np.where(nan_got, 0.0, got - want))
    if diff.size and diff.max() > ATOL:
        idx = np.unravel_index(int(np.argmax(diff)), diff.shape)
        raise AssertionError(f"{where}: {name} differs by {diff.max():.3g} at index {idx} "
                             f"(kernel {got[idx]!r}, reference {want[idx]!r})")


def _same(name: str, got, want, where: str) -> None:
    got, want = np.asarray(got).astype(int), np.asarray(want).astype(int)
    assert got.shape == want.shape, f"{where}: {name} shape {got.shape} != {want.shape}"
    if not np.array_equal(got, want):
        bad = np.argwhere(got != want)[0]
        raise AssertionError(f"{where}: {name} differs first at index {tuple(bad)} "
                             f"(kernel {got[tuple(bad)]}, reference {want[tuple(bad)]})")


def assert_history_agrees(ref: ReferenceModel, history, final, r: int, where: str) -> None:
    """Replication ``r`` of a kernel history/final state equals the reference model's trace."""
    want = _ref_arrays(ref)
    _same("stance", history["stance"][:, r], want["stance"], where)
    _close("severity", history["severity"], want["severity"], where)
    _close("visibility", history["visibility"][:, r], want["visibility"], where)
    for key in ("net", "terms", "activism", "legislature", "conviction"):
        _close(key, history[key][:, r], want[key], where)
    last = ref.trace[-1]
    _same("final stance", final.stance[r], last["stance"], where)
    _same("tipped_tick", final.tipped_tick[r], last["tipped_tick"], where)
    _close("final mobilisation", final.mobilisation[r], last["mobilisation"], where)
    tipped = np.asarray(last["tipped_tick"]) > 0
    _close("pressures_at_tip", final.pressures_at_tip[r][tipped],
           np.asarray(last["pressures_at_tip"], dtype=float).reshape(-1, 3)[tipped], where)


def compare_batched(scenario: Scenario, seed: int, steps: int, replications: int,
                    params: Parameters | None = None) -> None:
    """run_scenario (batched kernel) agrees with the reference model, replication by replication."""
    result = run_scenario(scenario, seed=seed, steps=steps, replications=replications, per_state=True)
    assert result.history["stance"].shape == (steps + 1, replications, len(scenario.states))
    for r in range(replications):
        ref = run_reference(scenario, seed, steps, replication=r, params=params)
        assert_history_agrees(ref, result.history, result.final, r,
                              f"{scenario.name} seed={seed} replication={r}")


def compare_policy_model(scenario: Scenario, seed: int, steps: int, replication: int = 0) -> None:
    """PolicyModel stepped one tick at a time agrees with the reference, tick by tick (incl. mobilisation)."""
    model = PolicyModel(prepare(scenario, seed=seed), replication=replication)
    ref = ReferenceModel(scenario, seed=seed, replication=replication)
    where = f"{scenario.name} PolicyModel seed={seed} replication={replication}"
    _close("mobilisation@0", model.state.mobilisation[0], ref.trace[0]["mobilisation"], where)
    for tick in range(1, steps + 1):
        model.step()
        ref.step()
        assert model.steps == tick == ref.tick
        _close(f"mobilisation@{tick}", model.state.mobilisation[0], ref.trace[-1]["mobilisation"], where)
        _same(f"stance@{tick}", model.state.stance[0], ref.trace[-1]["stance"], where)
        _same(f"tipped_tick@{tick}", model.state.tipped_tick[0], ref.trace[-1]["tipped_tick"], where)
    assert_history_agrees(ref, model.history, model.state, 0, where)
    # the per-agent views read the same numbers
    for agent, ref_state in zip(model.states, ref.states):
        assert int(agent.stance) == ref_state.stance
        assert abs(agent.net_benefit - ref_state.net) <= ATOL


# --------------------------------------------------------------------------- scenarios

def _state(code, **kw):
    base = {"code": code}
    base.update(kw)
    return base


def timeline_scenario() -> Scenario:
    """Severity timeline, several visibility events, overlapping blocs with positions, a one-member bloc,
    a declared bloc with no members, patron inducement, every response override, non-abstain initial
    stances, zero-democracy states, duplicate activist targets."""
    return Scenario.model_validate({
        "name": "ref_timeline",
        "blocs": [
            {"name": "North", "cohesion": 0.7, "position": 0.8},
            {"name": "South", "cohesion": 0.9, "position": -0.6},
            {"name": "Lonely", "cohesion": 1.0, "position": 0.5},
            {"name": "Empty", "cohesion": 0.4, "position": -1.0},
        ],
        "states": [
            _state("AAA", democracy=0.9, capability=0.2, value_commitment=0.8, economic_stake=0.3,
                   blocs=["North"], official={"influence": 0.7, "conviction": 0.2}, stance="support"),
            _state("BBB", democracy=0.0, capability=0.6, record=0.9, grievance=0.8, sovereignty=0.9,
                   security_stake=0.7, economic_stake=0.5, patron_inducement=0.9, blocs=["South"],
                   stance="oppose"),
            _state("CCC", democracy=0.6, capability=0.3, grievance=0.5, security_stake=0.3,
                   economic_stake=0.4, patron_inducement=0.3, blocs=["North", "South"],
                   legislature={"strength": 0.9, "pressure": 0.2},
                   official={"influence": 0.8, "conviction": 0.05}),
            _state("DDD", democracy=0.0, capability=0.05, value_commitment=0.9, blocs=["Lonely", "South"],
                   legislature={"strength": 0.5}, stance="sanction"),
            _state("EEE", democracy=0.75, capability=0.9, record=0.4, economic_stake=0.6, blocs=["North"],
                   official={"influence": 0.3, "conviction": 0.6}),
            _state("FFF", democracy=0.4, value_commitment=0.3, patron_inducement=0.5, blocs=[]),
        ],
        "activists": [
            {"name": "dup", "kind": "ngo", "scope": "domestic", "targets": ["CCC", "CCC", "BBB", "CCC"],
             "resources": 0.9, "credibility": 0.8, "mobilisation": 0.1},
            {"name": "wire", "kind": "media", "scope": "domestic", "targets": ["AAA", "EEE", "AAA"],
             "resources": 0.6, "credibility": 0.7},
            {"name": "boomerang", "kind": "victims", "scope": "transnational", "targets": ["DDD", "FFF"],
             "resources": 0.4, "credibility": 0.9, "mobilisation": 0.3},
        ],
        "crisis": {
            "target": "Tarvia",
            "severity": [{"tick": 0, "severity": 0.2}, {"tick": 5, "severity": 0.9},
                         {"tick": 9, "severity": 0.4}, {"tick": 20, "severity": 1.0}],
            "visibility": 0.1,
            "events": [{"tick": 3, "visibility": 0.4}, {"tick": 3, "visibility": 0.2},
                       {"tick": 12, "visibility": -0.5}, {"tick": 15, "visibility": 1.0}],
            "response": {"instrument": "sanctions", "sponsor": "multilateral", "coerciveness": 0.45,
                         "intrusiveness": 0.35, "reciprocity": 0.7, "northern": 0.85},
        },
        "parameters": {"noise": 0.3, "inertia": 0.1},
    })


def statement_scenario() -> Scenario:
    """A 'statement' (capped at support), a timeline starting late (flat before its first point), a
    regional sponsor with a northern override, strong noise so stances move both ways."""
    return Scenario.model_validate({
        "name": "ref_statement",
        "blocs": [{"name": "Pact", "cohesion": 1.0, "position": 1.0},
                  {"name": "Club", "cohesion": 0.5, "position": -0.3}],
        "states": [
            _state("GGG", democracy=0.8, blocs=["Pact", "Club"], stance="support",
                   official={"influence": 1.0, "conviction": 0.9}),
            _state("HHH", democracy=0.0, record=0.9, sovereignty=0.95, blocs=["Pact"], stance="oppose"),
            _state("III", democracy=0.5, grievance=1.0, economic_stake=0.9, blocs=["Club"]),
            _state("JJJ", democracy=1.0, capability=1.0, patron_inducement=0.7, blocs=["Pact", "Club"]),
        ],
        "activists": [{"name": "solo", "kind": "victims", "targets": ["HHH", "HHH"], "resources": 1.0,
                       "credibility": 1.0, "mobilisation": 0.0}],
        "crisis": {"target": "X",
                   "severity": [{"tick": 4, "severity": 0.1}, {"tick": 10, "severity": 0.95}],
                   "visibility": 0.0,
                   "events": [{"tick": 1, "visibility": 0.25}],
                   "response": {"instrument": "statement", "sponsor": "regional", "northern": 0.6}},
        "parameters": {"noise": 0.6, "inertia": 0.05, "threshold_abstain": -0.4, "threshold_support": -0.1,
                       "threshold_sanction": 0.2, "threshold_intervene": 0.3},
    })


def intervention_scenario() -> Scenario:
    """An 'intervention' (all five stances reachable), initial stances up to intervene, constant severity,
    low thresholds, a one-member bloc with positive position, no activists."""
    return Scenario.model_validate({
        "name": "ref_intervention",
        "blocs": [{"name": "Solo", "cohesion": 0.8, "position": 0.9},
                  {"name": "Duo", "cohesion": 0.6, "position": -0.4}],
        "states": [
            _state("KKK", democracy=0.9, value_commitment=1.0, sovereignty=0.0, blocs=["Solo", "Duo"],
                   stance="intervene"),
            _state("LLL", democracy=0.2, security_stake=0.5, blocs=["Duo"], stance="sanction"),
            _state("MMM", democracy=0.0, sovereignty=0.1, record=0.0, patron_inducement=0.2,
                   stance="oppose"),
        ],
        "activists": [],
        "crisis": {"target": "Y", "severity": 0.8, "visibility": 0.6,
                   "events": [{"tick": 2, "visibility": 0.3}, {"tick": 7, "visibility": -1.0}],
                   "response": {"instrument": "intervention", "sponsor": "western", "coerciveness": 0.7,
                                "reciprocity": 0.1}},
        "parameters": {"noise": 0.5, "inertia": 0.2, "threshold_abstain": -1.2, "threshold_support": -0.5,
                       "threshold_sanction": -0.1, "threshold_intervene": 0.4, "peer_weight": 1.5,
                       "regional_weight": 1.0},
    })


def quiet_scenario() -> Scenario:
    """Constant severity, no blocs, no events, zero noise: a deterministic run."""
    return Scenario.model_validate({
        "name": "ref_quiet",
        "states": [_state("NNN", democracy=0.95, value_commitment=0.9),
                   _state("OOO", democracy=0.3, economic_stake=0.8, stance="support")],
        "activists": [{"name": "press", "kind": "media", "targets": ["NNN", "OOO"], "mobilisation": 0.5}],
        "crisis": {"target": "Z", "severity": 1.0, "visibility": 0.5},
        "parameters": {"noise": 0.0},
    })


def demo_scenarios() -> list[Scenario]:
    base = load_scenario(DEMO)
    return [base] + [load_scenario(DEMO, variant=name) for name in base.variants]


CONSTRUCTED = [timeline_scenario, statement_scenario, intervention_scenario, quiet_scenario]


def _label(scenario: Scenario, variant: str | None) -> Scenario:
    return scenario.model_copy(update={"name": f"{scenario.name}.{variant}"}) if variant else scenario


def all_scenarios() -> list[tuple[str, Scenario]]:
    base = load_scenario(DEMO)
    out = [("demo", base)]
    out += [(f"demo.{v}", _label(load_scenario(DEMO, variant=v), v)) for v in base.variants]
    out += [(f.__name__, f()) for f in CONSTRUCTED]
    return out


SCENARIOS = all_scenarios()
IDS = [name for name, _ in SCENARIOS]


# --------------------------------------------------------------------------- tests

def test_demo_has_variants_and_scenarios_are_lively():
    """The comparison is not trivial: the demo has variants, and the constructed runs change stance."""
    assert len(load_scenario(DEMO).variants) >= 3
    for make in CONSTRUCTED[:3]:
        scenario = make()
        ref = run_reference(scenario, seed=3, steps=30)
        stances = np.array([snap["stance"] for snap in ref.trace])
        assert (np.diff(stances, axis=0) != 0).any(), f"{scenario.name}: no stance ever changes"
    # intervention: some state takes the top stance at some tick; statement: never beyond support
    ref = run_reference(intervention_scenario(), seed=3, steps=30)
    assert max(max(s["stance"]) for s in ref.trace[1:]) == 4
    ref = run_reference(statement_scenario(), seed=3, steps=30)
    assert max(max(s["stance"]) for s in ref.trace) <= 2


@pytest.mark.parametrize("name,scenario", SCENARIOS, ids=IDS)
@pytest.mark.parametrize("seed", [0, 2026, 91])
def test_batched_kernel_matches_reference(name, scenario, seed):
    compare_batched(scenario, seed=seed, steps=36, replications=3)


@pytest.mark.parametrize("name,scenario", SCENARIOS, ids=IDS)
def test_policy_model_matches_reference(name, scenario):
    for seed, replication in [(5, 0), (2026, 2)]:
        compare_policy_model(scenario, seed=seed, steps=30, replication=replication)


@pytest.mark.parametrize("change", [
    {"value_weight": 1.0 + 1e-6},          # a tiny float change: caught by the 1e-9 tolerance
    {"conviction_decay": 0.031},           # a dynamics rate
    {"inertia": 0.0},                      # the choice rule: caught through stances
])
def test_comparison_detects_a_perturbed_reference(change):
    scenario = load_scenario(DEMO)
    params = scenario.parameters.model_copy(update=change)
    with pytest.raises(AssertionError):
        compare_batched(scenario, seed=2026, steps=36, replications=2, params=params)
    compare_batched(scenario, seed=2026, steps=36, replications=2)  # unperturbed: agrees


def test_comparison_detects_a_different_noise_stream():
    scenario = load_scenario(DEMO)
    result = run_scenario(scenario, seed=2026, steps=36, replications=2, per_state=True)
    ref = run_reference(scenario, 2026, 36, replication=1)
    with pytest.raises(AssertionError):
        assert_history_agrees(ref, result.history, result.final, 0, "replication 1 vs 0")


# --------------------------------------------------------------------------- property test


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=scenarios(), seed=st.integers(0, 2**32 - 1), replications=st.integers(1, 2))
def test_random_scenarios_agree(scenario, seed, replications):
    compare_batched(scenario, seed=seed, steps=15, replications=replications)
