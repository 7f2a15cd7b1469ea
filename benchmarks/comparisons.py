"""The comparisons of ``run.py``: each measures two sides doing the same work, checks they agree, and returns a Result."""

from __future__ import annotations

import itertools
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy_limit
from mesa_grid import REPORTED
from synthetic import synthetic_world
from timing import interleaved

from simulation.lab.batching import BATCH_ELEMENTS, forget_bases
from simulation.lab.executors import ExecutorSpec
from simulation.lab.experiment import load_experiment
from simulation.lab.runs import run_scenario
from simulation.lab.sweep import run_job, run_sweep
from simulation.lab.sweep_store import read_sweep
from simulation.model.kernel import advance, no_records, run_ticks, starting_state
from simulation.model.noise import packed_keys, run_seed, shocks
from simulation.model.params import Parameters
from simulation.model.simulate import simulate
from simulation.scenario import load_scenario
from simulation.scenario.build import build_world

ROOT = Path(__file__).resolve().parents[1]
WORLD = ROOT / "scenarios" / "crimea_2014.yaml"
WORKERS = 2
_SWEEPS = itertools.count()


@dataclass
class Result:
    """One comparison: its ratio, its target (``at_most`` or at least), and the absolute figures behind it."""

    name: str
    ratio: float
    target: float
    at_most: bool
    figures: dict[str, Any] = field(default_factory=dict)

    @property
    def met(self) -> bool:
        return self.ratio <= self.target if self.at_most else self.ratio >= self.target

    def line(self) -> str:
        figures = " ".join(f"{k}={v}" for k, v in self.figures.items())
        bound = "at most" if self.at_most else "at least"
        return (f"{self.name}: ratio={self.ratio:.3g} target={self.target:g} "
                f"({bound}; {'met' if self.met else 'NOT met'}) {figures}")


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:.4g}ms"


def tick_vs_numpy_limit(quick: bool) -> Result:
    """Per tick, one run of the 193-state world: the kernel (``advance``) against the same tick as bare numpy."""
    scenario = load_scenario(WORLD)
    world, p = build_world(scenario), scenario.parameters
    ticks = 50
    keys = [run_seed(1, 0)]
    draws = shocks(keys, 1, ticks, world.n_states)  # what the kernel draws inside, for the numpy side
    c = numpy_limit.constants(world)

    def kernel():
        state = world.initial
        for t in range(1, ticks + 1):
            state, out = advance(world, p, state, t, keys)
        return state, out

    def bare():
        s = numpy_limit.initial(world)
        for t in range(1, ticks + 1):
            s = numpy_limit.tick(c, p, s, t, draws[:, t - 1])
        return s

    (state, out), s = kernel(), bare()
    for name in ("stance", "tipped_tick"):  # the same stances; numbers to rounding (the C library's expm1)
        assert np.array_equal(getattr(state, name), s[name]), name
    for name in ("net", "mobilisation", "visibility", "activism", "legislature", "conviction", "pressures_at_tip"):
        assert np.allclose(getattr(state, name), s[name], rtol=0, atol=1e-12, equal_nan=True), name
    assert np.allclose(out.terms, s["terms"], rtol=0, atol=1e-12)
    med = interleaved({"kernel": kernel, "numpy": bare}, 51 if quick else 301)
    return Result("tick_vs_numpy_limit", med["kernel"] / med["numpy"], 1.5, True,
                  {"kernel": _ms(med["kernel"] / ticks) + "/tick", "numpy": _ms(med["numpy"] / ticks) + "/tick",
                   "states": world.n_states, "equal": "same stances, numbers within 1e-12"})


#: Issue 14's estimate of the machine's limit for this tick (an estimate quoted there, not measured here).
MACHINE_LIMIT_ESTIMATE = "3-5ns/state-tick/core (issue 14's estimate, not measured)"


