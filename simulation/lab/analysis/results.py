"""Reading a sweep's results folder (manifest, design, runs) into one typed, frozen value."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ...scenario.errors import InputFileError, Problem, describe, did_you_mean
from ..designs import DESIGN_KINDS
from ..outcomes import OUTCOMES as OUTCOME_REGISTRY
from ..sweep_store import FolderCheck, SweepFolderError, check_folder, part_files, read_sweep

OUTCOMES = tuple(OUTCOME_REGISTRY)
UNIT_OUTCOMES = ("activism_final", "legislature_final", "officials_final", "share_acting_final")  # in [0, 1]
FACTOR_KINDS = ("continuous", "levels", "bundle")


class Skipped(Exception):
    """An analysis these results cannot support (the reason is reported in place of its section)."""


@dataclass(frozen=True)
class Factor:
    """One factor of the design: its name, kind and range (continuous) or levels (levels, bundle)."""

    name: str
    kind: str
    low: float | None = None
    high: float | None = None
    levels: tuple = ()
    path: str | None = None

    @property
    def numeric(self) -> bool:
        return self.kind != "levels" or all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in self.levels)


@dataclass(frozen=True)
class SweepResults:
    """A sweep's results: its folder, manifest, factors, design (one row per point) and runs (one row per run)."""

    folder: Path
    manifest: dict
    factors: tuple[Factor, ...]
    design: pd.DataFrame
    runs: pd.DataFrame
    check: FolderCheck | None = None  # the folder verified (None for results built in memory)

    @property
    def design_kind(self) -> str:
        return self.manifest["design"]["kind"]

    @property
    def factor_names(self) -> list[str]:
        return [f.name for f in self.factors]

    def factor(self, name: str) -> Factor | None:
        return next((f for f in self.factors if f.name == name), None)

    @property
    def complete(self) -> bool:
        """Complete as verified: every run stored once in a sound chunk, and the manifest says so."""
        verified = self.check is None or self.check.complete
        return verified and bool(self.manifest.get("complete", False))

    @property
    def cases(self) -> pd.DataFrame:
        """One row per run: its point's factor values joined to its outcomes."""
        return self.runs.merge(self.design, on="point_id", how="left", validate="many_to_one")

    @property
    def missing_points(self) -> int:
        """How many design points have no run at all."""
        return int((~self.design["point_id"].isin(self.runs["point_id"])).sum())


class ResultsFolderError(InputFileError):
    """A results folder that cannot be analysed, with what is wrong in it."""

    def render(self) -> str:
        return "\n".join([f"error: {self.file} is not a sweep results folder that can be analysed"]
                         + [p.render(self.file) for p in self.problems])


def _fail(folder: Path, path: str, expected: str, found: str, hint: str = "") -> InputFileError:
    return ResultsFolderError(str(folder), [Problem(path, expected, found, hint=hint)])


def read_tables(folder: Path) -> tuple[dict, pd.DataFrame, pd.DataFrame, FolderCheck]:
    """The manifest, the design table and the runs table of a sweep folder, as written by ``trifecta sweep``, with
    the folder verified (runs come from its sound chunks only: see ``sweep_store.check_folder``)."""
    if not folder.is_dir():
        raise _fail(folder, "", "a results folder written by `trifecta sweep`", "no such folder")
    path = folder / "manifest.json"
    if not path.is_file():
        raise _fail(folder, "manifest.json", "the sweep's manifest.json", "no manifest (is this a sweep folder?)")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise _fail(folder, "manifest.json", "a JSON document", f"unreadable JSON ({exc})") from None
    if not isinstance(manifest, dict):
        raise _fail(folder, "manifest.json", "a JSON mapping", describe(manifest))
    if manifest.get("kind") != "sweep":
        raise _fail(folder, "manifest.json: kind", "'sweep'", describe(manifest.get("kind")),
                    "`trifecta analyze` reads folders written by `trifecta sweep`")
    if not (folder / "design.parquet").is_file():
        raise _fail(folder, "design.parquet", "the design table", "no design.parquet (the sweep did not start?)")
    if not part_files(folder):
        raise _fail(folder, "runs/", "at least one runs/part-*.parquet", "no finished runs yet")
    try:
        state = check_folder(folder)
    except SweepFolderError as exc:
        raise _fail(folder, "manifest.json, design.parquet", "a sweep folder that can be verified", str(exc)) from None
    if not state.good:
        raise _fail(folder, "runs/", "at least one sound chunk of runs",
                    "; ".join(f"{d.path.name} {d.reason}" for d in state.damaged[:3]))
    try:
        sweep = read_sweep(folder)
        return manifest, sweep.design, sweep.runs, state
    except (OSError, ValueError) as exc:
        raise _fail(folder, "design.parquet, runs/", "readable Parquet tables", str(exc).splitlines()[0]) from None


