"""Outcomes of a sweep: one value per run about the focal state, read from the batch's final state.

Each outcome has a one-line meaning; ``OUTCOMES`` lists them in the order the results table holds them.
A chunk of a sweep reads its runs through a *measure*: :class:`FocalMeasure` here (a sweep's outcomes), or
the strategy lab's ``StrategyMeasure`` (success of the targets under a spec's rule, and their terms).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..model.stance import ACTING
from ..model.world import WorldState
from .series import Recorder, SeriesRequest


@dataclass(frozen=True)
class Outcome:
    """A measured result of a run: its name, meaning, column type and how to read it off the final state."""

    name: str
    meaning: str
    dtype: str
    read: Callable[[WorldState, int], np.ndarray]  # (final state of B runs, focal row) -> (B,) values


def _registry(*outcomes: Outcome) -> dict[str, Outcome]:
    return {o.name: o for o in outcomes}


OUTCOMES: dict[str, Outcome] = _registry(
    Outcome("tipped", "The focal state reached support or a stronger stance at some tick.", "bool",
            lambda f, i: f.tipped_tick[:, i] >= 0),
    Outcome("tipped_tick", "The first tick at which the focal state acted (-1: never).", "int64",
            lambda f, i: f.tipped_tick[:, i]),
    Outcome("final_stance", "The focal state's stance at the end (0 oppose, 1 abstain, 2 support, 3 sanction, "
            "4 intervene).", "int64", lambda f, i: f.stance[:, i]),
    Outcome("acting_final", "The focal state acts (support or stronger) at the end.", "bool",
            lambda f, i: f.stance[:, i] >= ACTING),
    Outcome("net_final", "The focal state's net benefit of acting at its last decision.", "float64",
            lambda f, i: f.net[:, i]),
    Outcome("activism_final", "Activism reaching the focal state at the end (leg 1).", "float64",
            lambda f, i: f.activism[:, i]),
    Outcome("legislature_final", "Legislative pressure on the focal state's executive at the end (leg 2).", "float64",
            lambda f, i: f.legislature[:, i]),
    Outcome("officials_final", "Conviction of the focal state's officials at the end (leg 3).", "float64",
            lambda f, i: f.conviction[:, i]),
    Outcome("share_acting_final", "Share of all states that act (support or stronger) at the end.", "float64",
            lambda f, i: np.count_nonzero(f.stance >= ACTING, axis=1) / f.stance.shape[1]),
)


@dataclass(frozen=True)
class FocalMeasure:
    """The named outcomes about the focal state (row ``focal``) of every run of a batch, and the time series the
    experiment asks for (``series``)."""

    focal: int
    names: tuple[str, ...]
    series: SeriesRequest | None = None

    #: The outcomes are read from the final state: the last tick's terms are neither computed nor kept.
    terms = False

    def observer(self) -> Recorder | None:
        """A fresh recorder of the requested series for one batch, or None."""
        return None if self.series is None else self.series.recorder()

    @property
    def width(self) -> int:
        """How many numbers a run's row of results holds (its outcomes and every reading of its series)."""
        return len(self.names) + (0 if self.series is None else len(self.series.columns()))

    def __call__(self, final: WorldState, terms: np.ndarray | None) -> dict[str, np.ndarray]:
        return {n: np.asarray(OUTCOMES[n].read(final, self.focal)).astype(OUTCOMES[n].dtype) for n in self.names}
