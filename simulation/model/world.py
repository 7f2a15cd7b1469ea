"""The arrays the kernel works on: the fixed world of a run, and the dynamic state that each tick advances.

Agents are rows: state ``i`` is row ``i`` of every per-state array, activist ``a`` row ``a`` of every
per-activist array. Dynamic arrays carry a leading batch axis ``B`` (runs advanced together).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np
from scipy import sparse

from .crisis import severity_at
from .decision import Response
from .peers import BlocTies, bloc_ties


@dataclass(frozen=True)
class StateTraits:
    """Per-state traits, each shaped (N,) (or (B, N) when a sweep varies them across runs)."""

    democracy: np.ndarray
    capability: np.ndarray
    record: np.ndarray
    grievance: np.ndarray
    sovereignty: np.ndarray
    value_commitment: np.ndarray
    security_stake: np.ndarray
    economic_stake: np.ndarray
    patron_inducement: np.ndarray
    legislature_strength: np.ndarray
    official_influence: np.ndarray
    regional_pull: np.ndarray


@dataclass(frozen=True)
class World:
    """Everything fixed during a run: who the states, blocs and activists are, and the crisis they face."""

    codes: tuple[str, ...]
    names: tuple[str, ...]
    traits: StateTraits
    membership: np.ndarray  # (N, K) 0/1
    bloc_names: tuple[str, ...]
    cohesion: np.ndarray  # (K,)
    activist_names: tuple[str, ...]
    activist_kinds: tuple[str, ...]
    resources: np.ndarray  # (A,)
    credibility: np.ndarray  # (A,)
    informs: np.ndarray  # (A,) 1 for media and transnational activists
    targets: sparse.csr_matrix  # (A, N)
    timeline_ticks: np.ndarray
    timeline_levels: np.ndarray
    visibility_jumps: dict[int, float]
    response: Response
    initial: WorldState

    @property
    def n_states(self) -> int:
        return len(self.codes)

    @property
    def n_activists(self) -> int:
        return len(self.activist_names)

    @cached_property
    def ties(self) -> BlocTies:
        """The blocs as sparse ties for the kernel, computed once per world."""
        return bloc_ties(self.membership, self.cohesion)

    @cached_property
    def targeted_by(self) -> sparse.csr_matrix:
        """Who is targeted by whom, (N, A): the transpose of ``targets`` for the kernel, computed once per world."""
        return self.targets.T.tocsr()

    def severity(self, tick: int) -> float:
        """Severity of the abuses at ``tick``, from the crisis timeline."""
        return severity_at(self.timeline_ticks, self.timeline_levels, tick)

    def index(self, code: str) -> int:
        """Row of the state with this code."""
        return self.codes.index(code)

    def with_traits(self, **changes) -> World:
        """A copy of this world with some traits replaced (used by sweeps and tests)."""
        return replace(self, traits=replace(self.traits, **changes))


@dataclass(frozen=True)
class WorldState:
    """The dynamic state of B runs after a tick; every per-state array is shaped (B, N)."""

    stance: np.ndarray  # int8
    net: np.ndarray  # net benefit of acting at the last decision
    mobilisation: np.ndarray  # (B, A)
    visibility: np.ndarray  # (B,)
    activism: np.ndarray  # activism reaching each state
    legislature: np.ndarray  # legislative pressure
    conviction: np.ndarray  # officials' conviction
    baseline_conviction: np.ndarray
    tipped_tick: np.ndarray  # int32, -1 until the state first acts
    pressures_at_tip: np.ndarray  # (B, N, 3): activism, legislature, conviction when it tipped

    def repeat(self, batch: int) -> WorldState:
        """The same state copied for ``batch`` runs (the state must hold a single run)."""
        return WorldState(**{k: np.repeat(v, batch, axis=0) for k, v in self.__dict__.items()})

    @property
    def batch(self) -> int:
        return self.stance.shape[0]
