"""The logit baseline: a multinomial logit of a state's position on its covariates, fitted on earlier roll calls.

The covariates of a state for a roll call are its world-table traits for the vote's year and target
(``FEATURES``: democracy, capability, record, grievance, sovereignty, value commitment, and the security
and economic stakes toward the target and its patrons) and its group memberships that year (one 0/1
column per group of the world table). The outcome is the position toward the response (support,
abstain, oppose), so a yes on a resolution and a no on a motion are the same outcome. The fit is
scikit-learn's ``LogisticRegression`` (multinomial, lbfgs, L2 penalty ``C = 1`` on standardised
covariates: the penalty keeps the fit finite where a group votes as one, as the EU does), on every present
vote of roll calls dated strictly before the one predicted. With fewer than two positions among them it
falls back to the majority. Probabilities are mixed with ``FLOOR`` of the uniform distribution, so a
position never seen in training keeps a finite log-loss.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from ...scenario.world_table import GROUPS, world_states
from .baselines import Prediction, majority
from .roll_calls import RollCall
from .vote_layer import POSITIONS, floored, present_from_positions, vote_of_position

FEATURES: tuple[str, ...] = ("democracy", "capability", "record", "grievance", "sovereignty", "value_commitment",
                             "security_stake", "economic_stake")
COLUMNS: tuple[str, ...] = FEATURES + tuple(f"in_{g}" for g in GROUPS)
C = 1.0
FLOOR = 1e-3
MAX_ITER = 2000


def covariates(rc: RollCall) -> pd.DataFrame:
    """Every UN member's covariates for the roll call (its year's traits, stakes toward its target, groups), by ISO3."""
    return _covariates(rc.world_year, rc.target, rc.sponsor_states()).copy()


@lru_cache(maxsize=64)
def _covariates(year: int, target: str, sponsors: tuple[str, ...]) -> pd.DataFrame:
    table = world_states(year, target=target, sponsors=sponsors)
    rows = {s["code"]: [s[f] for f in FEATURES] + [float(g in s["blocs"]) for g in GROUPS] for s in table.states}
    return pd.DataFrame.from_dict(rows, orient="index", columns=list(COLUMNS))


def fit(train: pd.DataFrame):
    """The logit fitted on rows of ``COLUMNS`` and ``position``; None when they hold fewer than two positions."""
    if train["position"].nunique() < 2:
        return None
    model = make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=MAX_ITER))
    return model.fit(train[list(COLUMNS)].to_numpy(dtype=float), train["position"].to_numpy())


def logit(train: pd.DataFrame, roster: pd.DataFrame, yes_direction: int) -> Prediction:
    """Positions of the ``roster`` (rows of ``COLUMNS``) from the logit fitted on ``train`` (earlier present votes)."""
    model = fit(train)
    if model is None:
        return majority(train, len(roster), yes_direction)
    proba = model.predict_proba(roster[list(COLUMNS)].to_numpy(dtype=float))
    p = np.zeros((len(roster), len(POSITIONS)))
    for k, cls in enumerate(model.classes_):
        p[:, POSITIONS.index(cls)] = proba[:, k]
    p = floored(p, FLOOR)
    predicted = tuple(vote_of_position(POSITIONS[i], yes_direction) for i in np.argmax(p, axis=1))
    return Prediction(present_from_positions(p, yes_direction), predicted, ("logit",) * len(roster))
