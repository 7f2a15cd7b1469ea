"""The one preparation step: the fast road (changes made on the prepared arrays) gives the same world, bit for
bit, as the general road (changes applied to the scenario's source, validated and rebuilt), and a sweep over
an intervention's intensity reaches the run."""

from __future__ import annotations

import numpy as np
import pytest
import yaml
from conftest import DEMO, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulation.lab.executors import ExecutorSpec
from simulation.lab.experiment import load_experiment
from simulation.lab.sweep import run_job
from simulation.model.batch import structure_key
from simulation.model.params import Parameters
from simulation.scenario.build import build_world
from simulation.scenario.changes import ChangeError, apply_changes
from simulation.scenario.load import load_scenario
from simulation.scenario.prepare import ACTIVIST_NUMBERS, STATE_NUMBERS, Preparation

WORLD_SCENARIO = ROOT / "scenarios" / "crimea_2014.yaml"


def assert_same_world(a, b):
    assert structure_key(a) == structure_key(b)
    for name in a.traits.__dataclass_fields__:
        assert np.array_equal(getattr(a.traits, name), getattr(b.traits, name)), name
    for name in ("resources", "credibility", "informs"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    for name, value in a.initial.__dict__.items():
        assert np.array_equal(value, getattr(b.initial, name), equal_nan=True), name


@st.composite
def numeric_changes(draw, scenario):
    codes = [s.code for s in scenario.states]
    names = [a.name for a in scenario.activists]
    out = {}
    for _ in range(draw(st.integers(1, 4))):
        if names and draw(st.booleans()):
            path = f"activists[{draw(st.sampled_from(names))}].{draw(st.sampled_from(sorted(ACTIVIST_NUMBERS)))}"
            out[path] = draw(st.floats(0.0, 1.0))
        else:
            field = draw(st.sampled_from(sorted(STATE_NUMBERS)))
            path = f"states[{draw(st.sampled_from(codes))}].{field}"
            out[path] = (draw(st.booleans()) if field == "sponsor" else
                         draw(st.floats(-1.0, 1.0)) if field in ("prior", "alignment") else draw(st.floats(0.0, 1.0)))
    if draw(st.booleans()):
        out["parameters.noise"] = draw(st.floats(0.0, 1.0))
    if draw(st.booleans()):
        out["interventions"] = [{"kind": "lobbying", "targets": [draw(st.sampled_from(codes))], "start": 2,
                                 "duration": 5, "intensity": draw(st.floats(0.0, 1.0))},
                                {"kind": "campaign", "targets": [draw(st.sampled_from(codes))], "start": 1,
                                 "duration": 3, "intensity": 0.5}]
    return out


@pytest.mark.parametrize("path", [DEMO, WORLD_SCENARIO], ids=["demo", "world"])
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_fast_road_equals_the_general_road(path, data):
    scenario = _loaded(path)
    changes = data.draw(numeric_changes(scenario))
    prep = _prepared(path)
    fast = prep.at(changes)
    assert prep._fast(list(changes.items())) is not None, "these changes should take the fast road"
    general = apply_changes(scenario, changes)
    assert_same_world(fast.world, build_world(general))
    assert fast.params == general.parameters


@pytest.mark.parametrize("field", sorted(STATE_NUMBERS))
def test_each_state_number_alone_on_the_fast_road_equals_the_general_road(field):
    """Every state number, changed alone, gives the general road's world: its traits and tick-0 levels (the fast
    road computes again only the ones a number feeds, ``START_NUMBERS`` or the traits)."""
    scenario = _loaded(DEMO)
    code = scenario.states[1].code
    value = True if field == "sponsor" else -0.4 if field in ("prior", "alignment") else 0.37
    changes = {f"states[{code}].{field}": value}
    prep = _prepared(DEMO)
    assert prep._fast(list(changes.items())) is not None
    assert_same_world(prep.at(changes).world, build_world(apply_changes(scenario, changes)))


def test_a_bad_value_on_the_fast_road_is_reported_at_its_change():
    prep = _prepared(DEMO)
    with pytest.raises(ChangeError) as info:
        prep.at({"states[EMD].democracy": 1.5})
    assert info.value.problems[0].path == "states[EMD].democracy"
    with pytest.raises(ChangeError) as info:
        prep.at({"interventions": [{"kind": "lobbying", "targets": ["XXX"], "intensity": 0.5}]})
    assert "interventions[0].targets[0]" in info.value.problems[0].path
    with pytest.raises(ChangeError) as info:
        prep.at({"parameters.noise": 7.0})
    assert info.value.problems[0].path == "parameters.noise"
    with pytest.raises(ChangeError) as info:
        prep.at({"parameters.threshold_support": 5.0})
    assert "threshold" in info.value.problems[0].expected + info.value.problems[0].found


def test_world_keys_take_the_general_road_and_reexpand_the_world():
    base = _loaded(WORLD_SCENARIO)
    other = apply_changes(base, {"world.year": 2010})
    assert other.world.year == 2010
    assert [s.democracy for s in other.states] != [s.democracy for s in base.states]


def test_a_sweep_over_an_interventions_intensity_changes_the_outcomes(tmp_path):
    data = yaml.safe_load(DEMO.read_text())
    data["interventions"] = [{"kind": "lobbying", "targets": ["EMD"], "start": 2, "duration": 20, "intensity": 0.5}]
    scenario = tmp_path / "lobbied.yaml"
    scenario.write_text(yaml.safe_dump(data, sort_keys=False))
    spec = {"name": "intensity", "scenario": str(scenario), "seed": 3, "replications": 4, "steps": 24,
            "factors": [{"name": "intensity", "path": "interventions[0].intensity", "levels": [0.0, 1.0]}],
            "design": {"kind": "grid"}}
    path = tmp_path / "intensity.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    runs = run_job(load_experiment(path).job(), ExecutorSpec("serial", 1))
    by_point = runs.groupby("point_id")["legislature_final"].mean()
    assert by_point[1] > by_point[0]


_CACHE: dict = {}


def _loaded(path):
    if path not in _CACHE:
        _CACHE[path] = load_scenario(path)
    return _CACHE[path]


def _prepared(path):
    key = ("prep", path)
    if key not in _CACHE:
        _CACHE[key] = Preparation(_loaded(path))
    return _CACHE[key]


_PARAMETER_NAMES = sorted(Parameters.model_fields)
_ANY_VALUE = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-30, 30), st.booleans(),
                       st.just("0.5"), st.none())


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(_PARAMETER_NAMES), _ANY_VALUE, min_size=1, max_size=4))
def test_changed_parameters_are_checked_as_a_whole_new_set_would_be(values):
    """The fast road's parameters (each changed value checked by its field's rule, the thresholds by their order)
    accept exactly what validating the whole changed set accepts, and give the same parameters."""
    base = Parameters()
    try:
        whole = Parameters.model_validate({**base.model_dump(), **values})
    except ValueError:
        whole = None
    try:
        changed = base.with_values(values)
    except ValueError:
        changed = None
    assert (whole is None) == (changed is None)
    if whole is not None:
        assert changed.model_dump() == whole.model_dump()


