"""Calibration (``trifecta calibrate``): the fit's parametrisation, that CMA-ES climbs the likelihood and resumes
where it stopped, the command end to end, and that the shipped defaults are the shipped calibrated profile."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

import numpy as np
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from simulation.faces.cli import cli
from simulation.lab.votes.calibrate import (
    FREE,
    MAPPING,
    TIED,
    Candidate,
    candidate_of,
    fit,
    log_likelihoods,
    point_of,
    roll_call_data,
)
from simulation.lab.votes.roll_calls import describe
from simulation.lab.votes.votes_file import shipped_votes
from simulation.model.params import Parameters
from simulation.scenario.schema import TraitMapping

BASE = Candidate(Parameters(), TraitMapping())


@cache
def data_2005(replications: int = 2):
    """The 2005 roll calls (DPRK, Iran) prepared for the likelihood, from the votes before them."""
    history = shipped_votes()
    described = describe(history)
    chosen = [rc for rc in described if rc.year == 2005]
    return roll_call_data(history, described, chosen, replications)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0.0, 1.0), min_size=len(FREE), max_size=len(FREE)))
def test_a_point_of_the_fit_and_its_parameters_are_inverses(u):
    x = np.array([f.low + v * (f.high - f.low) for f, v in zip(FREE, u)])
    c = candidate_of(x, BASE)
    np.testing.assert_allclose(point_of(c.params, c.mapping), x, rtol=0, atol=1e-9)
    for tied, to in TIED.items():
        assert getattr(c.params, tied) == getattr(c.params, to)
    assert c.params.noise == 1.0  # the scale of net benefit is never fitted
    assert c.params.threshold_abstain < c.params.threshold_support < c.params.threshold_sanction


def test_the_likelihood_prefers_the_calibrated_defaults_to_a_world_without_memory():
    data = data_2005()
    forgetful = Candidate(BASE.params.model_copy(update={"prior_weight": 0.0, "sponsor_weight": 0.0}), BASE.mapping)
    ll = log_likelihoods([BASE, forgetful], data)
    n = sum(len(d.rows) for d in data)
    assert ll[0] > ll[1] + 0.05 * n  # states repeat their votes: forgetting costs more than 0.05 per vote
    # the same seeds alone or in a batch: each run is bit-identical; the sums over votes may round differently
    # by an ulp (numpy reduces a (1, ...) and a (2, ...) array in different orders)
    np.testing.assert_allclose(log_likelihoods([BASE], data), ll[:1], rtol=1e-13, atol=0)


def test_cma_es_climbs_from_a_poor_start_and_resumes_where_it_stopped(tmp_path):
    data = data_2005()
    poor = Candidate(BASE.params.model_copy(update={"prior_weight": 0.0, "sponsor_weight": 0.0,
                                                    "sovereignty_weight": 15.0}), BASE.mapping)
    start = float(log_likelihoods([poor], data)[0])
    whole = fit(data, poor, generations=4, population=6, seed=1)
    assert whole.best_log_likelihood > start + 20
    assert whole.history == sorted(whole.history) and len(whole.history) == 4
    # the best so far is the start's or the best of a generation up to it, never more than any of them
    assert len(whole.generation_best) == 4
    assert all(h == max([start, *whole.generation_best[:g + 1]]) for g, h in enumerate(whole.history))
    state = tmp_path / "fit.pkl"
    fit(data, poor, generations=2, population=6, seed=1, state=state)
    resumed = fit(data, poor, generations=4, population=6, seed=1, state=state)
    assert resumed.history == whole.history and resumed.evaluations == whole.evaluations
    assert resumed.generation_best == whole.generation_best
    np.testing.assert_array_equal(resumed.best, whole.best)


def test_calibrate_writes_a_profile_that_hindcast_reads(small_file, tmp_path):
    out = tmp_path / "cal"
    res = CliRunner().invoke(cli, ["calibrate", str(small_file), "--train", "2004", "--validate", "2005",
                                   "--generations", "2", "--population", "4", "--replications", "2",
                                   "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "validation, 2 roll calls (2005)" in res.output
    for name in ("profile.yaml", "report.md", "intervals.csv", "fit.pkl", "validation/scores.json"):
        assert (out / name).is_file(), name
    profile = yaml.safe_load((out / "profile.yaml").read_text())
    fitted = {f.name for f in FREE if not f.name.startswith(MAPPING)} - {"support_gap"}
    assert fitted | set(TIED) <= set(profile["parameters"])
    assert set(profile["mapping"]) == {f.name[len(MAPPING):] for f in FREE if f.name.startswith(MAPPING)}
    prov = profile["provenance"]
    assert prov["train"] == "2004" and prov["validate"] == "2005" and prov["generations"] == 2
    assert set(prov["validate_roll_calls"]).isdisjoint(prov["train_roll_calls"])
    hc = CliRunner().invoke(cli, ["hindcast", str(small_file), "--years", "2005", "--replications", "2",
                                  "--parameters", str(out / "profile.yaml"), "--out", str(tmp_path / "hc")])
    assert hc.exit_code == 0, hc.output
    scores = json.loads((tmp_path / "hc" / "scores.json").read_text())
    ours = json.loads((out / "validation" / "scores.json").read_text())
    assert scores["model"]["n_votes"] == ours["model"]["n_votes"]


@pytest.mark.parametrize(("args", "needle"), [
    (["--train", "2004-2005", "--validate", "2005"], "--validate"),
    (["--train", "1990"], "1990"),
])
def test_calibrate_refuses_overlapping_or_missing_years(small_file, tmp_path, args, needle):
    res = CliRunner().invoke(cli, ["calibrate", str(small_file), *args, "--out", str(tmp_path / "c")])
    assert res.exit_code == 2 and "Traceback" not in res.output and needle in res.output, res.output


def test_the_shipped_defaults_are_the_shipped_calibrated_profile():
    profile = yaml.safe_load(files("simulation").joinpath("data/calibrated_profile.yaml").read_text())
    defaults = Parameters()
    for name, value in profile["parameters"].items():
        assert getattr(defaults, name) == pytest.approx(value, abs=1e-6), name
    mapping = TraitMapping()
    for name, value in profile["mapping"].items():
        assert getattr(mapping, name) == pytest.approx(value, abs=1e-6), name
    assert profile["provenance"]["train"] == "2004-2009" and profile["provenance"]["validate"] == "2010-2012"
