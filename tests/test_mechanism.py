"""Each mechanism term moves the decision in its documented direction, all else equal (property tests)."""

from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from simulation.model.decision import TERMS, choose_stance
from simulation.model.kernel import advance
from simulation.model.params import Parameters
from simulation.model.stance import Stance
from simulation.scenario import Scenario, build_world

unit = st.floats(0.0, 1.0, allow_nan=False)


@st.composite
def worlds(draw):
    """A random small world with random traits, pressures, blocs, activists and parameters."""
    n = draw(st.integers(2, 6))
    codes = [f"S{chr(65 + i)}X" for i in range(n)]
    blocs = [{"name": f"b{k}", "cohesion": draw(unit), "position": draw(st.floats(-1, 1))}
             for k in range(draw(st.integers(0, 2)))]
    states = []
    for c in codes:
        states.append({
            "code": c, "democracy": draw(unit), "capability": draw(unit), "record": draw(unit),
            "grievance": draw(unit), "sovereignty": draw(unit), "value_commitment": draw(unit),
            "security_stake": draw(unit), "economic_stake": draw(unit), "patron_inducement": draw(unit),
            "blocs": [b["name"] for b in blocs if draw(st.booleans())],
            "legislature": {"strength": draw(unit), "pressure": draw(unit)},
            "official": {"influence": draw(unit), "conviction": draw(unit)},
            "stance": draw(st.sampled_from(["oppose", "abstain", "support"])),
        })
    activists = [{"name": f"a{k}", "targets": draw(st.lists(st.sampled_from(codes), min_size=1, max_size=n)),
                  "resources": draw(unit), "credibility": draw(unit), "mobilisation": draw(unit),
                  "kind": draw(st.sampled_from(["ngo", "victims", "media"]))}
                 for k in range(draw(st.integers(0, 3)))]
    names = ["value_weight", "activism_weight", "legislature_weight", "peer_weight", "security_weight",
             "economic_weight", "grievance_weight", "scrutiny_weight", "sovereignty_weight"]
    params = {k: draw(st.floats(0, 3)) for k in names}
    params |= {k: draw(unit) for k in ["reframing_max", "route_share", "activism_growth",
                                        "legislature_responsiveness", "conviction_gain"]}
    scenario = Scenario.model_validate({
        "name": "prop", "states": states, "blocs": blocs, "activists": activists,
        "crisis": {"target": "X", "severity": draw(unit), "visibility": draw(unit),
                   "response": {"instrument": draw(st.sampled_from(["statement", "resolution", "sanctions",
                                                                      "intervention"])),
                                "sponsor": draw(st.sampled_from(["western", "multilateral", "regional"]))}},
        "parameters": params,
    })
    return scenario, draw(st.integers(0, n - 1))


def net_after_tick(world, params, row):
    """The state's net benefit of acting after one tick, with no random shock."""
    state, _ = advance(world, params, world.initial, 1, np.zeros((1, world.n_states)))
    return state.net[0, row]


def bumped(world, trait, row, amount):
    values = getattr(world.traits, trait).copy()
    values[row] = min(1.0, values[row] + amount)
    return world.with_traits(**{trait: values})


RAISE_ACTING = ["value_commitment", "legislature_strength", "official_influence", "democracy"]
LOWER_ACTING = ["security_stake", "economic_stake", "grievance", "record", "sovereignty", "patron_inducement"]


@settings(max_examples=60, deadline=None)
@given(worlds(), st.sampled_from(RAISE_ACTING), st.floats(0.01, 1.0))
def test_more_values_or_stronger_legs_never_lower_net_benefit(case, trait, amount):
    scenario, row = case
    world = build_world(scenario)
    before = net_after_tick(world, scenario.parameters, row)
    after = net_after_tick(bumped(world, trait, row, amount), scenario.parameters, row)
    assert after >= before - 1e-12


@settings(max_examples=60, deadline=None)
@given(worlds(), st.sampled_from(LOWER_ACTING), st.floats(0.01, 1.0))
def test_larger_stakes_grievance_or_vulnerability_never_raise_net_benefit(case, trait, amount):
    scenario, row = case
    world = build_world(scenario)
    before = net_after_tick(world, scenario.parameters, row)
    after = net_after_tick(bumped(world, trait, row, amount), scenario.parameters, row)
    assert after <= before + 1e-12


@settings(max_examples=60, deadline=None)
@given(worlds(), st.sampled_from(["mobilisation", "legislature", "conviction"]), st.floats(0.01, 1.0))
def test_more_activism_legislative_pressure_or_conviction_never_lower_net_benefit(case, level, amount):
    """Raising the current level of a leg (activists' mobilisation, legislative pressure, officials'
    conviction) never lowers the net benefit of acting one tick later."""
    scenario, row = case
    world = build_world(scenario)
    init = world.initial
    before = net_after_tick(world, scenario.parameters, row)
    if level == "mobilisation":
        raised = np.minimum(1.0, init.mobilisation + amount)  # every activist (including those on this state)
    else:
        raised = getattr(init, level).copy()
        raised[0, row] = min(1.0, raised[0, row] + amount)
    changes = {level: raised} | ({"baseline_conviction": init.baseline_conviction} if level == "conviction" else {})
    after = net_after_tick(replace(world, initial=replace(init, **changes)), scenario.parameters, row)
    assert after >= before - 1e-12


@settings(max_examples=200, deadline=None)
@given(st.floats(-3, 3), st.floats(0, 3), st.integers(0, 4), st.integers(0, 4))
def test_stance_is_monotone_in_net_benefit_and_capped(net, gain, current, top):
    p = Parameters()
    low = choose_stance(np.array([[net]]), np.zeros((1, 1)), np.array([[current]]), p, top)[0, 0]
    high = choose_stance(np.array([[net + gain]]), np.zeros((1, 1)), np.array([[current]]), p, top)[0, 0]
    assert low <= high <= top


@settings(max_examples=200, deadline=None)
@given(st.floats(-0.14, 0.14))
def test_inertia_keeps_a_state_inside_the_switching_band(offset):
    """Within ``inertia`` of a cut point a state keeps its stance, whichever side it is on."""
    p = Parameters()
    net = np.array([[p.threshold_support + offset]])
    zero = np.zeros((1, 1))
    assert choose_stance(net, zero, np.array([[Stance.ABSTAIN]]), p, 4)[0, 0] == Stance.ABSTAIN
    assert choose_stance(net, zero, np.array([[Stance.SUPPORT]]), p, 4)[0, 0] == Stance.SUPPORT


def test_terms_sum_to_net_and_signs_are_as_documented(demo_path):
    from simulation.lab.runs import run_scenario
    from simulation.scenario import load_scenario

    result = run_scenario(load_scenario(demo_path), replications=3)
    terms = result.history["terms"][1:]
    assert np.allclose(terms.sum(axis=-1), result.history["net"][1:])
    signs = {"values": 1, "activism": 1, "legislature": 1, "officials": 1,
             "security": -1, "economy": -1, "grievance": -1, "scrutiny": -1, "sovereignty": -1, "patron": -1}
    for term, sign in signs.items():
        assert (sign * terms[..., TERMS.index(term)] >= 0).all(), term
