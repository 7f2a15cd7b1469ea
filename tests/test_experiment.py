"""Experiment specs and designs: point counts, factors reaching their scenario fields, outcomes, seeds."""

import numpy as np
import pytest
import yaml

from simulation.lab.designs import build_design
from simulation.lab.experiment import load_experiment
from simulation.lab.outcomes import OUTCOMES, FocalMeasure
from simulation.lab.runs import run_scenario
from simulation.lab.sweep import ChunkTask, chunk_keys, run_chunk
from simulation.model.noise import RunKey, run_seed, shocks
from simulation.model.stance import STANCE_LABELS
from simulation.scenario.build import build_world
from simulation.scenario.changes import apply_changes

LEGISLATURE = {"name": "legislature", "levels": {"absent": {"states[EMD].legislature.strength": 0.0}, "present": {}}}
STAKE = {"name": "stake", "path": "states[EMD].economic_stake", "range": [0.1, 0.9]}
NOISE = {"name": "noise", "path": "parameters.noise", "range": [0.0, 0.2]}
INSTRUMENT = {"name": "instrument", "path": "crisis.response.instrument", "levels": ["statement", "resolution", "sanctions"]}


def write(tmp_path, demo_path, factors, design, **extra):
    spec = {"name": "t", "scenario": str(demo_path), "factors": factors, "design": design, **extra}
    path = tmp_path / "exp.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    return load_experiment(path)


@pytest.mark.parametrize("design, factors, expected", [
    ({"kind": "full_factorial"}, [INSTRUMENT, LEGISLATURE, STAKE], 3 * 2 * 2),
    ({"kind": "grid", "points": 4}, [INSTRUMENT, LEGISLATURE, STAKE, NOISE], 3 * 2 * 4 * 4),
    ({"kind": "latin_hypercube", "samples": 7}, [INSTRUMENT, STAKE, NOISE], 7),
    ({"kind": "sobol", "n": 8}, [STAKE, NOISE], 8 * (2 * 2 + 2)),
    ({"kind": "sobol", "n": 16, "second_order": False}, [STAKE, NOISE], 16 * (2 + 2)),
    ({"kind": "morris", "trajectories": 5, "levels": 4}, [STAKE, NOISE], 5 * (2 + 1)),
])
def test_every_design_has_its_documented_number_of_points(tmp_path, demo_path, design, factors, expected):
    d = build_design(write(tmp_path, demo_path, factors, design))
    assert d.n_points == expected == len(d.table)
    assert list(d.table["point_id"]) == list(range(expected))
    assert d.manifest()["n_points"] == expected
    for f in factors:
        if "range" in f:
            assert d.table[f["name"]].between(*f["range"]).all()
            assert d.table[f["name"]].nunique() > 1


def test_salib_designs_follow_salib_sample_order(tmp_path, demo_path):
    from SALib.sample import sobol

    exp = write(tmp_path, demo_path, [STAKE, NOISE], {"kind": "sobol", "n": 8, "seed": 3})
    d = build_design(exp)
    problem = {"num_vars": 2, "names": ["stake", "noise"], "bounds": [[0.1, 0.9], [0.0, 0.2]]}
    assert d.salib_problem == problem
    np.testing.assert_array_equal(d.table[["stake", "noise"]].to_numpy(), sobol.sample(problem, 8, seed=3))


def test_latin_hypercube_puts_one_point_in_each_stratum(tmp_path, demo_path):
    n = 9
    d = build_design(write(tmp_path, demo_path, [STAKE, NOISE, INSTRUMENT], {"kind": "latin_hypercube", "samples": n}))
    for name, (lo, hi) in (("stake", (0.1, 0.9)), ("noise", (0.0, 0.2))):
        strata = np.floor((d.table[name].to_numpy() - lo) / (hi - lo) * n).astype(int)
        assert sorted(strata) == list(range(n))
    assert set(d.table["instrument"]) == {"statement", "resolution", "sanctions"}


def test_factors_reach_the_scenario_fields_they_name(tmp_path, demo_path):
    exp = write(tmp_path, demo_path, [INSTRUMENT, LEGISLATURE, STAKE, NOISE], {"kind": "grid", "points": 3})
    d = build_design(exp)
    emd = exp.focal_index
    seen_absent = seen_present = 0
    for p in range(d.n_points):
        row = d.table.iloc[p]
        scenario = apply_changes(exp.base, d.rows([p]).changes(0))
        world = build_world(scenario)
        assert world.traits.economic_stake[emd] == pytest.approx(row["stake"])
        assert scenario.parameters.noise == pytest.approx(row["noise"])
        assert scenario.crisis.response.instrument == row["instrument"]
        if row["legislature"] == 0:  # absent, the first level listed
            assert world.traits.legislature_strength[emd] == 0.0
            seen_absent += 1
        else:
            assert world.traits.legislature_strength[emd] == pytest.approx(0.7)  # the scenario's own value
            seen_present += 1
    assert seen_absent == seen_present == d.n_points // 2
    assert d.table["legislature"].dtype == np.int64 and d.table["stake"].dtype == np.float64


@pytest.mark.parametrize("factors, columnar", [([INSTRUMENT, STAKE, NOISE], True), ([LEGISLATURE, STAKE], False),
                                               ([{**LEGISLATURE, "levels": {"weak": {"states[EMD].legislature.strength": 0.1},
                                                                           "strong": {"states[EMD].legislature.strength": 0.9}}},
                                                 NOISE], True)])
