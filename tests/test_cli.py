"""End to end: ``trifecta run``, ``explain``, ``validate``, ``schema`` and ``params`` on the demo."""

import json
import subprocess
import sys

import pandas as pd
import yaml
from click.testing import CliRunner

from simulation.faces.cli import cli
from simulation.model.decision import TERMS
from simulation.model.params import Parameters


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_run_writes_manifest_tables_and_figures(demo_path, tmp_path):
    out = tmp_path / "demo"
    proc = subprocess.run([sys.executable, "-m", "simulation", "run", str(demo_path), "--plot", "--csv",
                           "--out", str(out)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "Emergia" in proc.stdout and "tipped at tick" in proc.stdout
    manifest = json.loads((out / "manifest.json").read_text())
    for key in ("scenario", "seed", "versions", "git_commit", "started", "finished", "steps", "replications"):
        assert key in manifest
    assert manifest["scenario"]["text"] == demo_path.read_text()
    assert len(manifest["scenario"]["sha256"]) == 64
    assert manifest["versions"]["mesa"].startswith("3.3")
    ticks = pd.read_parquet(out / "ticks.parquet")
    assert len(ticks) == manifest["steps"] + 1
    states = pd.read_parquet(out / "states.parquet")
    assert {"final_stance", "tipped_tick", "activism_at_tip", "legislature_at_tip", "officials_at_tip"} <= set(states)
    assert {f"term_{t}" for t in TERMS} <= set(states)
    emd = states.set_index("code").loc["EMD"]
    assert emd["tipped_tick"] > 0 and emd["final_stance"] in ("support", "sanction")
    assert (out / "states.csv").exists()
    for png in ("stances.png", "decision_breakdown.png", "legs.png"):
        assert (out / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not list(tmp_path.glob(".*partial*"))


def test_run_refuses_to_overwrite_results(demo_path, tmp_path):
    out = tmp_path / "r"
    assert invoke("run", demo_path, "--out", out, "--steps", 3).exit_code == 0
    before = (out / "manifest.json").read_text()
    again = invoke("run", demo_path, "--out", out, "--steps", 3)
    assert again.exit_code == 2 and "already holds files" in again.output
    assert (out / "manifest.json").read_text() == before


def test_replications_variant_and_set(demo_path, tmp_path):
    res = invoke("run", demo_path, "--out", tmp_path / "a", "--replications", 5, "--variant", "no_legislature",
                 "--set", "parameters.noise=0.0", "--steps", 12)
    assert res.exit_code == 0, res.output
    manifest = json.loads((tmp_path / "a" / "manifest.json").read_text())
    assert manifest["replications"] == 5 and manifest["scenario"]["variant"] == "no_legislature"
    assert manifest["resolved_parameters"]["noise"] == 0.0
    states = pd.read_parquet(tmp_path / "a" / "states.parquet")
    assert sorted(states["replication"].unique()) == [0, 1, 2, 3, 4]
    assert "Across 5 replications" in res.output


def test_explain_prints_every_term_and_a_reason(demo_path):
    res = invoke("explain", demo_path, "--state", "EMD")
    assert res.exit_code == 0
    assert "values" in res.output and "grievance" in res.output and "legislature" in res.output
    detail = invoke("explain", demo_path, "--state", "EMD", "--tick", 30)
    assert detail.exit_code == 0 and "Emergia" in detail.output and "outweigh" in detail.output
    bad = invoke("explain", demo_path, "--state", "XXX")
    assert bad.exit_code == 2 and "--state" in bad.output


def test_schema_is_json_schema_that_accepts_the_demo(demo_path):
    import jsonschema

    res = invoke("schema")
    schema = json.loads(res.output)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(yaml.safe_load(demo_path.read_text()), schema)
    broken = yaml.safe_load(demo_path.read_text()) | {"colour": "red"}
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(broken))


def test_validate_good_file_and_params_listing(demo_path):
    res = invoke("validate", demo_path)
    assert res.exit_code == 0 and "ok:" in res.output
    listing = invoke("params").output
    assert all(name in listing for name in Parameters.model_fields)
