"""Synthetic worlds of any size whose ties grow as in real data: blocs and activists in proportion to states."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from simulation.model.decision import Response
from simulation.model.peers import regional_pull
from simulation.model.world import StateTraits, World, WorldState

STATES_PER_BLOC = 10  # the real world table: 193 states in 17 blocs
BLOCS_PER_STATE = 2
STATES_PER_ACTIVIST = 40
TARGETS_PER_ACTIVIST = 7


def synthetic_world(n: int, seed: int = 0) -> World:
    """A world of ``n`` states: n/10 blocs (two per state), n/40 activists each targeting seven states."""
    rng = np.random.default_rng(seed)
    k, a = max(2, n // STATES_PER_BLOC), max(1, n // STATES_PER_ACTIVIST)
    membership = np.zeros((n, k))
    for i in range(n):
        membership[i, rng.choice(k, size=BLOCS_PER_STATE, replace=False)] = 1.0
    rows = np.repeat(np.arange(a), TARGETS_PER_ACTIVIST)
    cols = np.concatenate([rng.choice(n, size=TARGETS_PER_ACTIVIST, replace=False) for _ in range(a)])
    targets = sparse.csr_matrix((np.ones(rows.size), (rows, cols)), shape=(a, n))
    unit = {name: rng.uniform(0, 1, n) for name in StateTraits.__dataclass_fields__ if name != "regional_pull"}
    cohesion = rng.uniform(0.3, 1.0, k)
    traits = StateTraits(**unit, regional_pull=regional_pull(membership, cohesion, rng.choice([-1.0, 0.0, 1.0], k)))
    conviction = rng.uniform(0, 1, (1, n))
    initial = WorldState(stance=np.ones((1, n), dtype=np.int8), net=np.full((1, n), np.nan),
                         mobilisation=rng.uniform(0, 0.3, (1, a)), visibility=np.array([0.2]),
                         activism=np.zeros((1, n)), legislature=np.zeros((1, n)), conviction=conviction,
                         baseline_conviction=conviction.copy(), tipped_tick=np.full((1, n), -1, dtype=np.int32),
                         acting_since=np.full((1, n), -1, dtype=np.int32), pressures_at_tip=np.zeros((1, n, 3)))
    codes = tuple(f"S{i:04d}" for i in range(n))
    return World(codes=codes, names=codes, traits=traits, membership=membership,
                 bloc_names=tuple(f"B{j}" for j in range(k)), cohesion=cohesion, bloc_position=np.zeros(k),
                 activist_names=tuple(f"A{j}" for j in range(a)), activist_kinds=("ngo",) * a,
                 resources=rng.uniform(0.2, 1.0, a), credibility=rng.uniform(0.3, 1.0, a),
                 informs=(rng.uniform(0, 1, a) < 0.5).astype(float), targets=targets,
                 timeline_ticks=np.array([0.0, 10.0]), timeline_levels=np.array([0.3, 0.9]), visibility_jumps={},
                 response=Response(0.3, 0.2, 0.5, 0.5, 4), initial=initial)
