"""The folder of a sweep: manifest.json, design.parquet and runs/part-NNNNNN.parquet chunks, each written atomically.

Chunks only ever appear whole (written to a hidden temporary file, then renamed), so a sweep killed at
any moment leaves every run either fully stored once or not at all.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

MANIFEST, DESIGN, RUNS = "manifest.json", "design.parquet", "runs"
_PART = re.compile(r"^part-(\d{6,})\.parquet$")


@dataclass(frozen=True)
class Sweep:
    """A stored sweep: its manifest, its design table and its per-run results table."""

    manifest: dict[str, Any]
    design: pd.DataFrame
    runs: pd.DataFrame

    def table(self) -> pd.DataFrame:
        """One row per run: the run's outcomes beside the factor values of its design point."""
        return self.runs.merge(self.design, on="point_id", how="left")


def read_sweep(folder: str | Path) -> Sweep:
    """Read a sweep folder (complete or not); runs are sorted by run_id."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    design = pd.read_parquet(folder / DESIGN)
    parts = part_files(folder)
    if parts:
        runs = pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)
        runs = runs.sort_values("run_id", kind="stable").reset_index(drop=True)
    else:
        runs = pd.DataFrame({c: pd.Series(dtype="int64") for c in ("run_id", "point_id", "replication")})
    return Sweep(manifest, design, runs)


def read_manifest(folder: str | Path) -> dict[str, Any]:
    return json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))


def is_sweep(folder: str | Path) -> bool:
    return (Path(folder) / MANIFEST).is_file() and (Path(folder) / DESIGN).is_file()


def part_files(folder: str | Path) -> list[Path]:
    """The run chunks of a sweep folder, in the order they were written."""
    runs = Path(folder) / RUNS
    if not runs.is_dir():
        return []
    return sorted(p for p in runs.iterdir() if _PART.match(p.name))


def stored_run_ids(folder: str | Path) -> np.ndarray:
    """The run_ids stored in the folder's chunks (with repeats, if any were ever stored twice)."""
    ids = [pq.read_table(p, columns=["run_id"]).column("run_id").to_numpy() for p in part_files(folder)]
    return np.concatenate(ids).astype(np.int64) if ids else np.empty(0, dtype=np.int64)


def create_sweep(folder: str | Path, manifest: dict[str, Any], design: pd.DataFrame) -> Path:
    """Make the sweep folder with its manifest, design and empty runs/, all appearing in one rename."""
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.partial-", dir=folder.parent))
    try:
        design.to_parquet(tmp / DESIGN, index=False)
        (tmp / RUNS).mkdir()
        _write_json(tmp / MANIFEST, manifest)
        os.replace(tmp, folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return folder


def write_manifest(folder: str | Path, manifest: dict[str, Any]) -> None:
    """Replace the manifest atomically (a reader sees the old or the new one, never half of one)."""
    folder = Path(folder)
    tmp = folder / f".{MANIFEST}.tmp-{os.getpid()}"
    _write_json(tmp, manifest)
    os.replace(tmp, folder / MANIFEST)


def _write_json(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, indent=2, default=str) + "\n", encoding="utf-8")


class PartWriter:
    """Appends result chunks to ``runs/`` as part-NNNNNN.parquet, numbering after the parts already there."""

    def __init__(self, folder: str | Path):
        self.runs = Path(folder) / RUNS
        self.runs.mkdir(exist_ok=True)
        for stale in self.runs.glob(".part-*"):  # left by a sweep killed while writing a chunk
            stale.unlink(missing_ok=True)
        numbers = [int(_PART.match(p.name)[1]) for p in part_files(folder)]
        self._next = max(numbers, default=-1) + 1

    def write(self, frame: pd.DataFrame) -> Path:
        """Store one chunk: write it to a hidden temporary file, then rename it into place."""
        name = f"part-{self._next:06d}.parquet"
        tmp = self.runs / f".{name}.tmp"
        frame.to_parquet(tmp, index=False)
        os.replace(tmp, self.runs / name)
        self._next += 1
        return self.runs / name
