"""Interventions: each works through its own state variable or input, zero intensity changes nothing, the kernel
agrees with the per-agent reference, and bad interventions get located errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference_model import ReferenceModel
from test_reference import DEMO, compare_batched, compare_policy_model, timeline_scenario

from simulation.lab.runs import run_scenario
from simulation.model.decision import TERMS
from simulation.model.interventions import KINDS
from simulation.model.noise import run_seed
from simulation.model.simulate import simulate
from simulation.scenario.build import build_world
from simulation.scenario.errors import InputFileError
from simulation.scenario.interventions import UNIT_COSTS, intervention_cost, schedule_of
from simulation.scenario.load import load_scenario
from simulation.scenario.schema import InterventionSpec

# On the timeline scenario (states AAA..FFF, blocs North/South/Lonely/Empty): one intervention of every kind.
EVERY_KIND = [
    {"kind": "campaign", "targets": ["BBB", "CCC"], "start": 2, "duration": 6, "intensity": 0.7},
    {"kind": "campaign", "targets": ["FFF"], "start": 4, "duration": 20, "intensity": 0.6},
    {"kind": "campaign", "targets": ["FFF"], "start": 10, "duration": 5, "intensity": 0.8},  # overlap: capped
    {"kind": "media", "start": 3, "duration": 4, "intensity": 0.9},
    {"kind": "lobbying", "targets": ["CCC", "EEE"], "start": 1, "duration": 10, "intensity": 0.8},
    {"kind": "engagement", "targets": ["BBB"], "start": 5, "duration": 8, "intensity": 1.0},
    {"kind": "coalition", "targets": ["FFF"], "partners": ["AAA", "EEE"], "start": 2, "duration": 12,
     "intensity": 0.9},
    {"kind": "regional", "blocs": ["South", "Empty"], "start": 6, "duration": 9, "intensity": 0.7},
    {"kind": "incentives", "targets": ["BBB", "CCC"], "start": 1, "duration": 15, "intensity": 0.6},
    {"kind": "counter_offer", "targets": ["EEE"], "start": 8, "duration": 6, "intensity": 0.5},
]


def with_interventions(scenario, specs):
    return scenario.model_copy(update={"interventions": tuple(InterventionSpec.model_validate(s) for s in specs)})


def zeroed(specs):
    return [{**s, "intensity": 0.0} for s in specs]


# --------------------------------------------------------------------------- kernel = reference

@pytest.mark.parametrize("seed", [0, 7, 2026])
def test_kernel_matches_reference_with_every_kind(seed):
    compare_batched(with_interventions(timeline_scenario(), EVERY_KIND), seed=seed, steps=24, replications=3)


def test_policy_model_matches_reference_with_interventions():
    compare_policy_model(with_interventions(timeline_scenario(), EVERY_KIND), seed=3, steps=20, replication=1)


def test_reference_comparison_detects_a_different_effect():
    """The comparison is not vacuous: the same run with a different lobbying intensity disagrees."""
    scenario = with_interventions(timeline_scenario(), EVERY_KIND)
    other = with_interventions(timeline_scenario(), [{**s, "intensity": 0.5} if s["kind"] == "lobbying" else s
                                                     for s in EVERY_KIND])
    result = run_scenario(scenario, seed=1, steps=12, replications=1, per_state=True)
    ref = ReferenceModel(other, seed=1)
    for _ in range(12):
        ref.step()
    kernel_l = result.history["legislature"][:, 0]
    ref_l = np.array([snap["legislature"] for snap in ref.trace])
    assert np.abs(kernel_l - ref_l).max() > 1e-6


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), seed=st.integers(0, 2**31))
def test_random_interventions_agree_with_reference(data, seed):
    base = timeline_scenario()
    codes = [s.code for s in base.states]
    blocs = [b.name for b in base.blocs]
    specs = []
    for _ in range(data.draw(st.integers(1, 5))):
        kind = data.draw(st.sampled_from(list(KINDS)))
        spec = {"kind": kind, "start": data.draw(st.integers(1, 10)), "duration": data.draw(st.integers(1, 10)),
                "intensity": data.draw(st.floats(0.0, 1.0))}
        if kind == "regional":
            spec["blocs"] = data.draw(st.lists(st.sampled_from(blocs), min_size=1, max_size=2))
        elif kind != "media":
            spec["targets"] = data.draw(st.lists(st.sampled_from(codes), min_size=1, max_size=3))
        if kind == "coalition":
            spec["partners"] = data.draw(st.lists(st.sampled_from(codes), min_size=1, max_size=3))
        specs.append(spec)
    compare_batched(with_interventions(base, specs), seed=seed, steps=14, replications=2)


# --------------------------------------------------------------------------- zero intensity, do nothing

def _run(scenario, seed=11, steps=20, reps=3):
    return run_scenario(scenario, seed=seed, steps=steps, replications=reps, per_state=True)


@pytest.mark.parametrize("spec", EVERY_KIND, ids=lambda s: s["kind"])
def test_zero_intensity_changes_nothing_bit_for_bit(spec):
    base = timeline_scenario()
    plain, zero = _run(base), _run(with_interventions(base, zeroed([spec])))
    for key in ("stance", "net", "terms", "activism", "legislature", "conviction", "visibility"):
        assert np.array_equal(plain.history[key], zero.history[key], equal_nan=True), key
    assert np.array_equal(plain.final.tipped_tick, zero.final.tipped_tick)


def test_every_kind_at_zero_together_changes_nothing_on_the_demo():
    base = load_scenario(DEMO)
    specs = [{**s, "targets": ["EMD"] * bool(s.get("targets")), "partners": ["NRD"] * bool(s.get("partners")),
              "blocs": ["SouthForum"] * bool(s.get("blocs")), "intensity": 0.0} for s in EVERY_KIND]
    plain, zero = _run(base), _run(with_interventions(base, specs))
    for key in ("stance", "net", "terms", "visibility"):
        assert np.array_equal(plain.history[key], zero.history[key], equal_nan=True), key


def test_no_interventions_means_no_schedule():
    assert schedule_of(timeline_scenario()) is None


# --------------------------------------------------------------------------- each kind moves its own variable

def _levels(scenario, extra, steps=12, seed=5):
    """Final state and history of ``scenario`` with the interventions ``extra`` and without, same seeds."""
    seeds = [run_seed(seed, r) for r in range(2)]
    base = simulate(build_world(scenario), scenario.parameters, seeds, steps)
    moved = simulate(build_world(with_interventions(scenario, list(scenario.interventions) + list(extra))),
                     scenario.parameters, seeds, steps)
    return base, moved


@settings(max_examples=15, deadline=None)
@given(u=st.floats(0.05, 1.0), start=st.integers(1, 4))
def test_lobbying_raises_legislative_pressure_of_its_target_only(u, start):
    s = timeline_scenario()
    (_, h0), (_, h1) = _levels(s, [{"kind": "lobbying", "targets": ["EEE"], "start": start, "duration": 5,
                                    "intensity": u}])
    e = s.states.index(s.state("EEE"))
    assert (h1["legislature"][start:, :, e] > h0["legislature"][start:, :, e]).all()
    others = [i for i in range(len(s.states)) if i != e]
    assert np.array_equal(h1["activism"][..., others], h0["activism"][..., others])


@settings(max_examples=15, deadline=None)
@given(u=st.floats(0.05, 1.0))
def test_engagement_raises_conviction(u):
    s = timeline_scenario()
    (_, h0), (_, h1) = _levels(s, [{"kind": "engagement", "targets": ["BBB"], "start": 2, "duration": 4,
                                    "intensity": u}])
    b = 1
    assert (h1["conviction"][2:, :, b] > h0["conviction"][2:, :, b]).all()


@settings(max_examples=15, deadline=None)
@given(u=st.floats(0.05, 1.0))
def test_campaign_raises_activism_on_its_targets(u):
    s = timeline_scenario()
    (_, h0), (_, h1) = _levels(s, [{"kind": "campaign", "targets": ["AAA"], "start": 1, "duration": 8,
                                    "intensity": u}])
    assert (h1["activism"][1:, :, 0] > h0["activism"][1:, :, 0]).all()
    assert np.array_equal(h1["activism"][:, :, 1], h0["activism"][:, :, 1])  # BBB not targeted


@settings(max_examples=15, deadline=None)
@given(u=st.floats(0.05, 1.0))
def test_media_raises_visibility(u):
    (_, h0), (_, h1) = _levels(timeline_scenario(), [{"kind": "media", "start": 1, "duration": 3, "intensity": u}])
    assert (h1["visibility"][1:4] >= h0["visibility"][1:4]).all()
    assert (h1["visibility"][1:4] > h0["visibility"][1:4]).any()


@settings(max_examples=15, deadline=None)
@given(u=st.floats(0.05, 1.0))
def test_incentives_shrink_the_interest_costs_and_counter_offer_grows_the_patron_cost(u):
    s = timeline_scenario()
    terms = list(TERMS)
    (_, h0), (_, h1) = _levels(s, [{"kind": "incentives", "targets": ["BBB"], "start": 1, "duration": 12,
                                    "intensity": u},
                                   {"kind": "counter_offer", "targets": ["CCC"], "start": 1, "duration": 12,
                                    "intensity": u}])
    sec, eco, pat = terms.index("security"), terms.index("economy"), terms.index("patron")
    assert (h1["terms"][1:, :, 1, sec] > h0["terms"][1:, :, 1, sec]).all()  # less negative
    assert (h1["terms"][1:, :, 1, eco] > h0["terms"][1:, :, 1, eco]).all()
    assert (h1["terms"][1:, :, 2, pat] < h0["terms"][1:, :, 2, pat]).all()  # more negative


def test_regional_mechanism_pulls_members_and_is_blunted_by_autocracies():
    s = timeline_scenario()
    terms = list(TERMS)
    reg = terms.index("regional")
    (_, h0), (_, h1) = _levels(s, [{"kind": "regional", "blocs": ["North"], "start": 1, "duration": 5,
                                    "intensity": 1.0}])
    north = [0, 2, 4]  # AAA, CCC, EEE
    assert (h1["terms"][1:6, :, north, reg] > h0["terms"][1:6, :, north, reg]).all()
    # autocracies on the body blunt it: with every member half as democratic, the body moves half as far
    half = s.model_copy(update={"states": tuple(st.model_copy(update={"democracy": st.democracy / 2})
                                                if "North" in st.blocs else st for st in s.states)})
    (_, g0), (_, g1) = _levels(half, [{"kind": "regional", "blocs": ["North"], "start": 1, "duration": 5,
                                       "intensity": 1.0}])
    lift = h1["terms"][1, :, 0, reg] - h0["terms"][1, :, 0, reg]
    lift_half = g1["terms"][1, :, 0, reg] - g0["terms"][1, :, 0, reg]
    assert lift.min() > 0
    assert lift_half == pytest.approx(lift / 2, rel=1e-9)


def test_coalition_pull_follows_the_partners_stances():
    s = timeline_scenario()  # AAA starts at support (+1), BBB at oppose (-1)
    terms = list(TERMS)
    reg = terms.index("regional")
    (_, h0), (_, up) = _levels(s, [{"kind": "coalition", "targets": ["FFF"], "partners": ["AAA"], "start": 1,
                                    "duration": 1, "intensity": 1.0}])
    (_, _), (_, down) = _levels(s, [{"kind": "coalition", "targets": ["FFF"], "partners": ["BBB"], "start": 1,
                                     "duration": 1, "intensity": 1.0}])
    assert up["terms"][1, 0, 5, reg] > h0["terms"][1, 0, 5, reg] > down["terms"][1, 0, 5, reg]


# --------------------------------------------------------------------------- costs and errors

def test_cost_model_and_override():
    s = timeline_scenario()
    spec = InterventionSpec(kind="lobbying", targets=("AAA", "BBB"), start=1, duration=4, intensity=0.5)
    size = (0.5 + s.state("AAA").capability) + (0.5 + s.state("BBB").capability)
    assert intervention_cost(spec, s) == pytest.approx(UNIT_COSTS["lobbying"] * 0.5 * 4 * size)
    assert intervention_cost(spec.model_copy(update={"cost": 3.0}), s) == 3.0
    assert intervention_cost(spec.model_copy(update={"intensity": 0.0}), s) == 0.0


def test_bad_interventions_get_located_errors(tmp_path):
    text = DEMO.read_text(encoding="utf-8") + """
interventions:
  - {kind: lobbying, targets: [EMX], start: 1, duration: 3, intensity: 0.5}
  - {kind: regional, start: 1, duration: 3, intensity: 0.5}
  - {kind: campain, targets: [EMD], intensity: 0.5}
  - {kind: media, intensity: 1.5}
"""
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputFileError) as info:
        load_scenario(path)
    rendered = info.value.render()
    assert "interventions[2].kind" in rendered and "interventions[3].intensity" in rendered
    path.write_text(text.replace("  - {kind: campain, targets: [EMD], intensity: 0.5}\n", "")
                    .replace("  - {kind: media, intensity: 1.5}\n", ""), encoding="utf-8")
    with pytest.raises(InputFileError) as info:
        load_scenario(path)
    rendered = info.value.render()
    assert "interventions[0].targets[0]" in rendered and "did you mean 'EMD'" in rendered
    assert "interventions[1].blocs" in rendered
    assert all(p.line is not None for p in info.value.problems)
