"""Running a sweep: every design point's replications through the kernel, chunk by chunk, into the store.

Runs of one design point advance together as one batch. Replication r of point p uses
``run_seed(seed, r)`` with common random numbers, else ``SeedSequence(seed, spawn_key=(p, r))``; seeds are
made here, never on a worker, so results are the same whatever runs the chunks.
"""

from __future__ import annotations

import fcntl
import math
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from tqdm import tqdm

from ..model.noise import run_seed
from ..scenario.errors import InputFileError, Problem
from ..scenario.schema import Scenario
from .batching import BaseWorld, group_by_structure, point_runs, run_group, split_runs
from .designs import Design, build_design
from .executors import ExecutorSpec, map_unordered
from .experiment import ChangeError, Experiment, apply_changes
from .outcomes import measure
from .provenance import git_commit, now, sha256_text, versions
from .sweep_store import PartWriter, create_sweep, is_sweep, read_manifest, stored_run_ids, write_manifest

RUNS_PER_CHUNK = 500  # upper bound on a chunk's runs, so a killed sweep loses little


class SweepError(Exception):
    """A sweep that cannot start or continue as asked (an existing folder, a changed experiment)."""


class PointError(ValueError):
    """A design point whose factor values together give an invalid scenario."""

    def __init__(self, point_id: int, message: str):
        super().__init__(point_id, message)
        self.point_id, self.message = point_id, message


@dataclass(frozen=True)
class ChunkTask:
    """A chunk of work: some design points (with their changes and the replications to run) of one experiment."""

    base: dict
    focal_index: int
    steps: int
    seed: int
    crn: bool
    replications: int
    outcomes: tuple[str, ...]
    points: tuple[tuple[int, dict, tuple[int, ...]], ...]  # (point_id, changes, replications)


@dataclass(frozen=True)
class SweepReport:
    """What a call to :func:`run_sweep` did."""

    folder: Path
    runs_total: int
    runs_now: int
    seconds: float
    already_complete: bool = False


def seeds_for(seed: int, crn: bool, point_id: int, replications: tuple[int, ...]) -> list[np.random.SeedSequence]:
    """The seed of each replication of a design point (shared across points with common random numbers)."""
    if crn:
        return [run_seed(seed, r) for r in replications]
    return [np.random.SeedSequence(seed, spawn_key=(point_id, r)) for r in replications]


def run_chunk(task: ChunkTask) -> pd.DataFrame:
    """The results of one chunk: one row per run (run_id, point_id, replication, outcomes).

    Points that share a world structure advance together as one batch (see ``batching``); every run's
    numbers are the same as if its point ran alone.
    """
    base = BaseWorld.of(task.base)

    def scenario_of(point_id: int, changes: dict) -> Scenario:
        try:
            return apply_changes(task.base, changes)
        except ChangeError as exc:
            raise PointError(point_id, str(exc)) from None

    points = [point_runs(base, point_id, changes, seeds_for(task.seed, task.crn, point_id, reps),
                         lambda c, i=point_id: scenario_of(i, c))
              for point_id, changes, reps in task.points]
    measured: dict[int, dict[str, np.ndarray]] = {}
    for group in group_by_structure(points):
        for batch in split_runs(group):
            values = measure(run_group(batch, task.steps), task.focal_index, task.outcomes)
            start = 0
            for p in batch:
                measured[p.point_id] = {name: v[start:start + len(p.seeds)] for name, v in values.items()}
                start += len(p.seeds)
    reps = [np.asarray(r, dtype=np.int64) for _, _, r in task.points]
    ids = np.concatenate([np.full(len(r), point_id, dtype=np.int64) for (point_id, _, _), r in zip(task.points, reps)])
    rep = np.concatenate(reps)
    frame = pd.DataFrame({"run_id": ids * task.replications + rep, "point_id": ids, "replication": rep})
    for name in task.outcomes:
        frame[name] = np.concatenate([measured[point_id][name] for point_id, _, _ in task.points])
    return frame


def sweep_manifest(exp: Experiment, design: Design, executor: ExecutorSpec, started: str) -> dict[str, Any]:
    """The manifest of a sweep that has not finished yet."""
    return {
        "kind": "sweep",
        "experiment": {"file": exp.file, "text": exp.text, "sha256": sha256_text(exp.text)},
        "scenario": {"file": exp.scenario_file, "text": exp.scenario_text, "sha256": sha256_text(exp.scenario_text)},
        "focal": exp.focal,
        "design": design.manifest(),
        "analyses": exp.analyses,
        "outcomes": list(exp.outcomes),
        "replications": exp.spec.replications,
        "seed": exp.spec.seed,
        "crn": exp.spec.crn,
        "steps": exp.steps,
        "runs_total": design.n_points * exp.spec.replications,
        "versions": versions(),
        "git_commit": git_commit(),
        "started": started,
        "finished": None,
        "executor": executor.manifest(),
        "complete": False,
    }


