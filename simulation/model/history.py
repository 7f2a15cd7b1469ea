"""What a run remembers, tick by tick, in preallocated arrays: only what is asked for, written by the kernel."""

from __future__ import annotations

import numpy as np

from .decision import TERMS
from .kernel import N_STANCES, Records, TickOutput, Workspace, no_records
from .world import WorldState


def stance_counts(stance: np.ndarray) -> np.ndarray:
    """How many states hold each stance in each run, (B, len(Stance)), in one pass over the (B, N) stances."""
    batch = stance.shape[0]
    keys = stance + (N_STANCES * np.arange(batch))[:, None]
    return np.bincount(keys.reshape(-1), minlength=N_STANCES * batch).reshape(batch, N_STANCES)


class History:
    """Per-tick outputs of B runs; tick 0 is the initial state (its terms are NaN: nobody has decided yet).

    Kept by default: severity, visibility and the count of states in each stance. With ``per_state``, also
    each state's stance, net benefit, signed terms and the three pressure levels. With ``per_tick=False``
    (a sweep, which reads only final states and last terms) nothing is kept per tick. The latest tick's
    output is always kept, and its terms unless ``last_terms=False`` (a sweep whose measure reads none: the
    kernel then neither writes nor stores them).
    """

    def __init__(self, batch: int, n_states: int, capacity: int, per_state: bool = True, per_tick: bool = True,
                 last_terms: bool = True, workspace: Workspace | None = None):
        self.per_state = per_state and per_tick
        self.per_tick = per_tick
        self.keeps_terms = last_terms
        self._n = n_states
        self._batch = batch
        self.length = 0
        self._last: TickOutput | None = None  # the latest tick's output: its terms are always available
        self._arrays: dict[str, np.ndarray] = {}
        self._workspace = workspace
        self._last_terms: np.ndarray | None = None  # made at the first kernel call (see ``_terms_array``)
        shapes = {"severity": (), "visibility": (batch,), "stance_counts": (batch, N_STANCES)} if per_tick else {}
        if self.per_state:
            shapes |= {"stance": (batch, n_states), "net": (batch, n_states),
                       "terms": (batch, n_states, len(TERMS)), "activism": (batch, n_states),
                       "legislature": (batch, n_states), "conviction": (batch, n_states)}
        for name, shape in shapes.items():
            dtype = np.int8 if name == "stance" else np.int32 if name == "stance_counts" else float
            self._arrays[name] = np.empty((max(capacity, 1),) + shape, dtype=dtype)

    def _grow(self, needed: int) -> None:
        for name, arr in self._arrays.items():
            extra = np.empty((max(needed, arr.shape[0]),) + arr.shape[1:], dtype=arr.dtype)
            self._arrays[name] = np.concatenate([arr, extra])

    def _capacity(self) -> int:
        return next(iter(self._arrays.values())).shape[0] if self._arrays else 0

    def _terms_array(self) -> np.ndarray:
        """Where every kernel call writes its last tick's terms (only the last call's are kept), made at the first:
        (B, N, len(TERMS)), or (0, N, len(TERMS)) when none are asked for."""
        if self._last_terms is None:
            wanted = self.keeps_terms or self.per_state
            shape = (self._batch if wanted else 0, self._n, len(TERMS))
            self._last_terms = (np.empty(shape) if self._workspace is None or not wanted else
                                self._workspace.array("last_terms", shape, np.float64))
        return self._last_terms

    def ticks(self, n: int, severities) -> Records:
        """The records the kernel writes for the next ``n`` ticks (their severities given), views into this history."""
        if not self.per_tick:
            self.length += n
            return no_records(self._batch, self._n, last_terms=False)._replace(last_terms=self._terms_array())
        if self.length + n > self._capacity():
            self._grow(self.length + n - self._capacity())
        k, a = slice(self.length, self.length + n), self._arrays
        a["severity"][k] = severities
        self.length += n
        if not self.per_state:
            none = no_records(self._batch, self._n, last_terms=False)
            return none._replace(stance_counts=a["stance_counts"][k], visibility=a["visibility"][k],
                                 last_terms=self._terms_array())
        return Records(a["stance_counts"][k], a["visibility"][k], a["stance"][k], a["net"][k], a["activism"][k],
                       a["legislature"][k], a["conviction"][k], a["terms"][k], self._terms_array())

    def finish(self, out: TickOutput) -> None:
        """Keep the latest tick's output."""
        self._last = out

    def record(self, state: WorldState, out: TickOutput | None, severity: float | None = None) -> None:
        """Append one tick advanced outside :meth:`ticks` (one model step); for the initial state ``out`` is None
        and ``severity`` gives the tick-0 severity."""
        if out is not None:
            self._last = out
        if not self.per_tick:
            self.length += 1
            return
        if self.length == self._capacity():
            self._grow(1)
        k, a = self.length, self._arrays
        a["severity"][k] = severity if out is None else out.severity
        a["visibility"][k] = state.visibility
        a["stance_counts"][k] = stance_counts(state.stance)
        if self.per_state:
            a["stance"][k] = state.stance
            a["net"][k] = np.nan if out is None else state.net
            a["terms"][k] = np.nan if out is None else out.terms
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
        """The signed terms (B, N, len(TERMS)) of the latest tick (None before the first, or if not kept)."""
        return None if self._last is None or not self.keeps_terms else self._last.terms

    def __getitem__(self, name: str) -> np.ndarray:
        """The recorded array ``name`` with ticks on the first axis (only the ticks recorded so far)."""
        return self._arrays[name][: self.length]
