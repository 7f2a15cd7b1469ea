"""``trifecta hindcast VOTES.csv``: predict every recorded roll call of a votes file, score the model beside the
baselines, and write a report, a tidy per-vote table and ``scores.json``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click

from ..lab.provenance import command_line, git_commit, now, sha256_text, versions
from ..scenario.bounds import MAX_REPLICATIONS
from .cli import _friendly

DEFAULT_REPLICATIONS = 20


def parse_years(text: str | None, years: list[int], file: str):
    """``A-B`` or ``A`` as an inclusive range of years, or None for all; a located error otherwise."""
    from ..scenario.errors import InputFileError, Problem

    if text is None:
        return None
    m = re.fullmatch(r"\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?", text)
    if not m or (m[2] and int(m[2]) < int(m[1])):
        raise InputFileError(file, [Problem("--years", "A-B with A <= B, e.g. 2010-2012 (or one year)", repr(text))])
    first, last = int(m[1]), int(m[2] or m[1])
    if not any(first <= y <= last for y in years):
        raise InputFileError(file, [Problem("--years", f"years holding roll calls of the file ({min(years)}-"
                                            f"{max(years)})", repr(text))])
    return first, last


@click.command()
@click.argument("votes", type=click.Path(path_type=Path))
@click.option("--roll-calls", "roll_calls", type=click.Path(path_type=Path),
              help="A roll-call description YAML adding or replacing descriptions (docs/hindcast.md).")
@click.option("--parameters", type=click.Path(path_type=Path),
              help="A parameter profile YAML ({parameters: {...}, provenance: {...}}) applied to every roll call.")
@click.option("--replications", type=click.IntRange(1, MAX_REPLICATIONS), default=DEFAULT_REPLICATIONS, show_default=True,
              help="Model runs per roll call.")
@click.option("--years", metavar="A-B", help="Predict only the file's roll calls of these years (the rest stay history).")
@click.option("--map", "map_rcid", type=int, help="The roll call drawn on the map of hits and misses (default: the last).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: results/hindcast-<time>).")
@click.option("--overwrite", is_flag=True, help="Replace an output folder that already holds files.")
@_friendly
def hindcast(votes, roll_calls, parameters, replications, years, map_rcid, out, overwrite):
    """Predict every roll call in VOTES (the shared votes format), one step ahead, and score the model beside
    majority, persistence and a logit; write report.md, scores.json, votes.csv and figures."""
    from ..lab.store import atomic_folder, check_out_folder, default_run_folder
    from ..lab.votes.hindcast import hindcast as run_hindcast
    from ..lab.votes.roll_calls import describe, read_table
    from ..lab.votes.votes_file import read_votes, shipped_votes, with_history
    from ..scenario.errors import InputFileError, Problem
    from ..scenario.profile import read_parameter_profile
    from .hindcast_report import ReportInfo

    started = now()
    folder = out or default_run_folder("hindcast")
    inputs = tuple(Path(p) for p in (votes, roll_calls, parameters) if p)
    check_out_folder(folder, overwrite, inputs)
    file_votes = read_votes(votes)
    extra = read_table(roll_calls) if roll_calls else None
    profile = read_parameter_profile(parameters) if parameters else None
    history = with_history(file_votes, shipped_votes())
    described = describe(history, extra)
    span = parse_years(years, sorted(file_votes["year"].unique()), str(votes))
    chosen = file_votes[file_votes["year"].between(*span)] if span else file_votes
    predict = sorted(chosen["rcid"].unique().tolist())
    if map_rcid is not None and map_rcid not in predict:
        raise InputFileError(str(votes), [Problem("--map", "the rcid of a predicted roll call", str(map_rcid))])
    result = run_hindcast(history, described, predict, replications, profile.settings if profile else None,
                          progress=True, mapping=profile.mapping if profile else None)
    label = f"{chosen['year'].min()}-{chosen['year'].max()}"
    with atomic_folder(folder, overwrite, inputs) as tmp:
        info = ReportInfo(str(votes), str(roll_calls) if roll_calls else None,
                          str(parameters) if parameters else None, label, history["rcid"].nunique())
        figures = write_hindcast(tmp, result, info, map_rcid)
        manifest = {
            "kind": "hindcast",
            "votes": {"file": str(votes), "sha256": sha256_text(Path(votes).read_text(encoding="utf-8"))},
            "roll_calls": None if extra is None else {"file": extra.doc.file, "sha256": sha256_text(extra.text)},
            "parameters": None if profile is None else {"file": profile.file, "sha256": sha256_text(profile.text),
                                                        "settings": profile.settings, "mapping": profile.mapping,
                                                        "provenance": profile.provenance},
            "years": label, "predicted": predict, "replications": replications,
            "seeding": SEEDING, "versions": versions(), "git_commit": git_commit(), "command": command_line(),
            "started": started, "finished": now(),
            "files": sorted(p.name for p in tmp.iterdir()) + ["manifest.json"],
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, default=str) + "\n", encoding="utf-8")
    click.echo(f"{len(predict)} roll calls ({label}), {replications} replications each")
    click.echo(scores_text(result.scores()))
    click.echo(f"\nwrote {folder}/ (report.md, scores.json, votes.csv, {', '.join(sorted(figures.values()))})")


SEEDING = "roll call r runs with seed = its rcid; replication k draws with the key run_seed(rcid, k)"


def write_hindcast(folder: Path, result, info, map_rcid: int | None = None) -> dict[str, str]:
    """A hindcast's files in ``folder``: figures, the per-vote and per-roll-call tables, scores.json, report.md."""
    from . import hindcast_plots as plots
    from .hindcast_report import report_text

    map_rcid = map_rcid if map_rcid is not None else result.roll_calls[-1].rcid
    table = result.roll_call_table()
    figures = {"totals": plots.totals_figure(table, folder / "totals.png"),
               "map": plots.map_figure(result.votes, map_rcid, folder / "map.png"),
               "calibration": plots.calibration_figure(result.votes, folder / "calibration.png")}
    result.votes.to_csv(folder / "votes.csv", index=False)
    table.to_csv(folder / "roll_calls.csv", index=False)
    result.confusion_table().to_csv(folder / "confusion.csv", index=False)
    result.notes_table().to_csv(folder / "fill_notes.csv", index=False)
    (folder / "scores.json").write_text(json.dumps(result.scores(), indent=2) + "\n", encoding="utf-8")
    (folder / "report.md").write_text(report_text(result, info, figures, map_rcid), encoding="utf-8")
    return figures


def scores_text(scores: dict) -> str:
    """The scores of every method as a small table, as the terminal shows it."""
    from ..lab.votes.hindcast import METHODS

    lines = [f"{'method':<12} {'present-only':>12} {'4-class':>8} {'log-loss':>9} {'Brier':>7} {'votes':>6}"]
    for m in METHODS:
        s = scores[m]
        lines.append(f"{m:<12} {s['present_only_accuracy']:>12.3f} {s['accuracy_4class']:>8.3f} "
                     f"{s['log_loss']:>9.3f} {s['brier']:>7.3f} {s['n_votes']:>6}")
    return "\n".join(lines)
