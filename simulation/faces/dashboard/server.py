"""Serving the dashboard: the Solara server command, its environment (local assets, the start scenario), port checks."""

from __future__ import annotations

import errno
import os
import socket
import sys
from pathlib import Path

#: The scenario ``trifecta app SCENARIO`` was started with (a file path), passed to the server process.
SCENARIO_ENV = "TRIFECTA_APP_SCENARIO"
APP = "simulation.faces.dashboard.app:page"
ASSETS_ENV = "SOLARA_ASSETS_PROXY_CACHE_DIR"
#: Where ``tools/fetch_solara_assets.py`` puts Solara's front-end assets by default.
PROJECT_ASSETS = Path(__file__).resolve().parents[3] / ".solara-assets"


def assets_folder(environ: dict[str, str] | None = None) -> Path | None:
    """The local copy of Solara's front-end assets: ``$SOLARA_ASSETS_PROXY_CACHE_DIR`` or the project's, if present."""
    env = os.environ if environ is None else environ
    if env.get(ASSETS_ENV):
        return Path(env[ASSETS_ENV])
    return PROJECT_ASSETS if (PROJECT_ASSETS / "requirejs@2.3.6").is_dir() else None


def server_env(scenario: Path | None, environ: dict[str, str] | None = None) -> dict[str, str]:
    """The server's environment: the start scenario, and the local assets folder when there is one."""
    env = dict(os.environ if environ is None else environ)
    if scenario is not None:
        env[SCENARIO_ENV] = str(Path(scenario).resolve())
    assets = assets_folder(env)
    if assets is not None:
        env[ASSETS_ENV] = str(assets)
    return env


def server_command(host: str, port: int) -> list[str]:
    """The command that serves the dashboard with Solara on ``host:port``."""
    return [sys.executable, "-m", "solara", "run", APP, "--host", host, "--port", str(port), "--production",
            "--no-open", "--log-level", "warning"]


def port_problem(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be served (in use, unknown host, not allowed), or None if it can."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        return f"cannot resolve host {host!r} ({exc.strerror})"
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return f"port {port} on {host} is already in use; choose another with --port"
            return f"cannot listen on {host}:{port} ({exc.strerror})"
    return None


def free_port(host: str = "127.0.0.1") -> int:
    """A port on ``host`` that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]
