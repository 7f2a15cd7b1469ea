"""The hindcast: one step ahead for the model and every baseline, and ``trifecta hindcast`` end to end."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from simulation.faces.cli import cli
from simulation.lab.votes.hindcast import METHODS, hindcast
from simulation.lab.votes.roll_calls import describe
from simulation.lab.votes.votes_file import VOTES, shipped_votes

ROOT = Path(__file__).resolve().parents[1]

PROBS = [f"p_{c}" for c in VOTES]


def predictions(history: pd.DataFrame, rcids: list[int]) -> pd.DataFrame:
    result = hindcast(history, describe(history), rcids, replications=2)
    return result.votes.sort_values(["rcid", "method", "iso3"]).reset_index(drop=True)


def scrambled(history: pd.DataFrame, which: pd.Series, seed: int = 7) -> pd.DataFrame:
    """The history with the votes of the rows ``which`` shuffled and a third of them replaced at random."""
    out = history.copy()
    rng = np.random.default_rng(seed)
    votes = rng.permutation(out.loc[which, "vote"].to_numpy())
    replace = rng.random(len(votes)) < 1 / 3
    votes[replace] = rng.choice(list(VOTES), size=int(replace.sum()))
    out.loc[which, "vote"] = votes
    return out


def test_a_roll_calls_own_votes_and_later_ones_do_not_change_its_predictions():
    history = shipped_votes()
    target = 5134  # Iran, 19 Dec 2011; the Iran motion, DPRK and Syria texts were voted the same day
    date = history.loc[history["rcid"] == target, "date"].iloc[0]
    before = predictions(history, [target])
    after = predictions(scrambled(history, history["date"] >= date), [target])
    assert (after["vote"] != before["vote"]).any()  # the scramble did change the recorded votes
    for method in METHODS:
        a, b = (f[f["method"] == method] for f in (before, after))
        np.testing.assert_array_equal(a[PROBS].to_numpy(), b[PROBS].to_numpy(), err_msg=method)
        assert a["predicted"].tolist() == b["predicted"].tolist(), method


def test_an_earlier_roll_calls_votes_do_change_the_predictions():
    """The check above can fail: scrambling the Iran votes of 2010 moves the baselines' predictions for 2011."""
    history = shipped_votes()
    before = predictions(history, [5134])
    after = predictions(scrambled(history, history["rcid"] == 5110), [5134])
    for method in ("persistence", "logit", "majority"):
        a, b = (f[f["method"] == method][PROBS].to_numpy() for f in (before, after))
        assert not np.allclose(a, b), method


def test_the_same_inputs_give_the_same_numbers():
    history = shipped_votes()
    a, b = predictions(history, [4725]), predictions(history, [4725])
    pd.testing.assert_frame_equal(a, b)


def test_hindcast_runs_end_to_end_and_writes_its_report(small_file, tmp_path):
    out = tmp_path / "hc"
    result = CliRunner().invoke(cli, ["hindcast", str(small_file), "--replications", "2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    for name in ("report.md", "scores.json", "votes.csv", "roll_calls.csv", "confusion.csv", "fill_notes.csv",
                 "manifest.json", "totals.png", "map.png", "calibration.png"):
        assert (out / name).is_file(), name
    scores = json.loads((out / "scores.json").read_text())
    assert set(scores) == set(METHODS)
    for s in scores.values():
        assert 0 <= s["present_only_accuracy"] <= 1 and 0 <= s["accuracy_4class"] <= 1
        assert s["log_loss"] > 0 and 0 <= s["brier"] <= 2 and s["n_votes"] == 3 * 191
    votes = pd.read_csv(out / "votes.csv")
    assert len(votes) == 4 * 3 * 191 and set(votes["method"]) == set(METHODS)
    np.testing.assert_allclose(votes[PROBS].sum(axis=1), 1.0)
    report = (out / "report.md").read_text()
    assert "| persistence |" in report and "![map](map.png)" in report and "Hits and misses: roll call 4606" in report
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["predicted"] == [4604, 4606, 5747] and manifest["replications"] == 2
    assert "persistence" in result.output and "wrote" in result.output


def test_years_select_the_roll_calls_and_earlier_ones_stay_history(small_file, tmp_path):
    out = tmp_path / "hc"
    result = CliRunner().invoke(cli, ["hindcast", str(small_file), "--replications", "2", "--years", "2005",
                                      "--map", "4604", "--out", str(out)])
    assert result.exit_code == 0, result.output
    votes = pd.read_csv(out / "votes.csv")
    assert sorted(votes["rcid"].unique()) == [4604, 4606]
    persistence = votes[votes["method"] == "persistence"]
    assert (persistence["basis"] == "other target").mean() > 0.8  # the 2004 motion is their history


def test_a_parameter_profile_changes_the_models_votes(small_file, tmp_path):
    profile = tmp_path / "profile.yaml"
    profile.write_text("parameters: {value_weight: 12.0, scrutiny_weight: 0.0}\nprovenance: {note: test}\n")
    runs = {}
    for name, extra in (("default", []), ("profile", ["--parameters", str(profile)])):
        out = tmp_path / name
        result = CliRunner().invoke(cli, ["hindcast", str(small_file), "--replications", "2", "--years", "2005",
                                          "--out", str(out), *extra])
        assert result.exit_code == 0, result.output
        runs[name] = pd.read_csv(out / "votes.csv")
    model = {k: v[v["method"] == "model"]["p_yes"].mean() for k, v in runs.items()}
    assert model["profile"] > model["default"] + 0.1  # values weigh twelve times as much: many more yes votes
    base = {k: v[v["method"] == "persistence"][PROBS].to_numpy() for k, v in runs.items()}
    np.testing.assert_array_equal(base["default"], base["profile"])  # the baselines do not use it
    manifest = json.loads((tmp_path / "profile" / "manifest.json").read_text())
    assert manifest["parameters"]["settings"] == {"value_weight": 12.0, "scrutiny_weight": 0.0}


@pytest.mark.parametrize(("args", "needle"), [
    (["--years", "2010-2008"], "--years"),
    (["--years", "2019"], "years holding roll calls"),
    (["--map", "1"], "--map"),
    (["--parameters", "no/such/profile.yaml"], "no such file"),
    (["--roll-calls", "no/such/roll_calls.yaml"], "no such file"),
])
def test_bad_options_are_located_errors(small_file, tmp_path, args, needle):
    result = CliRunner().invoke(cli, ["hindcast", str(small_file), "--out", str(tmp_path / "x"), *args])
    assert result.exit_code == 2, result.output
    assert needle in result.output and "Traceback" not in result.output


def test_votes_lists_the_roll_calls():
    result = CliRunner().invoke(cli, ["votes"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line[:6].strip().isdigit()]
    assert len(lines) == 29
    motion = next(line for line in lines if line.split()[0] == "5802")
    assert "no-action motion" in motion and "mover IRN" in motion and "a yes blocks it" in motion
    assert "EU(25)+JPN" in next(line for line in lines if line.split()[0] == "4604")
