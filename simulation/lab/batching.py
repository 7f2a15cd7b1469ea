"""Grouping a chunk's design points into batches: points that share a world structure advance together.

Every point is prepared by the one preparation step (``simulation.scenario.prepare.Preparation``) from
the chunk's base scenario: points that change only parameters reuse the base world; points that change
numbers of states or activists share its structure, and so a batch, with a leading batch axis on those
numbers; points that change structure (states, blocs, targets, crisis, response, interventions) form
batches of their own.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..model.batch import simulate_points, structure_key
from ..model.noise import RunKey
from ..model.setup import RunSetup
from ..model.world import WorldState
from ..scenario.checks import validated
from ..scenario.prepare import Preparation
from ..scenario.schema import Scenario
from ..scenario.yamlfile import YamlDocument


@dataclass(frozen=True)
class PointRuns:
    """The runs of one design point, ready to advance: its prepared setup and one seed per run."""

    point_id: int
    setup: RunSetup
    seeds: tuple[RunKey, ...]


_CACHE: dict[bytes, Preparation] = {}


def base_preparation(source: dict, file: str) -> Preparation:
    """The base scenario of a sweep (its source mapping), validated and prepared once per process.

    A process runs one sweep at a time, so only the latest base is kept.
    """
    key = _key(source, file)
    if key not in _CACHE:
        _keep(key, Preparation(validated(YamlDocument(file, source, None)), file))
    return _CACHE[key]


def share_base(scenario: Scenario, file: str) -> None:
    """Let this process's chunks start from ``scenario``, already validated from its source: the base they would
    validate and prepare again (a process that loaded the experiment runs its chunks without a second check)."""
    key = _key(scenario.source, file)
    if key not in _CACHE:
        _keep(key, Preparation(scenario, file))


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


def split_runs(group: list[PointRuns], elements: int = BATCH_ELEMENTS) -> list[list[PointRuns]]:
    """A group's points in consecutive batches of at most ``elements`` state-runs (a point larger than that
    alone)."""
    limit = max(1, elements // group[0].setup.world.n_states) if group else 1
    batches: list[list[PointRuns]] = [[]]
    size = 0
    for p in group:
        if batches[-1] and size + len(p.seeds) > limit:
            batches.append([])
            size = 0
        batches[-1].append(p)
        size += len(p.seeds)
    return batches


def run_group(group: list[PointRuns], steps: int, observe=None) -> tuple[WorldState, np.ndarray]:
    """The final state of every run of a group, advanced as one batch (rows point after point), and each
    state's signed terms at the last tick, (B, N, len(TERMS)); ``observe`` (``simulate.Observer``) sees the ticks it reads."""
    final, history = simulate_points([p.setup.world for p in group], [p.setup.params for p in group],
                                     [p.seeds for p in group], steps, per_tick=False, observe=observe)
    return final, history.last_terms
