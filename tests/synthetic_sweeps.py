"""Synthetic sweep results folders in the layout ``trifecta sweep`` writes, for testing the analyses."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from simulation.lab.provenance import sha256_text

LEG_NAMES = ("activism", "legislature", "officials")


def write_sweep(folder: Path, design: pd.DataFrame, runs: pd.DataFrame, factors: list[dict], design_kind: str,
                analyses: dict, *, salib_problem: dict | None = None, options: dict | None = None, complete: bool = True,
                parts: int = 2) -> Path:
    """Write manifest.json, design.parquet and runs/part-*.parquet (runs split into ``parts`` chunks)."""
    folder.mkdir(parents=True, exist_ok=True)
    replications = int(runs.groupby("point_id").size().max())
    manifest = {
        "kind": "sweep",
        "experiment": {"file": "experiments/synthetic.yaml", "text": "synthetic", "sha256": sha256_text("synthetic")},
        "scenario": {"file": "scenarios/trifecta_demo.yaml", "text": "demo", "sha256": sha256_text("demo")},
        "focal": "EMD",
        "design": {"kind": design_kind, "n_points": len(design), "options": options or {}, "factors": factors,
                   "salib_problem": salib_problem},
        "analyses": analyses, "outcomes": ["tipped"], "replications": replications, "seed": 7, "crn": True,
        "steps": 36, "runs_total": len(design) * replications, "versions": {}, "git_commit": "abc123",
        "started": "2026-01-01T00:00:00+00:00", "finished": "2026-01-01T00:01:00+00:00", "executor": "serial",
        "complete": complete,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))
    design.to_parquet(folder / "design.parquet", index=False)
    (folder / "runs").mkdir(exist_ok=True)
    for i, chunk in enumerate(np.array_split(np.arange(len(runs)), parts)):
        runs.iloc[chunk].to_parquet(folder / "runs" / f"part-{i:06d}.parquet", index=False)
    return folder


def runs_table(point_id: np.ndarray, replication: np.ndarray, tipped: np.ndarray, net: np.ndarray | None = None,
               rng: np.random.Generator | None = None) -> pd.DataFrame:
    """A runs table with the sweep's outcome columns; ``tipped`` and ``net_final`` given, the rest filler."""
    rng = rng or np.random.default_rng(0)
    n = len(point_id)
    tipped = np.asarray(tipped, bool)
    return pd.DataFrame({
        "run_id": np.arange(n, dtype=np.int64), "point_id": np.asarray(point_id, np.int64),
        "replication": np.asarray(replication, np.int64), "tipped": tipped,
        "tipped_tick": np.where(tipped, 10, -1).astype(np.int64), "final_stance": np.where(tipped, 3, 0).astype(np.int64),
        "acting_final": tipped, "net_final": np.asarray(net, float) if net is not None else rng.normal(size=n),
        "activism_final": rng.uniform(size=n), "legislature_final": rng.uniform(size=n),
        "officials_final": rng.uniform(size=n), "share_acting_final": rng.uniform(size=n)})


def legs_sweep(folder: Path, analyses: dict, replications: int = 20, complete: bool = True, seed: int = 3,
               noise: float = 0.05, stake_cut: float = 0.6) -> Path:
    """Full factorial of the three legs (bundles absent/present) × a trade stake; tips when all legs are present and the
    stake is below ``stake_cut``, flipped at random in a share ``noise`` of runs."""
    rng = np.random.default_rng(seed)
    corners = np.array([[a, b, c] for a in (0, 1) for b in (0, 1) for c in (0, 1)])
    stakes = np.linspace(0.0, 1.0, 6)
    rows = [(*corner, s) for corner in corners for s in stakes]
    design = pd.DataFrame(rows, columns=[*LEG_NAMES, "trade_stake"]).astype({n: np.int64 for n in LEG_NAMES})
    design.insert(0, "point_id", np.arange(len(design), dtype=np.int64))
    point_id = np.repeat(design["point_id"].to_numpy(), replications)
    replication = np.tile(np.arange(replications), len(design))
    d = design.set_index("point_id").loc[point_id]
    planted = (d[list(LEG_NAMES)].sum(axis=1).to_numpy() == 3) & (d["trade_stake"].to_numpy() < stake_cut)
    tipped = planted ^ (rng.uniform(size=len(point_id)) < noise)
    factors = [{"name": n, "path": f"pressure.{n}", "kind": "bundle", "low": None, "high": None,
                "levels": ["absent", "present"]} for n in LEG_NAMES]
    factors.append({"name": "trade_stake", "path": "states[EMD].stakes.trade", "kind": "levels", "low": None,
                    "high": None, "levels": stakes.tolist()})
    return write_sweep(folder, design, runs_table(point_id, replication, tipped, rng=rng), factors, "full_factorial",
                       analyses, complete=complete)


def sampled_sweep(folder: Path, sample: np.ndarray, y: np.ndarray, names: list[str], bounds: list[list[float]],
                  kind: str, options: dict, analyses: dict) -> Path:
    """A one-replication sweep whose design is a SALib sample and whose net_final is the given model output."""
    design = pd.DataFrame(sample, columns=names)
    design.insert(0, "point_id", np.arange(len(design), dtype=np.int64))
    ids = design["point_id"].to_numpy()
    runs = runs_table(ids, np.zeros(len(ids), np.int64), y > np.median(y), net=y)
    factors = [{"name": n, "path": None, "kind": "continuous", "low": lo, "high": hi, "levels": None}
               for n, (lo, hi) in zip(names, bounds)]
    problem = {"num_vars": len(names), "names": names, "bounds": bounds}
    return write_sweep(folder, design, runs, factors, kind, analyses, salib_problem=problem, options=options)