def plan_chunks(exp: Experiment, design: Design, missing: dict[int, tuple[int, ...]],
                chunk_points: int) -> Iterator[ChunkTask]:
    """The chunks that run the missing replications, ``chunk_points`` design points at a time, in design order."""
    ids = sorted(missing)
    data = exp.base_data
    for start in range(0, len(ids), chunk_points):
        points = tuple((p, design.changes(p), missing[p]) for p in ids[start:start + chunk_points])
        yield ChunkTask(data, exp.focal_index, exp.steps, exp.spec.seed, exp.spec.crn, exp.spec.replications,
                        exp.outcomes, points)


def default_chunk_points(n_points: int, replications: int, workers: int) -> int:
    """Design points per chunk: enough chunks to keep every worker busy, each of at most RUNS_PER_CHUNK runs."""
    return max(1, min(math.ceil(n_points / (4 * workers)), math.ceil(RUNS_PER_CHUNK / replications)))


def run_sweep(exp: Experiment, folder: str | Path, executor: ExecutorSpec, resume: bool = False,
              chunk_points: int | None = None, progress: bool = True) -> SweepReport:
    """Run (or, with ``resume``, finish) the sweep of ``exp`` into ``folder``; every run is stored exactly once."""
    folder = Path(folder)
    t0 = time.perf_counter()
    design = build_design(exp)
    runs_total = design.n_points * exp.spec.replications
    if folder.exists():
        manifest = _existing(folder, exp, resume)
        if manifest["complete"]:
            return SweepReport(folder, runs_total, 0, 0.0, already_complete=True)
    else:
        manifest = sweep_manifest(exp, design, executor, now())
        create_sweep(folder, manifest, design.table)
    with _lock(folder):
        manifest = {**manifest, "executor": executor.manifest()}
        write_manifest(folder, manifest)
        missing = _missing(design.n_points, exp.spec.replications, stored_run_ids(folder))
        n_missing = sum(len(r) for r in missing.values())
        size = chunk_points or default_chunk_points(len(missing), exp.spec.replications, executor.workers)
        _run_missing(exp, design, folder, executor, missing, size, progress)
        stored = stored_run_ids(folder)
        if len(stored) != runs_total or np.unique(stored).size != runs_total:
            raise RuntimeError(f"{folder}: {len(stored)} runs stored ({np.unique(stored).size} distinct), "
                               f"{runs_total} expected")
        write_manifest(folder, {**manifest, "finished": now(), "complete": True})
    return SweepReport(folder, runs_total, n_missing, time.perf_counter() - t0)


def _run_missing(exp: Experiment, design: Design, folder: Path, executor: ExecutorSpec,
                 missing: dict[int, tuple[int, ...]], chunk_points: int, progress: bool) -> None:
    """Run the missing replications chunk by chunk, storing each chunk as it finishes, with a progress bar."""
    runs_total = design.n_points * exp.spec.replications
    n_missing = sum(len(r) for r in missing.values())
    writer = PartWriter(folder)
    with tqdm(total=runs_total, initial=runs_total - n_missing, unit="run", desc=exp.spec.name, file=sys.stderr,
              disable=not progress, dynamic_ncols=True) as bar:
        try:
            for frame in map_unordered(run_chunk, plan_chunks(exp, design, missing, chunk_points), executor):
                writer.write(frame)
                bar.update(len(frame))
        except PointError as exc:
            row = design.table.iloc[exc.point_id].drop("point_id").to_dict()
            raise InputFileError(exp.file, [Problem("factors", "factor values that together give a valid scenario",
                                                    f"design point {exc.point_id} {row}: {exc.message}")]) from None


def _existing(folder: Path, exp: Experiment, resume: bool) -> dict[str, Any]:
    """The manifest of an existing sweep folder that may be resumed with this experiment."""
    if not resume:
        if is_sweep(folder) and read_manifest(folder)["complete"]:
            raise SweepError(f"{folder} already exists and holds a complete sweep (already complete); "
                             "to run it again, choose another --out")
        raise SweepError(f"{folder} already exists; pass --resume to finish the sweep in it, or choose another --out")
    if not is_sweep(folder):
        raise SweepError(f"{folder} exists but holds no sweep (no manifest.json and design.parquet); "
                         "choose another --out")
    manifest = read_manifest(folder)
    for key, text in (("experiment", exp.text), ("scenario", exp.scenario_text)):
        if manifest[key]["sha256"] != sha256_text(text):
            raise SweepError(f"the {key} file changed since the sweep in {folder} started; run the changed "
                             "experiment into a new --out folder")
    return manifest


def _lock(folder: Path):
    """Hold the folder's lock for this process's lifetime (the system drops it if the process is killed)."""
    handle = open(folder / ".lock", "w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise SweepError(f"another sweep is writing to {folder}; wait for it to finish") from None
    return handle


def _missing(n_points: int, replications: int, done: np.ndarray) -> dict[int, tuple[int, ...]]:
    """Design point -> the replications not yet stored."""
    have = np.zeros(n_points * replications, dtype=bool)
    have[done] = True
    have = have.reshape(n_points, replications)
    return {int(p): tuple(int(r) for r in np.flatnonzero(~have[p])) for p in np.flatnonzero(~have.all(axis=1))}
