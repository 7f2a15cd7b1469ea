"""Each mechanism term moves the decision in its documented direction, all else equal (property tests)."""

from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import scenarios

from simulation.model.decision import TERMS, choose_stance
from simulation.model.kernel import advance
from simulation.model.noise import run_seed
from simulation.model.params import Parameters
from simulation.model.stance import Stance
from simulation.scenario import build_world


@st.composite
def worlds(draw):
    """A random small scenario and the row of one of its states."""
    scenario = draw(scenarios())
    return scenario, draw(st.integers(0, len(scenario.states) - 1))


def net_after_tick(world, params, row):
    """The state's net benefit of acting after one tick (the shock moves the stance, never the net benefit)."""
    state, _ = advance(world, params, world.initial, 1, [run_seed(0, 0)])
    return state.net[0, row]


def bumped(world, trait, row, amount):
    values = getattr(world.traits, trait).copy()
    values[row] = min(1.0, values[row] + amount)
    return world.with_traits(**{trait: values})


#: Traits whose increase, all else equal, must never lower (+1) or never raise (-1) the net benefit of acting.
DIRECTION = {"value_commitment": +1, "legislature_strength": +1, "official_influence": +1, "democracy": +1,
             "security_stake": -1, "economic_stake": -1, "grievance": -1, "record": -1, "sovereignty": -1,
             "patron_inducement": -1}


@settings(max_examples=120, deadline=None)
@given(worlds(), st.sampled_from(sorted(DIRECTION)), st.floats(0.01, 1.0))
def test_each_trait_moves_net_benefit_in_its_documented_direction(case, trait, amount):
    """More values or stronger legs never lower the net benefit of acting; larger stakes, grievance,
    vulnerability, sovereignty attachment or patron inducement never raise it."""
    scenario, row = case
    world = build_world(scenario)
    before = net_after_tick(world, scenario.parameters, row)
    after = net_after_tick(bumped(world, trait, row, amount), scenario.parameters, row)
    assert DIRECTION[trait] * (after - before) >= -1e-12


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
@given(st.floats(-0.99, 0.99))
def test_inertia_keeps_a_state_inside_the_switching_band(share):
    """Within ``inertia`` of a cut point a state keeps its stance, whichever side it is on."""
    p = Parameters()
    net = np.array([[p.threshold_support + share * p.inertia]])
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


#: A world with a coercive response whose target has patrons (every interest term non-zero somewhere), and the
#: demo (peer review, sponsors, prior positions).
SCENARIOS_WITH_EVERY_STANDING_TERM = ("patron_offer.yaml", "libya_2011.yaml", "trifecta_demo.yaml", "crimea_2014.yaml")


def _standing(world, p: Parameters) -> np.ndarray:
    """Every state's standing terms (terms by states) under ``p``, as the kernel weighs them."""
    from simulation.model.decision import N_TERMS, scrutiny_exposure, standing_terms
    from simulation.model.packed import packed_parameters

    record, w = packed_parameters(p)[0], world.packed
    terms = np.zeros((N_TERMS, world.n_states))
    for i in range(world.n_states):
        t = w.traits[0, i]
        standing_terms(terms, i, t, scrutiny_exposure(t["record"], record), w.response[0], record)
    return terms


def test_the_standing_terms_read_the_standing_parameters_and_no_other(library):
    """The kernel weighs a run's standing terms again only when a parameter of ``STANDING_PARAMETERS`` (or the
    scrutiny exponent) differs from the last run's: each of them moves some standing term, no other parameter
    moves any."""
    from simulation.model.decision import STANDING_PARAMETERS
    from simulation.model.params import parameter_table
    from simulation.scenario import load_scenario

    worlds = []
    for name in SCENARIOS_WITH_EVERY_STANDING_TERM:  # together they have every standing term non-zero somewhere
        scenario = load_scenario(library / name)
        worlds.append((build_world(scenario), scenario.parameters))
    for row in parameter_table():
        name = row["name"]
        if name.startswith("threshold_"):
            continue  # cut points, read by the choice only (and bound to stay in order)
        moved = False
        for world, base in worlds:
            value = getattr(base, name)
            other = value + 0.5 * (row["max"] - value) if value < row["max"] else value - 0.5 * (value - row["min"])
            moved |= not np.array_equal(_standing(world, base.model_copy(update={name: other})), _standing(world, base))
        assert moved == (name in STANDING_PARAMETERS or name == "scrutiny_exponent"), name
