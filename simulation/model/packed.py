"""A world, its parameters and its response as the compiled kernel reads them: records with named fields.

The kernel reads ``p.value_weight``, ``t.democracy`` or ``a.credibility`` from numpy structured arrays, so
its rules keep the names of the mechanism. Each array has a leading batch axis of 1 (shared by every run)
or B (one row per run); the sparse ties are their CSR index arrays.
"""

from __future__ import annotations

import functools
from dataclasses import fields
from typing import NamedTuple

import numpy as np

from .params import Parameters
from .world import StateTraits, World

PARAMETERS = np.dtype([(name, np.float64) for name in Parameters.model_fields], align=True)
assert PARAMETERS.itemsize == 8 * len(Parameters.model_fields)  # no padding: a row of floats is a record
TRAITS = np.dtype([(f.name, np.float64) for f in fields(StateTraits)], align=True)
ACTIVISTS = np.dtype([(name, np.float64) for name in ("resources", "credibility", "informs")], align=True)
RESPONSE = np.dtype([(name, np.float64) for name in ("coerciveness", "intrusiveness", "reciprocity", "northern",
                                                     "peer_review")] + [("max_stance", np.int64)], align=True)


def _records(dtype: np.dtype, columns: dict[str, np.ndarray], width: int) -> np.ndarray:
    """Columns, each (width,) or (B, width), as one (1 or B, width) structured array."""
    rows = max((np.shape(c)[0] for c in columns.values() if np.ndim(c) == 2), default=1)
    out = np.empty((rows, width), dtype=dtype)
    for name, column in columns.items():
        out[name] = column
    return out


def packed_parameters(p) -> np.ndarray:
    """A point's :class:`Parameters` as (1,) records (packed once per distinct point: the kernel only reads
    them), or a ``ParameterBatch``'s as (B,) (one per run)."""
    if isinstance(p, Parameters):
        return _packed_point(p)
    return _packed_columns(p)


@functools.lru_cache(maxsize=256)
def _packed_point(p: Parameters) -> np.ndarray:
    return _packed_columns(p)


def _packed_columns(p) -> np.ndarray:
    """The parameters written as a table of floats, a column per field (each a number, or a (B, 1) column), read as
    records (every field a float64 in order, so a row of the table is a record)."""
    columns = [np.asarray(getattr(p, name), dtype=float).reshape(-1) for name in Parameters.model_fields]
    table = np.empty((max(len(c) for c in columns), len(columns)))
    for k, column in enumerate(columns):
        table[:, k] = column
    return table.view(PARAMETERS).reshape(-1)


def packed_traits(traits: StateTraits) -> np.ndarray:
    """Per-state traits as (1 or B, N) records."""
    columns = {f.name: np.asarray(getattr(traits, f.name), dtype=float) for f in fields(StateTraits)}
    return _records(TRAITS, columns, np.shape(traits.democracy)[-1])


def packed_response(response, peer_review: float) -> np.ndarray:
    """The response's demands on a state and the world's peer review, as (1,) records."""
    out = np.empty(1, dtype=RESPONSE)
    for name in ("coerciveness", "intrusiveness", "reciprocity", "northern", "max_stance"):
        out[name] = getattr(response, name)
    out["peer_review"] = peer_review
    return out


class PackedWorld(NamedTuple):
    """A world's numbers and ties as the kernel's arguments (see ``kernel._advance_runs``)."""

    traits: np.ndarray  # (1 or B, N) TRAITS
    activists: np.ndarray  # (1 or B, A) ACTIVISTS
    response: np.ndarray  # (1,) RESPONSE
    targeted_ptr: np.ndarray  # CSR of who is targeted by whom, (N, A)
    targeted_by: np.ndarray
    targeted_tie: np.ndarray
    targeted: np.ndarray  # the states some activist targets (a non-empty row of the CSR), in order
    bloc_ptr: np.ndarray  # CSR of each bloc's members, (K, N)
    members: np.ndarray
    member_tie: np.ndarray
    membership_ptr: np.ndarray  # CSR of each state's memberships with partners, (N, P)
    membership_bloc: np.ndarray  # (P,) the bloc of each membership
    membership_weight: np.ndarray  # (P,) its cohesion weight (``peers.bloc_weights``)


def _csr(matrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return (matrix.indptr.astype(np.uint32), matrix.indices.astype(np.uint32),
            np.asarray(matrix.data, dtype=float))


def pack_world(world: World) -> PackedWorld:
    """The kernel's arguments for ``world`` (use ``world.packed``: computed once per world)."""
    activists = _records(ACTIVISTS, {name: np.asarray(getattr(world, name), dtype=float)
                                     for name in ("resources", "credibility", "informs")}, world.n_activists)
    ties = world.ties
    to_states = ties.to_states.tocsr()
    ptr, column, weight = _csr(to_states)
    targeted = _csr(world.targeted_by)
    return PackedWorld(packed_traits(world.traits), activists, packed_response(world.response, world.peer_review),
                       *targeted, np.flatnonzero(np.diff(targeted[0])).astype(np.uint32), *_csr(ties.blocs), ptr,
                       np.asarray(ties.bloc_of, dtype=np.uint32)[column], weight)
