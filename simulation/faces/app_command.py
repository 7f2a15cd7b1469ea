"""``trifecta app``: serve the educator's dashboard (a Solara page) on localhost, or, with a warning, on a network."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .cli import EXIT_INPUT, _friendly, scenario_path

PUBLIC_WARNING = """\
warning: --host {host} serves the dashboard to every machine that can reach this one, without a password
or encryption (plain HTTP). Anyone who reaches it can open sessions and run the model on this machine;
nothing else (no file, no command) is exposed. Use it on a network you trust (a classroom), not the open
internet; stop it with Ctrl+C after class. See docs/teaching.md, "Sharing the dashboard"."""


@click.command()
@click.argument("scenario", required=False, type=click.Path(path_type=Path))
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True, help="Port to serve on.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (127.0.0.1: this machine only; 0.0.0.0: every network of this machine, "
                   "with a warning: see docs/teaching.md).")
@_friendly
def app(scenario, port, host):
    """Serve the dashboard for SCENARIO (default: the trifecta demo) at http://HOST:PORT/ until Ctrl+C.

    Each browser session gets its own run; controls act as soon as they are moved. Offline, fetch the
    page's front-end files once with `trifecta assets`.
    """
    from ..scenario.load import load_scenario
    from .dashboard.assets import default_folder, missing
    from .dashboard.server import is_local, port_problem, server_command, server_env

    if scenario is not None:
        scenario = scenario_path(scenario)  # a file, or a library name such as crimea_2014
        load_scenario(scenario)  # a wrong file is reported here, located, with exit code 2
    if not is_local(host):
        click.echo(PUBLIC_WARNING.format(host=host), err=True)
    problem = port_problem(host, port)
    if problem:
        click.echo(f"error: {problem}", err=True)
        sys.exit(EXIT_INPUT)
    folder = default_folder()
    absent = missing(folder)
    click.echo(f"trifecta dashboard: http://{host}:{port}/  (Ctrl+C to stop)")
    click.echo(f"front-end assets: {folder}" if not absent else
               f"front-end assets: {len(absent)} package(s) not in {folder}, so the page loads them from the CDN "
               "(offline? run: trifecta assets)")
    command = server_command(host, port)
    sys.stdout.flush()
    # Become the server (no child left behind when this process is stopped or interrupted).
    os.execve(command[0], command, server_env(scenario))
