"""``trifecta analyze RESULTS``: the analyses a sweep's manifest asks for, as figures and a Markdown report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

EXIT_INPUT = 2


@click.command()
@click.argument("results", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for report.md, report.html and the figures (default: RESULTS/analysis).")
@click.option("--box", type=click.IntRange(min=0), metavar="N",
              help="Inspect step N of PRIM's peeling trajectory (the report lists candidate steps) instead of the chosen one.")
def analyze(results, out, box):
    """Analyse the sweep in RESULTS (QCA, tipping curves, Sobol, Morris, PRIM, CART) into report.md, report.html and
    PNG figures."""
    from ..lab.analysis.discovery import PrimResult
    from ..lab.analysis.requests import requests
    from ..lab.analysis.results import read_results
    from ..scenario.errors import InputFileError
    from .analysis_report import inspect_box, write_analysis

    try:
        sweep = read_results(results)
        todo = requests(sweep, box=box)
    except InputFileError as exc:
        click.echo(exc.render(), err=True)
        sys.exit(EXIT_INPUT)
    folder = out or results / "analysis"
    if folder.exists() and not folder.is_dir():
        click.echo(f"error: {folder} is a file; choose another --out", err=True)
        sys.exit(EXIT_INPUT)
    for damaged in sweep.check.damaged:
        click.echo(f"warning: {damaged.path} is damaged ({damaged.reason}); its runs are left out", err=True)
    if not sweep.complete:
        click.echo(f"warning: {results} is an unfinished sweep: analysing the {len(sweep.runs)} of "
                   f"{sweep.check.runs_total} runs stored soundly (finish it with trifecta sweep EXPERIMENT --out "
                   f"{results} --resume; trifecta verify {results} shows its state)", err=True)
    try:
        done = write_analysis(sweep, todo, folder)
    except InputFileError as exc:
        click.echo(exc.render(), err=True)
        sys.exit(EXIT_INPUT)
    kinds = ", ".join(r.kind for r in todo) or "none"
    click.echo(f"analysed {len(sweep.runs)} runs of {results} ({kinds})")
    for request, result in done.results:
        if box is not None and isinstance(result, PrimResult):
            click.echo(inspect_box(result, box))
    click.echo(f"wrote {folder}/ ({', '.join(p.name for p in done.files)})")
