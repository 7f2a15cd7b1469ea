"""The bench's scores against hand-computed cases, and their invariants."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulation.lab.votes.scoring import (
    CLASSES,
    accuracy_4class,
    brier,
    calibration,
    confusion,
    log_loss,
    present_only_accuracy,
    scores,
    totals,
)

REAL = ["yes", "no", "absent"]
PROBS = np.array([[0.7, 0.1, 0.1, 0.1],
                  [0.2, 0.5, 0.2, 0.1],
                  [0.25, 0.25, 0.25, 0.25]])
PREDICTED = ["yes", "yes", "no"]


def test_present_only_accuracy_counts_only_rows_with_a_vote():
    assert present_only_accuracy(REAL, PREDICTED) == 0.5  # yes right, no wrong, the absent row left out
    assert math.isnan(present_only_accuracy(["absent"], ["yes"]))


def test_4class_accuracy_takes_the_most_probable_class_first_on_a_tie():
    # rows: yes (right), no (right), a four-way tie -> yes (the absent row is wrong)
    assert accuracy_4class(REAL, PROBS) == pytest.approx(2 / 3)


def test_log_loss_and_brier_by_hand():
    assert log_loss(REAL, PROBS) == pytest.approx(-(math.log(0.7) + math.log(0.5) + math.log(0.25)) / 3)
    by_hand = [0.3**2 + 3 * 0.1**2, 0.2**2 + 0.5**2 + 0.2**2 + 0.1**2, 3 * 0.25**2 + 0.75**2]
    assert brier(REAL, PROBS) == pytest.approx(sum(by_hand) / 3)


def test_scores_carry_the_keys_of_scores_json():
    s = scores(REAL, PREDICTED, PROBS)
    assert set(s) == {"present_only_accuracy", "accuracy_4class", "log_loss", "brier", "n_votes", "n_present"}
    assert (s["n_votes"], s["n_present"]) == (3, 2)


def test_totals_are_recorded_counts_and_sums_of_probabilities():
    t = totals(REAL, PROBS)
    assert [t[f"real_{c}"] for c in CLASSES] == [1, 1, 0, 1]
    assert [t[f"predicted_{c}"] for c in CLASSES] == pytest.approx([1.15, 0.85, 0.55, 0.45])


def test_confusion_has_every_class_in_order():
    table = confusion(["yes", "yes", "absent"], ["yes", "no", "yes"])
    assert list(table.index) == list(CLASSES) and list(table.columns) == list(CLASSES)
    assert table.loc["yes", "yes"] == 1 and table.loc["yes", "no"] == 1 and table.loc["absent", "yes"] == 1
    assert table.to_numpy().sum() == 3


def test_calibration_bins_pool_the_four_classes():
    c = calibration(REAL, PROBS, bins=4)
    assert c["n"].sum() == 12  # 3 rows x 4 classes
    top = c[c["bin"] == 2].iloc[0]  # p in [0.5, 0.75): 0.7 (yes, observed) and 0.5 (no, observed)
    assert top["predicted"] == pytest.approx(0.6) and top["observed"] == 1.0


rows = st.integers(min_value=1, max_value=30)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_scores_stay_in_range_and_perfect_predictions_score_perfectly(data):
    n = data.draw(rows)
    raw = np.array(data.draw(st.lists(st.lists(st.floats(0.01, 1.0), min_size=4, max_size=4), min_size=n, max_size=n)))
    probs = raw / raw.sum(axis=1, keepdims=True)
    real = data.draw(st.lists(st.sampled_from(CLASSES), min_size=n, max_size=n))
    assert 0.0 <= brier(real, probs) <= 2.0
    assert log_loss(real, probs) >= 0.0
    assert 0.0 <= accuracy_4class(real, probs) <= 1.0
    onehot = np.eye(4)[[CLASSES.index(v) for v in real]]
    assert brier(real, onehot) == 0.0 and accuracy_4class(real, onehot) == 1.0
    if any(v != "absent" for v in real):
        assert present_only_accuracy(real, real) == 1.0
