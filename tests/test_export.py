"""``trifecta export``: a sweep as one tidy table (the design's factors beside every run's outcomes) with a
codebook, in CSV or Parquet, for R, Stata or pandas."""

import json

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import demo_experiment

from simulation.faces.cli import cli
from simulation.lab.outcomes import OUTCOMES
from simulation.lab.sweep_store import read_sweep


@pytest.fixture(scope="module")
def swept(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    factors = [{"name": "legislature", "levels": {"absent": {"states[EMD].legislature.strength": 0.0}, "present": {}}},
               {"name": "stake", "path": "states[EMD].economic_stake", "range": [0.1, 0.8]}]
    exp = demo_experiment(folder, factors=factors, design={"kind": "grid", "points": 3})
    out = folder / "sweep"
    res = CliRunner().invoke(cli, ["sweep", str(exp), "--out", str(out), "--workers", "1", "--quiet"])
    assert res.exit_code == 0, res.output
    return out


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_export_writes_one_row_per_run_with_its_factors_and_outcomes(swept, fmt):
    res = CliRunner().invoke(cli, ["export", str(swept), "--format", fmt])
    assert res.exit_code == 0, res.output
    path = swept / f"table.{fmt}"
    table = pd.read_csv(path) if fmt == "csv" else pd.read_parquet(path)
    stored = read_sweep(swept)
    assert len(table) == len(stored.runs) == 3 * 2 * 2
    assert list(table.columns[:5]) == ["run_id", "point_id", "replication", "legislature", "stake"]
    assert set(OUTCOMES) <= set(table.columns)
    expected = stored.table().sort_values("run_id").reset_index(drop=True)
    for column in ("stake", "tipped", "net_final"):
        pd.testing.assert_series_equal(table[column], expected[column], check_dtype=False, check_names=False)
    assert list(table["legislature"]) == [("absent", "present")[k] for k in expected["legislature"]]  # named
    book = json.loads((swept / "table.codebook.json").read_text())
    assert book["rows"] == len(table) and book["complete"] is True
    assert book["columns"]["stake"]["path"] == "states[EMD].economic_stake"
    assert book["columns"]["stake"]["range"] == [0.1, 0.8]
    assert book["columns"]["tipped"]["meaning"] == OUTCOMES["tipped"].meaning
    assert list(book["columns"]) == list(table.columns)


def test_export_refuses_a_folder_that_is_not_a_sweep(tmp_path):
    res = CliRunner().invoke(cli, ["export", str(tmp_path)])
    assert res.exit_code == 2 and "Traceback" not in res.output and str(tmp_path) in res.output
