"""Scores of predicted votes against recorded ones: pure functions of the real votes and the predictions.

``real`` is a sequence of recorded votes (``CLASSES``: yes, no, abstain, absent); ``probs`` an (N, 4)
array of probabilities in the same order, rows summing to 1; ``predicted`` a predicted present vote per
row. With ``y`` the one-hot real vote and ``p`` its row of probabilities:

- present-only accuracy = share of present rows (real vote not absent) whose predicted present vote is the real one;
- 4-class accuracy = share of all rows whose most probable class (first in ``CLASSES`` order on a tie) is the real one;
- log-loss = mean over rows of -ln p[real];
- Brier score = mean over rows of sum_k (p_k - y_k)^2 (0 is perfect, 2 the worst).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .votes_file import VOTES

CLASSES: tuple[str, ...] = VOTES


def _index(real: Sequence[str]) -> np.ndarray:
    lookup = {c: i for i, c in enumerate(CLASSES)}
    return np.array([lookup[v] for v in real], dtype=int)


def present_only_accuracy(real: Sequence[str], predicted: Sequence[str]) -> float:
    """Share of rows with a recorded present vote whose predicted present vote is that vote (NaN if none)."""
    real, predicted = np.asarray(real, dtype=object), np.asarray(predicted, dtype=object)
    present = real != "absent"
    return float(np.mean(real[present] == predicted[present])) if present.any() else float("nan")


def most_probable(probs: np.ndarray) -> np.ndarray:
    """Each row's most probable class (the first in ``CLASSES`` order on a tie)."""
    return np.asarray(CLASSES, dtype=object)[np.argmax(np.asarray(probs, dtype=float), axis=1)]


def accuracy_4class(real: Sequence[str], probs: np.ndarray) -> float:
    """Share of rows whose most probable class of the four is the recorded one."""
    return float(np.mean(most_probable(probs) == np.asarray(real, dtype=object)))


def log_loss(real: Sequence[str], probs: np.ndarray) -> float:
    """Mean negative natural log of the probability given to the recorded class."""
    p = np.asarray(probs, dtype=float)
    return float(-np.mean(np.log(p[np.arange(len(p)), _index(real)])))


def brier(real: Sequence[str], probs: np.ndarray) -> float:
    """Mean over rows of the squared distance between the probabilities and the one-hot recorded class."""
    p = np.asarray(probs, dtype=float)
    onehot = np.eye(len(CLASSES))[_index(real)]
    return float(np.mean(np.sum((p - onehot) ** 2, axis=1)))


def scores(real: Sequence[str], predicted: Sequence[str], probs: np.ndarray) -> dict[str, float | int]:
    """The bench's scores of one method (the keys of ``scores.json``)."""
    return {"present_only_accuracy": present_only_accuracy(real, predicted),
            "accuracy_4class": accuracy_4class(real, probs),
            "log_loss": log_loss(real, probs), "brier": brier(real, probs),
            "n_votes": len(real), "n_present": int(np.sum(np.asarray(real, dtype=object) != "absent"))}


def totals(real: Sequence[str], probs: np.ndarray) -> dict[str, float]:
    """Recorded counts of each class and the predicted ones (the sum of the probabilities, an expected count)."""
    real = np.asarray(real, dtype=object)
    p = np.asarray(probs, dtype=float)
    out: dict[str, float] = {f"real_{c}": int(np.sum(real == c)) for c in CLASSES}
    out.update({f"predicted_{c}": float(p[:, k].sum()) for k, c in enumerate(CLASSES)})
    return out


def confusion(real: Sequence[str], predicted: Sequence[str]) -> pd.DataFrame:
    """Counts of recorded (rows) against predicted (columns) classes, every class shown."""
    table = pd.crosstab(pd.Series(list(real), name="real"), pd.Series(list(predicted), name="predicted"))
    return table.reindex(index=list(CLASSES), columns=list(CLASSES), fill_value=0)


def calibration(real: Sequence[str], probs: np.ndarray, bins: int = 10) -> pd.DataFrame:
    """One-vs-rest calibration pooled over the four classes: per bin of predicted probability, its mean and the
    observed frequency of the class; ``n`` (class, row) pairs per bin, empty bins left out."""
    p = np.asarray(probs, dtype=float)
    onehot = np.eye(len(CLASSES))[_index(real)]
    flat_p, flat_y = p.reshape(-1), onehot.reshape(-1)
    which = np.minimum((flat_p * bins).astype(int), bins - 1)
    frame = pd.DataFrame({"bin": which, "p": flat_p, "y": flat_y})
    return frame.groupby("bin").agg(predicted=("p", "mean"), observed=("y", "mean"), n=("y", "size")).reset_index()