def _kernel_batch(world, p, keys: np.ndarray, ticks: int):
    """The kernel's ``run_ticks`` over ``ticks`` ticks of a batch carried from tick 0, recording nothing; the
    carried arrays at the end."""
    s = starting_state(world.initial, keys.shape[0])
    run_ticks(world, p, s, 1, ticks, keys, no_records(keys.shape[0], world.n_states, last_terms=False))
    return s


def kernel_at_sweep_batch(quick: bool) -> Result:
    """Nanoseconds per state-tick of the kernel at a sweep's batch size (``BATCH_ELEMENTS`` state-runs, 339 runs
    of the world), 100 ticks, no records, on 1 and on 2 threads, against bare numpy on the same batch."""
    import numba

    scenario = load_scenario(WORLD)
    world, p = build_world(scenario), scenario.parameters
    assert world.schedule is None  # run_ticks alone is the whole tick (no interventions to apply first)
    n, ticks = world.n_states, 100
    batch = BATCH_ELEMENTS // n
    seeds = [run_seed(11, r) for r in range(batch)]
    keys = packed_keys(seeds)
    draws = shocks(seeds, 1, ticks, n)  # (B, T, N): what the kernel draws inside, given to the numpy side
    c = numpy_limit.constants(world)

    def bare():
        s = numpy_limit.initial(world, batch)
        for t in range(1, ticks + 1):
            s = numpy_limit.tick(c, p, s, t, draws[:, t - 1])
        return s

    before = numba.get_num_threads()
    try:
        def on(threads: int):
            def kernel():
                numba.set_num_threads(threads)
                return _kernel_batch(world, p, keys, ticks)
            return kernel

        s, ref = on(2)(), bare()
        assert np.array_equal(s.stance, ref["stance"]) and np.array_equal(s.tipped_tick, ref["tipped_tick"])
        assert np.allclose(s.net, ref["net"], rtol=0, atol=1e-12)
        med = interleaved({"1_thread": on(1), "2_threads": on(2), "numpy": bare}, 3 if quick else 7)
    finally:
        numba.set_num_threads(before)
    ns = {name: seconds * 1e9 / (batch * ticks * n) for name, seconds in med.items()}
    return Result("kernel_at_sweep_batch", ns["2_threads"], 10, True,
                  {"kernel_1_thread": f"{ns['1_thread']:.3g}ns/state-tick",
                   "kernel_2_threads": f"{ns['2_threads']:.3g}ns/state-tick",
                   "numpy": f"{ns['numpy']:.3g}ns/state-tick (shocks precomputed)",
                   "numpy_over_kernel_1_thread": f"{ns['numpy'] / ns['1_thread']:.3g}",
                   "machine_limit": MACHINE_LIMIT_ESTIMATE, "runs": batch, "states": n, "ticks": ticks,
                   "equal": "same stances, net within 1e-12"})


def run_vs_per_agent_reference(quick: bool) -> Result:
    """A 100-tick world run with its default outputs (tables' history) against the per-agent Mesa reference."""
    sys.path.insert(0, str(ROOT / "tests"))
    from reference_model import run_reference

    scenario = load_scenario(WORLD)
    seed, steps = 3, 100
    kernel = run_scenario(scenario, seed=seed, steps=steps, replications=1)
    ref = run_reference(scenario, seed, steps)
    for key in ("net", "activism", "legislature", "conviction"):
        want = np.array([snap[key] for snap in ref.trace], dtype=float)
        assert np.allclose(kernel.history[key][:, 0], want, rtol=0, atol=1e-9, equal_nan=True), key
    want = np.array([snap["stance"] for snap in ref.trace])
    assert np.array_equal(kernel.history["stance"][:, 0], want)
    med = interleaved({"kernel": lambda: run_scenario(scenario, seed=seed, steps=steps, replications=1),
                       "reference": lambda: run_reference(scenario, seed, steps)}, 3 if quick else 9)
    return Result("run_vs_per_agent_reference", med["reference"] / med["kernel"], 10, False,
                  {"kernel": _ms(med["kernel"]) + "/run", "reference": _ms(med["reference"]) + "/run",
                   "ticks": steps, "equal": "within 1e-9"})


