"""Running a sweep: every design point's replications through the kernel, chunk by chunk, into the store.

Runs of one design point advance together as one batch. Replication r of point p uses
``run_seed(seed, r)`` with common random numbers, else ``run_seed(seed, r, stream=p + 1)`` (``noise.RunKey``); keys are
made here, never on a worker, so results are the same whatever runs the chunks.
"""

from __future__ import annotations

import fcntl
import math
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import pandas as pd
from tqdm import tqdm

from ..model.kernel import KEPT_BYTES, thread_workspace
from ..model.noise import run_keys
from ..model.world import WorldState
from ..scenario.errors import InputFileError, Problem, UserError
from ..scenario.prepare import Preparation
from ..scenario.schema import Scenario
from .batching import PointRuns, base_preparation, parameter_batches, point_batches, run_batch, share_base
from .executors import ExecutorSpec, map_unordered
from .provenance import git_commit, now, sha256_text, versions
from .sweep_store import (
    PartWriter,
    SweepFolderError,
    check_folder,
    create_sweep,
    is_sweep,
    read_manifest,
    set_aside,
    write_manifest,
)

if TYPE_CHECKING:
    from .designs import Design, DesignRows
    from .series import Recorder

#: A chunk's work, in state-ticks (states x ticks x runs): about a second of one core, so that a killed sweep loses
#: little and writing a chunk costs little beside running it (the world's 100-tick runs: 5,181 runs a chunk).
CHUNK_STATE_TICKS = 10 ** 8
#: A chunk's results, in numbers (runs x the numbers of a run's row): at most about 16 MB of a time series.
CHUNK_VALUES = 2 * 10 ** 6
#: A chunk's runs, so that its points' setups and its results stay small in memory whatever their size.
CHUNK_RUNS = 10_000


class SweepError(UserError):
    """A sweep that cannot start or continue as asked (an existing folder, a changed experiment)."""


class PointError(ValueError):
    """A design point whose factor values together give an invalid scenario."""

    def __init__(self, point_id: int, message: str):
        super().__init__(point_id, message)
        self.point_id, self.message = point_id, message


#: What a chunk measures on every run's final state and last terms: (final, terms) -> {column: (B,) values}.
class Measure(Protocol):
    """What each run of a sweep records (``outcomes.FocalMeasure``, ``strategies.StrategyMeasure``)."""

    @property
    def width(self) -> int:
        """How many numbers a run's row of results holds."""

    @property
    def terms(self) -> bool:
        """Whether it reads the last tick's terms (if not, the kernel does not compute them)."""

    def observer(self) -> Recorder | None:
        """A fresh recorder of what a batch's runs record as they advance (a time series), or None."""

    def __call__(self, final: WorldState, terms: np.ndarray | None) -> dict[str, np.ndarray]:
        """Each recorded column, one value per run, from the final state and the last tick's terms (None when
        :attr:`terms` is False)."""


@dataclass(frozen=True)
class ChunkTask:
    """A chunk of work: some design points (``rows``: their codes and seed offsets) of one experiment, and the
    replications to run of each (``runs``, in the order of ``rows``).

    ``source`` is the base scenario's source mapping (``Scenario.source``) and ``file`` its file, for errors.
    With common random numbers replication ``r`` of a point uses ``run_seed(seed, offset + r)`` (every point of an
    experiment has offset 0; the strategy lab gives uncertain sample ``j`` the offset ``j * replications``).
    """

    source: dict
    file: str
    measure: Measure
    steps: int
    seed: int
    crn: bool
    replications: int
    rows: DesignRows
    runs: tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class SweepReport:
    """What a call to :func:`run_sweep` did."""

    folder: Path
    runs_total: int
    runs_now: int
    seconds: float
    already_complete: bool = False


def chunk_keys(seed: int, crn: bool, point_ids: np.ndarray, replications: np.ndarray) -> np.ndarray:
    """The keys of runs (``noise.run_keys``), each of design point ``point_ids[b]`` and seed number
    ``replications[b]`` (its replication plus its point's seed offset): with common random numbers shared by every
    point, else each point's own stream (``point_id + 1``)."""
    return run_keys(seed, replications, np.zeros_like(point_ids) if crn else point_ids + 1)


