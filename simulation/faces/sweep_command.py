"""``trifecta sweep``: run an experiment's design into a resumable results folder."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

import click

from .cli import _friendly

EXIT_INTERRUPTED = 130  # the shell's code for a process stopped by Ctrl-C (128 + SIGINT)


@click.command()
@click.argument("experiment", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: results/<experiment>-<time>).")
@click.option("--workers", type=click.IntRange(min=1),
              help="Cores to use (default: all; 1 runs serially): the kernel's threads in this process, or worker "
                   "processes with --processes.")
@click.option("--processes", is_flag=True, help="Run chunks in a pool of worker processes, not on threads.")
@click.option("--dask", metavar="ADDRESS|local",
              help="Run on Dask: a scheduler address (tcp://host:8786) or 'local' for a LocalCluster.")
@click.option("--resume", is_flag=True, help="Finish the sweep already in --out, running only its missing runs.")
@click.option("--chunk-points", type=click.IntRange(min=1), help="Design points per chunk (default: automatic).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@_friendly
def sweep(experiment, out, workers, processes, dask, resume, chunk_points, quiet):
    """Run every point of EXPERIMENT's design, writing manifest.json, design.parquet and runs/ chunks."""
    from ..lab.executors import choose_executor, dask_warning
    from ..lab.experiment import load_experiment
    from ..lab.store import default_run_folder
    from ..lab.sweep import SweepError, run_sweep

    exp = load_experiment(experiment)
    if resume and out is None:
        raise SweepError("--resume needs --out, the folder of the sweep to finish")
    folder = out or default_run_folder(exp.spec.name)
    if folder.is_symlink():
        raise SweepError(f"--out {folder} is a symbolic link (to {os.readlink(folder)}); name a real folder")
    executor = choose_executor(workers, dask, processes)
    if dask_warning(dask):
        click.echo(dask_warning(dask), err=True)
    try:
        report = run_sweep(exp.job(), folder, executor, resume=resume, chunk_points=chunk_points, progress=not quiet)
    except KeyboardInterrupt:
        click.echo(f"\ninterrupted: the chunks finished so far are kept in {folder}/; finish the sweep with:\n  "
                   + resume_command(experiment, folder, workers, dask, chunk_points, processes), err=True)
        sys.exit(EXIT_INTERRUPTED)
    if report.already_complete:
        click.echo(f"already complete: {folder} holds all {report.runs_total} runs; nothing to do")
        return
    rate = report.runs_now / report.seconds if report.seconds else float("nan")
    click.echo(f"wrote {folder}/ ({report.runs_total} runs in total, {report.runs_now} of them in this call: "
               f"{report.seconds:.1f} s, {rate:.0f} runs/s, executor {executor.kind} x{executor.workers})")


def resume_command(experiment: Path, folder: Path, workers, dask, chunk_points, processes: bool = False) -> str:
    """The command that finishes an interrupted sweep with the same settings."""
    words = ["trifecta", "sweep", str(experiment), "--out", str(folder), "--resume"] + ["--processes"] * processes
    for flag, value in (("--workers", workers), ("--dask", dask), ("--chunk-points", chunk_points)):
        if value is not None:
            words += [flag, str(value)]
    return shlex.join(words)
