"""The hindcast: every roll call predicted one step ahead by the model and the baselines, on the same rows.

For each roll call, in date order, every method sees the same information: the votes of roll calls dated
strictly before it (``earlier``), never its own, plus who was a member that day (the states with a row
for it). The model runs the roll call's scenario through ``simulation.lab.runs.run_scenario`` and turns
each replication's final stance into a vote; the baselines read ``earlier`` alone. The vote layer gives
every method the same absence probabilities. docs/hindcast.md states every rule.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import spearmanr
from tqdm import tqdm

from ...scenario.prepare import prepare
from ...scenario.world_table import FillNote
from .baselines import Prediction, majority, persistence
from .logit import COLUMNS, covariates, logit
from .model_votes import MODEL_FLOOR, vote_probabilities
from .roll_call_scenario import roll_call_scenario, scenario_fill_notes
from .roll_calls import RollCall
from .scoring import CLASSES, confusion, most_probable, scores, totals
from .vote_layer import PRESENT, absence_probabilities, floored, position_of_vote, present_from_positions, with_absence

METHODS: tuple[str, ...] = ("model", "majority", "persistence", "logit")
_P = [f"p_{c}" for c in CLASSES]
RANK = {"support": 1, "abstain": 0, "oppose": -1}  # positions as numbers, for the net-benefit ranking


@dataclass(frozen=True)
class Hindcast:
    """What a hindcast predicted and how well: a tidy per-vote table, scores, totals, and the scenarios' notes."""

    votes: pd.DataFrame  # one row per (roll call, state, method)
    roll_calls: tuple[RollCall, ...]
    replications: int
    notes: dict[int, list[FillNote]] = field(default_factory=dict)

    def scores(self) -> dict[str, dict[str, float | int]]:
        """Each method's scores over every predicted row (``scoring.scores``)."""
        return {m: scores(g["vote"].tolist(), g["predicted"].tolist(), g[_P].to_numpy())
                for m, g in self._by_method()}

    def roll_call_table(self) -> pd.DataFrame:
        """Per roll call and method: recorded and predicted totals, present-only accuracy and log-loss."""
        rows = []
        for (rcid, method), g in self.votes.groupby(["rcid", "method"], sort=False):
            s = scores(g["vote"].tolist(), g["predicted"].tolist(), g[_P].to_numpy())
            first = g.iloc[0]
            rows.append({"rcid": rcid, "date": first["date"], "target": first["target"], "kind": first["kind"],
                         "method": method, **totals(g["vote"].tolist(), g[_P].to_numpy()),
                         "present_only_accuracy": s["present_only_accuracy"], "log_loss": s["log_loss"]})
        return pd.DataFrame(rows)

    def confusion(self, method: str) -> pd.DataFrame:
        """Recorded (rows) against most probable (columns) class of ``method`` over every predicted row."""
        g = self.votes[self.votes["method"] == method]
        return confusion(g["vote"].tolist(), g["most_probable"].tolist())

    def confusion_table(self) -> pd.DataFrame:
        """Every method's confusion matrix as one tidy table: method, real, predicted, n."""
        parts = [self.confusion(m).stack().rename("n").reset_index().assign(method=m) for m in METHODS]
        return pd.concat(parts, ignore_index=True)[["method", "real", "predicted", "n"]]

    def notes_table(self) -> pd.DataFrame:
        """Every value the roll calls' scenarios filled by a stated rule: rcid, iso3, field, rule, value."""
        return pd.DataFrame([{"rcid": rcid, "iso3": n.iso3, "field": n.field, "rule": n.rule, "value": n.value}
                             for rcid, notes in self.notes.items() for n in notes],
                            columns=["rcid", "iso3", "field", "rule", "value"])

    def net_benefit_ranking(self) -> dict[str, float]:
        """Spearman rank correlation of the model's mean net benefit with the recorded position (support 1,
        abstain 0, oppose -1) over present votes: pooled, and the median over roll calls."""
        g = self.votes[(self.votes["method"] == "model") & (self.votes["vote"] != "absent")]
        score = g["position"].map(RANK)
        pooled = spearmanr(g["net_benefit"], score).statistic if len(g) > 2 else float("nan")
        per = [spearmanr(part["net_benefit"], score[part.index]).statistic for _, part in g.groupby("rcid")
               if score[part.index].nunique() > 1 and part["net_benefit"].nunique() > 1]
        return {"pooled": float(pooled), "median_per_roll_call": float(np.median(per)) if per else float("nan"),
                "roll_calls": len(per)}

    def _by_method(self):
        return ((m, self.votes[self.votes["method"] == m]) for m in METHODS)


def with_positions(history: pd.DataFrame, roll_calls: Sequence[RollCall]) -> pd.DataFrame:
    """The history with each row's ``position`` toward the response (None when absent), by its roll call's
    direction, and its roll call's described kind (``roll_call_kind``)."""
    described = {rc.rcid: rc for rc in roll_calls}
    out = history.copy()
    out["position"] = [position_of_vote(v, described[r].yes_direction)
                       for v, r in zip(out["vote"], out["rcid"], strict=True)]
    out["roll_call_kind"] = out["rcid"].map({r: rc.kind for r, rc in described.items()})
    return out


