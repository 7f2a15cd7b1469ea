"""The arrays the kernel works on: the fixed world of a run, and the dynamic state that each tick advances.

Agents are rows: state ``i`` is row ``i`` of every per-state array, activist ``a`` row ``a`` of every
per-activist array. Dynamic arrays carry a leading batch axis ``B`` (runs advanced together).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

from .crisis import severity_at
from .decision import Response
from .peers import BlocTies, bloc_ties

if TYPE_CHECKING:
    from .interventions import Schedule


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
    sponsor: np.ndarray  # 1 for a state that tabled the response, else 0
    prior: np.ndarray  # its recorded position on the question, -1 to +1 (0 where none is recorded)
    prior_known: np.ndarray  # 1 where a prior position is recorded, else 0
    alignment: np.ndarray  # its position on other targets' resolutions in the record, -1 to +1


#: The fields of a World that are numbers on a fixed structure (see ``World.with_numbers``).
_NUMBERS = frozenset({"traits", "resources", "credibility", "informs", "initial", "visibility_jumps"})


@dataclass(frozen=True)
class World:
    """Everything fixed during a run: who the states, blocs and activists are, the crisis they face, and the
    interventions scheduled for it (which change some of these inputs at the ticks they act on)."""

    codes: tuple[str, ...]
    names: tuple[str, ...]
    traits: StateTraits
    membership: np.ndarray  # (N, K) 0/1
    bloc_names: tuple[str, ...]
    cohesion: np.ndarray  # (K,)
    bloc_position: np.ndarray  # (K,) each body's position on the response, -1 to +1
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
    peer_review: float = 0.0  # how strongly a peer-review institution spotlights every state's record (0 to 1)
    schedule: Schedule | None = None  # the run's interventions (docs/ODD.md 7.16), applied by the kernel

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

    @cached_property
    def packed(self):
        """The world's numbers and ties as the compiled kernel reads them (``packed.PackedWorld``), once per world."""
        from .packed import pack_world

        return pack_world(self)

    def severity(self, tick: int) -> float:
        """Severity of the abuses at ``tick``, from the crisis timeline."""
        return severity_at(self.timeline_ticks, self.timeline_levels, tick)

    def severities(self, first: int, n: int) -> np.ndarray:
        """Severity at each of the ticks ``first ... first + n - 1`` (:meth:`severity`, in one interpolation)."""
        return np.interp(np.arange(first, first + n), self.timeline_ticks, self.timeline_levels)

    def index(self, code: str) -> int:
        """Row of the state with this code."""
        return self.codes.index(code)

    def with_traits(self, **changes) -> World:
        """A copy of this world with some traits replaced (used by interventions, sweeps and tests)."""
        return self.with_numbers(traits=replace(self.traits, **changes))

    def with_numbers(self, **changes) -> World:
        """A copy with some numbers replaced (traits, activists' numbers, the tick-0 state), its structure kept:
        the blocs' and activists' sparse ties already computed are reused, not computed again."""
        structural = set(changes) - _NUMBERS
        if structural:
            raise TypeError(f"with_numbers changes numbers only, not {sorted(structural)}")
        out = replace(self, **changes)
        for name in ("ties", "targeted_by"):
            if name in self.__dict__:
                out.__dict__[name] = self.__dict__[name]
        return out


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
    acting_since: np.ndarray  # int32, the first tick of the state's current spell of acting; -1 while it does not act
    pressures_at_tip: np.ndarray  # (B, N, 3): activism, legislature, conviction when it tipped

    @property
    def batch(self) -> int:
        return self.stance.shape[0]
