"""``trifecta analyze RESULTS``: the analyses a sweep's manifest asks for, as figures and a Markdown report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

EXIT_INPUT = 2


@click.command()
@click.argument("results", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for report.md and the figures (default: RESULTS/analysis).")
def analyze(results, out):
    """Analyse the sweep in RESULTS (QCA, tipping curves, Sobol, Morris, PRIM) into report.md and PNG figures."""
    from ..lab.analysis.requests import requests
    from ..lab.analysis.results import read_results
    from ..scenario.errors import InputFileError
    from .analysis_report import write_analysis

    try:
        sweep = read_results(results)
        todo = requests(sweep)
    except InputFileError as exc:
        click.echo(exc.render(), err=True)
        sys.exit(EXIT_INPUT)
    folder = out or results / "analysis"
    if folder.exists() and not folder.is_dir():
        click.echo(f"error: {folder} is a file; choose another --out", err=True)
        sys.exit(EXIT_INPUT)
    if not sweep.complete:
        click.echo(f"warning: {results} is an unfinished sweep (complete: false); analysing the {len(sweep.runs)} "
                   "runs finished so far", err=True)
    written = write_analysis(sweep, todo, folder)
    kinds = ", ".join(r.kind for r in todo) or "none"
    click.echo(f"analysed {len(sweep.runs)} runs of {results} ({kinds})")
    click.echo(f"wrote {folder}/ ({', '.join(p.name for p in written)})")
