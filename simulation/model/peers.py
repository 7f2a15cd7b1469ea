"""Peers and regional bodies: the pull of a state's blocs on its stance."""

from __future__ import annotations

import numpy as np

from .stance import Stance


def stance_position(stance):
    """A stance as a position on the response: -1 opposing, 0 abstaining, +1 acting in any form."""
    return np.clip(stance.astype(float) - Stance.ABSTAIN, -1.0, 1.0)


def peer_pressure(stance, membership, cohesion):
    """A state is pulled toward the mean position of its other bloc partners, each bloc weighted by its cohesion.

    ``stance`` has shape (B, N); ``membership`` (N, K) is 0/1; ``cohesion`` (K,). A state's pull is
    averaged over its blocs; a state in no bloc, or alone in its blocs, feels none.
    """
    position = stance_position(stance)  # (B, N)
    size = membership.sum(axis=0)  # (K,)
    weight = np.divide(cohesion, size - 1.0, out=np.zeros_like(cohesion, dtype=float), where=size > 1)
    bloc_sum = position @ membership  # (B, K)
    from_partners = (bloc_sum * weight) @ membership.T  # (B, N), includes the state's own position
    own = position * (membership @ weight)  # remove the state's own position from each of its blocs
    n_blocs = np.maximum(membership.sum(axis=1), 1.0)
    return (from_partners - own) / n_blocs


def regional_pull(membership, position):
    """A regional body that endorses the response (position +1) pulls its members toward it; one that rejects it (-1) away."""
    n_blocs = np.maximum(membership.sum(axis=1), 1.0)
    return (membership @ position) / n_blocs
