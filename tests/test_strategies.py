"""Strategy specs and `trifecta strategies`: budgets, common random numbers, do nothing = base, the search, errors."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from simulation.faces.cli import cli
from simulation.lab import batching as batch_module
from simulation.lab.runs import run_scenario
from simulation.lab.strategies import StrategyMeasure, compare
from simulation.lab.strategy_search import decode, search
from simulation.lab.strategy_spec import DO_NOTHING, load_strategy_spec
from simulation.lab.survival import kaplan_meier, kaplan_meier_bands
from simulation.model.decision import TERMS
from simulation.model.kernel import record_acting
from simulation.scenario.errors import InputFileError
from simulation.scenario.load import load_scenario

ROOT = Path(__file__).resolve().parents[1]

SCENARIO = """name: clear_case
states:
  - {code: AAA, democracy: 1.0, value_commitment: 0.0, record: 0.3, sovereignty: 0.2, security_stake: 1.0,
     alignment: 1.0, official: {influence: 1.0, conviction: 0.0}}
  - {code: BBB, democracy: 1.0, value_commitment: 0.0, official: {influence: 0.0}}
crisis: {target: X, severity: 0.0, visibility: 0.0}
parameters: {noise: 0.05}
"""
# Built so the answer is clear: only lobbying AAA's legislature can tip AAA. Nobody sees the crisis, so no
# activism reaches anyone; AAA's net benefit sits at -0.83, 0.22 below the cut point it must clear (-0.615,
# 4 noise deviations). Lobbying raises its legislature's pressure, which gives its officials cover to reframe
# the security cost and to carry the pressure into policy: by the horizon +0.51, and AAA acts from about tick 6.
# Engagement alone convinces officials with nothing to carry (no pressure, no cover) and changes nothing. The
# budget buys the whole horizon of lobbying at full intensity.
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


def _write(tmp_path, text: str, scenario: str = SCENARIO) -> Path:
    (tmp_path / "s.yaml").write_text(scenario, encoding="utf-8")
    path = tmp_path / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# A state that acts exactly while third states pay it to (incentives offset its security stake: net benefit
# -0.65 with them, 0.10 above the support cut point -0.75, and -0.79 without, 0.04 below it; inertia 0.02, almost
# no noise) and steps back when they stop. Nobody sees the crisis, so nothing else moves.
FLEETING = """name: fleeting
states:
  - {code: AAA, democracy: 1.0, value_commitment: 1.0, security_stake: 0.1, record: 0.0, sovereignty: 0.37,
     official: {influence: 0.0}}
  - {code: BBB, democracy: 1.0, value_commitment: 0.0, official: {influence: 0.0}}
crisis: {target: X, severity: 0.0, visibility: 0.0}
parameters: {noise: 0.005, inertia: 0.02}
"""
FLEETING_SPEC = """name: fleeting
scenario: s.yaml
targets: [AAA]
horizon: 10
success: {rule: sustained, ticks: 3}
budget: 5.4
replications: 20
seed: 5
strategies:
  - name: early
    interventions: [{kind: incentives, targets: [AAA], start: 1, duration: 3, intensity: 1.0}]
  - name: last three
    interventions: [{kind: incentives, targets: [AAA], start: 8, duration: 3, intensity: 1.0}]
  - name: last two
    interventions: [{kind: incentives, targets: [AAA], start: 9, duration: 2, intensity: 1.0}]
optimize:
  levers:
    - {kind: lobbying, targets: [BBB]}
    - {kind: incentives, targets: [AAA]}
  generations: 20
  population: 5
  replications: 20
"""
RULES = {"first_act": "{rule: first_act}", "at_horizon": "{rule: at_horizon}",
         "sustained": "{rule: sustained, ticks: 3}"}


def _fleeting(tmp_path, rule: str) -> Path:
    """FLEETING_SPEC under ``rule``, in its own folder of ``tmp_path``."""
    folder = tmp_path / rule
    folder.mkdir()
    return _write(folder, FLEETING_SPEC.replace("{rule: sustained, ticks: 3}", RULES[rule]), FLEETING)


# --------------------------------------------------------------------------- fairness

def test_every_strategy_runs_on_the_same_seeds(clear, monkeypatch):
    """Common random numbers: each strategy sees exactly the same list of seeds, sample by sample.

    A strategy's samples differ only in parameters, so they advance as one batch (one kernel call each)."""
    seen: list[list[tuple]] = []
    real = batch_module.simulate

    def spy(world, params, seeds, steps, **kw):
        seen.append([tuple(s) for s in np.asarray(seeds).tolist()])
        return real(world, params, seeds, steps, **kw)

    monkeypatch.setattr(batch_module, "simulate", spy)
    text = SPEC.replace("seed: 3\n", "seed: 3\nuncertain: {samples: 3, parameters: {parameters.noise: [0.02, 0.1]}}\n")
    loaded = load_strategy_spec(_write(clear.parent, text))
    comparison = compare(loaded)
    n_strategies = len(comparison.outcomes)
    assert len(seen) == n_strategies
    assert all(s == seen[0] for s in seen)
    assert len(set(seen[0])) == 3 * 20  # every unit has its own seed
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