def _experiment(folder: Path, points: int, steps: int, replications: int = 1, samples: int = 0) -> Path:
    """A grid of ``points`` values on each of three parameters of the world (or, with ``samples``, a Latin
    hypercube of that many points over them), common random numbers."""
    path = folder / f"grid_{points}x{replications}_{samples}.yaml"
    design = f"{{kind: latin_hypercube, samples: {samples}}}" if samples else f"{{kind: grid, points: {points}}}"
    path.write_text(f"""name: bench_{points}
scenario: {WORLD}
focal: IND
factors:
  - {{name: value_weight, path: parameters.value_weight, range: [0.5, 1.5]}}
  - {{name: activism_weight, path: parameters.activism_weight, range: [0.5, 1.5]}}
  - {{name: noise, path: parameters.noise, range: [0.02, 0.3]}}
design: {design}
replications: {replications}
seed: 7
crn: true
steps: {steps}
outcomes: [tipped, tipped_tick, final_stance, net_final, share_acting_final]
""")
    return path


def _sweep(path: Path, folder: Path, workers: int, kind: str = "processes") -> Path:
    """``trifecta sweep`` of the experiment at ``path`` into a new folder under ``folder`` (returned), on one thread
    or on ``workers`` workers of ``kind`` (processes, or the kernel's threads in this process)."""
    out = folder / f"sweep-{next(_SWEEPS)}"
    forget_bases()  # like the Mesa side, each call builds its world again
    spec = ExecutorSpec("serial", 1) if workers == 1 else ExecutorSpec(kind, workers)
    run_sweep(load_experiment(path).job(), out, spec, progress=False)
    return out


def _batch_run(exp, steps: int, workers: int):
    import mesa
    from mesa_grid import GridModel, load_world

    load_world.cache_clear()  # like the sweep, each call loads the scenario (once per process)
    grid = {f.name: list(np.linspace(f.low, f.high, exp.spec.design.points)) for f in exp.factors}
    return mesa.batch_run(GridModel, {"scenario_path": str(WORLD), "focal": exp.focal_index, "steps": steps,
                                      "seed": exp.spec.seed, **grid},
                          iterations=1, max_steps=steps, number_processes=workers, data_collection_period=-1,
                          display_progress=False)


def _same_outcomes(sweep: Path, mesa_rows, keys: list[str]) -> None:
    """The sweep's stored outcomes equal mesa.batch_run's, point by point."""
    ours = read_sweep(sweep).table().sort_values(keys).reset_index(drop=True)
    theirs = mesa_rows.sort_values(keys).reset_index(drop=True)
    assert len(ours) == len(theirs)
    for name in REPORTED:
        assert np.array_equal(ours[name].to_numpy(), theirs[name].to_numpy().astype(ours[name].dtype)), name


