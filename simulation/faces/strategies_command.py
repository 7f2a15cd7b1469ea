"""``trifecta strategies SPEC``: compare advocacy strategies fairly, optionally search for the best, write a report."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..lab.provenance import command_line, git_commit, now, sha256_text, versions
from .cli import EXIT_INPUT, _friendly

OPTIMISED = "optimised"


@click.command()
@click.argument("spec", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: results/<spec name>-<time>).")
@click.option("--optimize", is_flag=True, help="Also search the budget's best use (differential evolution).")
@click.option("--replications", type=click.IntRange(min=1), help="Runs per strategy and sample (default: the spec's).")
@click.option("--overwrite", is_flag=True, help="Replace an output folder that already holds files.")
@_friendly
def strategies(spec, out, optimize, replications, overwrite):
    """Evaluate every strategy in SPEC on the same seeds; write report.md, figures and tables."""
    from ..lab.store import OutputExistsError, atomic_folder, default_run_folder
    from ..lab.strategies import compare
    from ..lab.strategy_search import search
    from ..lab.strategy_spec import load_strategy_spec
    from ..scenario.errors import InputFileError, Problem
    from . import strategy_plots as plots
    from .reports import write_report
    from .strategy_report import best_acting, report_text, terminal_ranking, terminal_search

    started = now()
    loaded = load_strategy_spec(spec)
    if optimize and loaded.spec.optimize is None:
        raise InputFileError(str(spec), [Problem("optimize", "an optimize: section (levers to search) for --optimize",
                                                 "none")])
    folder = out or default_run_folder(loaded.spec.name)
    found = search(loaded) if optimize else None
    extra = [(OPTIMISED, found.best)] if found else []
    comparison = compare(loaded, replications=replications, extra=extra)
    ranking = comparison.ranking()
    label = loaded.spec.success.label  # P(tip), P(acts at the horizon), ... by the spec's success rule
    try:
        with atomic_folder(folder, overwrite) as tmp:
            figures = {"p_tip": plots.p_tip_figure(ranking, tmp / "p_tip.png", label),
                       "survival": plots.survival_figure(survival_bands(comparison), tmp / "survival.png")}
            best = best_acting(ranking)
            if best is not None:
                figures["terms"] = plots.terms_figure(comparison.terms_moved(best), best, tmp / "terms.png")
                comparison.terms_moved(best).to_csv(tmp / "terms_moved.csv", index=False)
            if found is not None:
                figures["convergence"] = plots.convergence_figure(found.history, tmp / "convergence.png", label)
            ranking.to_csv(tmp / "ranking.csv", index=False)
            comparison.survival().to_csv(tmp / "survival.csv", index=False)
            comparison.units().to_csv(tmp / "units.csv", index=False)
            write_report(tmp, report_text(loaded, comparison, figures, found))
            manifest = {
                "kind": "strategies",
                "spec": {"name": loaded.spec.name, "file": loaded.file, "sha256": sha256_text(loaded.text),
                         "text": loaded.text},
                "scenario": {"file": loaded.scenario_file, "variant": loaded.spec.variant},
                "success": loaded.spec.success.model_dump(),
                "seed": loaded.spec.seed, "replications": replications or loaded.spec.replications,
                "seeding": "unit u = sample j * replications + r uses SeedSequence(seed, spawn_key=(u,)), "
                           "the same for every strategy",
                "optimize": None if found is None else {
                    "best": [iv.model_dump() for iv in found.best], "p_tip_search": found.p_tip,
                    "cost": found.cost, "history": found.history, "evaluations": found.evaluations},
                "versions": versions(), "git_commit": git_commit(), "command": command_line(),
                "started": started, "finished": now(),
                "files": sorted(p.name for p in tmp.iterdir()) + ["manifest.json"],
            }
            (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, default=str) + "\n", encoding="utf-8")
    except OutputExistsError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_INPUT)
    click.echo("\n".join(terminal_ranking(ranking, label)))
    if found is not None:
        click.echo("\n".join(terminal_search(found, label)))
    click.echo(f"\nwrote {folder}/ (report.md, report.html, {', '.join(sorted(figures.values()))})")


def survival_bands(comparison):
    """Kaplan-Meier share not yet tipped with its 95% band, per strategy and tick."""
    import pandas as pd

    from ..lab.survival import kaplan_meier_bands

    return pd.concat([kaplan_meier_bands(o.time, o.tipped, comparison.horizon).assign(strategy=o.name)
                      for o in comparison.outcomes], ignore_index=True)
