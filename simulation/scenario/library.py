"""The scenario library: the YAML files in the project's ``scenarios/`` folder, with one line about each."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .load import load_scenario

LIBRARY_ENV = "TRIFECTA_SCENARIOS"


@dataclass(frozen=True)
class Entry:
    """One scenario of the library: its name, title, kind (historical or stylised) and file."""

    name: str
    title: str
    kind: str
    path: Path


def library_folder() -> Path:
    """The library folder: ``$TRIFECTA_SCENARIOS`` if set, else ``scenarios/`` at the root of the project."""
    if os.environ.get(LIBRARY_ENV):
        return Path(os.environ[LIBRARY_ENV])
    return Path(__file__).resolve().parents[2] / "scenarios"


def library(folder: str | Path | None = None) -> list[Entry]:
    """Every scenario file of the library, validated, sorted by kind (historical first) and name."""
    root = Path(folder) if folder is not None else library_folder()
    entries = []
    for path in sorted(root.glob("*.yaml")):
        s = load_scenario(path)
        entries.append(Entry(s.name, s.title or s.name, s.kind, path))
    return sorted(entries, key=lambda e: (e.kind != "historical", e.name))
