"""Same seed, same numbers: across repeated runs, batch sizes and the one-run-at-a-time Mesa model."""

import numpy as np
import pandas as pd

from simulation.lab.runs import run_scenario
from simulation.model import PolicyModel
from simulation.model.noise import run_seed, shocks
from simulation.scenario import load_scenario
from simulation.scenario.prepare import prepare


def test_same_seed_gives_identical_tables(demo_path):
    s = load_scenario(demo_path)
    a, b = run_scenario(s, seed=7, replications=3), run_scenario(s, seed=7, replications=3)
    for table in ("ticks_table", "states_table", "state_ticks_table"):
        pd.testing.assert_frame_equal(getattr(a, table)(), getattr(b, table)())


def test_different_seeds_draw_different_shocks_and_differ(demo_path):
    s = load_scenario(demo_path)
    one, two = shocks([run_seed(1, 0)], 1, 1, 8), shocks([run_seed(2, 0)], 1, 1, 8)
    assert not np.array_equal(one, two)
    a, b = run_scenario(s, seed=1), run_scenario(s, seed=2)
    assert not np.array_equal(a.history["net"][1:], b.history["net"][1:]) or \
        not np.array_equal(a.final.tipped_tick, b.final.tipped_tick)
    assert not a.state_ticks_table().equals(b.state_ticks_table())


def test_replications_have_independent_shocks(demo_path):
    s = load_scenario(demo_path)
    result = run_scenario(s, seed=3, replications=2)
    net = result.history["net"][1:]
    assert not np.array_equal(net[:, 0], net[:, 1])


def test_batched_runs_equal_runs_one_at_a_time(demo_path):
    """Replication r of a batch is exactly the run with that seed and replication number alone."""
    s = load_scenario(demo_path)
    batch = run_scenario(s, seed=11, replications=4)
    for r in range(4):
        model = PolicyModel(prepare(s, seed=11), replication=r)
        for _ in range(s.run.steps):
            model.step()
        for name in ("stance", "net", "terms", "activism", "legislature", "conviction", "visibility"):
            assert np.array_equal(batch.history[name][:, r], model.history[name][:, 0], equal_nan=True), name
        assert np.array_equal(batch.final.tipped_tick[r], model.state.tipped_tick[0])


def test_a_shock_depends_only_on_its_run_tick_and_state():
    """Drawing ticks in one block or one by one, and runs together or alone, gives the same numbers."""
    keys = [run_seed(5, r) for r in range(3)]
    block = shocks(keys, 1, 10, 4)
    one_by_one = np.concatenate([shocks(keys, t, 1, 4) for t in range(1, 11)], axis=1)
    alone = np.concatenate([shocks([k], 1, 10, 4) for k in keys])
    assert np.array_equal(block, one_by_one) and np.array_equal(block, alone)
    assert np.array_equal(shocks(keys, 1, 10, 6)[:, :, :4], block)  # more states leave the first states' draws