def run_chunk(task: ChunkTask) -> pd.DataFrame:
    """The results of one chunk: one row per run (run_id, point_id, replication, measured columns).

    Every point is prepared from the base by the one preparation step; points that share a world structure
    advance together as one batch (see ``batching``), and every run's numbers are the same as if its point
    ran alone.
    """
    base = base_preparation(task.source, task.file)
    counts = np.fromiter(map(len, task.runs), dtype=np.int64, count=len(task.runs))
    ids = np.repeat(task.rows.point_ids, counts)
    rep = np.fromiter(chain.from_iterable(task.runs), dtype=np.int64, count=int(counts.sum()))
    keys = chunk_keys(task.seed, task.crn, ids, rep + np.repeat(task.rows.seed_offsets, counts))
    batches = _parameter_batches(base, task, counts, keys)
    if batches is None:
        batches = point_batches(_prepared(base, task, counts, keys))
    parts, order = [], []  # each batch's measured values, and the positions of its points in the chunk
    workspace = thread_workspace()  # every batch in the same memory: its values are copied out before the next
    for batch in batches:
        recorder = task.measure.observer()
        values = task.measure(*run_batch(batch, task.steps, recorder, task.measure.terms, workspace))
        values = {name: np.array(v, copy=True) for name, v in values.items()}
        parts.append(values if recorder is None else {**values, **recorder.values})
        order.extend(batch.points)
    workspace.keep_at_most(KEPT_BYTES)
    columns = {name: np.concatenate([values[name] for values in parts]) for name in (parts[0] if parts else ())}
    if order != sorted(order):  # batches grouped the points out of the chunk's order: rows back in its order
        rows = np.argsort(np.repeat(np.array(order), counts[order]), kind="stable")
        columns = {name: v[rows] for name, v in columns.items()}
    return pd.DataFrame({"run_id": ids * task.replications + rep, "point_id": ids, "replication": rep} | columns)


def _parameter_batches(base: Preparation, task: ChunkTask, counts: np.ndarray, keys: np.ndarray) -> list | None:
    """The chunk's batches if all its points change the same parameters and nothing else, else None."""
    columns = task.rows.columns()
    if not columns:
        return None
    table = base.parameter_points(columns, len(task.runs))
    return None if table is None else parameter_batches(base.world, table, counts, keys)


def _prepared(base: Preparation, task: ChunkTask, counts: np.ndarray, keys: np.ndarray) -> list[PointRuns]:
    """Each point of the chunk prepared from the base (``Preparation.at``), with its runs' keys; a point whose
    changes give no valid scenario is a ``PointError``."""
    points, start = [], 0
    for k, (point_id, n) in enumerate(zip(task.rows.point_ids.tolist(), counts.tolist())):
        try:
            setup = base.at(task.rows.changes(k))
        except InputFileError as exc:
            raise PointError(point_id, "; ".join(f"{p.path}: expected {p.expected}, found {p.found}"
                                                 for p in exc.problems)) from None
        points.append(PointRuns(point_id, setup, keys[start:start + n]))
        start += n
    return points


@dataclass(frozen=True)
class SweepJob:
    """Everything a sweep runs: a base scenario, a design of points (each a set of changes) with their seed offsets,
    what each run records, and the texts and notes its manifest keeps.

    An experiment (:meth:`Experiment.job`) and a strategy comparison (``strategies.comparison_job``) are both
    sweep jobs: the same chunks, executors, batching and resumable store run them.
    """

    name: str
    file: str
    text: str
    scenario_file: str
    scenario_text: str
    base: Scenario
    design: Design
    measure: Measure
    steps: int
    seed: int
    crn: bool
    replications: int
    notes: dict[str, Any]  # the manifest's study-specific entries (focal, analyses, outcomes; strategies...)

    @property
    def runs_total(self) -> int:
        return self.design.n_points * self.replications


