"""Strategy specs and `trifecta strategies`: budgets, common random numbers, do nothing = base, the search, errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from simulation.faces.cli import cli
from simulation.lab import strategies as strategies_module
from simulation.lab.runs import run_scenario
from simulation.lab.strategies import compare
from simulation.lab.strategy_search import decode, search
from simulation.lab.strategy_spec import DO_NOTHING, load_strategy_spec
from simulation.lab.survival import kaplan_meier
from simulation.scenario.errors import InputFileError
from simulation.scenario.load import load_scenario

ROOT = Path(__file__).resolve().parents[1]

SCENARIO = """name: clear_case
states:
  - {code: AAA, democracy: 1.0, value_commitment: 0.0, record: 0.3, sovereignty: 0.3, official: {influence: 0.0}}
  - {code: BBB, democracy: 1.0, value_commitment: 0.0, official: {influence: 0.0}}
crisis: {target: X, severity: 0.5, visibility: 0.2}
parameters: {noise: 0.05}
"""
# Built so the answer is clear: only lobbying AAA's legislature can tip AAA (no values, no officials'
# influence, no activists), and the budget buys the whole horizon of it at full intensity.
SPEC = """name: clear
scenario: s.yaml
targets: [AAA]
horizon: 10
budget: 4.8
replications: 20
seed: 3
strategies:
  - name: all on lobbying AAA
    interventions: [{kind: lobbying, targets: [AAA], start: 1, duration: 10, intensity: 1.0}]
  - name: lobby the wrong state
    interventions: [{kind: lobbying, targets: [BBB], start: 1, duration: 10, intensity: 1.0}]
optimize:
  levers:
    - {kind: lobbying, targets: [BBB]}
    - {kind: engagement, targets: [AAA]}
    - {kind: lobbying, targets: [AAA]}
  generations: 20
  population: 5
  replications: 20
