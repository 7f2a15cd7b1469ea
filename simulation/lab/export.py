"""A sweep as one tidy table for R, Stata or pandas: one row per run, its design point's factor values beside its
outcomes (and its time series, a column per reading and tick), and a codebook that says what every column is."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .analysis.results import SweepResults
from .outcomes import OUTCOMES
from .series import SERIES, parse_column

#: The columns that identify a run, in the order the table starts with.
KEYS = ("run_id", "point_id", "replication")


def tidy_table(results: SweepResults) -> pd.DataFrame:
    """One row per stored run, sorted by run id: the keys, the factors (in the design's order; a bundle by its level's
    name), then the outcomes."""
    cases = results.cases.copy()
    for f in results.factors:
        if f.kind == "bundle":  # stored as the level's index: the table names the level
            cases[f.name] = [f.levels[int(k)] for k in cases[f.name]]
    factors = [f.name for f in results.factors]
    outcomes = [c for c in results.runs.columns if c not in KEYS]
    return cases[[*KEYS, *factors, *outcomes]].sort_values("run_id", kind="stable").reset_index(drop=True)


def codebook(results: SweepResults, table: pd.DataFrame) -> dict[str, Any]:
    """What each column of ``table`` holds (its kind, meaning, and for factors the scenario path and range), and where
    the runs come from (the sweep's experiment, seed, design and whether it is complete)."""
    columns: dict[str, dict[str, Any]] = {
        "run_id": {"kind": "key", "meaning": "The run: point_id * replications + replication."},
        "point_id": {"kind": "key", "meaning": "The design point (a row of design.parquet)."},
        "replication": {"kind": "key", "meaning": "The replication of the point (its seed follows from it)."},
    }
    for f in results.factors:
        entry: dict[str, Any] = {"kind": "factor", "path": f.path, "design": f.kind}
        if f.low is not None:
            entry["range"] = [f.low, f.high]
        if f.levels:
            entry["levels"] = list(f.levels)
        columns[f.name] = entry
    for name in table.columns:
        if name in columns:
            continue
        reading = parse_column(name)
        if reading is not None:
            columns[name] = {"kind": "series", "reading": reading[0], "tick": reading[1],
                             "meaning": SERIES[reading[0]].meaning, "dtype": str(table[name].dtype)}
        else:
            outcome = OUTCOMES.get(name)
            columns[name] = {"kind": "outcome", "meaning": outcome.meaning if outcome else "a measured result",
                             "dtype": str(table[name].dtype)}
    m = results.manifest
    experiment = m.get("experiment") if isinstance(m.get("experiment"), dict) else {}
    return {"sweep": str(results.folder), "experiment": experiment.get("file"), "sha256": experiment.get("sha256"),
            "complete": results.complete, "rows": len(table), "runs_total": m.get("runs_total"),
            "seed": m.get("seed"), "crn": m.get("crn"), "steps": m.get("steps"),
            "design": {"kind": results.design_kind, "points": len(results.design)}, "columns": columns}
