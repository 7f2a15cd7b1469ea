"""A PolicyModel that nobody holds any more is freed with its agents, and its agents' ids count from 1 in each
model, as Mesa numbers them (Mesa 3.3.1 keeps every model alive through ``Agent._ids``: mesa issue #3179)."""

from __future__ import annotations

import gc
import weakref

from simulation.model import PolicyModel
from simulation.scenario import load_scenario
from simulation.scenario.prepare import prepare


def _stepped(demo_path) -> PolicyModel:
    model = PolicyModel(prepare(load_scenario(demo_path), seed=3))
    for _ in range(3):
        model.step()
    return model


def test_a_dropped_model_is_freed_with_its_agents(demo_path):
    model = _stepped(demo_path)
    agent = weakref.ref(next(iter(model.agents)))
    ref = weakref.ref(model)
    del model
    gc.collect()
    assert ref() is None
    assert agent() is None


def test_agent_ids_count_from_one_in_each_model(demo_path):
    first, second = _stepped(demo_path), _stepped(demo_path)
    for model in (first, second):
        ids = sorted(a.unique_id for a in model.agents)
        assert ids == list(range(1, len(ids) + 1))
