"""The baselines against independent computations: majority by hand, persistence recomputed row by row, and the
logit against a direct scikit-learn fit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from simulation.lab.votes.baselines import majority, persistence
from simulation.lab.votes.hindcast import with_positions
from simulation.lab.votes.logit import COLUMNS, covariates, logit
from simulation.lab.votes.roll_calls import describe
from simulation.lab.votes.votes_file import shipped_votes
from simulation.scenario.world_table import GROUPS, world_states


@pytest.fixture(scope="module")
def bench():
    votes = shipped_votes()
    rcs = {rc.rcid: rc for rc in describe(votes)}
    return with_positions(votes, list(rcs.values())), rcs


def split(bench, rcid):
    history, rcs = bench
    rc = rcs[rcid]
    earlier = history[history["date"] < pd.Timestamp(rc.date)]
    roster = history[history["rcid"] == rcid].reset_index(drop=True)
    return rc, earlier, roster


def test_majority_by_hand():
    earlier = pd.DataFrame({"position": ["support", "support", "support", "oppose", None]})
    pred = majority(earlier, 2, yes_direction=1)
    shares = np.array([4, 1, 2]) / 7  # add-one: support 3+1, abstain 0+1, oppose 1+1
    np.testing.assert_allclose(pred.p_present, [[shares[0], shares[2], shares[1]]] * 2)  # yes, no, abstain
    assert pred.predicted == ("yes", "yes")
    assert majority(earlier, 1, yes_direction=-1).predicted == ("no",)  # on a motion, supporting scrutiny is a no


def previous_by_loops(present: pd.DataFrame, iso3: str, target: str, kind: str, date) -> tuple[str, str]:
    """The state's latest earlier present position, at the most specific level, recomputed row by row."""
    mine = present[(present["iso3"] == iso3) & (present["date"] < date)]
    for basis, rows in (("same target and kind", mine[(mine["target"] == target) & (mine["roll_call_kind"] == kind)]),
                        ("same target", mine[mine["target"] == target]), ("other target", mine)):
        if len(rows):
            last = rows.sort_values(["date", "rcid"]).iloc[-1]
            return last["position"], basis
    return "", "majority"


@pytest.mark.parametrize("rcid", [5916, 5135, 4820])  # Iran's 2011 motion, Syria's first text, Myanmar 2007
def test_persistence_is_each_states_previous_position(bench, rcid):
    rc, earlier, roster = split(bench, rcid)
    pred = persistence(earlier, roster, rc.yes_direction)
    present = earlier.dropna(subset=["position"])
    flips = {"support": "oppose", "oppose": "support"} if rc.yes_direction < 0 else {}
    vote_of = {"support": "yes", "abstain": "abstain", "oppose": "no"}
    for k, row in roster.iterrows():
        position, basis = previous_by_loops(present, row["iso3"], row["target"], row["roll_call_kind"], row["date"])
        assert pred.basis[k] == basis
        if basis != "majority":
            assert pred.predicted[k] == vote_of[flips.get(position, position)], row["iso3"]
    assert "same target and kind" in pred.basis or rcid == 5135


def test_persistence_probabilities_are_transition_frequencies(bench):
    rc, earlier, roster = split(bench, 5134)  # Iran 2011: every level has earlier pairs
    pred = persistence(earlier, roster, rc.yes_direction)
    counts = pd.DataFrame(0.0, index=["support", "abstain", "oppose"], columns=["support", "abstain", "oppose"])
    for _, rows in earlier.dropna(subset=["position"]).groupby("iso3"):
        rows = rows.sort_values(["date", "rcid"])
        seen = []  # (date, target, kind, position) of this state's earlier present votes, in order
        for r in rows.itertuples():
            same = [x for x in seen if x[0] < r.date and x[1] == r.target and x[2] == r.roll_call_kind]
            if same:
                counts.loc[same[-1][3], r.position] += 1
            seen.append((r.date, r.target, r.roll_call_kind, r.position))
    k = next(i for i, b in enumerate(pred.basis) if b == "same target and kind")
    prev = {"yes": "support", "abstain": "abstain", "no": "oppose"}[pred.predicted[k]]
    row = (counts.loc[prev] + 1) / (counts.loc[prev] + 1).sum()
    np.testing.assert_allclose(pred.p_present[k], [row["support"], row["oppose"], row["abstain"]])
    assert counts.to_numpy().sum() > 1000


def test_logit_matches_a_direct_fit(bench):
    history, rcs = bench
    rc, earlier, roster = split(bench, 5108)

    def design(r, codes):
        table = world_states(r.world_year, target=r.target, sponsors=r.sponsor_states())
        traits = ["democracy", "capability", "record", "grievance", "sovereignty", "value_commitment",
                  "security_stake", "economic_stake"]
        return np.array([[table.state(c)[t] for t in traits] + [float(g in table.state(c)["blocs"]) for g in GROUPS]
                         for c in codes])

    present = earlier.dropna(subset=["position"])
    X = np.vstack([design(rcs[r], g["iso3"]) for r, g in present.groupby("rcid", sort=True)])
    y = np.concatenate([g["position"].to_numpy() for _, g in present.groupby("rcid", sort=True)])
    direct = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=2000)).fit(X, y)
    test = design(rc, roster["iso3"])
    proba = pd.DataFrame(direct.predict_proba(test), columns=direct.classes_)

    np.testing.assert_array_equal(covariates(rc).loc[roster["iso3"]].to_numpy(), test)  # the same covariates
    train = pd.DataFrame(X, columns=list(COLUMNS)).assign(position=y)
    pred = logit(train, pd.DataFrame(test, columns=list(COLUMNS)), rc.yes_direction)
    expected = 0.999 * proba[["support", "oppose", "abstain"]].to_numpy() + 0.001 / 3  # yes, no, abstain
    np.testing.assert_allclose(pred.p_present, expected, rtol=1e-6, atol=1e-9)
    assert len(set(pred.predicted)) > 1  # it does not predict one vote for all