# --------------------------------------------------------------------------- what counts as success

def test_success_on_hand_built_paths():
    """Ticks 0..6 of four targets: acts at 2-3 then steps back; acts 2-3 and again 5-6; always; never. The
    kernel's bookkeeping of acting, read by the strategy measure, gives each rule's success and time."""
    paths = ["0011000", "0011011", "1111111", "0000000"]
    stances = np.array([[[2 if c == "1" else 1 for c in p] for p in paths]]).transpose(2, 0, 1)  # (ticks, 1, 4)
    first = np.where(stances[0] >= 2, 0, -1).astype(np.int32)
    since = first.copy()
    for tick in range(1, stances.shape[0]):
        _, first, since = record_acting(stances[tick], first, since, tick)
    final = SimpleNamespace(tipped_tick=first, acting_since=since)
    terms = np.zeros((1, 4, len(TERMS)))
    expected = {0: ([1, 1, 1, 0], [2, 2, 0, 6]),  # first_act: any act counts, at its first tick (0: from the start)
                1: ([0, 1, 1, 0], [6, 5, 1, 6]),  # at_horizon: the spell reaching tick 6, from its start
                2: ([0, 1, 1, 0], [6, 5, 1, 6]),  # sustained, the last 2 ticks
                3: ([0, 0, 1, 0], [6, 6, 1, 6])}  # sustained, the last 3 ticks: 5-6 is too short
    for window, (ok, time) in expected.items():
        got = [StrategyMeasure((k,), "all", window, 6)(final, terms) for k in range(4)]
        assert [bool(g["tipped"][0]) for g in got] == [bool(v) for v in ok], window
        assert [int(g["time"][0]) for g in got] == time, window


@pytest.mark.parametrize("rule,expected", [
    ("first_act", {"early": 1.0, "last three": 1.0, "last two": 1.0}),
    ("at_horizon", {"early": 0.0, "last three": 1.0, "last two": 1.0}),
    ("sustained", {"early": 0.0, "last three": 1.0, "last two": 0.0}),
])
def test_each_rule_on_a_state_that_acts_then_steps_back(tmp_path, rule, expected):
    """'early' makes AAA act at ticks 1-3 and step back: it counts under first_act only. The ranking, the
    paired gains and the survival curves all follow the rule."""
    comparison = compare(load_strategy_spec(_fleeting(tmp_path, rule)))
    ranking = comparison.ranking().set_index("strategy")
    for name, p in expected.items():
        assert ranking.loc[name, "p_tip"] == p, name
        assert ranking.loc[name, "gain"] == p, name  # doing nothing never acts
    survival = comparison.survival().set_index(["strategy", "tick"])["not_tipped"]
    for name, p in expected.items():
        assert survival[(name, 10)] == pytest.approx(1.0 - p), name
    times = {"first_act": {"early": 1, "last three": 8, "last two": 9},
             "at_horizon": {"last three": 8, "last two": 9}, "sustained": {"last three": 8}}[rule]
    for name, tick in times.items():
        assert ranking.loc[name, "median_time"] == tick, name
        assert (comparison.by_name(name).time == tick).all(), name
    assert (comparison.by_name("early").time == (1 if rule == "first_act" else 10)).all()  # censored otherwise
    assert ranking.index[0] == "last three" or rule != "sustained"


def test_the_optimiser_under_sustained_does_not_pick_a_last_minute_push(tmp_path):
    """Under first_act the cheapest win is a one-tick push at the horizon; under sustained (last 3 ticks)
    the search must keep AAA acting through ticks 8-10, and the push it found before scores nothing."""
    sustained = load_strategy_spec(_fleeting(tmp_path, "sustained"))
    found = search(sustained)
    incentives = [iv for iv in found.best if iv.kind == "incentives"]
    assert incentives and any(iv.start <= 8 and iv.start + iv.duration - 1 == 10 for iv in incentives)
    assert found.cost <= sustained.spec.budget + 1e-9
    push = search(load_strategy_spec(_fleeting(tmp_path, "first_act")))
    ranking = compare(sustained, seed=99, extra=[("optimised", found.best), ("first_act winner", push.best)]
                      ).ranking().set_index("strategy")
    assert ranking.loc["optimised", "p_tip"] >= 0.8 and ranking.loc["optimised", "tied_with_best"]
    assert ranking.loc["first_act winner", "p_tip"] < 0.2


# --------------------------------------------------------------------------- survival

