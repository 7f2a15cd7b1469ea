"""Grouping a chunk's design points into batches: points that share a world structure advance together.

Points that change only ``parameters.*`` reuse the base scenario's world (no scenario is rebuilt); points
that change per-state or per-activist numbers share a batch with a leading batch axis on those numbers;
points that change structure (states, blocs, targets, crisis, response) form batches of their own.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from pydantic import ValidationError

from ..model.batch import simulate_points, structure_key
from ..model.params import Parameters
from ..model.world import World, WorldState
from ..scenario.build import build_world
from ..scenario.schema import Scenario

_PREFIX = "parameters."


@dataclass(frozen=True)
class PointRuns:
    """The runs of one design point, ready to advance: its world, parameters and one seed per run."""

    point_id: int
    world: World
    params: Parameters
    seeds: tuple[np.random.SeedSequence, ...]


class BaseWorld:
    """The base scenario of a chunk, validated and built once, and the parameter changes made on it.

    Use :meth:`of` to share one across the chunks a process runs (the base is the same for all of them).
    """

    _cache: dict[bytes, BaseWorld] = {}

    @classmethod
    def of(cls, data: dict) -> BaseWorld:
        """The base world of ``data``, reused while this process runs chunks of the same base scenario."""
        key = hashlib.sha256(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)).digest()
        if key not in cls._cache:
            cls._cache.clear()  # a process runs one sweep at a time: keep only the latest base
            cls._cache[key] = cls(data)
        return cls._cache[key]

    @classmethod
    def forget(cls) -> None:
        """Drop the base world this process keeps (the next chunk builds it again)."""
        cls._cache.clear()

    def __init__(self, data: dict):
        self._data = data
        self._built: tuple[Scenario, World] | None = None
        self._parameters: dict[str, Any] | None = None

    @property
    def scenario(self) -> Scenario:
        return self._base()[0]

    @property
    def world(self) -> World:
        return self._base()[1]

    def _base(self) -> tuple[Scenario, World]:
        if self._built is None:
            scenario = Scenario.model_validate(self._data)
            self._built = (scenario, build_world(scenario))
        return self._built

    def _base_parameters(self) -> dict[str, Any]:
        if self._parameters is None:
            self._parameters = self.scenario.parameters.model_dump()
        return self._parameters

    def parameters(self, changes: dict[str, Any]) -> Parameters | None:
        """The base parameters with ``changes`` applied, if they only set parameters to valid values, else None."""
        names = {path[len(_PREFIX):] for path in changes if path.startswith(_PREFIX)}
        if len(names) != len(changes) or not names <= Parameters.model_fields.keys():
            return None
        values = {**self._base_parameters(), **{p[len(_PREFIX):]: v for p, v in changes.items()}}
        try:
            return Parameters.model_validate(values)
        except ValidationError:
            return None  # the general path reports the problem with its location


def point_runs(base: BaseWorld, point_id: int, changes: dict[str, Any], seeds: Iterable[np.random.SeedSequence],
               scenario_of: Callable[[dict[str, Any]], Scenario]) -> PointRuns:
    """The runs of a point: on the base world when only parameters change, else on the changed scenario's world."""
    params = base.parameters(changes)
    if params is not None:
        return PointRuns(point_id, base.world, params, tuple(seeds))
    scenario = scenario_of(changes)
    return PointRuns(point_id, build_world(scenario), scenario.parameters, tuple(seeds))


def group_by_structure(points: Iterable[PointRuns]) -> list[list[PointRuns]]:
    """Points grouped by world structure (first-seen order), each group one batch."""
    groups: dict[Any, list[PointRuns]] = {}
    keys: dict[int, Any] = {}
    for p in points:
        key = keys.get(id(p.world))
        if key is None:
            key = keys[id(p.world)] = structure_key(p.world)
        groups.setdefault(key, []).append(p)
    return list(groups.values())


#: Runs advanced in one batch at most: beyond about this many, a tick's arrays outgrow the CPU caches.
BATCH_RUNS = 128


def split_runs(group: list[PointRuns], limit: int = BATCH_RUNS) -> list[list[PointRuns]]:
    """A group's points in consecutive batches of at most ``limit`` runs (a point larger than that alone)."""
    batches: list[list[PointRuns]] = [[]]
    size = 0
    for p in group:
        if batches[-1] and size + len(p.seeds) > limit:
            batches.append([])
            size = 0
        batches[-1].append(p)
        size += len(p.seeds)
    return batches


def run_group(group: list[PointRuns], steps: int) -> WorldState:
    """The final state of every run of a group, advanced as one batch (rows point after point)."""
    final, _ = simulate_points([p.world for p in group], [p.params for p in group], [p.seeds for p in group],
                               steps, per_state=False)
    return final
