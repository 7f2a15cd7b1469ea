"""Writing a run's folder: manifest.json, Parquet tables (CSV on request), made visible in one atomic rename."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pandas as pd

from ..scenario.errors import UserError
from ..scenario.from_world import fill_notes
from .provenance import command_line, git_commit, now, sha256_text, versions
from .runs import RunResult
from .sweep_store import Sweep, read_sweep  # noqa: F401  (a sweep's folder: see sweep_store)


class OutputExistsError(UserError):
    """The output folder already holds results; nothing is overwritten without being asked."""


def default_run_folder(name: str, root: str | Path = "results") -> Path:
    """``results/<scenario>-<YYYYmmdd-HHMMSS>``, made unique if that exists."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    base = Path(root) / f"{name}-{stamp}"
    out, k = base, 1
    while out.exists():
        k += 1
        out = base.with_name(f"{base.name}-{k}")
    return out


def write_run(result: RunResult, out: str | Path, scenario_text: str, scenario_file: str,
              started: str, variant: str | None = None, overrides: dict | None = None, csv: bool = False,
              overwrite: bool = False, figures=None) -> Path:
    """Write ``result`` to the folder ``out`` atomically; ``figures(folder)`` may add PNGs before it appears."""
    out = Path(out)
    with atomic_folder(out, overwrite) as tmp:
        tables = {"ticks": result.ticks_table(), "states": result.states_table()}
        if result.history.per_state:
            tables["state_ticks"] = result.state_ticks_table()
        notes = fill_notes(result.scenario)
        if notes:  # a world scenario: every value a stated rule filled, for people to read
            pd.DataFrame([{"iso3": n.iso3, "field": n.field, "rule": n.rule, "value": n.value} for n in notes]
                         ).to_csv(tmp / "fill_notes.csv", index=False)
        for name, frame in tables.items():
            frame.to_parquet(tmp / f"{name}.parquet", index=False)
            if csv:
                frame.to_csv(tmp / f"{name}.csv", index=False)
        if figures is not None:
            figures(tmp)
        manifest = {
            "kind": "run",
            "scenario": {"name": result.scenario.name, "file": scenario_file, "variant": variant,
                         "overrides": overrides or {}, "sha256": sha256_text(scenario_text), "text": scenario_text},
            "resolved_parameters": result.scenario.parameters.model_dump(),
            "seed": result.seed, "replications": result.replications, "steps": result.steps,
            "seeding": "numpy.random.SeedSequence(seed, spawn_key=(replication,))",
            "versions": versions(), "git_commit": git_commit(),
            "command": command_line(), "started": started, "finished": now(),
            "files": sorted(p.name for p in tmp.iterdir()) + ["manifest.json"],
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, default=str) + "\n", encoding="utf-8")
    return out


def replace_files(folder: Path, files: dict[str, Path]) -> None:
    """Make ``folder`` hold exactly ``files`` (name -> a file written elsewhere on the same disk) besides its
    ``sweep/`` store: each moved in with one rename (the manifest last), anything else there removed first."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        if old.name == "sweep" or old.name.startswith(".strategies-") or old.name in files:
            continue
        shutil.rmtree(old) if old.is_dir() else old.unlink()
    for name in sorted(files, key=lambda n: n == "manifest.json"):
        os.replace(files[name], folder / name)


@contextmanager
def atomic_folder(out: Path, overwrite: bool = False) -> Iterator[Path]:
    """A hidden temporary folder beside ``out`` that becomes ``out`` in one rename if the block succeeds."""
    if out.exists() and any(out.iterdir()) and not overwrite:
        raise OutputExistsError(f"{out} already holds files; choose another --out or pass --overwrite")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))
    try:
        yield tmp
        if out.exists():
            shutil.rmtree(out)
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