def sweep_vs_mesa_batch_run(quick: bool) -> Result:
    """Runs per second over a grid of three parameters on the world, end-of-run outcomes only, equal results checked.

    Both sides run whole calls: the lab's ``run_sweep`` (loading the experiment, writing its Parquet store) and
    ``mesa.batch_run`` over ``PolicyModel`` with a DataCollector (loading the scenario), with the same number of
    processes. The ratio is with one process each (in this process: no pool start-up on either side; the sweep on
    one thread). The full run adds, on a larger grid, both sides on both cores: two processes each (both start
    their pools), and the sweep's default, the kernel's threads in one process, against batch_run's two processes.
    """
    import pandas as pd

    steps = 12
    points = 14  # 2,744 runs: enough for fixed costs (loading, writing the store) to weigh as in real sweeps
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        check = _experiment(folder, 5, steps)
        keys = [f.name for f in load_experiment(check).factors]
        _same_outcomes(_sweep(check, folder, 1), pd.DataFrame(_batch_run(load_experiment(check), steps, 1)),
                       keys)
        path = _experiment(folder, points, steps)
        med = interleaved({"sweep": lambda: _sweep(path, folder, 1),
                           "mesa": lambda: _batch_run(load_experiment(path), steps, 1)},
                          2 if quick else 3, collect=True)
        runs = points ** 3
        ratio = med["mesa"] / med["sweep"]
        figures |= {"sweep": f"{runs / med['sweep']:.0f}runs/s", "mesa": f"{runs / med['mesa']:.0f}runs/s",
                    "runs": runs, "processes": 1, "ticks": steps}
        if not quick:
            _same_outcomes(_sweep(check, folder, WORKERS),
                           pd.DataFrame(_batch_run(load_experiment(check), steps, WORKERS)), keys)
            big = 18
            path = _experiment(folder, big, steps)
            med2 = interleaved({"sweep": lambda: _sweep(path, folder, WORKERS),
                                "threads": lambda: _sweep(path, folder, WORKERS, "threads"),
                                "mesa": lambda: _batch_run(load_experiment(path), steps, WORKERS)}, 3,
                               collect=True)
            figures |= {"ratio_2_processes": f"{med2['mesa'] / med2['sweep']:.3g}",
                        "ratio_threads_vs_2_processes": f"{med2['mesa'] / med2['threads']:.3g}",
                        "sweep_2p": f"{big ** 3 / med2['sweep']:.0f}runs/s",
                        "sweep_threads": f"{big ** 3 / med2['threads']:.0f}runs/s",
                        "mesa_2p": f"{big ** 3 / med2['mesa']:.0f}runs/s", "runs_2p": big ** 3}
    return Result("sweep_vs_mesa_batch_run", ratio, 50, False, figures | {"equal": "exact"})


def _reference_batch_run(exp, steps: int):
    """``mesa.batch_run`` of the per-agent reference over the experiment's grid, in this process."""
    import mesa
    from reference_grid import ReferenceGridModel, load_reference_scenario

    load_reference_scenario.cache_clear()  # like the sweep, each call loads the scenario
    grid = {f.name: list(np.linspace(f.low, f.high, exp.spec.design.points)) for f in exp.factors}
    return mesa.batch_run(ReferenceGridModel, {"scenario_path": str(WORLD), "focal": exp.focal_index,
                                               "steps": steps, "seed": exp.spec.seed, **grid},
                          iterations=1, max_steps=steps, number_processes=1, data_collection_period=-1,
                          display_progress=False)


def _close_outcomes(sweep: Path, rows, keys: list[str]) -> None:
    """The sweep's stored outcomes agree with the reference's, point by point: stances and ticks exactly, the
    net benefit and the share acting within 1e-9."""
    ours = read_sweep(sweep).table().sort_values(keys).reset_index(drop=True)
    theirs = rows.sort_values(keys).reset_index(drop=True)
    assert len(ours) == len(theirs)
    for name in ("tipped", "tipped_tick", "final_stance"):
        assert np.array_equal(ours[name].to_numpy(), theirs[name].to_numpy().astype(ours[name].dtype)), name
    for name in ("net_final", "share_acting_final"):
        assert np.allclose(ours[name].to_numpy(float), theirs[name].to_numpy(float), rtol=0, atol=1e-9), name


