"""Random shocks: one independent stream per run, drawn from ``numpy.random.SeedSequence``, never from a worker.

A run's stream depends only on its seed and replication number, so the same run gives the same numbers
whether it is advanced alone, in a batch, serially or on a cluster.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def run_seed(seed: int, replication: int) -> np.random.SeedSequence:
    """The seed sequence of one replication of a run: a child of ``seed`` keyed by the replication number."""
    return np.random.SeedSequence(seed, spawn_key=(replication,))


class ShockStream:
    """Standard-normal shocks for B runs and N states, drawn per run in blocks of ticks.

    Drawing run ``b``'s block of shape (ticks, N) consumes its generator exactly as drawing the ticks one
    by one would, so batched and one-at-a-time runs see identical shocks.
    """

    def __init__(self, seeds: Sequence[np.random.SeedSequence], n_states: int, block: int = 64):
        self._generators = [np.random.default_rng(s) for s in seeds]
        self._n = n_states
        self._block = block
        self._buffer = np.empty((len(seeds), 0, n_states))
        self._next = 0

    def draw(self) -> np.ndarray:
        """The next tick's shocks, shaped (B, N)."""
        return self.draw_ticks(1)[:, 0]

    def draw_ticks(self, most: int) -> np.ndarray:
        """The shocks of the next ticks, shaped (B, T, N): ``most`` ticks, or fewer where the drawn block ends."""
        if self._next == self._buffer.shape[1]:
            self._buffer = np.empty((len(self._generators), self._block, self._n))
            for g, rows in zip(self._generators, self._buffer):
                g.standard_normal(out=rows)  # the same numbers as standard_normal((block, N)), drawn in place
            self._next = 0
        start = self._next
        self._next = min(start + most, self._buffer.shape[1])
        return self._buffer[:, start:self._next]
