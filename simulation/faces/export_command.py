"""``trifecta export RESULTS``: a sweep as one tidy table (design factors joined to outcomes) and its codebook."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .cli import _friendly

FORMATS = ("csv", "parquet")


@click.command()
@click.argument("results", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True,
              help="csv for R, Stata or a spreadsheet; parquet keeps the column types.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="The table's file (default: RESULTS/table.csv or table.parquet); its codebook is written beside it "
                   "as <name>.codebook.json.")
@_friendly
def export(results, fmt, out):
    """Write the sweep in RESULTS as one tidy table, one row per run (run_id, point_id, replication, the factors,
    the outcomes), with a codebook of its columns."""
    from ..lab.analysis.results import read_results
    from ..lab.export import codebook, tidy_table

    sweep = read_results(results)
    table = tidy_table(sweep)
    path = out or results / f"table.{fmt}"
    if path.exists() and path.is_dir():
        raise click.BadParameter(f"{path} is a folder; give a file name", param_hint="--out")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    if fmt == "csv":
        table.to_csv(tmp, index=False)
    else:
        table.to_parquet(tmp, index=False)
    tmp.replace(path)
    book = path.with_name(f"{path.stem}.codebook.json")
    book.write_text(json.dumps(codebook(sweep, table), indent=2, default=str) + "\n", encoding="utf-8")
    note = "" if sweep.complete else " (an unfinished sweep: the runs stored so far)"
    click.echo(f"wrote {path} ({len(table)} runs x {table.shape[1]} columns{note}) and {book.name}")
