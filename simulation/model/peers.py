"""Peers and regional bodies: the pull of a state's blocs on its stance.

A bloc pulls each member toward its *line*: for peer pressure, the current positions of the member's bloc
partners, each weighed by its influence (``peer_influence_floor`` plus its capability, so a bloc's powers
carry its line); for regional pull, the body's standing position on the response. A state in several blocs
feels their lines weighed by each bloc's cohesion, added up to a total weight of 1 and averaged beyond it:
a cohesive bloc pulls its members fully, a loose one only as far as it holds together.

The kernel sums a state's pull from the scalar rules here (``position``, ``partner_weight``, ``line_weight``)
over the ties of ``bloc_ties``, from the stances of the previous tick.
"""

from __future__ import annotations

from typing import NamedTuple

import numba
import numpy as np
from scipy import sparse

from .compiled import rule


def stance_position(stance) -> np.ndarray:
    """:func:`position` for an array of stances (floats of the same shape)."""
    stance = np.ascontiguousarray(stance, dtype=np.int64)
    out = np.empty(stance.shape)
    _positions(stance.reshape(-1), out.reshape(-1))
    return out


@numba.njit(cache=True)
def _positions(stance, out):
    for k in range(stance.shape[0]):
        out[k] = position(stance[k])


def bloc_weights(membership, cohesion) -> np.ndarray:
    """Each (state, bloc) weight, (N, K): the bloc's cohesion over the state's total cohesion, once that exceeds 1."""
    m = np.asarray(membership, dtype=float) * np.asarray(cohesion, dtype=float)
    return m / np.maximum(1.0, m.sum(axis=1, keepdims=True))


class BlocTies(NamedTuple):
    """A world's blocs as sparse ties, computed once per world: who is in which bloc and how much each pulls."""

    blocs: sparse.csr_matrix  # (K, N) 0/1
    state_of: np.ndarray  # (P,) the state of each membership with partners
    bloc_of: np.ndarray  # (P,) its bloc
    to_states: sparse.csr_matrix  # (N, P): each membership's weight, summing lines into states' pull


def bloc_ties(membership, cohesion) -> BlocTies:
    """The sparse ties of ``membership`` (N, K, 0/1) with bloc ``cohesion`` (K,); a bloc of one has no partners."""
    membership = np.asarray(membership, dtype=float)
    size = membership.sum(axis=0)
    with_partners = membership * (size > 1)
    weights = bloc_weights(with_partners, cohesion)
    state_of, bloc_of = np.nonzero(with_partners)
    n, pairs = membership.shape[0], len(state_of)
    to_states = sparse.csr_matrix((weights[state_of, bloc_of], (state_of, np.arange(pairs))), shape=(n, pairs))
    return BlocTies(sparse.csr_matrix(membership.T), state_of, bloc_of, to_states)


@rule
def position(stance):
    """A stance as a position on the response: -1 opposing, 0 abstaining, +1 acting in any form."""
    return min(max(float(stance) - 1.0, -1.0), 1.0)


@rule
def partner_weight(capability, p):
    """A bloc partner's weight in its bloc's line: ``peer_influence_floor`` plus its capability."""
    return p.peer_influence_floor + capability


@rule
def line_weight(cohesion_weight, bloc_weight, own_weight):
    """How far a bloc's line moves one member: its cohesion weight (``bloc_weights``) over the total weight of its
    partners in the bloc (itself left out), so that the pull is this times the partners' weighted positions; 0 for a
    member with no partner of any weight."""
    others = bloc_weight - own_weight
    return cohesion_weight / others if others > 0 else 0.0


def regional_pull(membership, cohesion, position):
    """A body that endorses the response (position +1) pulls its members toward it, one that rejects it (-1) away;
    a member of several bodies feels them weighed by cohesion (``bloc_weights``). ``position`` is (K,), or
    (B, K) for one row per run; the pull is (N,) or (B, N)."""
    return np.asarray(position, dtype=float) @ bloc_weights(membership, cohesion).T
