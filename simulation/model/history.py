"""What a run remembers, tick by tick, in preallocated arrays: lean by default, per state on request."""

from __future__ import annotations

import numpy as np

from .decision import TERMS
from .kernel import TickOutput
from .stance import Stance
from .world import WorldState

_N_STANCES = len(Stance)


def stance_counts(stance: np.ndarray) -> np.ndarray:
    """How many states hold each stance in each run, (B, len(Stance)), in one pass over the (B, N) stances."""
    batch = stance.shape[0]
    keys = stance + (_N_STANCES * np.arange(batch))[:, None]
    return np.bincount(keys.reshape(-1), minlength=_N_STANCES * batch).reshape(batch, _N_STANCES)


class History:
    """Per-tick outputs of B runs; tick 0 is the initial state (its terms are NaN: nobody has decided yet).

    Always kept: severity, visibility and the count of states in each stance. With ``per_state``, also
    each state's stance, net benefit, signed terms and the three pressure levels.
    """

    def __init__(self, batch: int, n_states: int, capacity: int, per_state: bool = True):
        self.per_state = per_state
        self._n = n_states
        self._batch = batch
        self.length = 0
        self._last: TickOutput | None = None  # the latest tick's output: its terms are always available
        self._arrays: dict[str, np.ndarray] = {}
        shapes = {"severity": (), "visibility": (batch,), "stance_counts": (batch, _N_STANCES)}
        if per_state:
            shapes |= {"stance": (batch, n_states), "net": (batch, n_states),
                       "terms": (batch, n_states, len(TERMS)), "activism": (batch, n_states),
                       "legislature": (batch, n_states), "conviction": (batch, n_states)}
        self._shapes = shapes
        for name, shape in shapes.items():
            dtype = np.int8 if name == "stance" else np.int32 if name == "stance_counts" else float
            self._arrays[name] = np.empty((max(capacity, 1),) + shape, dtype=dtype)

    def _grow(self) -> None:
        for name, arr in self._arrays.items():
            self._arrays[name] = np.concatenate([arr, np.empty_like(arr)])

    def record(self, state: WorldState, out: TickOutput | None, severity: float | None = None) -> None:
        """Append one tick; for the initial state ``out`` is None and ``severity`` gives the tick-0 severity."""
        if self.length == next(iter(self._arrays.values())).shape[0]:
            self._grow()
        k, a = self.length, self._arrays
        a["severity"][k] = severity if out is None else out.severity
        a["visibility"][k] = state.visibility
        if out is not None:
            self._last = out
        a["stance_counts"][k] = stance_counts(state.stance)
        if self.per_state:
            a["stance"][k] = state.stance
            a["net"][k] = np.nan if out is None else state.net
            if out is None:
                a["terms"][k] = np.nan
            else:
                for j, part in enumerate(out.parts):
                    a["terms"][k, ..., j] = part
            a["activism"][k] = state.activism
            a["legislature"][k] = state.legislature
            a["conviction"][k] = state.conviction
        self.length += 1

    @property
    def last_output(self) -> TickOutput | None:
        """The latest tick's output: its terms and the inputs its decision read (None before the first tick)."""
        return self._last

    @property
    def last_terms(self) -> np.ndarray | None:
        """The signed terms (B, N, len(TERMS)) of the latest tick (None before the first), stacked on demand."""
        return None if self._last is None else self._last.terms

    def __getitem__(self, name: str) -> np.ndarray:
        """The recorded array ``name`` with ticks on the first axis (only the ticks recorded so far)."""
        return self._arrays[name][: self.length]