def sweep_manifest(job: SweepJob, executor: ExecutorSpec, started: str) -> dict[str, Any]:
    """The manifest of a sweep that has not finished yet."""
    return {
        "kind": "sweep",
        "experiment": {"file": job.file, "text": job.text, "sha256": sha256_text(job.text)},
        "scenario": {"file": job.scenario_file, "text": job.scenario_text, "sha256": sha256_text(job.scenario_text)},
        **job.notes,
        "design": job.design.manifest(),
        "replications": job.replications,
        "seed": job.seed,
        "crn": job.crn,
        "steps": job.steps,
        "runs_total": job.runs_total,
        "versions": versions(),
        "git_commit": git_commit(),
        "started": started,
        "finished": None,
        "executor": executor.manifest(),
        "complete": False,
    }


def plan_chunks(job: SweepJob, missing: dict[int, tuple[int, ...]], chunk_points: int) -> Iterator[ChunkTask]:
    """The chunks that run the missing replications, ``chunk_points`` design points at a time, in design order."""
    ids = sorted(missing)
    for start in range(0, len(ids), chunk_points):
        chunk = ids[start:start + chunk_points]
        yield ChunkTask(job.base.source, job.scenario_file, job.measure, job.steps, job.seed, job.crn,
                        job.replications, job.design.rows(chunk), tuple(map(missing.__getitem__, chunk)))