def hindcast(history: pd.DataFrame, roll_calls: Sequence[RollCall], predict: Sequence[int], replications: int,
             parameters: Mapping[str, Any] | None = None, progress: bool = False,
             mapping: Mapping[str, float] | None = None) -> Hindcast:
    """Predict the roll calls ``predict`` (rcids) of ``history``, each from the rows dated strictly before it.

    ``roll_calls`` describes every roll call of ``history``; ``parameters`` and ``mapping`` (a profile's
    settings and covariate-to-trait coefficients) apply to every roll call's scenario.
    """
    described = {rc.rcid: rc for rc in roll_calls}
    history = with_positions(history, roll_calls)
    chosen = sorted((described[r] for r in predict), key=lambda rc: (rc.date, rc.rcid))
    frames, notes = [], {}
    for rc in tqdm(chosen, desc="hindcast", unit="roll call", disable=not progress):
        date = pd.Timestamp(rc.date)
        earlier = history[history["date"] < date]
        roster = history[history["rcid"] == rc.rcid].reset_index(drop=True)
        codes = roster["iso3"].tolist()
        p_absent = absence_probabilities(earlier, codes)
        scenario = roll_call_scenario(rc, codes, parameters, record_of(earlier, described), mapping)
        notes[rc.rcid] = scenario_fill_notes(rc, scenario)
        model, net = model_prediction(rc, scenario, codes, replications)
        train = _training_rows(earlier, described)
        predictions = {
            "model": model,
            "majority": majority(earlier, len(codes), rc.yes_direction),
            "persistence": persistence(earlier, roster[["iso3", "target", "roll_call_kind", "date"]],
                                       rc.yes_direction),
            "logit": logit(train, covariates(rc).loc[codes], rc.yes_direction),
        }
        for method, pred in predictions.items():
            frames.append(_rows(rc, roster, method, pred, p_absent, net if method == "model" else None))
    votes = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return Hindcast(votes, tuple(chosen), replications, notes)


def record_of(earlier: pd.DataFrame, described: dict[int, RollCall]) -> pd.DataFrame:
    """The earlier present votes as the record a roll call's scenario reads: iso3, date, target, roll_call_kind,
    whether the roll call scrutinised a record, and the position as -1, 0 or +1."""
    present = earlier.dropna(subset=["position"])
    return present.assign(position=present["position"].map(RANK).astype(float),
                          scrutiny=present["rcid"].map({r: rc.scrutiny for r, rc in described.items()}).astype(bool))


def model_prediction(rc: RollCall, scenario, codes: Sequence[str], replications: int) -> tuple[Prediction, np.ndarray]:
    """The model's votes for the roll call: the probability of each position at the vote, averaged over
    replications (``vote_probabilities``), and each state's mean net benefit then."""
    positions, net = vote_probabilities(prepare(scenario, replications=replications))
    rows = [scenario.states.index(scenario.state(c)) for c in codes]
    p = floored(present_from_positions(positions[rows], rc.yes_direction), MODEL_FLOOR)
    predicted = tuple(PRESENT[i] for i in np.argmax(p, axis=1))
    return Prediction(p, predicted, ("model",) * len(codes)), net[rows]


def _training_rows(earlier: pd.DataFrame, described: dict[int, RollCall]) -> pd.DataFrame:
    """The earlier present votes with their states' covariates for their own roll calls."""
    present = earlier.dropna(subset=["position"])
    if present.empty:
        return pd.DataFrame(columns=[*COLUMNS, "position"])
    parts = [covariates(described[r]).loc[g["iso3"]].assign(position=g["position"].to_numpy())
             for r, g in present.groupby("rcid", sort=True)]
    return pd.concat(parts, ignore_index=True)


def _rows(rc: RollCall, roster: pd.DataFrame, method: str, pred: Prediction, p_absent: np.ndarray,
          net: np.ndarray | None) -> pd.DataFrame:
    probs = with_absence(pred.p_present, p_absent)
    frame = pd.DataFrame({
        "rcid": rc.rcid, "resolution": rc.resolution, "date": rc.date.isoformat(), "target": rc.target,
        "kind": rc.kind, "yes_direction": rc.yes_direction, "iso3": roster["iso3"],
        "country": roster["country"] if "country" in roster else roster["iso3"], "vote": roster["vote"],
        "position": roster["position"], "method": method})
    for k, c in enumerate(CLASSES):
        frame[f"p_{c}"] = probs[:, k]
    frame["predicted"] = list(pred.predicted)
    frame["most_probable"] = most_probable(probs)
    frame["hit"] = np.where(frame["vote"] == "absent", np.nan, (frame["predicted"] == frame["vote"]).astype(float))
    frame["basis"] = list(pred.basis) if pred.basis else method
    frame["net_benefit"] = np.nan if net is None else net
    return frame
