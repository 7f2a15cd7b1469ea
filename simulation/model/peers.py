"""Peers and regional bodies: the pull of a state's blocs on its stance."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy import sparse

from .inplace import clip_into
from .stance import Stance


def stance_position(stance):
    """A stance as a position on the response: -1 opposing, 0 abstaining, +1 acting in any form."""
    position = stance.astype(float)
    position -= Stance.ABSTAIN
    return clip_into(position, -1.0, 1.0)


class BlocTies(NamedTuple):
    """A world's blocs as sparse ties, computed once per world: who is in which bloc and how each pulls."""

    members: sparse.csr_matrix  # (N, K) 0/1
    blocs: sparse.csr_matrix  # (K, N), the transpose
    weight: np.ndarray  # (K,) cohesion over the number of other members
    own: np.ndarray  # (N,) the weight of a state's own position summed over its blocs
    n_blocs: np.ndarray  # (N,) blocs per state, at least 1


def bloc_ties(membership, cohesion) -> BlocTies:
    """The sparse ties of ``membership`` (N, K, 0/1) with bloc ``cohesion`` (K,)."""
    size = membership.sum(axis=0)  # (K,)
    weight = np.divide(cohesion, size - 1.0, out=np.zeros_like(cohesion, dtype=float), where=size > 1)
    members = sparse.csr_matrix(membership)
    return BlocTies(members, members.T.tocsr(), weight, membership @ weight,
                    np.maximum(membership.sum(axis=1), 1.0))


def peer_pressure(stance, ties: BlocTies):
    """A state is pulled toward the mean position of its other bloc partners, each bloc weighted by its cohesion.

    ``stance`` has shape (B, N). A state's pull is averaged over its blocs; a state in no bloc, or alone in
    its blocs, feels none. Sparse products sum each state's blocs in the same order whatever B is.
    """
    position = stance_position(stance)  # (B, N)
    bloc_sum = ties.blocs @ position.T  # (K, B)
    from_partners = (ties.members @ (bloc_sum * ties.weight[:, None])).T  # (B, N), includes own position
    own = position * ties.own  # remove the state's own position from each of its blocs
    np.subtract(from_partners, own, out=own)
    own /= ties.n_blocs
    return own


def regional_pull(membership, position):
    """A regional body that endorses the response (position +1) pulls its members toward it; one that rejects it (-1) away."""
    n_blocs = np.maximum(membership.sum(axis=1), 1.0)
    return (membership @ position) / n_blocs
