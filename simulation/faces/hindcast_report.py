"""The hindcast's report: scores of the model beside the baselines, figures, per-roll-call totals, confusion."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pandas as pd

from ..lab.votes.hindcast import METHODS, Hindcast
from ..lab.votes.scoring import CLASSES

SCORE_NAMES = {"present_only_accuracy": "present-only accuracy", "accuracy_4class": "4-class accuracy",
               "log_loss": "log-loss", "brier": "Brier score", "n_votes": "votes"}


@dataclass(frozen=True)
class ReportInfo:
    """What the hindcast was run on, for the report's header."""

    votes_file: str
    roll_calls_file: str | None
    parameters_file: str | None
    years: str
    history_roll_calls: int


def scores_table(scores: dict[str, dict]) -> str:
    """The scores as a Markdown table, one row per method."""
    head = "| method | " + " | ".join(SCORE_NAMES.values()) + " |"
    lines = [head, "|" + "---|" * (len(SCORE_NAMES) + 1)]
    for m in METHODS:
        s = scores[m]
        cells = [f"{s[k]:.3f}" if k != "n_votes" else str(s[k]) for k in SCORE_NAMES]
        lines.append(f"| {m} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _counts(row: pd.Series, prefix: str) -> str:
    return "/".join(f"{row[f'{prefix}_{c}']:.0f}" for c in CLASSES)


def roll_call_lines(table: pd.DataFrame) -> str:
    """Per roll call: recorded and predicted totals (yes/no/abstain/absent) and each method's present-only accuracy."""
    wide = table.pivot(index="rcid", columns="method", values="present_only_accuracy")
    model = table[table["method"] == "model"].set_index("rcid")
    persistence = table[table["method"] == "persistence"].set_index("rcid")
    lines = ["| rcid | date | target | kind | recorded | model's totals | persistence's totals | "
             + " | ".join(f"{m} accuracy" for m in METHODS) + " |",
             "|" + "---|" * (7 + len(METHODS))]
    for rcid, r in model.iterrows():
        accs = " | ".join(f"{wide.loc[rcid, m]:.2f}" for m in METHODS)
        lines.append(f"| {rcid} | {r['date']} | {r['target']} | {r['kind']} | {_counts(r, 'real')} | "
                     f"{_counts(r, 'predicted')} | {_counts(persistence.loc[rcid], 'predicted')} | {accs} |")
    return "\n".join(lines)


def confusion_lines(result: Hindcast, method: str) -> str:
    table = result.confusion(method)
    lines = ["| recorded \\ predicted | " + " | ".join(CLASSES) + " |", "|" + "---|" * (len(CLASSES) + 1)]
    for real, row in table.iterrows():
        lines.append(f"| {real} | " + " | ".join(str(int(v)) for v in row) + " |")
    return "\n".join(lines)


def report_text(result: Hindcast, info: ReportInfo, figures: dict[str, str], map_rcid: int) -> str:
    """The Markdown report of a hindcast."""
    scores = result.scores()
    table = result.roll_call_table()
    by = Counter("the description table" if rc.described_by != "defaults" else "rule (defaults)"
                 for rc in result.roll_calls)
    notes = sum(len(v) for v in result.notes.values())
    ranking = result.net_benefit_ranking()
    best = max(METHODS, key=lambda m: scores[m]["present_only_accuracy"])
    m, p = scores["model"], scores["persistence"]
    out = [
        f"# Hindcast of {info.votes_file}",
        "",
        f"{len(result.roll_calls)} roll calls ({info.years}) predicted one step ahead: each from the votes dated "
        f"strictly before it, in a history of {info.history_roll_calls} roll calls (the file and the package's "
        f"2004-2012 votes). The model ran {result.replications} replications per roll call with "
        f"{'the parameter profile ' + info.parameters_file if info.parameters_file else 'the default parameters'}; "
        f"roll calls described by {', '.join(f'{k} ({v})' for k, v in by.items())}"
        f"{'; extra descriptions from ' + info.roll_calls_file if info.roll_calls_file else ''}.",
        "",
        "## Scores",
        "",
        scores_table(scores),
        "",
        f"Best present-only accuracy: **{best}** ({scores[best]['present_only_accuracy']:.3f}). The model gets "
        f"{m['present_only_accuracy']:.3f} of the present votes right against persistence's "
        f"{p['present_only_accuracy']:.3f}, with a log-loss of {m['log_loss']:.3f} against "
        f"{p['log_loss']:.3f}. Present-only accuracy scores each method's predicted present vote where a vote "
        "was cast; the other scores use the probabilities of the four outcomes (absent included) on every row "
        "(docs/hindcast.md gives the formulas).",
        "",
        f"The model's mean net benefit ranks the recorded positions (support 1, abstain 0, oppose -1) with a "
        f"Spearman correlation of {ranking['pooled']:.2f} pooled over the present votes, and a median of "
        f"{ranking['median_per_roll_call']:.2f} within the {ranking['roll_calls']} roll calls.",
        "",
        "## Predicted and recorded totals",
        "",
        f"![totals]({figures['totals']})",
        "",
        f"## Hits and misses: roll call {map_rcid}",
        "",
        f"![map]({figures['map']})",
        "",
        "## Calibration",
        "",
        f"![calibration]({figures['calibration']})",
        "",
        "## Per roll call",
        "",
        "Totals are yes/no/abstain/absent (predicted: sums of the probabilities); the last columns are each "
        "method's present-only accuracy.",
        "",
        roll_call_lines(table),
        "",
        "## Confusion (recorded against most probable outcome)",
        "",
        "Model:",
        "",
        confusion_lines(result, "model"),
        "",
        "Persistence:",
        "",
        confusion_lines(result, "persistence"),
        "",
        "## Files",
        "",
        "- `scores.json`: the scores above, by method",
        "- `votes.csv`: one row per roll call, state and method: the recorded vote, the probabilities of yes, "
        "no, abstain and absent, the predicted present vote, the most probable outcome, a hit flag, what the "
        "prediction rests on (`basis`) and, for the model, the mean net benefit",
        "- `roll_calls.csv`: per roll call and method, recorded and predicted totals and scores",
        "- `confusion.csv`: the confusion matrices of every method",
        f"- `fill_notes.csv`: the {notes} values the scenarios filled by a stated rule (severity, visibility, the "
        "world table's gaps)",
        "- `manifest.json`: inputs with their hashes, settings, versions",
    ]
    return "\n".join(out) + "\n"