"""


@pytest.fixture
def clear(tmp_path) -> Path:
    (tmp_path / "s.yaml").write_text(SCENARIO, encoding="utf-8")
    (tmp_path / "spec.yaml").write_text(SPEC, encoding="utf-8")
    return tmp_path / "spec.yaml"


def _write(tmp_path, text: str) -> Path:
    (tmp_path / "s.yaml").write_text(SCENARIO, encoding="utf-8")
    path = tmp_path / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- fairness

def test_every_strategy_runs_on_the_same_seeds(clear, monkeypatch):
    """Common random numbers: each strategy sees exactly the same list of seeds, sample by sample."""
    seen: list[list[tuple]] = []
    real = strategies_module.simulate

    def spy(world, params, seeds, steps, **kw):
        seen.append([(s.entropy, s.spawn_key) for s in seeds])
        return real(world, params, seeds, steps, **kw)

    monkeypatch.setattr(strategies_module, "simulate", spy)
    text = SPEC.replace("seed: 3\n", "seed: 3\nuncertain: {samples: 3, parameters: {parameters.noise: [0.02, 0.1]}}\n")
    loaded = load_strategy_spec(_write(clear.parent, text))
    comparison = compare(loaded)
    n_strategies, n_samples = len(comparison.outcomes), 3
    assert len(seen) == n_strategies * n_samples
    per_strategy = [sum(seen[k * n_samples:(k + 1) * n_samples], []) for k in range(n_strategies)]
    assert all(s == per_strategy[0] for s in per_strategy)
    assert len(set(per_strategy[0])) == 3 * 20  # every unit has its own seed
    assert all(np.array_equal(o.units, comparison.outcomes[0].units) for o in comparison.outcomes)


def test_do_nothing_reproduces_the_base_scenario(clear):
    loaded = load_strategy_spec(clear)
    nothing = compare(loaded).by_name(DO_NOTHING)
    base = run_scenario(loaded.scenario, seed=3, steps=10, replications=20)
    tau = base.final.tipped_tick[:, 0]
    assert np.array_equal(nothing.tipped, tau >= 0)
    assert np.array_equal(nothing.terms, base.history.last_terms[:, 0, :])


def test_the_intervention_that_works_wins_and_the_useless_one_ties_with_nothing(clear):
    ranking = compare(load_strategy_spec(clear)).ranking()
    assert ranking["strategy"].iloc[0] == "all on lobbying AAA"
    wrong = ranking.set_index("strategy").loc["lobby the wrong state"]
    assert wrong["gain"] == 0.0 and not wrong["tied_with_best"]


# --------------------------------------------------------------------------- budgets

@settings(max_examples=60, deadline=None)
@given(x=st.lists(st.floats(0.0, 1.0), min_size=9, max_size=9))
def test_decoded_strategies_never_exceed_the_budget(tmp_path_factory, x):
    path = _write(tmp_path_factory.mktemp("b"), SPEC)
    loaded = load_strategy_spec(path)
    strategy = decode(np.array(x), loaded)
    assert loaded.cost(strategy) <= loaded.spec.budget + 1e-9
    assert all(1 <= iv.start <= 10 and iv.start + iv.duration - 1 <= 10 for iv in strategy)


def test_a_strategy_over_budget_is_a_located_error(tmp_path):
    path = _write(tmp_path, SPEC.replace("budget: 4.8", "budget: 3"))
    with pytest.raises(InputFileError) as info:
        load_strategy_spec(path)
    problem = info.value.problems[0]
    assert problem.path == "strategies[0]" and "4.8" in problem.found and problem.line == 9


# --------------------------------------------------------------------------- the search

def test_optimiser_finds_the_known_best_allocation(clear):
    loaded = load_strategy_spec(clear)
    found = search(loaded)
    assert found.cost <= loaded.spec.budget + 1e-9
    spend = {(iv.kind, iv.targets): loaded.cost([iv]) for iv in found.best}
    assert spend.get(("lobbying", ("AAA",)), 0.0) >= 0.8 * found.cost
    assert found.history == sorted(found.history)  # the best so far never gets worse
    ranking = compare(loaded, seed=99, extra=[("optimised", found.best)]).ranking().set_index("strategy")
    assert ranking.loc["optimised", "p_tip"] > 0.3
    assert ranking.loc["optimised", "tied_with_best"]


# --------------------------------------------------------------------------- survival

def test_kaplan_meier_matches_scipy():
    rng = np.random.default_rng(0)
    time = rng.integers(1, 12, 80)
    event = rng.random(80) < 0.6
    ours = kaplan_meier(time, event, 12)
    data = stats.CensoredData(uncensored=time[event], right=time[~event])
    theirs = stats.ecdf(data).sf.evaluate(np.arange(13))
    assert np.allclose(ours, theirs)


# --------------------------------------------------------------------------- errors and the command

@pytest.mark.parametrize("change,where", [
    (("targets: [AAA]", "targets: [AAX]"), "targets[0]"),
    (("horizon: 10", "horizon: ten"), "horizon"),
    (("replications: 20\nseed", "replicatons: 20\nseed"), "replicatons"),
    (("targets: [AAA], start: 1, duration: 10", "targets: [AAA], start: 11, duration: 10"),
     "strategies[0].interventions[0].start"),
    (("- {kind: lobbying, targets: [BBB]}", "- {kind: lobying, targets: [BBB]}"), "optimize.levers[0].kind"),
    (("seed: 3", "seed: 3\nuncertain: {parameters: {'states[ZZZ].democracy': [0, 1]}}"),
     "uncertain.parameters.states[ZZZ].democracy"),
    (("seed: 3", "seed: 3\nuncertain: {parameters: {parameters.noise: [0, 9]}}"), "uncertain.parameters.parameters.noise"),
    (("scenario: s.yaml", "scenario: missing.yaml"), "scenario"),
])
def test_bad_specs_get_located_errors_and_exit_2(tmp_path, change, where):
    path = _write(tmp_path, SPEC.replace(*change))
    result = CliRunner().invoke(cli, ["strategies", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert where in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_command_writes_a_report_with_ranking_intervals_and_explanation(clear, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["strategies", str(clear), "--out", str(out), "--replications", "10"])
    assert result.exit_code == 0, result.output
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "| 1 | all on lobbying AAA |" in report and "Why 'all on lobbying AAA' works" in report
    assert "`legislature`" in report
    for name in ("manifest.json", "p_tip.png", "survival.png", "terms.png", "ranking.csv", "units.csv"):
        assert (out / name).is_file(), name
    again = CliRunner().invoke(cli, ["strategies", str(clear), "--out", str(out)])
    assert again.exit_code == 2 and "already holds files" in again.output


@pytest.mark.parametrize("spec", sorted((ROOT / "experiments").glob("strategies_*.yaml")), ids=lambda p: p.stem)
def test_shipped_specs_load(spec):
    loaded = load_strategy_spec(spec)
    assert loaded.spec.strategies and loaded.spec.optimize is not None


def test_hrc_coalition_scenario_leaves_swingland_on_the_fence():
    """The base of the coalition example: alone, Swingland does not act within a year; the camps hold."""
    result = run_scenario(load_scenario(ROOT / "scenarios" / "hrc_coalition.yaml"), replications=100)
    states = result.states_table().groupby("code")["tipped"].mean()
    assert states["SWG"] <= 0.05
    assert states[["DEM", "DMB", "DMC"]].min() >= 0.95 and states[["AUX", "AUB", "AUC"]].max() <= 0.05
