"""Time series from sweeps: readings of a run at a chosen period, like BehaviorSpace's "every step" or
``batch_run``'s ``data_collection_period``.

An experiment's ``series: {outcomes: [...], every: K}`` asks for some readings (``SERIES``) at ticks 0, K, 2K, ...
and the last tick; each reading at each tick is one column of the results table, named ``acting@t6``, so a
sweep's folder stays one lean table per chunk and resuming, verifying and exporting need nothing new.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..model.stance import ACTING
from ..model.world import WorldState


@dataclass(frozen=True)
class Reading:
    """A per-tick reading of a run: its name, meaning and how to read it off the state of B runs, (B,) values."""

    name: str
    meaning: str
    read: Callable[[WorldState, int], np.ndarray]  # (state of B runs, focal row) -> (B,)


SERIES: dict[str, Reading] = {r.name: r for r in (
    Reading("acting", "1 if the focal state acts (support or stronger) at the tick, else 0.",
            lambda s, i: (s.stance[:, i] >= ACTING).astype(float)),
    Reading("stance", "The focal state's stance at the tick (0 oppose ... 4 intervene).",
            lambda s, i: s.stance[:, i].astype(float)),
    Reading("net", "The focal state's net benefit of acting at the tick (NaN at tick 0).", lambda s, i: s.net[:, i]),
    Reading("activism", "Activism reaching the focal state at the tick (leg 1).", lambda s, i: s.activism[:, i]),
    Reading("legislature", "Legislative pressure on the focal state at the tick (leg 2).",
            lambda s, i: s.legislature[:, i]),
    Reading("officials", "Conviction of the focal state's officials at the tick (leg 3).",
            lambda s, i: s.conviction[:, i]),
    Reading("share_acting", "Share of all states acting (support or stronger) at the tick.",
            lambda s, i: (s.stance >= ACTING).mean(axis=1)),
)}
#: Readings whose values are 0 or 1 (their bands are Wilson intervals of a proportion).
BINARY = frozenset({"acting"})
_COLUMN = re.compile(r"^(?P<name>[a-z_]+)@t(?P<tick>\d+)$")


def series_ticks(steps: int, every: int) -> tuple[int, ...]:
    """The ticks a series is read at: 0, every, 2 * every, ... and the last tick."""
    ticks = list(range(0, steps + 1, every))
    return tuple(ticks if ticks[-1] == steps else [*ticks, steps])


def column(name: str, tick: int) -> str:
    """The results column of reading ``name`` at ``tick``."""
    return f"{name}@t{tick}"


def parse_column(name: str) -> tuple[str, int] | None:
    """(reading, tick) of a series column, None for any other column."""
    m = _COLUMN.match(name)
    return (m["name"], int(m["tick"])) if m and m["name"] in SERIES else None


@dataclass(frozen=True)
class SeriesRequest:
    """Which readings a sweep records, at which ticks, about which state (row)."""

    names: tuple[str, ...]
    ticks: tuple[int, ...]
    focal: int

    def recorder(self) -> Recorder:
        return Recorder(self)

    def columns(self) -> list[str]:
        return [column(n, t) for t in self.ticks for n in self.names]


@dataclass
class Recorder:
    """Called with the runs' state at each tick of the series (``simulate``'s observer); keeps the requested
    readings as columns."""

    request: SeriesRequest
    values: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def ticks(self) -> tuple[int, ...]:
        return self.request.ticks

    def __call__(self, tick: int, state: WorldState) -> None:
        for name in self.request.names:
            self.values[column(name, tick)] = np.asarray(SERIES[name].read(state, self.request.focal), dtype=float)


def long_series(runs: pd.DataFrame, name: str) -> pd.DataFrame:
    """Reading ``name`` of every run as a long table: run_id, point_id, tick, value (sorted by run and tick)."""
    cols = {c: parse_column(c)[1] for c in runs.columns if (parse_column(c) or ("", 0))[0] == name}
    if not cols:
        return pd.DataFrame({"run_id": [], "point_id": [], "tick": [], "value": []})
    frame = runs[["run_id", "point_id", *cols]].melt(id_vars=["run_id", "point_id"], var_name="column",
                                                      value_name="value")
    frame["tick"] = frame["column"].map(cols)
    return frame.drop(columns="column").sort_values(["run_id", "tick"], kind="stable").reset_index(drop=True)