def sweep_vs_per_agent_batch_run(quick: bool) -> Result:
    """Runs per second of a grid sweep on the world against ``mesa.batch_run`` of the per-agent reference model,
    one process each, 12 ticks, end-of-run outcomes; equal outcomes checked on the reference's grid first.

    The reference takes about 0.1 s per 12-tick run, so it runs a 2x2x2 grid (8 runs); the sweep's throughput is
    measured on the 2,744-run grid of ``sweep_vs_mesa_batch_run`` (on 8 runs its fixed costs, loading and writing
    the store, would be most of what is timed). The ratio on the same 8 runs is printed beside it.
    """
    import pandas as pd

    steps, small, points = 12, 2, 14
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        check = _experiment(folder, small, steps)
        keys = [f.name for f in load_experiment(check).factors]
        _close_outcomes(_sweep(check, folder, 1), pd.DataFrame(_reference_batch_run(load_experiment(check), steps)),
                        keys)
        path = _experiment(folder, points, steps)
        med = interleaved({"sweep": lambda: _sweep(path, folder, 1),
                           "sweep_same_grid": lambda: _sweep(check, folder, 1),
                           "reference": lambda: _reference_batch_run(load_experiment(check), steps)},
                          2 if quick else 3, collect=True)
    rates = {"sweep": points ** 3 / med["sweep"], "sweep_same_grid": small ** 3 / med["sweep_same_grid"],
             "reference": small ** 3 / med["reference"]}
    return Result("sweep_vs_per_agent_batch_run", rates["sweep"] / rates["reference"], 500, False,
                  {"sweep": f"{rates['sweep']:.0f}runs/s", "reference": f"{rates['reference']:.3g}runs/s",
                   "runs_sweep": points ** 3, "runs_reference": small ** 3,
                   "ratio_same_grid": f"{rates['sweep_same_grid'] / rates['reference']:.3g}",
                   "processes": 1, "ticks": steps, "equal": "stances exact, net within 1e-9"})


def batched_vs_one_at_a_time(quick: bool) -> Result:
    """Many runs of the world through one batched ``simulate`` against the same runs one ``simulate`` each."""
    scenario = load_scenario(WORLD)
    world, p = build_world(scenario), scenario.parameters
    n, steps = (100, 12) if quick else (400, 12)
    seeds = [run_seed(5, r) for r in range(n)]
    batched, _ = simulate(world, p, seeds, steps, per_state=False)
    alone = [simulate(world, p, [s], steps, per_state=False)[0] for s in seeds[:10]]
    assert all(np.array_equal(batched.net[r], a.net[0]) for r, a in enumerate(alone))
    med = interleaved({"batched": lambda: simulate(world, p, seeds, steps, per_state=False),
                       "one_at_a_time": lambda: [simulate(world, p, [s], steps, per_state=False) for s in seeds]},
                      3 if quick else 7)
    return Result("batched_vs_one_at_a_time", med["one_at_a_time"] / med["batched"], 5, False,
                  {"batched": _ms(med["batched"] / n) + "/run", "one_at_a_time": _ms(med["one_at_a_time"] / n) + "/run",
                   "runs": n, "ticks": steps, "equal": "bit-identical"})


def _factor_job(folder: Path, path: str, points: int, steps: int):
    """A one-factor grid over ``path`` on the world, one replication per point, two outcomes."""
    spec = folder / f"factor-{next(_SWEEPS)}.yaml"
    spec.write_text(f"""name: factor
scenario: {WORLD}
focal: IND
factors: [{{name: x, path: "{path}", range: [0.1, 0.9]}}]
design: {{kind: grid, points: {points}}}
replications: 1
seed: 7
steps: {steps}
outcomes: [tipped, net_final]
""")
    return load_experiment(spec).job()


def state_points_vs_parameter_points(quick: bool) -> Result:
    """Per design point of a sweep: a point that changes a state's number (applied to the prepared arrays)
    against a point that changes a parameter, on the world, 100 ticks, one run each, in one process."""
    points, steps = (60, 100) if quick else (200, 100)
    serial = ExecutorSpec("serial", 1)
    with tempfile.TemporaryDirectory() as tmp:
        jobs = {name: _factor_job(Path(tmp), path, points, steps)
                for name, path in (("parameter", "parameters.noise"), ("state", "states[IND].democracy"),
                                   ("activist", "activists[0].resources"))}
        med = interleaved({name: (lambda j=j: (forget_bases(), run_job(j, serial))) for name, j in jobs.items()},
                          2 if quick else 5)
    return Result("state_points_vs_parameter_points", med["state"] / med["parameter"], 1.5, True,
                  {"parameter": _ms(med["parameter"] / points) + "/point", "state": _ms(med["state"] / points) + "/point",
                   "activist": _ms(med["activist"] / points) + "/point",
                   "activist_ratio": f"{med['activist'] / med['parameter']:.3g}", "points": points, "ticks": steps})


