"""Baselines that predict a roll call from earlier votes alone: the majority and each state's persistence.

Both work on positions toward the response (``vote_layer.POSITIONS``: a yes on a resolution and a no on a
no-action motion are both ``support``), so resolutions and motions inform each other, and both see only
``earlier`` rows: the votes of roll calls dated strictly before the one predicted. Each returns
probabilities over present votes (yes, no, abstain) for every state of the roster, and a predicted
present vote; the vote layer adds absence.

- ``majority``: every state gets the pooled shares of the three positions in all earlier present votes
  (add-one smoothed); the prediction is the most common position, in this roll call's direction.
- ``persistence``: a state's prediction is its previous present position on the same target and the same
  kind of roll call (the latest earlier date; on one date, the highest rcid); without one, on the same
  target; without one, on any target; without any, the majority (``LEVELS``). Its probabilities are the
  transition frequencies of earlier roll calls, P(position now | previous position), add-one smoothed and
  counted separately for each level (an earlier vote counts at the level its own prediction would have used).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .vote_layer import POSITIONS, present_from_positions, vote_of_position

SMOOTHING = 1.0  # add-one


@dataclass(frozen=True)
class Prediction:
    """A method's prediction for one roll call's roster: P(yes, no, abstain | present) and the predicted vote."""

    p_present: np.ndarray  # (N, 3)
    predicted: tuple[str, ...]  # present vote per state
    basis: tuple[str, ...] = ()  # per state, what the prediction rests on (persistence)


def majority(earlier: pd.DataFrame, n: int, yes_direction: int) -> Prediction:
    """The pooled shares of positions among earlier present votes, the same for each of ``n`` states."""
    p = position_shares(earlier["position"].dropna())
    predicted = vote_of_position(POSITIONS[int(np.argmax(p))], yes_direction)
    return Prediction(present_from_positions(np.tile(p, (n, 1)), yes_direction), (predicted,) * n, ("majority",) * n)


#: What a state's previous position is looked for on, most specific first: (basis, columns that must match).
LEVELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("same target and kind", ("iso3", "target", "roll_call_kind")),
    ("same target", ("iso3", "target")),
    ("other target", ("iso3",)),
)


def persistence(earlier: pd.DataFrame, roster: pd.DataFrame, yes_direction: int) -> Prediction:
    """Each state's previous position (on the same target and kind, else the same target, else any target, else
    the majority), with the transition probabilities of its level.

    ``roster`` has the roll call's ``iso3``, ``target``, ``roll_call_kind`` and ``date``; ``earlier`` the
    earlier rows with the same columns and their ``position`` (None when absent).
    """
    present = earlier.dropna(subset=["position"])
    pairs = pd.concat([present[["position"]].reset_index(drop=True), previous_positions(present, present)], axis=1)
    tables = {basis: transitions(pairs[pairs["basis"] == basis]) for basis, _ in LEVELS}
    now = previous_positions(roster, present)
    fallback = position_shares(present["position"])
    rows, predicted = [], []
    for basis, previous in zip(now["basis"], now["previous"], strict=True):
        if basis == "majority":
            rows.append(fallback)
            predicted.append(POSITIONS[int(np.argmax(fallback))])
        else:
            rows.append(tables[basis].loc[previous].to_numpy())
            predicted.append(previous)
    p = np.array(rows, dtype=float).reshape(len(roster), len(POSITIONS))
    return Prediction(present_from_positions(p, yes_direction),
                      tuple(vote_of_position(x, yes_direction) for x in predicted), tuple(now["basis"]))


def previous_positions(rows: pd.DataFrame, present: pd.DataFrame) -> pd.DataFrame:
    """For each row (``iso3``, ``target``, ``roll_call_kind``, ``date``), the state's latest present position in
    ``present`` dated strictly before it (on one date, the highest rcid's), at the most specific level of
    ``LEVELS`` that has one: columns ``previous`` and ``basis`` ("majority" where no level has one), in the
    rows' order."""
    keys = ["iso3", "target", "roll_call_kind"]
    left = rows[keys + ["date"]].reset_index(drop=True).assign(_order=lambda f: np.arange(len(f)))
    left = left.sort_values("date", kind="stable")
    right = present[keys + ["date", "rcid", "position"]].sort_values(["date", "rcid"], kind="stable")
    out = pd.DataFrame({"previous": pd.Series([None] * len(left), dtype=object),
                        "basis": "majority"}, index=range(len(left)))
    for basis, by in reversed(LEVELS):  # the most specific level found last wins
        found = pd.merge_asof(left, right[[*by, "date", "position"]], on="date", by=list(by),
                              allow_exact_matches=False).set_index("_order").sort_index()["position"]
        hit = found.notna().to_numpy()
        out.loc[hit, "previous"] = found[hit].to_numpy()
        out.loc[hit, "basis"] = basis
    return out


def transitions(pairs: pd.DataFrame) -> pd.DataFrame:
    """P(position | previous position) from (``previous``, ``position``) pairs, add-one smoothed; rows sum to 1."""
    counts = pd.crosstab(pairs["previous"], pairs["position"]).reindex(index=POSITIONS, columns=POSITIONS,
                                                                      fill_value=0)
    counts = counts + SMOOTHING
    return counts.div(counts.sum(axis=1), axis=0)


def position_shares(positions: pd.Series) -> np.ndarray:
    """The add-one smoothed shares of (support, abstain, oppose) among ``positions``."""
    counts = positions.value_counts().reindex(POSITIONS, fill_value=0).to_numpy(dtype=float) + SMOOTHING
    return counts / counts.sum()
