"""Lean data collection: a run without per-state history keeps and computes nothing per state per tick it does not need."""

from __future__ import annotations

import importlib

import numpy as np

from simulation.model import decision, kernel
from simulation.model.history import History, stance_counts
from simulation.model.noise import run_seed
from simulation.model.simulate import simulate
from simulation.scenario import load_scenario
from simulation.scenario.build import build_world


def test_lean_history_allocates_no_per_state_arrays():
    history = History(batch=1000, n_states=193, capacity=101, per_state=False)
    assert set(history._arrays) == {"severity", "visibility", "stance_counts"}
    assert sum(a.nbytes for a in history._arrays.values()) < 1000 * 101 * 8 * 8


def test_a_sweep_batch_records_nothing_per_tick(demo_path, monkeypatch):
    """A sweep reads final states and last terms only: the kernel is asked for no per-tick record."""
    asked = []
    real = kernel.run_ticks
    monkeypatch.setattr(importlib.import_module("simulation.model.simulate"), "run_ticks",
                        lambda *args: asked.append(args[-1]) or real(*args))
    scenario = load_scenario(demo_path)
    world = build_world(scenario)
    final, history = simulate(world, scenario.parameters, [run_seed(1, r) for r in range(3)], 10, per_tick=False)
    assert history._arrays == {} and history.length == 11
    assert asked and all(r.stance_counts.shape[0] == 0 and r.terms.shape[0] == 0 for r in asked)
    assert history.last_terms.shape == (3, len(scenario.states), len(decision.TERMS))
    assert np.allclose(history.last_terms.sum(axis=-1), final.net, rtol=0, atol=1e-12)


def test_an_experiment_sweep_computes_no_terms_and_a_strategy_sweep_does(tmp_path, monkeypatch):
    """An experiment's outcomes are read from final states: its batches ask the kernel for no terms at all; a
    strategy comparison records its targets' terms, so its batches ask for the last tick's."""
    from conftest import demo_experiment

    from simulation.lab.executors import ExecutorSpec
    from simulation.lab.experiment import load_experiment
    from simulation.lab.outcomes import FocalMeasure
    from simulation.lab.strategies import StrategyMeasure
    from simulation.lab.sweep import run_job

    asked = []
    real = kernel.run_ticks
    monkeypatch.setattr(importlib.import_module("simulation.model.simulate"), "run_ticks",
                        lambda *args: asked.append(args[-1]) or real(*args))
    job = load_experiment(demo_experiment(tmp_path)).job()
    runs = run_job(job, ExecutorSpec("serial", 1))
    assert len(runs) == job.runs_total and runs["net_final"].notna().all()
    assert asked and all(r.last_terms.shape[0] == 0 and r.terms.shape[0] == 0 for r in asked)
    assert FocalMeasure.terms is False and StrategyMeasure.terms is True


def test_last_terms_are_stacked_on_demand_and_sum_to_the_net_benefit(demo_path):
    scenario = load_scenario(demo_path)
    final, history = simulate(build_world(scenario), scenario.parameters, [run_seed(2, 0)], 5, per_state=False)
    terms = history.last_terms
    assert terms.shape == (1, len(scenario.states), len(decision.TERMS))
    assert np.allclose(terms.sum(axis=-1), final.net, rtol=0, atol=1e-12)


def test_stance_counts_count_each_stance_per_run():
    stance = np.array([[0, 1, 1, 4], [2, 2, 3, 0]], dtype=np.int8)
    assert stance_counts(stance).tolist() == [[1, 2, 0, 0, 1], [1, 0, 2, 1, 0]]
