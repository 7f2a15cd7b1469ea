"""``trifecta assets``: fetch the dashboard's front-end files (Solara's and Vega's) from the npm registry, verified."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder to fill (default: the one Solara serves from, $SOLARA_ASSETS_PROXY_CACHE_DIR or "
                   "<python prefix>/share/solara/cdn).")
@click.option("--check", is_flag=True, help="Only report which packages are missing (no network); exit 1 if any.")
def assets(out, check):
    """Fetch every npm package the dashboard's page loads, so `trifecta app` works offline.

    Each tarball is checked against the sha512 integrity the npm registry publishes (and the one pinned in
    trifecta) before it is unpacked; a mismatch is refused. `trifecta app` then serves the files itself.
    With internet access the page can load them from the CDN instead, and this is not needed.
    """
    from .dashboard.assets import ASSETS, AssetError, default_folder, fetch, missing, registry

    folder = out or default_folder()
    if check:
        absent = missing(folder)
        for asset in ASSETS:
            click.echo(f"{'missing' if asset in absent else 'ok'}: {asset.label} ({folder / asset.path})")
        if absent:
            click.echo("run `trifecta assets` to fetch them", err=True)
        sys.exit(1 if absent else 0)
    try:
        lines = fetch(folder)
    except AssetError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:
        click.echo(f"error: could not fetch the dashboard's assets from {registry()} into {folder}: {exc}", err=True)
        sys.exit(1)
    click.echo("\n".join(lines))
    note = "" if out is None else f" (start the app with SOLARA_ASSETS_PROXY_CACHE_DIR={folder})"
    click.echo(f"front-end assets in {folder}; trifecta app serves them from there{note}")
