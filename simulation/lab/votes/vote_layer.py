"""The vote layer: a state's final stance becomes a recorded vote, and absence is its own outcome.

A stance is a position on the proposed response (the scrutiny the sponsors tabled). On a roll call whose
yes supports the response (``yes_direction`` +1) oppose -> no, abstain -> abstain, support and above ->
yes; on one whose yes blocks it (-1: a no-action motion) a supporter of the scrutiny votes no and an
opponent yes. The same direction turns recorded votes back into positions (``support``, ``abstain``,
``oppose``), so that votes on resolutions and on motions can be compared.

Probabilities for one roll call, per state, over ``VOTES`` (yes, no, abstain, absent):

- present votes: each method's probabilities of (yes, no, abstain), mixed by ``floored`` with a small
  share of the uniform distribution so that none is 0 (a finite log-loss): the model's are its ordered
  choice with the shock integrated out (``model_votes``, ``MODEL_FLOOR``);
- absence: ``(a + k m) / (n + k)``, with ``a`` the state's absences in its ``n`` earlier roll calls, ``m``
  the share of absences among all earlier rows (``ABSENCE_DEFAULT``, 0.10, when there are none) and
  ``k = ABSENCE_PRIOR_ROLL_CALLS`` (4): a beta prior worth four roll calls at the Assembly's rate;
- P(vote) = (1 - P(absent)) * P(vote | present).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ...model.stance import ACTING, Stance
from .votes_file import VOTES

PRESENT: tuple[str, ...] = VOTES[:3]  # yes, no, abstain
POSITIONS: tuple[str, ...] = ("support", "abstain", "oppose")  # toward the response, whatever the roll call
ABSENCE_DEFAULT = 0.10  # the share of absent rows in 2004-2012 (0.103), for a roll call with no history at all
ABSENCE_PRIOR_ROLL_CALLS = 4.0


def vote_of_stance(stance: str, yes_direction: int) -> str:
    """The vote a state casts holding ``stance`` on a roll call whose yes has ``yes_direction``."""
    s = Stance.parse(stance)
    position = "support" if s >= ACTING else "abstain" if s == Stance.ABSTAIN else "oppose"
    return vote_of_position(position, yes_direction)


def vote_of_position(position: str, yes_direction: int) -> str:
    """The vote that expresses ``position`` (support, abstain, oppose) toward the response."""
    if position == "abstain":
        return "abstain"
    return "yes" if (position == "support") == (yes_direction > 0) else "no"


def position_of_vote(vote: str, yes_direction: int) -> str | None:
    """The position toward the response a present vote expresses; None for an absence."""
    if vote == "absent":
        return None
    if vote == "abstain":
        return "abstain"
    return "support" if (vote == "yes") == (yes_direction > 0) else "oppose"


def floored(p: np.ndarray, floor: float) -> np.ndarray:
    """Probabilities mixed with ``floor`` of the uniform distribution over their columns: none falls below floor / k."""
    p = np.asarray(p, dtype=float)
    return (1.0 - floor) * p + floor / p.shape[1]


def absence_probabilities(earlier: pd.DataFrame, codes: Sequence[str]) -> np.ndarray:
    """Each state's probability of being absent, from its own absences in ``earlier`` rows and the pooled rate."""
    absent = earlier["vote"].eq("absent")
    rate = float(absent.mean()) if len(earlier) else ABSENCE_DEFAULT
    per_state = absent.groupby(earlier["iso3"]).agg(["sum", "count"]).reindex(list(codes), fill_value=0)
    k = ABSENCE_PRIOR_ROLL_CALLS
    return ((per_state["sum"] + k * rate) / (per_state["count"] + k)).to_numpy(dtype=float)


def with_absence(p_present: np.ndarray, p_absent: np.ndarray) -> np.ndarray:
    """Probabilities over (yes, no, abstain, absent) from those over present votes and of absence."""
    p_absent = np.asarray(p_absent, dtype=float)[:, None]
    return np.hstack([(1.0 - p_absent) * np.asarray(p_present, dtype=float), p_absent])


def present_from_positions(p_positions: np.ndarray, yes_direction: int) -> np.ndarray:
    """Probabilities over positions (support, abstain, oppose) as probabilities over (yes, no, abstain)."""
    p = np.asarray(p_positions, dtype=float)
    support, abstain, oppose = p[:, 0], p[:, 1], p[:, 2]
    yes, no = (support, oppose) if yes_direction > 0 else (oppose, support)
    return np.column_stack([yes, no, abstain])
