"""A batch axis over parameter points: many Parameters advanced together, each value broadcast as a (B, 1) column.

``ParameterBatch`` has the attribute names of :class:`Parameters`, so kernel code written as
``p.x * array`` works unchanged: a value shared by every run stays a Python float, a value that varies
is a (B, 1) array (one row per run). Every element is computed by the same floating-point operations as
in a run alone, so batched results equal one-at-a-time results bit for bit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields, replace
from operator import attrgetter

import numpy as np

from .params import PARAMETER_NAMES, Parameters
from .world import StateTraits, World, WorldState

_FIELDS = attrgetter(*PARAMETER_NAMES)  # a point's values, in the order of the table's columns


class ParameterBatch:
    """The parameters of B runs: each field a float (shared) or a (B, 1) float array (varying across runs)."""

    def __init__(self, runs: Sequence[Parameters], replications: Sequence[int] | None = None):
        """The batch of one run of each of ``runs``, or of ``replications[i]`` runs of ``runs[i]``, point after point."""
        if not runs:
            raise ValueError("a parameter batch needs at least one run")
        counts = np.ones(len(runs), dtype=np.int64) if replications is None else np.asarray(replications, dtype=np.int64)
        self._fill(np.array([_FIELDS(r) for r in runs], dtype=float).reshape(len(runs), len(PARAMETER_NAMES)), counts)

    @classmethod
    def of_points(cls, points: Sequence[Parameters], replications: Sequence[int]) -> ParameterBatch:
        """The batch of ``replications[i]`` runs of each point ``points[i]``, point after point."""
        return cls(points, replications)

    @classmethod
    def of_table(cls, table: np.ndarray, replications: np.ndarray) -> ParameterBatch:
        """The batch of ``replications[i]`` runs of each row ``table[i]`` of a table of checked parameter points
        (``params.parameter_rows``: points by fields, in the order of ``PARAMETER_NAMES``), point after point."""
        batch = cls.__new__(cls)
        batch._fill(np.asarray(table, dtype=float), np.asarray(replications, dtype=np.int64))
        return batch

    def _fill(self, table: np.ndarray, counts: np.ndarray) -> None:
        self.batch = int(counts.sum())
        shared = (table == table[0]).all(axis=0)
        for k, name in enumerate(PARAMETER_NAMES):
            setattr(self, name, float(table[0, k]) if shared[k] else np.repeat(table[:, k], counts)[:, None])

    def thresholds(self) -> tuple:
        """The four cut points between the five stances, lowest first (floats or (B, 1) arrays)."""
        return (self.threshold_abstain, self.threshold_support, self.threshold_sanction,
                self.threshold_intervene)


#: World fields that may differ between points advanced in one batch (stacked with a leading batch axis).
_PER_ACTIVIST = ("resources", "credibility", "informs")


def structure_key(world: World) -> tuple:
    """What points must share to advance in one batch: states, blocs and their positions, activists' targets,
    crisis, response and the schedule of interventions."""
    t = world.targets
    return (world.codes, world.bloc_names, world.activist_names, world.membership.tobytes(),
            world.cohesion.tobytes(), world.bloc_position.tobytes(), t.shape, t.indptr.tobytes(),
            t.indices.tobytes(), t.data.tobytes(), world.timeline_ticks.tobytes(), world.timeline_levels.tobytes(),
            tuple(sorted(world.visibility_jumps.items())), tuple(world.response),
            None if world.schedule is None else world.schedule.key())


def _stack(arrays: Sequence[np.ndarray], replications: Sequence[int]) -> np.ndarray:
    """One array if all are equal (shared by every run), else their rows repeated per run, shape (B, ...)."""
    if all(a is arrays[0] or np.array_equal(a, arrays[0]) for a in arrays[1:]):
        return arrays[0]
    return np.repeat(np.stack(arrays), replications, axis=0)


def _runs_of(rows: Sequence[np.ndarray], replications: Sequence[int]) -> np.ndarray:
    """Each point's tick-0 row repeated for its runs, point after point (one repeat when the points share it)."""
    if rows[0].shape[0] == 1 and all(r is rows[0] for r in rows[1:]):
        return rows[0].repeat(int(sum(replications)), axis=0)
    return np.concatenate([r.repeat(n, axis=0) for r, n in zip(rows, replications)])


def stack_worlds(worlds: Sequence[World], replications: Sequence[int]) -> World:
    """One world for ``replications[i]`` runs of each of ``worlds`` (same structure), point after point.

    Traits and activists' numbers that differ get a leading batch axis; the initial state holds B rows.
    """
    first = worlds[0]
    key = structure_key(first)
    if any(structure_key(w) != key for w in worlds[1:]):
        raise ValueError("only worlds of the same structure can advance in one batch")
    traits = {f.name: _stack([getattr(w.traits, f.name) for w in worlds], replications)
              for f in fields(StateTraits)}
    activists = {name: _stack([getattr(w, name) for w in worlds], replications) for name in _PER_ACTIVIST}
    initial = WorldState(**{f.name: _runs_of([getattr(w.initial, f.name) for w in worlds], replications)
                            for f in fields(WorldState)})
    return replace(first, traits=StateTraits(**traits), initial=initial, **activists)


def batch_inputs(worlds: Sequence[World], params: Sequence[Parameters], replications: Sequence[int]):
    """The world and parameters of ``replications[i]`` runs of each point (``worlds[i]``, ``params[i]``) of one world
    structure advanced as one batch, point after point: one world if all points share it, else theirs stacked;
    one point's parameters, else a ``ParameterBatch``."""
    world = worlds[0] if all(w is worlds[0] for w in worlds) else stack_worlds(worlds, replications)
    return world, params[0] if len(params) == 1 else ParameterBatch.of_points(params, replications)