def test_kaplan_meier_and_its_greenwood_band_by_hand():
    # tipped at 1, 2, 3; censored at 2 and 4 (five runs)
    time, event = np.array([1, 2, 2, 3, 4]), np.array([True, True, False, True, False])
    km = kaplan_meier_bands(time, event, 4).set_index("tick")
    s1, s2, s3 = 4 / 5, 4 / 5 * 3 / 4, 4 / 5 * 3 / 4 * 1 / 2  # at risk 5, 4, 2
    np.testing.assert_allclose(km["not_tipped"], [1, s1, s2, s3, s3])
    assert np.array_equal(kaplan_meier(time, event, 4), km["not_tipped"].to_numpy())
    greenwood = 1 / (5 * 4) + 1 / (4 * 3)  # sum of d / (n (n - d)) up to tick 2
    se = np.sqrt(greenwood) / abs(np.log(s2))  # of log(-log S), the log-log transform
    z = stats.norm.ppf(0.975)
    assert km.at[2, "low"] == pytest.approx(s2 ** np.exp(z * se)) and km.at[2, "high"] == pytest.approx(s2 ** np.exp(-z * se))
    assert (km["low"] <= km["not_tipped"]).all() and (km["not_tipped"] <= km["high"]).all()


def test_nothing_tipped_is_certain_survival():
    km = kaplan_meier_bands(np.full(5, 6), np.zeros(5, bool), 6)
    assert (km[["not_tipped", "low", "high"]].to_numpy() == 1).all()


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
    (("horizon: 10", "horizon: 10\nsuccess: {rule: sustained, ticks: 11}"), "success.ticks"),
    (("horizon: 10", "horizon: 10\nsuccess: {rule: sustained}"), "success.ticks"),
    (("horizon: 10", "horizon: 10\nsuccess: {rule: at_horizon, ticks: 2}"), "success.ticks"),
    (("horizon: 10", "horizon: 10\nsuccess: {rule: last_act}"), "success.rule"),
    (("horizon: 10", "horizon: 10\nsuccess: {rule: sustained, months: 3}"), "success.months"),
])
def test_bad_specs_get_located_errors_and_exit_2(tmp_path, change, where):
    path = _write(tmp_path, SPEC.replace(*change))
    result = CliRunner().invoke(cli, ["strategies", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert where in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_months_beyond_the_horizon_are_located_on_their_line(tmp_path):
    path = _write(tmp_path, SPEC.replace("horizon: 10", "horizon: 10\nsuccess:\n  rule: sustained\n  ticks: 12"))
    with pytest.raises(InputFileError) as info:
        load_strategy_spec(path)
    problem = info.value.problems[0]
    assert problem.path == "success.ticks" and problem.found == "12" and problem.line == 7
    assert "10" in problem.expected


def test_the_report_names_the_rule(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["strategies", str(_fleeting(tmp_path, "sustained")), "--out", str(out),
                                      "--replications", "5"])
    assert result.exit_code == 0, result.output
    assert "P(acts in the last 3 ticks) 1.00" in result.output
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "| rank | strategy | P(acts in the last 3 ticks) [95% CI] |" in report
    assert "every one of the last 3 ticks up to the horizon" in report and "P(tip)" not in report
    assert "| 1 | last three |" in report


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
    """The base of the coalition example: alone, Swingland does not act through the last quarter of the year (the
    spec's success rule, the last 3 of 12 ticks); the democracies keep supporting and the autocracies never act."""
    result = run_scenario(load_scenario(ROOT / "scenarios" / "hrc_coalition.yaml"), replications=200)
    final, since, world = result.final.stance, result.final.acting_since, result.world
    swg = world.index("SWG")
    assert ((since[:, swg] >= 0) & (since[:, swg] <= 10)).mean() <= 0.12  # measured 0.06 (200 runs)
    assert 0.1 <= (final[:, swg] >= 2).mean() <= 0.6  # on the fence: it acts at the horizon in 0.345 of runs
    democracies = [world.index(c) for c in ("DEM", "DMB", "DMC")]
    autocracies = [world.index(c) for c in ("AUX", "AUB", "AUC")]
    assert (final[:, democracies] >= 2).mean(axis=0).min() >= 0.95
    assert (result.history["stance"][1:, :, autocracies] >= 2).mean() <= 0.01


def test_the_comparison_is_a_sweep_the_same_on_every_executor_and_resumable(clear, tmp_path):
    """Serial in memory, two processes into a store, and a resumed store give the same outcomes, unit by unit."""
    from simulation.lab.executors import ExecutorSpec
    from simulation.lab.sweep_store import part_files

    loaded = load_strategy_spec(clear)
    serial = compare(loaded)
    store = tmp_path / "store"
    pooled = compare(loaded, executor=ExecutorSpec("processes", 2), folder=store)
    for a, b in zip(serial.outcomes, pooled.outcomes):
        assert a.name == b.name
        assert np.array_equal(a.tipped, b.tipped) and np.array_equal(a.time, b.time)
        assert np.array_equal(a.terms, b.terms)
    part_files(store)[0].unlink()  # a chunk lost: --resume runs it again
    manifest = store / "manifest.json"
    import json
    manifest.write_text(json.dumps({**json.loads(manifest.read_text()), "complete": False}))
    resumed = compare(loaded, folder=store, resume=True)
    assert all(np.array_equal(a.tipped, b.tipped) for a, b in zip(serial.outcomes, resumed.outcomes))
