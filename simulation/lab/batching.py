"""Grouping a chunk's design points into batches: points that share a world structure advance together.

Every point is prepared by the one preparation step (``simulation.scenario.prepare.Preparation``) from
the chunk's base scenario: points that change only parameters reuse the base world; points that change
numbers of states or activists share its structure, and so a batch, with a leading batch axis on those
numbers; points that change structure (states, blocs, targets, crisis, response, interventions) form
batches of their own. A chunk whose points all change the same parameters and nothing else takes them as one
table (``Preparation.parameter_points``), checked a column at a time, and batches its rows as they stand
(:func:`parameter_batches`): the same batches and numbers, without a setup object per point.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..model.batch import ParameterBatch, batch_inputs, structure_key
from ..model.kernel import Workspace
from ..model.setup import RunSetup
from ..model.simulate import simulate
from ..model.world import World, WorldState
from ..scenario.checks import validated
from ..scenario.prepare import Preparation
from ..scenario.schema import Scenario
from ..scenario.yamlfile import YamlDocument


@dataclass(frozen=True)
class PointRuns:
    """The runs of one design point, ready to advance: its prepared setup and its runs' keys, (runs, 3)
    (``noise.run_keys``)."""

    point_id: int
    setup: RunSetup
    keys: np.ndarray


@dataclass(frozen=True)
class Batch:
    """Runs that advance together: their world (one, or the points' worlds stacked), their parameters (one point's,
    or a ``ParameterBatch``), their keys (B, 3), and which of the chunk's points they are, in row order."""

    world: World
    params: Any
    keys: np.ndarray
    points: list[int]


_CACHE: dict[bytes, Preparation] = {}


def base_preparation(source: dict, file: str) -> Preparation:
    """The base scenario of a sweep (its source mapping), validated and prepared once per process.

    A process runs one sweep at a time, so only the latest base is kept.
    """
    key = _key(source, file)
    if key not in _CACHE:
        _keep(key, Preparation(validated(YamlDocument(file, source, None)), file))
    return _CACHE[key]


def share_base(scenario: Scenario, file: str) -> Preparation:
    """Let this process's chunks start from ``scenario``, already validated from its source: the base they would
    validate and prepare again (a process that loaded the experiment runs its chunks without a second check, and
    on the preparation that checked the experiment's factors); the preparation."""
    key = _key(scenario.source, file)
    if key not in _CACHE:
        _keep(key, Preparation(scenario, file))
    return _CACHE[key]


def _key(source: dict, file: str) -> bytes:
    return hashlib.sha256(pickle.dumps((source, file), protocol=pickle.HIGHEST_PROTOCOL)).digest()


def _keep(key: bytes, preparation: Preparation) -> None:
    _CACHE.clear()
    _CACHE[key] = preparation


def forget_bases() -> None:
    """Drop the prepared base this process keeps (the next chunk prepares it again)."""
    _CACHE.clear()


def group_by_structure(points: Iterable[PointRuns]) -> list[list[PointRuns]]:
    """Points grouped by world structure (first-seen order), each group one batch."""
    groups: dict[Any, list[PointRuns]] = {}
    keys: dict[int, Any] = {}
    for p in points:
        world = p.setup.world
        key = keys.get(id(world))
        if key is None:
            key = keys[id(world)] = structure_key(world)
        groups.setdefault(key, []).append(p)
    return list(groups.values())


#: State-runs (states x runs) advanced in one batch at most. The kernel keeps one run at a time in the cache,
#: so this bounds only a batch's memory (its state and its block of shocks, about 600 bytes per state-run).
BATCH_ELEMENTS = 1 << 16


def split_counts(counts: Sequence[int], n_states: int, elements: int = BATCH_ELEMENTS) -> list[range]:
    """Consecutive points (each with ``counts[i]`` runs) in batches of at most ``elements`` state-runs (a point
    larger than that alone), as ranges of their positions: each batch takes as many of the next points as fit, found
    by bisection on the running total of runs (a step per batch, not per point)."""
    limit = max(1, elements // n_states)
    total = np.concatenate([[0], np.cumsum(np.asarray(counts, dtype=np.int64))])
    batches, start = [], 0
    while start < len(total) - 1:
        end = max(start + 1, int(np.searchsorted(total, total[start] + limit, side="right")) - 1)
        batches.append(range(start, end))
        start = end
    return batches


def point_batches(points: list[PointRuns], elements: int = BATCH_ELEMENTS) -> list[Batch]:
    """Prepared points in batches: grouped by world structure, each group split by :func:`split_counts`; the
    batch's ``points`` are positions in ``points``."""
    position = {id(p): q for q, p in enumerate(points)}
    batches = []
    for group in group_by_structure(points):
        counts = [len(p.keys) for p in group]
        for rows in split_counts(counts, group[0].setup.world.n_states, elements):
            batch = [group[q] for q in rows]
            world, params = batch_inputs([p.setup.world for p in batch], [p.setup.params for p in batch],
                                         [counts[q] for q in rows])
            batches.append(Batch(world, params, np.concatenate([p.keys for p in batch]),
                                 [position[id(p)] for p in batch]))
    return batches


def parameter_batches(world: World, table: np.ndarray, counts: np.ndarray, keys: np.ndarray,
                      elements: int = BATCH_ELEMENTS) -> list[Batch]:
    """Points that differ in parameters only (``table``: points by fields, ``params.parameter_rows``), each with
    ``counts[i]`` runs whose keys are ``keys`` (point after point), in batches of consecutive points on ``world``:
    the batches :func:`point_batches` makes of the same points, without a setup per point."""
    ends = np.concatenate([[0], np.cumsum(counts)])
    return [Batch(world, ParameterBatch.of_table(table[rows.start:rows.stop], counts[rows.start:rows.stop]),
                  keys[ends[rows.start]:ends[rows.stop]], list(rows))
            for rows in split_counts(counts, world.n_states, elements)]


def run_batch(batch: Batch, steps: int, observe=None, terms: bool = True,
              workspace: Workspace | None = None) -> tuple[WorldState, np.ndarray | None]:
    """The final state of every run of a batch, and each state's signed terms at the last tick, (B, N, len(TERMS))
    (None with ``terms=False``: not computed); ``observe`` (``simulate.Observer``) sees the ticks it reads. With a
    ``workspace``, both are its arrays until its next use (``simulate``)."""
    final, history = simulate(batch.world, batch.params, batch.keys, steps, per_state=False, per_tick=False,
                              observe=observe, last_terms=terms, workspace=workspace)
    return final, history.last_terms
