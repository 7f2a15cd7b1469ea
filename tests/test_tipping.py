"""What it would take to tip: the reading re-reads the kernel's own decision, so it agrees with the kernel."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import scenarios

from simulation.faces.tipping import Tipping, describe, what_it_takes
from simulation.model.decision import net_with
from simulation.model.legs import LEGS
from simulation.model.policy_model import PolicyModel
from simulation.scenario.prepare import prepare


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=scenarios(), ticks=st.integers(1, 8), seed=st.integers(0, 2**31))
def test_each_leg_needed_reaches_the_cut_and_the_current_level_gives_the_kernels_net(scenario, ticks, seed):
    model = PolicyModel(prepare(scenario, seed=seed, steps=ticks))
    for _ in range(ticks):
        model.step()
    out, p = model.last_output, model.params
    for row in range(model.world.n_states):
        stance = int(model.state.stance[0, row])
        reading = what_it_takes(out, p, row, stance)
        assert reading.net == pytest.approx(float(model.state.net[0, row]), abs=1e-9)
        inputs = (out.world.traits, out.pressures, out.severity, out.visibility, out.world.response, p,
                  out.world.peer_review, row)
        for leg, r in zip(LEGS, reading.legs):
            now = net_with(*inputs, leg.level, [r.level])[0]
            assert now == pytest.approx(float(model.state.net[0, row]), abs=1e-9)
            if reading.acting:
                assert r.needed is None
            elif r.needed is not None and now >= reading.cut:  # above the cut already (a shock kept it back)
                assert r.needed == r.level
            elif r.needed is not None:
                assert r.needed > r.level
                assert net_with(*inputs, leg.level, [r.needed])[0] == pytest.approx(reading.cut, abs=1e-8)
                below = max(r.level, r.needed - 1e-6)
                if below > r.level:
                    assert net_with(*inputs, leg.level, [below])[0] < reading.cut


def test_the_reading_follows_an_intervention_active_at_that_tick(demo_path):
    """Incentives lower the stakes at the tick they act: the reading uses the tick's world, not the base."""
    from simulation.scenario.load import load_scenario

    base = load_scenario(demo_path)
    helped = load_scenario(demo_path, overrides={"interventions": [
        {"kind": "incentives", "targets": ["EMD"], "start": 1, "duration": 10, "intensity": 1.0}]})
    readings = []
    for s in (base, helped):
        model = PolicyModel(prepare(s, seed=1))
        for _ in range(3):
            model.step()
        row = model.world.index("EMD")
        readings.append(what_it_takes(model.last_output, model.params, row, int(model.state.stance[0, row])))
    assert readings[1].net > readings[0].net
    assert readings[1].net == pytest.approx(float(model.state.net[0, row]), abs=1e-12)


@pytest.mark.parametrize(("net", "acting", "needle"), [
    (0.5, True, "It acts: its net benefit +0.50 is above"),
    (-1.5, True, "random shock (the influences the model leaves out) carried it"),
    (0.5, False, "random shock (the influences the model leaves out) held it back"),
    (-1.5, False, "To act it needs 1.50 more net benefit"),
])
def test_the_sentence_never_says_the_net_benefit_explains_what_the_shock_did(net, acting, needle):
    """A state acting below its cut (or not acting above it) got there by the tick's shock; the sentence says so
    instead of claiming the net benefit cleared the cut."""
    text = describe(Tipping(net=net, cut=0.0, acting=acting, legs=()))
    assert needle in text
    if acting and net < 0:
        assert "-1.50 is below the +0.00" in text