def default_chunk_points(job: SweepJob, n_points: int, workers: int) -> int:
    """Design points per chunk: each chunk of at most ``CHUNK_STATE_TICKS`` of work, ``CHUNK_VALUES`` of results and
    ``CHUNK_RUNS`` runs, and at least one point; on ``workers`` workers of a pool or cluster, enough chunks to keep
    every one busy (four each while there are points enough). In this process (``workers`` 0) the chunks run one
    after another, each batch on the kernel's threads: a chunk is as large as those bounds allow (splitting a small
    sweep further only adds a file and a check per chunk)."""
    runs = min(CHUNK_STATE_TICKS // max(1, len(job.base.states) * job.steps),
               CHUNK_VALUES // (3 + job.measure.width), CHUNK_RUNS)  # a row: run, point, replication, the measure's
    spread = math.ceil(n_points / (4 * workers)) if workers else n_points
    return max(1, min(spread, runs // job.replications))


def run_job(job: SweepJob, executor: ExecutorSpec, chunk_points: int | None = None) -> pd.DataFrame:
    """Every run of ``job`` in memory, one row per run sorted by run id (no folder: for searches and tests)."""
    everything = {p: tuple(range(job.replications)) for p in range(job.design.n_points)}
    size = chunk_points or default_chunk_points(job, job.design.n_points, executor.chunk_workers)
    frames = list(_chunks_run(job, executor, everything, size))
    return pd.concat(frames, ignore_index=True).sort_values("run_id", kind="stable").reset_index(drop=True)


def run_sweep(job: SweepJob, folder: str | Path, executor: ExecutorSpec, resume: bool = False,
              chunk_points: int | None = None, progress: bool = True) -> SweepReport:
    """Run (or, with ``resume``, finish) the sweep of ``job`` into ``folder``; every run is stored exactly once.

    A resumed folder is verified first (:func:`check_folder`): damaged chunks are set aside with a message on
    standard error and their runs run again with the missing ones; a sweep is complete only when verified so.
    A new folder holds nothing yet: it is verified only at the end.
    """
    folder = Path(folder)
    t0 = time.perf_counter()
    runs_total = job.runs_total
    resumed = folder.exists()
    if resumed:
        manifest = _existing(folder, job, resume)
    else:
        manifest = sweep_manifest(job, executor, now())
        create_sweep(folder, manifest, job.design.table)
    with _lock(folder):
        stored = np.empty(0, dtype=np.int64)
        if resumed:
            state = check_folder(folder)
            if state.complete and manifest["complete"]:
                return SweepReport(folder, runs_total, 0, 0.0, already_complete=True)
            for line in set_aside(state):
                print(f"warning: {line}", file=sys.stderr)
            if manifest["complete"]:
                print(f"warning: {folder} was marked complete but {state.missing} of its {runs_total} runs are missing "
                      "or damaged; running them again", file=sys.stderr)
            manifest = {**manifest, "executor": executor.manifest(), "complete": False, "finished": None}
            write_manifest(folder, manifest)
            stored = state.stored
        missing = _missing(job.design.n_points, job.replications, stored)
        n_missing = sum(len(r) for r in missing.values())
        size = chunk_points or default_chunk_points(job, len(missing), executor.chunk_workers)
        _run_missing(job, folder, executor, missing, size, progress)
        final = check_folder(folder)
        if not final.complete:
            raise SweepError("\n".join([f"{folder} is not complete after running its missing runs:"] + final.lines()))
        write_manifest(folder, {**manifest, "finished": now(), "complete": True})
    return SweepReport(folder, runs_total, n_missing, time.perf_counter() - t0)


def _chunks_run(job: SweepJob, executor: ExecutorSpec, missing: dict[int, tuple[int, ...]],
                chunk_points: int) -> Iterator[pd.DataFrame]:
    """Each chunk's results as it finishes; a point whose changes give no valid scenario is a located error."""
    if executor.in_process:
        share_base(job.base, job.scenario_file)
    try:
        yield from map_unordered(run_chunk, plan_chunks(job, missing, chunk_points), executor)
    except PointError as exc:
        row = job.design.table.iloc[exc.point_id].drop("point_id").to_dict()
        raise InputFileError(job.file, [Problem("factors", "factor values that together give a valid scenario",
                                                f"design point {exc.point_id} {row}: {exc.message}")]) from None


def _run_missing(job: SweepJob, folder: Path, executor: ExecutorSpec, missing: dict[int, tuple[int, ...]],
                 chunk_points: int, progress: bool) -> None:
    """Run the missing replications chunk by chunk, storing each chunk as it finishes, with a progress bar."""
    n_missing = sum(len(r) for r in missing.values())
    writer = PartWriter(folder)
    with tqdm(total=job.runs_total, initial=job.runs_total - n_missing, unit="run", desc=job.name, file=sys.stderr,
              disable=not progress, dynamic_ncols=True) as bar:
        for frame in _chunks_run(job, executor, missing, chunk_points):
            writer.write(frame)
            bar.update(len(frame))


def _existing(folder: Path, job: SweepJob, resume: bool) -> dict[str, Any]:
    """The manifest of an existing sweep folder that may be resumed with this job."""
    if not resume:
        if is_sweep(folder) and _claims_complete(folder):
            raise SweepError(f"{folder} already exists and holds a complete sweep (already complete); "
                             "to run it again, choose another --out (trifecta verify checks it)")
        raise SweepError(f"{folder} already exists; pass --resume to finish the sweep in it, or choose another --out")
    if not is_sweep(folder):
        raise SweepError(f"{folder} exists but holds no sweep (no manifest.json and design.parquet); "
                         "choose another --out")
    manifest = read_manifest(folder)
    spec = ("strategy spec, or the strategies it compares (with or without --optimize)"
            if job.notes.get("study") == "strategies" else "experiment file")
    for key, text, what in (("experiment", job.text, spec), ("scenario", job.scenario_text, "scenario file")):
        stored = manifest.get(key)
        if not isinstance(stored, dict) or stored.get("sha256") != sha256_text(text):
            raise SweepError(f"the {what} changed since the sweep in {folder} started; run the changed "
                             "one into a new --out folder")
    if manifest["runs_total"] != job.runs_total:
        raise SweepError(f"{folder} holds a sweep of {manifest['runs_total']} runs, this one has {job.runs_total}; "
                         "run it into a new --out folder")
    return manifest


def _claims_complete(folder: Path) -> bool:
    try:
        return bool(read_manifest(folder)["complete"])
    except SweepFolderError:
        return False


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
    untouched = ~have.any(axis=1)
    every = tuple(range(replications))  # shared by the points none of whose runs is stored
    return {p: every if untouched[p] else tuple(np.flatnonzero(~have[p]).tolist())
            for p in np.flatnonzero(~have.all(axis=1)).tolist()}