def _factor(folder: Path, i: int, raw: Any) -> Factor:
    where = f"manifest.json: design.factors[{i}]"
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
        raise _fail(folder, where, "a mapping with a name", describe(raw))
    kind = raw.get("kind")
    if kind not in FACTOR_KINDS:
        raise _fail(folder, where + ".kind", " | ".join(FACTOR_KINDS), describe(kind), did_you_mean(kind, list(FACTOR_KINDS)))
    levels = tuple(raw.get("levels") or ())
    if kind == "continuous" and not all(isinstance(raw.get(k), (int, float)) for k in ("low", "high")):
        raise _fail(folder, where, "numbers low and high for a continuous factor", describe(raw))
    if kind != "continuous" and len(levels) < 2:
        raise _fail(folder, where + ".levels", "at least two levels", describe(raw.get("levels")))
    return Factor(raw["name"], kind, raw.get("low"), raw.get("high"), levels, raw.get("path"))


def read_results(folder: Path) -> SweepResults:
    """Read and check a sweep folder; anything missing or malformed is an ``InputFileError`` naming it."""
    folder = Path(folder)
    manifest, design, runs, state = read_tables(folder)
    spec = manifest.get("design")
    if not isinstance(spec, dict) or spec.get("kind") not in DESIGN_KINDS:
        found = describe(spec.get("kind") if isinstance(spec, dict) else spec)
        raise _fail(folder, "manifest.json: design.kind", " | ".join(DESIGN_KINDS), found)
    factors = tuple(_factor(folder, i, f) for i, f in enumerate(spec.get("factors") or []))
    if not factors:
        raise _fail(folder, "manifest.json: design.factors", "at least one factor", describe(spec.get("factors")))
    absent = [c for c in ["point_id", *(f.name for f in factors)] if c not in design.columns]
    if absent:
        raise _fail(folder, "design.parquet", "columns point_id and one per factor", "missing " + ", ".join(absent))
    absent = [c for c in ("run_id", "point_id", "replication", *OUTCOMES) if c not in runs.columns]
    if absent:
        raise _fail(folder, "runs/", "the columns " + ", ".join(OUTCOMES), "missing " + ", ".join(absent))
    strays = set(runs["point_id"]) - set(design["point_id"])
    if strays:
        raise _fail(folder, "runs/: point_id", "ids of design points", f"{len(strays)} ids not in design.parquet, "
                    f"e.g. {min(strays)}")
    design = design.sort_values("point_id", kind="stable").reset_index(drop=True)
    runs = runs.sort_values("run_id", kind="stable").reset_index(drop=True)
    return SweepResults(folder, manifest, factors, design, runs, state)


def encode(results: SweepResults, frame: pd.DataFrame) -> pd.DataFrame:
    """Columns as floats: a factor's text levels as their index in the listed order, yes/no as 0/1, text as sorted codes."""
    out = {}
    for name in frame.columns:
        f, col = results.factor(name), frame[name]
        if f is not None and not f.numeric:
            col = col.map({v: i for i, v in enumerate(f.levels)})
        elif col.dtype != bool and not pd.api.types.is_numeric_dtype(col):
            col = pd.Series(pd.factorize(col, sort=True)[0], index=col.index)
        out[name] = col.astype(float)
    return pd.DataFrame(out, index=frame.index)


def levels_within(factor: Factor, lower: float, upper: float) -> list[str]:
    """The levels of a bundle or levels factor whose encoded value lies in [lower, upper]."""
    coded = [(i if factor.kind == "bundle" or not factor.numeric else v, v) for i, v in enumerate(factor.levels)]
    return [f"{v:.4g}" if factor.numeric and factor.kind != "bundle" else str(v)
            for c, v in coded if lower - 1e-9 <= c <= upper + 1e-9]
