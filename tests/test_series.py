"""Time series from sweeps (an experiment's ``series:``): readings at a period stored as columns, equal to what a
shorter run ends with; checked names and sizes; the trajectories analysis; the export's codebook."""

import json

import numpy as np
import pytest
from click.testing import CliRunner
from conftest import ROOT, demo_experiment

from simulation.faces.cli import cli
from simulation.lab.experiment import load_experiment
from simulation.lab.series import series_ticks
from simulation.lab.sweep_store import read_sweep
from simulation.scenario import InputFileError


def experiment(folder, steps=24, **extra):
    return demo_experiment(folder, name=f"series-{steps}-{len(extra)}", replications=6, steps=steps, **extra)


def sweep(path, out):
    res = CliRunner().invoke(cli, ["sweep", str(path), "--out", str(out), "--workers", "1", "--quiet"])
    assert res.exit_code == 0, res.output
    return read_sweep(out).table().sort_values("run_id").reset_index(drop=True)


@pytest.fixture(scope="module")
def swept(tmp_path_factory):
    folder = tmp_path_factory.mktemp("series")
    series = {"outcomes": ["acting", "legislature", "share_acting"], "every": 6}
    path = experiment(folder, series=series, analyses={"trajectories": {"outcome": "acting"}})
    return folder, sweep(path, folder / "long")


def test_series_ticks_include_zero_and_the_last_tick():
    assert series_ticks(24, 6) == (0, 6, 12, 18, 24)
    assert series_ticks(10, 4) == (0, 4, 8, 10)


def test_a_reading_at_a_tick_is_what_a_run_of_that_length_ends_with(swept):
    folder, long = swept
    for tick in (0, 6, 12, 18, 24):
        assert {f"acting@t{tick}", f"legislature@t{tick}", f"share_acting@t{tick}"} <= set(long.columns)
    np.testing.assert_array_equal(long["acting@t24"], long["acting_final"].astype(float))
    np.testing.assert_array_equal(long["legislature@t24"], long["legislature_final"])
    short = sweep(experiment(folder, steps=12), folder / "short")  # the same seeds: the first 12 ticks are shared
    np.testing.assert_array_equal(long["acting@t12"], short["acting_final"].astype(float))
    np.testing.assert_array_equal(long["share_acting@t12"], short["share_acting_final"])
    assert (long["acting@t0"] == 0).all()  # Emergia starts by abstaining
    absent = long["legislature"] == 0  # a bundle factor is stored as its level's index: 0 is "absent"
    assert (long.loc[absent, "legislature@t12"] == 0).all() and (long.loc[~absent, "legislature@t12"] > 0).all()


def test_the_kernel_stops_only_at_the_ticks_a_series_reads(monkeypatch):
    """Between the series' ticks (and interventions) the runs advance in one compiled call: every 6 ticks over 24
    is four calls, not 24; the readings equal those of a run stopped at every tick."""
    import importlib

    from simulation.lab.series import SeriesRequest
    from simulation.model.noise import run_seed
    from simulation.scenario import load_scenario
    from simulation.scenario.build import build_world

    simulate_module = importlib.import_module("simulation.model.simulate")
    scenario = load_scenario(ROOT / "scenarios" / "crimea_2014.yaml")  # no interventions
    world, keys = build_world(scenario), [run_seed(4, r) for r in range(3)]
    calls = []
    real = simulate_module.run_ticks
    monkeypatch.setattr(simulate_module, "run_ticks", lambda *a, **k: calls.append(a[4]) or real(*a, **k))
    sparse = SeriesRequest(("net", "share_acting"), series_ticks(24, 6), world.index("IND")).recorder()
    simulate_module.simulate(world, scenario.parameters, keys, 24, per_tick=False, observe=sparse)
    assert calls == [6, 6, 6, 6]
    dense = SeriesRequest(("net", "share_acting"), tuple(range(25)), world.index("IND")).recorder()
    simulate_module.simulate(world, scenario.parameters, keys, 24, per_tick=False, observe=dense)
    assert len(sparse.values) == 10 and all(np.array_equal(v, dense.values[k], equal_nan=True)
                                            for k, v in sparse.values.items())


def test_trajectories_report_and_export_read_the_series(swept):
    folder, _ = swept
    out = folder / "long"
    res = CliRunner().invoke(cli, ["analyze", str(out)])
    assert res.exit_code == 0, res.output
    report = (out / "analysis" / "report.md").read_text()
    assert "## Trajectories over time: acting" in report and "Median time to tip" in report
    assert (out / "analysis" / "trajectories_acting_legislature.png").is_file()
    res = CliRunner().invoke(cli, ["export", str(out)])
    assert res.exit_code == 0, res.output
    book = json.loads((out / "table.codebook.json").read_text())
    assert book["columns"]["acting@t6"] == {"kind": "series", "reading": "acting", "tick": 6,
                                            "meaning": book["columns"]["acting@t6"]["meaning"], "dtype": "float64"}


@pytest.mark.parametrize(("series", "analyses", "where"), [
    ({"outcomes": ["actin"], "every": 6}, {}, "series.outcomes[0]"),
    ({"outcomes": ["acting"], "every": 99}, {}, "series.every"),
    ({"outcomes": ["acting"], "every": True}, {}, "series.every"),
    ({"outcomes": ["acting"], "every": 6}, {"trajectories": {"outcome": "net"}}, "analyses.trajectories.outcome"),
    (None, {"trajectories": {"outcome": "acting"}}, "analyses.trajectories.outcome"),
])
def test_bad_series_are_located(tmp_path, series, analyses, where):
    extra = {"analyses": analyses} | ({"series": series} if series is not None else {})
    with pytest.raises(InputFileError) as caught:
        load_experiment(experiment(tmp_path, **extra))
    assert where in [p.path for p in caught.value.problems], caught.value.render()
