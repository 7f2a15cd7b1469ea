"""``trifecta app``: serve the educator's dashboard (Mesa SolaraViz) on localhost."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .cli import EXIT_INPUT, _friendly, scenario_path


@click.command()
@click.argument("scenario", required=False, type=click.Path(path_type=Path))
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True, help="Port to serve on.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (127.0.0.1: this machine only; 0.0.0.0: the whole network).")
@_friendly
def app(scenario, port, host):
    """Serve the dashboard for SCENARIO (default: the library's first) at http://HOST:PORT/ until Ctrl+C.

    Sliders take effect when you press Reset; Step and Play advance the model.
    """
    from ..scenario.load import load_scenario
    from .dashboard.server import assets_folder, port_problem, server_command, server_env

    if scenario is not None:
        scenario = scenario_path(scenario)  # a file, or a library name such as crimea_2014
        load_scenario(scenario)  # a wrong file is reported here, located, with exit code 2
    problem = port_problem(host, port)
    if problem:
        click.echo(f"error: {problem}", err=True)
        sys.exit(EXIT_INPUT)
    env = server_env(scenario)
    assets = assets_folder(env)
    click.echo(f"trifecta dashboard: http://{host}:{port}/  (Ctrl+C to stop)")
    click.echo(f"front-end assets: {assets}" if assets else
               "front-end assets: from the CDN (offline? run: python tools/fetch_solara_assets.py)")
    command = server_command(host, port)
    sys.stdout.flush()
    # Become the server (no child left behind when this process is stopped or interrupted).
    os.execve(command[0], command, env)