_PATHS = {name: path for name, path in zip(_PARAMETER_NAMES, (f"parameters.{n}" for n in _PARAMETER_NAMES))}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PARAMETER_NAMES), min_size=1, max_size=3, unique=True).flatmap(
    lambda names: st.lists(st.fixed_dictionaries({_PATHS[n]: st.one_of(st.floats(-25, 25), _ANY_VALUE) for n in names}),
                           min_size=1, max_size=4)))
def test_parameter_points_as_a_table_are_checked_and_valued_as_each_point_alone(points):
    """A chunk's parameter points taken as one table (each column checked in one step) give a table exactly when
    every point alone is accepted by ``at``, and each row holds that point's parameters."""
    base = _prepared(DEMO)
    table = base.parameter_points({path: [p[path] for p in points] for path in points[0]}, len(points))
    alone = []
    for changes in points:
        try:
            alone.append(base.at(changes))
        except ChangeError:
            alone.append(None)
    assert (table is None) == any(a is None for a in alone)
    if table is not None:
        for row, setup in zip(table, alone):
            assert setup.world is base.world
            assert row.tolist() == [getattr(setup.params, name) for name in Parameters.model_fields]


def test_only_parameter_paths_take_the_table():
    base = _prepared(DEMO)
    code = base.scenario.states[0].code
    assert base.parameter_points({"parameters.noise": [0.1, 0.2]}, 2) is not None
    for path, value in ((f"states[{code}].democracy", 0.5), ("crisis.response.instrument", "statement"),
                        ("interventions", []), ("parameters.no_such_thing", 1.0)):
        assert base.parameter_points({"parameters.noise": [0.1], path: [value]}, 1) is None, path