def state_scaling_at_sweep_batch(quick: bool) -> Result:
    """Time per run-tick of the kernel on synthetic worlds of 50 to 3,200 states, each at a sweep's batch size
    (``BATCH_ELEMENTS // N`` runs), one thread, no records; the fitted log-log slope on the number of states."""
    import numba

    sizes = (50, 200, 800, 3200)
    ticks = 20 if quick else 50
    p = Parameters()
    cases = {}
    for n in sizes:
        world = synthetic_world(n)
        keys = packed_keys([run_seed(2, r) for r in range(BATCH_ELEMENTS // n)])
        cases[n] = lambda w=world, k=keys: _kernel_batch(w, p, k, ticks)
    before = numba.get_num_threads()
    numba.set_num_threads(1)
    try:
        med = interleaved(cases, 3 if quick else 7)
    finally:
        numba.set_num_threads(before)
    per_run_tick = {n: med[n] / ((BATCH_ELEMENTS // n) * ticks) for n in sizes}
    slope = float(np.polyfit(np.log(sizes), np.log([per_run_tick[n] for n in sizes]), 1)[0])
    return Result("state_scaling_at_sweep_batch", slope, 1.05, True,
                  {f"n{n}": f"{per_run_tick[n] * 1e9 / n:.3g}ns/state-tick (B={BATCH_ELEMENTS // n})" for n in sizes}
                  | {"ticks": ticks, "threads": 1})


def run_scaling(quick: bool, large: bool = False) -> Result:
    """Runs per second of sweeps of 10^3, 10^4 and 10^5 runs (10^6 with ``--large``) of the world, 100 ticks,
    end-of-run outcomes, with ``trifecta sweep``'s default executor; the time 10^6 runs would take at the rate
    of the largest size measured. The runs are 10^3 grid points times 1 to 1,000 replications; beside them, a Latin
    hypercube of 10^4 (10^5 in the full run) points of one run each, where every run has parameters of its own
    and so its own preparation, projected to 10^6 points the same way."""
    import os

    from simulation.lab.executors import choose_executor

    executor = choose_executor()  # as `trifecta sweep` without options: the kernel's threads, one per core
    steps, points = 100, 10  # 10^3 design points, times 1, 10, 100 (1,000) replications
    sizes = (1_000, 10_000) if quick else (1_000, 10_000, 100_000) + ((1_000_000,) if large else ())
    samples = 10_000 if quick else 100_000
    rates, load = {}, None
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)

        def sweep(runs: int, lhs: int = 0) -> float:
            path = _experiment(folder, points, steps, 1 if lhs else runs // points ** 3, samples=lhs)
            forget_bases()
            t0 = time.perf_counter()
            run_sweep(load_experiment(path).job(), folder / f"sweep-{next(_SWEEPS)}", executor, progress=False)
            return time.perf_counter() - t0

        sweep(sizes[0])  # warm-up: the kernel's compiled code loaded, the world's first preparation
        for runs in sizes:
            repeats = 3 if runs < 10_000 else 1  # the median of three where a sweep takes about a second
            rates[runs] = runs / statistics.median(sweep(runs) for _ in range(repeats))
            shutil.rmtree(folder)
            folder.mkdir()
        lhs_rate = samples / sweep(samples, lhs=samples)
        load = os.getloadavg()
    largest = sizes[-1]
    projection = 1_000_000 / rates[largest]
    return Result("run_scaling", projection, 120, True,
                  {f"runs_{n}": f"{rates[n]:.0f}runs/s" for n in sizes}
                  | {"projected_1e6_runs": f"{projection:.0f}s (from {largest} runs)",
                     f"lhs_{samples}_points": f"{lhs_rate:.0f}runs/s",
                     "projected_1e6_lhs_points": f"{1_000_000 / lhs_rate:.0f}s (from {samples} points)", "ticks": steps,
                     "states": len(load_scenario(WORLD).states), "executor": f"{executor.kind}x{executor.workers}",
                     "load_average": "/".join(f"{x:.2f}" for x in load)})


def sweep_peak_memory(quick: bool) -> Result:
    """Peak resident memory (parent and workers together) of ``trifecta sweep`` of 10^6 runs on the world (a grid of
    100 points on each of three parameters, 12 ticks), with the default executor (the kernel's threads) on 2 of them."""
    import psutil

    points, steps = 100, 12  # 100^3 = 10^6 runs; 12 ticks (100 would take about 5 minutes on 2 cores)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = _experiment(folder, points, steps)
        cmd = [sys.executable, "-m", "simulation", "sweep", str(path), "--out", str(folder / "out"),
               "--workers", str(WORKERS)]
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        peak = _watch_peak_rss(psutil.Process(proc.pid), proc)
        seconds = time.perf_counter() - t0
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed with exit code {proc.returncode}")
        runs = len(read_sweep(folder / "out").runs)
    gib = peak / 2 ** 30
    return Result("sweep_peak_memory", gib, 1.0, True,
                  {"peak_rss": f"{gib:.3f}GiB", "runs": runs, "ticks": steps, "seconds": f"{seconds:.1f}",
                   "executor": f"threadsx{WORKERS}"})


def _watch_peak_rss(process, popen) -> int:
    """The largest sum of resident memory over a process and its children, sampled every 50 ms until it ends."""
    import psutil

    peak = 0
    stop = threading.Event()

    def sample():
        nonlocal peak
        while not stop.is_set():
            try:
                total = process.memory_info().rss + sum(c.memory_info().rss for c in process.children(recursive=True))
                peak = max(peak, total)
            except psutil.Error:
                pass
            time.sleep(0.05)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    popen.wait()
    stop.set()
    watcher.join()
    return peak


def refusal_time_is_linear(quick: bool) -> Result:
    """Refusing an experiment with too many factors: the time for a file ten times larger, against the smaller one
    (linear validation gives about 10; a quadratic step would give about 100)."""
    import yaml
    from click.testing import CliRunner

    from simulation.faces.cli import cli

    spec = yaml.safe_load((ROOT / "experiments" / "trifecta_factorial.yaml").read_text())
    spec["scenario"] = str(ROOT / "scenarios" / "trifecta_demo.yaml")
    folder = Path(tempfile.mkdtemp(prefix="refusal-"))

    def file_of(n: int) -> Path:
        path = folder / f"e{n}.yaml"
        factors = [{"name": f"f{i}", "path": "states[EMD].economic_stake", "levels": ["x"]} for i in range(n)]
        path.write_text(yaml.safe_dump({**spec, "factors": factors}, sort_keys=False))
        return path

    small, large = file_of(2_000), file_of(20_000)

    def refuse(path: Path) -> None:
        res = CliRunner().invoke(cli, ["validate", str(path)])
        assert res.exit_code == 2 and "at most 1000 items" in res.output, res.output

    med = interleaved({"small": lambda: refuse(small), "large": lambda: refuse(large)}, 3 if quick else 7)
    return Result("refusal_time_is_linear", med["large"] / med["small"], 25, True,
                  {"small": _ms(med["small"]) + " (2,000 factors)", "large": _ms(med["large"]) + " (20,000 factors)"})
