"""Serving the dashboard: the Solara server command, its environment (the start scenario), host and port checks."""

from __future__ import annotations

import errno
import ipaddress
import os
import socket
import sys
from pathlib import Path

#: The scenario ``trifecta app SCENARIO`` was started with (a file path), passed to the server process.
SCENARIO_ENV = "TRIFECTA_APP_SCENARIO"
APP = "simulation.faces.dashboard.page.app:Page"
#: Hosts that only this machine can reach.
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def server_env(scenario: Path | None, environ: dict[str, str] | None = None) -> dict[str, str]:
    """The server's environment: the caller's, with the start scenario."""
    env = dict(os.environ if environ is None else environ)
    if scenario is not None:
        env[SCENARIO_ENV] = str(Path(scenario).resolve())
    return env


def is_local(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only (a loopback address)."""
    if host in LOCAL_HOSTS:
        return True
    try:
        return all(ipaddress.ip_address(info[4][0]).is_loopback for info in socket.getaddrinfo(host, None))
    except (socket.gaierror, ValueError):
        return False


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
        # as the server binds: a port whose last connections linger in TIME_WAIT is free, one with a listener is not
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
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
