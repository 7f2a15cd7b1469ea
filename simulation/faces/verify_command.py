"""``trifecta verify RESULTS``: the state of a sweep folder, verified chunk by chunk (nothing is changed)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .cli import _friendly

EXIT_INCOMPLETE = 1


@click.command()
@click.argument("results", type=click.Path(path_type=Path))
@_friendly
def verify(results):
    """Verify the sweep in RESULTS (or in RESULTS/sweep, for a strategy comparison): every chunk against its
    checksum and the design; exit 0 if every run is stored exactly once, 1 if runs are missing or damaged."""
    from ..lab.sweep_store import SweepFolderError, check_folder, is_sweep

    folder = results / "sweep" if not is_sweep(results) and is_sweep(results / "sweep") else results
    if not folder.is_dir():
        raise SweepFolderError(f"{results} is not a folder")
    state = check_folder(folder)
    click.echo("\n".join(state.lines()))
    if not state.complete:
        sys.exit(EXIT_INCOMPLETE)
