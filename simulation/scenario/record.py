"""The voting record: each state's position on country human-rights resolutions, and each group's line on them.

From the recorded UN General Assembly votes shipped with the package (``simulation/data/
unga_votes_2004_2012.csv``, see ``ATTRIBUTION.md``), every present vote is a *position* toward the
scrutiny at issue: +1 for it, 0 abstaining, -1 against (a yes on a no-action motion is a vote against
scrutiny, so it counts -1). A state's **alignment** in a year is its mean position on the roll calls of
the two calendar years before (none of that year itself); a group's **line** is the mean alignment of
its members, and its **cohesion** how much they agree, ``1 - sd`` of their alignments, in [0, 1]. Years
past the record carry its last window forward, with a note. World scenarios take a state's alignment
and an undeclared group's line and cohesion from here (docs/world_data.md, docs/ODD.md 7.10); the
hindcast recomputes them from the votes dated before each roll call only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd

VOTES_FILE = "unga_votes_2004_2012.csv"
#: Kinds of roll call on which a yes votes against scrutiny (the votes file's ``kind`` labels).
AGAINST_SCRUTINY = ("no-action motion",)
#: Kinds that are scrutiny of a state's record (others, such as a seat on the Council, are not).
SCRUTINY_KINDS = ("country HR resolution", "no-action motion", "conflict/R2P-adjacent")
WINDOW = 2  # calendar years before the year that count


def position_of_vote(vote: str, yes_direction: int) -> float:
    """A present vote as a position toward the scrutiny at issue: +1 for, 0 abstaining, -1 against (NaN: absent)."""
    if vote == "abstain":
        return 0.0
    if vote not in ("yes", "no"):
        return float("nan")
    return 1.0 if (vote == "yes") == (yes_direction > 0) else -1.0


def yes_direction_of(kind: str) -> int:
    """+1 where a yes supports the scrutiny, -1 where it blocks it (a no-action motion)."""
    return -1 if kind in AGAINST_SCRUTINY else 1


@cache
def recorded_positions() -> pd.DataFrame:
    """Every present vote of the shipped record on a scrutiny roll call: iso3, date, year, target, position."""
    with resources.files("simulation").joinpath("data", VOTES_FILE).open("r", encoding="utf-8") as fh:
        votes = pd.read_csv(fh, usecols=["rcid", "date", "target", "kind", "iso3", "vote"])
    return positions_of(votes)


def positions_of(votes: pd.DataFrame) -> pd.DataFrame:
    """The present votes of ``votes`` (columns rcid, date, target, kind, iso3, vote) on scrutiny roll calls, as
    positions: rcid, iso3, date, year, target, position."""
    kept = votes[votes["kind"].isin(SCRUTINY_KINDS)].copy()
    kept["position"] = [position_of_vote(v, yes_direction_of(k)) for v, k in zip(kept["vote"], kept["kind"])]
    kept = kept.dropna(subset=["position"])
    kept["date"] = pd.to_datetime(kept["date"])
    kept["year"] = kept["date"].dt.year
    return kept[["rcid", "iso3", "date", "year", "target", "position"]].reset_index(drop=True)


@dataclass(frozen=True)
class Alignment:
    """States' alignment for a year: iso3 -> position, the years it rests on, and how it was obtained."""

    year: int
    values: Mapping[str, float]
    years: tuple[int, ...]
    rule: str


def alignment_from(positions: pd.DataFrame, codes: Iterable[str]) -> dict[str, float]:
    """Each state's mean position over ``positions`` (0 for a state with none: no record is no lean)."""
    means = positions.groupby("iso3")["position"].mean()
    return {c: round(float(means.get(c, 0.0)), 4) for c in codes}


@cache
def alignment(year: int, codes: tuple[str, ...]) -> Alignment:
    """The alignment of ``codes`` in ``year``: their mean positions in the record's two calendar years before."""
    record = recorded_positions()
    first, last = int(record["year"].min()), int(record["year"].max())
    window = tuple(y for y in range(year - WINDOW, year) if first <= y <= last)
    if not window:
        window = (tuple(range(last - WINDOW + 1, last + 1)) if year > last else (first,))
        rule = (f"the record ends in {last}: the alignment of {window[0]}-{window[-1]} carried forward"
                if year > last else f"the record starts in {first}: the alignment of {first} used")
    else:
        rule = f"mean position on the country human-rights roll calls of {window[0]}-{window[-1]}"
    chosen = record[record["year"].isin(window)]
    return Alignment(year, alignment_from(chosen, codes), window, rule)


def group_line(members: Iterable[str], values: Mapping[str, float]) -> tuple[float, float]:
    """A group's line (its members' mean alignment) and cohesion (1 - their standard deviation, in [0, 1])."""
    xs = np.array([values[m] for m in members if m in values], dtype=float)
    if len(xs) < 2:
        return (round(float(xs.mean()), 4) if len(xs) else 0.0), 0.0
    return round(float(xs.mean()), 4), round(float(np.clip(1.0 - xs.std(), 0.0, 1.0)), 4)
