"""``trifecta strategies SPEC``: compare advocacy strategies fairly, optionally search for the best, write a report."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import click

from ..lab.provenance import command_line, git_commit, now, sha256_text, versions
from ..scenario.bounds import MAX_REPLICATIONS
from .cli import _friendly

OPTIMISED = "optimised"


@click.command()
@click.argument("spec", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: results/<spec name>-<time>); its runs are kept in OUT/sweep/.")
@click.option("--optimize", is_flag=True, help="Also search the budget's best use (differential evolution).")
@click.option("--replications", type=click.IntRange(1, MAX_REPLICATIONS),
              help="Runs per strategy and sample (default: the spec's).")
@click.option("--workers", type=click.IntRange(min=1), help="Worker processes (default: all cores; 1 runs serially).")
@click.option("--dask", metavar="ADDRESS|local",
              help="Run on Dask: a scheduler address (tcp://host:8786) or 'local' for a LocalCluster.")
@click.option("--resume", is_flag=True, help="Finish the comparison already in --out, running only its missing runs.")
@click.option("--overwrite", is_flag=True, help="Replace an output folder that already holds files.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@_friendly
def strategies(spec, out, optimize, replications, workers, dask, resume, overwrite, quiet):
    """Evaluate every strategy in SPEC on the same seeds; write report.md, figures and tables.

    The evaluation is a sweep (strategies x uncertain samples x replications): it runs on the same executors
    as `trifecta sweep`, and a killed comparison resumes with --resume --out DIR.
    """
    from ..lab.executors import choose_executor, dask_warning
    from ..lab.store import check_out_folder, default_run_folder, replace_files, written_by_trifecta
    from ..lab.strategies import compare
    from ..lab.strategy_search import search
    from ..lab.strategy_spec import load_strategy_spec
    from ..lab.sweep import SweepError
    from ..lab.sweep_store import is_sweep
    from ..scenario.errors import InputFileError, Problem
    from . import strategy_plots as plots
    from .reports import write_report
    from .strategy_report import best_acting, report_text, terminal_ranking, terminal_search

    started = now()
    loaded = load_strategy_spec(spec)
    if optimize and loaded.spec.optimize is None:
        raise InputFileError(str(spec), [Problem("optimize", "an optimize: section (levers to search) for --optimize",
                                                 "none")])
    if resume and out is None:
        raise SweepError("--resume needs --out, the folder of the comparison to finish")
    folder = out or default_run_folder(loaded.spec.name)
    if not resume:
        check_out_folder(folder, overwrite, (Path(spec), Path(loaded.scenario_file)),
                         ", pass --resume to finish the comparison in it")
        if folder.exists() and any(folder.iterdir()):
            shutil.rmtree(folder)
    elif folder.is_symlink() or (folder.is_dir() and any(folder.iterdir()) and not written_by_trifecta(folder)
                                 and not is_sweep(folder / "sweep")):
        check_out_folder(folder, overwrite=True)  # a link, or a folder trifecta did not write: refused
    executor = choose_executor(workers, dask)
    if dask_warning(dask):
        click.echo(dask_warning(dask), err=True)
    found = search(loaded) if optimize else None
    extra = [(OPTIMISED, found.best)] if found else []
    comparison = compare(loaded, replications=replications, extra=extra, executor=executor, folder=folder / "sweep",
                         resume=resume, progress=not quiet)
    ranking = comparison.ranking()
    label = loaded.spec.success.label  # P(tip), P(acts at the horizon), ... by the spec's success rule
    with tempfile.TemporaryDirectory(prefix=".strategies-", dir=folder) as scratch:
        tmp = Path(scratch)
        figures = {"p_tip": plots.p_tip_figure(ranking, tmp / "p_tip.png", label),
                   "survival": plots.survival_figure(comparison.survival(), tmp / "survival.png")}
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
            "seeding": "unit u = sample j * replications + r draws with the key run_seed(seed, u), "
                       "the same for every strategy",
            "runs": "sweep/ (the resumable store of every run: design.parquet, runs/, manifest.json)",
            "executor": executor.manifest(),
            "optimize": None if found is None else {
                "best": [iv.model_dump() for iv in found.best], "p_tip_search": found.p_tip,
                "cost": found.cost, "history": found.history, "evaluations": found.evaluations},
            "versions": versions(), "git_commit": git_commit(), "command": command_line(),
            "started": started, "finished": now(),
            "files": sorted(p.name for p in tmp.iterdir()) + ["manifest.json", "sweep/"],
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, default=str) + "\n", encoding="utf-8")
        replace_files(folder, {p.name: p for p in tmp.iterdir()})
    click.echo("\n".join(terminal_ranking(ranking, label)))
    if found is not None:
        click.echo("\n".join(terminal_search(found, label)))
    click.echo(f"\nwrote {folder}/ (report.md, report.html, {', '.join(sorted(figures.values()))}; runs in sweep/)")