def test_a_chunks_columns_are_its_points_changes_path_by_path(tmp_path, demo_path, factors, columnar):
    """A chunk reads its points' changes from their codes point by point or path by path, with the same values;
    not path by path when a factor's bundles change different paths."""
    d = build_design(write(tmp_path, demo_path, factors, {"kind": "grid", "points": 3}))
    ids = np.arange(d.n_points)[::-2]  # some points, out of design order
    rows = d.rows(ids)
    columns = rows.columns()
    assert (columns is not None) is columnar
    for k in range(len(ids)):
        changes = rows.changes(k)
        if columns is not None:
            assert list(changes) == list(columns) and all(columns[path][k] == v for path, v in changes.items())
    assert rows.point_ids.tolist() == ids.tolist() and rows.seed_offsets.tolist() == [0] * len(ids)


def test_analyses_get_their_defaults_and_the_focal_state_defaults_to_the_scenarios(tmp_path, demo_path):
    exp = write(tmp_path, demo_path, [LEGISLATURE, STAKE], {"kind": "full_factorial"},
                analyses={"qca": {}, "prim": {"outcome": "acting_final", "inputs": ["stake"]}, "tipping": {"by": ["stake"]}})
    assert exp.focal == "EMD"
    assert exp.analyses == {"qca": {"outcome": "tipped", "conditions": ["legislature", "stake"], "calibration": None,
                                    "cut": 0.8, "min_cases": 1},
                            "tipping": {"outcome": "tipped", "by": ["stake"]},
                            "prim": {"outcome": "acting_final", "threshold": 0.5, "inputs": ["stake"], "boxes": 1}}
    assert exp.outcomes == tuple(OUTCOMES)
    assert exp.steps == exp.base.run.steps


def test_outcomes_agree_with_a_full_run_of_the_same_point(tmp_path, demo_path):
    exp = write(tmp_path, demo_path, [STAKE], {"kind": "grid", "points": 3}, replications=6, seed=11, steps=30,
                focal="EMD")
    d = build_design(exp)
    p = 1
    task = ChunkTask(exp.base.source, exp.scenario_file, FocalMeasure(exp.focal_index, exp.outcomes), exp.steps, 11,
                     True, 6, d.rows([p]), (tuple(range(6)),))
    rows = run_chunk(task).set_index("replication")
    full = run_scenario(apply_changes(exp.base, d.rows([p]).changes(0)), seed=11, steps=30, replications=6,
                        per_state=True)
    states = full.states_table()
    emd = states[states["code"] == "EMD"].set_index("replication")
    assert list(rows["run_id"]) == [p * 6 + r for r in range(6)]
    np.testing.assert_array_equal(rows["tipped"], emd["tipped"])
    np.testing.assert_array_equal(rows["tipped_tick"], emd["tipped_tick"])
    np.testing.assert_array_equal([STANCE_LABELS[s] for s in rows["final_stance"]], emd["final_stance"])
    np.testing.assert_array_equal(rows["acting_final"], rows["final_stance"] >= 2)
    for name in ("net", "activism", "legislature", "officials"):
        column = "net_benefit" if name == "net" else f"{name}_final"
        np.testing.assert_allclose(rows[f"{name}_final"], emd[column])
    acting = states.assign(acts=states["final_stance"].isin(["support", "sanction", "intervene"]))
    np.testing.assert_allclose(rows["share_acting_final"], acting.groupby("replication")["acts"].mean())


def test_common_random_numbers_share_seeds_across_points_and_independent_ones_do_not():
    def state(key):
        return shocks([RunKey(*key.tolist())], 1, 2, 3).tolist()

    def keys(crn, point):
        return chunk_keys(5, crn, np.array([point, point]), np.array([0, 1]))

    assert [state(s) for s in keys(True, 0)] == [state(s) for s in keys(True, 9)]
    a, b = keys(False, 0), keys(False, 9)
    assert state(a[0]) != state(b[0]) and state(a[0]) != state(a[1])
    assert tuple(b[1].tolist()) == run_seed(5, 1, stream=10)


@pytest.mark.parametrize("name", ["trifecta_factorial", "sensitivity", "tipping_discovery"])
def test_the_shipped_experiments_are_valid_and_sized_as_documented(name):
    from pathlib import Path

    exp = load_experiment(Path(__file__).resolve().parents[1] / "experiments" / f"{name}.yaml")
    d = build_design(exp)
    spec, n_factors = exp.spec.design, len(exp.factors)
    expected = {"full_factorial": lambda: int(np.prod([len(f.levels) for f in exp.factors])),
                "sobol": lambda: spec.n * ((2 * n_factors + 2) if spec.second_order else (n_factors + 2)),
                "latin_hypercube": lambda: spec.samples}[spec.kind]()
    assert d.n_points == expected
    assert d.n_points * exp.spec.replications <= 50_000  # each runs in about a minute or less on two cores (45,056: 15-22 s)
    readme = (Path(__file__).resolve().parents[1] / "experiments" / "README.md").read_text()
    assert f"`{name}.yaml`" in readme and f"{d.n_points:,} × {exp.spec.replications}" in readme
