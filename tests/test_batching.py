"""Design points advanced together in one batch give exactly (bit for bit) the runs they give alone."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas.testing as pd_testing
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulation.lab.batching import BATCH_ELEMENTS, PointRuns, group_by_structure, parameter_batches, point_batches, split_counts
from simulation.lab.designs import DesignRows
from simulation.lab.experiment import Factor
from simulation.lab.outcomes import OUTCOMES, FocalMeasure
from simulation.lab.sweep import ChunkTask, chunk_keys, run_chunk
from simulation.model.batch import ParameterBatch, batch_inputs
from simulation.model.kernel import Workspace, starting_state, thread_workspace
from simulation.model.noise import packed_keys, run_seed
from simulation.model.params import Parameters, parameter_table
from simulation.model.simulate import simulate
from simulation.scenario import load_scenario
from simulation.scenario.build import build_world
from simulation.scenario.changes import apply_changes
from simulation.scenario.prepare import Preparation

DEMO = Path(__file__).resolve().parents[1] / "scenarios" / "trifecta_demo.yaml"
WORLD = DEMO.with_name("crimea_2014.yaml")

HISTORY = ("stance", "net", "terms", "activism", "legislature", "conviction", "visibility", "stance_counts")
STEPS = 15
_BOUNDS = {row["name"]: (row["min"], row["max"]) for row in parameter_table()}
_FREE = [n for n in _BOUNDS if not n.startswith("threshold_")]


def chunk_of(scenario, file, measure, crn: bool, reps: tuple[int, ...], changes: list[dict]) -> ChunkTask:
    """A chunk of one point per entry of ``changes`` (the levels of one bundle factor), ``reps`` of each, seed 9."""
    k = len(changes)
    factor = Factor("changes", None, "bundle", None, None, tuple(map(str, range(k))), tuple(changes))
    rows = DesignRows((factor,), np.arange(k), np.arange(k, dtype=float)[:, None], np.zeros(k, dtype=np.int64))
    return ChunkTask(scenario.source, str(file), measure, STEPS, 9, crn, len(reps), rows, (reps,) * k)


@given(counts=st.lists(st.integers(0, 40), max_size=60), n_states=st.integers(1, 9), elements=st.integers(1, 200))
def test_batches_take_as_many_consecutive_points_as_fit(counts, n_states, elements):
    """``split_counts`` is the greedy packing: points in order, each batch as many as fit in ``elements``
    state-runs, a point too large for any batch alone."""
    limit = max(1, elements // n_states)
    expected, start, size = [], 0, 0
    for i, n in enumerate(counts):
        if i > start and size + n > limit:
            expected.append(range(start, i))
            start, size = i, 0
        size += n
    if counts:
        expected.append(range(start, len(counts)))
    assert split_counts(counts, n_states, elements) == expected


@pytest.fixture(scope="module")
def demo():
    scenario = load_scenario(DEMO)
    return scenario, build_world(scenario)


@st.composite
def parameter_points(draw) -> Parameters:
    """A valid parameter point: some free parameters anywhere in their ranges, thresholds increasing."""
    names = draw(st.lists(st.sampled_from(_FREE), min_size=1, max_size=8, unique=True))
    values = {n: draw(st.floats(*_BOUNDS[n], allow_nan=False)) for n in names}
    if draw(st.booleans()):
        cuts = sorted(draw(st.lists(st.floats(-3, 3), min_size=4, max_size=4, unique=True)))
        values |= dict(zip(("threshold_abstain", "threshold_support", "threshold_sanction",
                            "threshold_intervene"), cuts))
    return Parameters(**values)


def assert_rows_equal(final, history, row: slice, alone_final, alone_history) -> None:
    """Rows ``row`` of a batched result are bit-identical to a run made alone."""
    for name in HISTORY:
        assert np.array_equal(history[name][:, row], alone_history[name], equal_nan=True), name
    for name, values in alone_final.__dict__.items():
        assert np.array_equal(getattr(final, name)[row], values, equal_nan=True), name


def assert_batch_equals_alone(worlds, params, seeds) -> None:
    world, batch = batch_inputs(worlds, params, [len(s) for s in seeds])
    final, history = simulate(world, batch, [k for point in seeds for k in point], STEPS, per_state=True)
    start = 0
    for world, p, s in zip(worlds, params, seeds):
        alone_final, alone_history = simulate(world, p, s, STEPS, per_state=True)
        assert_rows_equal(final, history, slice(start, start + len(s)), alone_final, alone_history)
        start += len(s)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(points=st.lists(parameter_points(), min_size=1, max_size=5),
       reps=st.integers(1, 3), seed=st.integers(0, 2**32 - 1))
def test_random_parameter_points_batched_equal_alone(demo, points, reps, seed):
    _, world = demo
    seeds = [[run_seed(seed, r, stream=i) for r in range(reps)] for i in range(len(points))]
    assert_batch_equals_alone([world] * len(points), points, seeds)


def test_points_varying_traits_and_activists_batched_equal_alone(demo):
    scenario, world = demo
    changed = world.with_traits(democracy=world.traits.democracy * 0.5, record=world.traits.record[::-1].copy())
    louder = replace(world, resources=np.minimum(world.resources * 2.0, 1.0))
    params = [scenario.parameters, Parameters(noise=0.5), Parameters(value_weight=2.0)]
    seeds = [[run_seed(4, r) for r in range(2)] for _ in params]
    assert_batch_equals_alone([world, changed, louder], params, seeds)


def test_runs_that_change_one_constant_at_a_time_batched_equal_alone():
    """Consecutive runs of a batch that differ in the influence floor only, the scrutiny exponent only, another
    parameter only, or not at all (replications): the kernel refills a run's constants only where they changed,
    and every run still equals itself alone (the world, with its 17 blocs)."""
    scenario = load_scenario(DEMO.parent / "crimea_2014.yaml")
    world, base = build_world(scenario), scenario.parameters
    params = [base, base.model_copy(update={"peer_influence_floor": base.peer_influence_floor + 0.3}),
              base.model_copy(update={"peer_influence_floor": base.peer_influence_floor + 0.3,
                                      "scrutiny_exponent": base.scrutiny_exponent + 0.5}),
              base.model_copy(update={"value_weight": base.value_weight * 1.5}), base]
    params = [Parameters.model_validate(p.model_dump()) for p in params]
    seeds = [[run_seed(9, r) for r in range(3)] for _ in params]
    assert_batch_equals_alone([world] * len(params), params, seeds)


def test_parameter_batch_shares_equal_values_and_columns_varying_ones():
    batch = ParameterBatch.of_points([Parameters(noise=0.1), Parameters(noise=0.2)], [2, 1])
    assert batch.value_weight == Parameters().value_weight
    assert np.array_equal(batch.noise, [[0.1], [0.1], [0.2]])
    assert batch.thresholds() == Parameters().thresholds()


def test_the_batched_sweep_equals_each_point_run_alone(demo_path):
    """run_chunk batches parameter, trait, activist, intervention and structural changes; each run equals its
    point run alone (prepared by the general road, not the fast one)."""
    scenario = load_scenario(demo_path)
    code = scenario.states[0].code
    lobbying = [{"kind": "lobbying", "targets": [code], "start": 2, "duration": 6, "intensity": 0.7}]
    changes = [{"parameters.noise": 0.3}, {"parameters.value_weight": 2.0, "parameters.inertia": 0.05},
               {f"states[{code}].democracy": 0.2}, {f"states[{code}].economic_stake": 0.9},
               {"activists[0].resources": 0.1}, {"interventions": lobbying},
               {"interventions": lobbying, f"states[{code}].official.influence": 0.9},
               {"crisis.response.instrument": "statement"}, {}]
    reps = (0, 1, 2)
    names = tuple(OUTCOMES)
    measure = FocalMeasure(0, names)
    task = chunk_of(scenario, demo_path, measure, False, reps, changes)
    table = run_chunk(task)
    assert list(table["point_id"]) == [i for i in range(len(changes)) for _ in reps]
    for i, c in enumerate(changes):
        s = apply_changes(scenario, c)
        final, history = simulate(build_world(s), s.parameters, chunk_keys(9, False, np.full(len(reps), i), np.array(reps)),
                                   STEPS, per_state=False)
        rows = table[table["point_id"] == i]
        for name, values in measure(final, history.last_terms).items():
            assert np.array_equal(rows[name].to_numpy(), values), (c, name)


def test_batches_that_share_a_workspace_keep_their_own_results():
    """A chunk's batches run one after another in the same memory (``kernel.Workspace``): with more runs than one
    batch holds, every run's row still equals its point run alone (each batch's values copied out before the next
    overwrites them, and each started afresh). The world of 193 states: blocs and inertia make the start matter."""
    scenario = load_scenario(WORLD)
    per_batch = BATCH_ELEMENTS // len(scenario.states)
    reps = tuple(range(per_batch // 2 + 7))  # three points of this many runs: three batches, the last one smaller
    changes = [{"parameters.noise": 0.1}, {"parameters.noise": 0.2}, {"parameters.noise": 0.3}]
    measure = FocalMeasure(0, tuple(OUTCOMES))
    task = chunk_of(scenario, WORLD, measure, True, reps, changes)
    table = run_chunk(task)
    base = Preparation(scenario)
    for i, c in enumerate(changes):
        setup = base.at(c)
        final, history = simulate(setup.world, setup.params, chunk_keys(9, True, np.full(len(reps), i),
                                                                        np.array(reps)), STEPS, per_state=False)
        rows = table[table["point_id"] == i]
        for name, values in measure(final, history.last_terms).items():
            assert np.array_equal(rows[name].to_numpy(), values), (i, name)


def test_a_threads_workspace_is_kept_for_its_next_chunk_and_leaves_no_trace():
    """Each thread keeps one workspace (``kernel.thread_workspace``) from chunk to chunk; a chunk run after a larger
    one in it (the world of 193 states, whose start matters) gives the table it gives first."""
    import threading

    assert thread_workspace() is thread_workspace()
    other = []
    thread = threading.Thread(target=lambda: other.append(thread_workspace()))
    thread.start()
    thread.join()
    assert other[0] is not thread_workspace()
    scenario = load_scenario(WORLD)
    measure = FocalMeasure(0, tuple(OUTCOMES))
    small = chunk_of(scenario, WORLD, measure, True, (0, 1, 2), [{"parameters.noise": 0.1}, {"parameters.noise": 0.3}])
    large = chunk_of(scenario, WORLD, measure, False, tuple(range(40)), [{"parameters.noise": 0.2}] * 3)
    first = run_chunk(small)
    run_chunk(large)
    kept = thread_workspace().nbytes
    again = run_chunk(small)
    pd_testing.assert_frame_equal(first, again)
    assert 0 < kept == thread_workspace().nbytes  # the smaller chunk ran in the larger one's memory


def test_a_chunk_that_leaves_more_than_a_workspace_keeps_leaves_it_empty(monkeypatch):
    """A batch beyond ``kernel.KEPT_BYTES`` (one point with more runs than a batch holds) is not kept after its
    chunk."""
    import simulation.lab.sweep as sweep

    scenario = load_scenario(DEMO)
    task = chunk_of(scenario, DEMO, FocalMeasure(0, tuple(OUTCOMES)), True, (0, 1), [{"parameters.noise": 0.1}])
    run_chunk(task)
    assert thread_workspace().nbytes > 0
    monkeypatch.setattr(sweep, "KEPT_BYTES", thread_workspace().nbytes - 1)
    run_chunk(task)
    assert thread_workspace().nbytes == 0


def test_a_workspace_lends_the_same_memory_to_batches_that_fit(demo):
    """``Workspace.array`` gives the first rows of the array it keeps while they fit (same dtype and trailing
    shape), a new one otherwise; a state started in it equals one started in new arrays."""
    scenario, world = demo
    space = Workspace()
    a = space.array("x", (10, 4), np.float64)
    assert np.shares_memory(space.array("x", (6, 4), np.float64), a)
    assert not np.shares_memory(space.array("x", (12, 4), np.float64), a)
    assert space.array("x", (12, 4), np.int32).dtype == np.int32
    assert space.array("x", (3, 4), np.int32).flags.c_contiguous
    used = starting_state(world.initial, 5, space)
    space.array("stance", (5, world.n_states), np.int8)[:] = 9  # what a batch before left behind
    lent, new = starting_state(world.initial, 3, space), starting_state(world.initial, 3)
    assert np.shares_memory(lent.stance, used.stance)
    for name, values in new._asdict().items():
        assert np.array_equal(getattr(lent, name), values, equal_nan=True), name


def test_points_group_by_world_structure(demo_path):
    scenario = load_scenario(demo_path)
    base = Preparation(scenario)
    code = scenario.states[0].code
    changes = [{"parameters.noise": 0.3}, {f"states[{code}].democracy": 0.2},
               {"crisis.response.instrument": "statement"}, {"parameters.noise": 0.4},
               {"interventions": [{"kind": "media", "start": 2, "intensity": 0.5}]}]
    points = [PointRuns(i, base.at(c), packed_keys([run_seed(1, 0)])) for i, c in enumerate(changes)]
    assert points[0].setup.world is base.world and points[3].setup.world is base.world
    groups = group_by_structure(points)
    assert [[p.point_id for p in g] for g in groups] == [[0, 1, 3], [2], [4]]


_ALL = tuple(Parameters.model_fields)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(points=st.lists(parameter_points(), min_size=1, max_size=6), reps=st.integers(1, 3), crn=st.booleans())
def test_a_chunk_of_parameter_points_takes_the_table_and_equals_each_point_run_alone(demo_path, points, reps, crn):
    """A chunk whose points set the same parameters and nothing else takes the table road; each run's row equals
    its point prepared by ``at`` and run alone."""
    scenario = load_scenario(demo_path)
    changes = [{f"parameters.{n}": getattr(p, n) for n in _ALL} for p in points]
    assert Preparation(scenario).parameter_points({k: [c[k] for c in changes] for k in changes[0]}, len(changes)) is not None
    measure = FocalMeasure(0, tuple(OUTCOMES))
    task = chunk_of(scenario, demo_path, measure, crn, tuple(range(reps)), changes)
    table = run_chunk(task)
    base = Preparation(scenario)
    for i, c in enumerate(changes):
        setup = base.at(c)
        final, history = simulate(setup.world, setup.params, chunk_keys(9, crn, np.full(reps, i), np.arange(reps)),
                                  STEPS, per_state=False)
        rows = table[table["point_id"] == i]
        for name, values in measure(final, history.last_terms).items():
            assert np.array_equal(rows[name].to_numpy(), values), (i, name)


@pytest.mark.parametrize("elements", [8, 24, 1 << 16])
def test_parameter_batches_are_the_batches_prepared_points_make(demo, elements):
    """The table road splits and keys a chunk's points as the road of prepared points does, with the same
    parameters in every row."""
    scenario, _ = demo
    base = Preparation(scenario)
    values = [0.1, 0.2, 0.3, 0.4, 0.5]
    counts = np.array([1, 3, 2, 1, 4])
    keys = chunk_keys(3, False, np.repeat(np.arange(5), counts), np.concatenate([np.arange(n) for n in counts]))
    table = base.parameter_points({"parameters.noise": values}, len(values))
    ends = np.concatenate([[0], np.cumsum(counts)])
    prepared = [PointRuns(i, base.at({"parameters.noise": v}), keys[ends[i]:ends[i + 1]]) for i, v in enumerate(values)]
    ours, theirs = parameter_batches(base.world, table, counts, keys, elements), point_batches(prepared, elements)
    assert len(ours) == len(theirs) > (1 if elements < 64 else 0)
    for a, b in zip(ours, theirs):
        assert a.points == b.points and a.world is b.world and np.array_equal(a.keys, b.keys)
        for name in _ALL:
            assert np.array_equal(np.broadcast_to(getattr(a.params, name), (len(a.keys), 1)),
                                  np.broadcast_to(getattr(b.params, name), (len(b.keys), 1))), name
