"""The vote layer: stances to votes (no-action motions inverted), positions, absence, probabilities."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulation.lab.votes.hindcast import model_prediction
from simulation.lab.votes.model_votes import MODEL_FLOOR, vote_probabilities
from simulation.lab.votes.roll_call_scenario import roll_call_scenario
from simulation.lab.votes.roll_calls import describe
from simulation.lab.votes.vote_layer import (
    ABSENCE_PRIOR_ROLL_CALLS,
    POSITIONS,
    absence_probabilities,
    floored,
    position_of_vote,
    present_from_positions,
    vote_of_position,
    vote_of_stance,
    with_absence,
)
from simulation.lab.votes.votes_file import shipped_votes
from simulation.scenario.prepare import prepare


@pytest.mark.parametrize(("stance", "resolution", "motion"), [
    ("oppose", "no", "yes"), ("abstain", "abstain", "abstain"), ("support", "yes", "no"),
    ("sanction", "yes", "no"), ("intervene", "yes", "no")])
def test_stances_map_to_votes_and_a_no_action_motion_inverts_them(stance, resolution, motion):
    assert vote_of_stance(stance, +1) == resolution
    assert vote_of_stance(stance, -1) == motion


@given(st.sampled_from(POSITIONS), st.sampled_from([1, -1]))
def test_a_vote_reads_back_as_the_position_it_expresses(position, direction):
    assert position_of_vote(vote_of_position(position, direction), direction) == position


def test_an_absence_has_no_position_and_a_yes_on_a_motion_opposes_the_scrutiny():
    assert position_of_vote("absent", 1) is None and position_of_vote("absent", -1) is None
    assert position_of_vote("yes", -1) == "oppose" and position_of_vote("no", -1) == "support"


def test_floored_probabilities_mix_in_the_uniform_and_keep_summing_to_one():
    p = floored(np.array([[0.75, 0.25, 0.0], [0.0, 0.0, 1.0]]), MODEL_FLOOR)
    f = MODEL_FLOOR
    np.testing.assert_allclose(p[0], (1 - f) * np.array([0.75, 0.25, 0.0]) + f / 3)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    assert (p >= f / 3).all()


def test_absence_from_own_earlier_rate_with_a_prior_at_the_pooled_rate():
    earlier = pd.DataFrame({"iso3": ["AAA", "AAA", "BBB", "BBB"], "vote": ["absent", "yes", "no", "yes"]})
    k = ABSENCE_PRIOR_ROLL_CALLS
    p = absence_probabilities(earlier, ["AAA", "BBB", "CCC"])
    np.testing.assert_allclose(p, [(1 + k * 0.25) / (2 + k), (0 + k * 0.25) / (2 + k), 0.25])


def test_four_outcomes_sum_to_one_and_positions_follow_the_direction():
    pos = np.array([[0.6, 0.3, 0.1]])  # support, abstain, oppose
    np.testing.assert_allclose(present_from_positions(pos, 1), [[0.6, 0.1, 0.3]])  # yes, no, abstain
    np.testing.assert_allclose(present_from_positions(pos, -1), [[0.1, 0.6, 0.3]])
    probs = with_absence(present_from_positions(pos, 1), np.array([0.2]))
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)
    assert probs[0, 3] == 0.2


def test_the_model_votes_on_a_no_action_motion_are_its_stances_inverted():
    """On a no-action motion the model's yes is its probability of opposing the scrutiny, and its no that of acting."""
    votes = shipped_votes()
    rc = next(r for r in describe(votes) if r.rcid == 5802)  # Iran's no-action motion, 2006
    assert rc.yes_direction == -1
    codes = votes.loc[votes["rcid"] == rc.rcid, "iso3"].tolist()
    scenario = roll_call_scenario(rc, codes)
    pred, _ = model_prediction(rc, scenario, codes, replications=3)
    positions, _ = vote_probabilities(prepare(scenario, replications=3))  # support, abstain, oppose
    rows = [scenario.states.index(scenario.state(c)) for c in codes]
    unfloored = (pred.p_present - MODEL_FLOOR / 3) / (1 - MODEL_FLOOR)
    np.testing.assert_allclose(unfloored[:, 0], positions[rows, 2], atol=1e-12)  # yes on the motion = opposing
    np.testing.assert_allclose(unfloored[:, 1], positions[rows, 0], atol=1e-12)  # no on the motion = acting
    assert positions[rows, 2].max() > 0.1 and positions[rows, 0].max() > 0.1  # the check is not vacuous
