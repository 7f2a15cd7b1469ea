"""Lean data collection: a run without per-state history keeps and computes nothing per state per tick it does not need."""

from __future__ import annotations

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


def test_lean_runs_never_stack_the_terms(demo_path, monkeypatch):
    calls = []
    monkeypatch.setattr(kernel, "stack_terms", lambda parts: calls.append(1))
    world = build_world(load_scenario(demo_path))
    _, history = simulate(world, load_scenario(demo_path).parameters, [run_seed(1, r) for r in range(3)], 10,
                          per_state=False)
    assert calls == []
    history.last_terms  # asking for them is what stacks them
    assert calls == [1]


def test_last_terms_are_stacked_on_demand_and_sum_to_the_net_benefit(demo_path):
    scenario = load_scenario(demo_path)
    final, history = simulate(build_world(scenario), scenario.parameters, [run_seed(2, 0)], 5, per_state=False)
    terms = history.last_terms
    assert terms.shape == (1, len(scenario.states), len(decision.TERMS))
    assert np.allclose(terms.sum(axis=-1), final.net, rtol=0, atol=1e-12)


def test_stance_counts_count_each_stance_per_run():
    stance = np.array([[0, 1, 1, 4], [2, 2, 3, 0]], dtype=np.int8)
    assert stance_counts(stance).tolist() == [[1, 2, 0, 0, 1], [1, 0, 2, 1, 0]]
