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


#: What each command's output folder holds at its top, by which ``--overwrite`` knows a folder trifecta wrote.
WRITTEN_KINDS = ("run", "sweep", "strategies", "hindcast")
CALIBRATION_MARK = "fit.pkl"  # a calibration folder's saved optimiser (it has no manifest)


def written_by_trifecta(folder: Path) -> bool:
    """Whether ``folder`` is an output folder trifecta wrote: a manifest.json of one of its kinds with the
    versions that made it, or a calibration's saved state."""
    if (folder / CALIBRATION_MARK).is_file() and not (folder / CALIBRATION_MARK).is_symlink():
        return True
    path = folder / "manifest.json"
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > 100_000_000:
            return False
        manifest = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    return isinstance(manifest, dict) and manifest.get("kind") in WRITTEN_KINDS and isinstance(manifest.get("versions"), dict)


def check_out_folder(out: Path, overwrite: bool = False, inputs: tuple[Path, ...] = (), resume: str = "") -> None:
    """Refuse an output folder that cannot be written as asked: a symbolic link, a file, a folder that already
    holds files (unless ``overwrite``), and, even with ``overwrite``, a folder trifecta did not write, the current
    folder or one of its parents, or a folder that holds an input. ``resume`` names the option that continues
    instead, for the message."""
    out = Path(out)
    if out.is_symlink():
        raise OutputExistsError(f"--out {out} is a symbolic link (to {os.readlink(out)}); name a real folder")
    if not out.exists():
        return
    if not out.is_dir():
        raise OutputExistsError(f"--out {out} is a file, not a folder; choose another --out")
    if not any(out.iterdir()):
        return
    if not overwrite:
        raise OutputExistsError(f"{out} already holds files; choose another --out{resume}, or pass --overwrite")
    real, here = out.resolve(), Path.cwd().resolve()
    if real == here or real in here.parents:
        raise OutputExistsError(f"--overwrite refuses to replace {out}: it is the current folder or one of its "
                                "parents; choose another --out")
    for given in inputs:
        if real in Path(given).resolve().parents:
            raise OutputExistsError(f"--overwrite refuses to replace {out}: it holds the input {given}; "
                                    "choose another --out")
    if not written_by_trifecta(out):
        raise OutputExistsError(f"--overwrite refuses to replace {out}: it holds no manifest.json written by "
                                "trifecta, so it is not a results folder trifecta wrote; choose another --out")


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
    with atomic_folder(out, overwrite, (Path(scenario_file),)) as tmp:
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
            "seeding": "replication r draws with the key run_seed(seed, r)",
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
def atomic_folder(out: Path, overwrite: bool = False, inputs: tuple[Path, ...] = ()) -> Iterator[Path]:
    """A hidden temporary folder beside ``out`` that becomes ``out`` in one rename if the block succeeds; an
    existing ``out`` is replaced only as :func:`check_out_folder` allows."""
    check_out_folder(out, overwrite, inputs)
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
