"""Scenario discovery a person can steer: PRIM's candidate steps, --box N, boxes by covering, and CART."""

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from synthetic_sweeps import runs_table, write_sweep

from simulation.faces.cli import cli
from simulation.lab.analysis.cart import cart_analysis
from simulation.lab.analysis.discovery import candidates, prim_analysis, prim_boxes
from simulation.lab.analysis.kinds import CartSpec, PrimSpec
from simulation.lab.analysis.results import read_results


def two_regions(n: int = 1500, seed: int = 4) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = pd.DataFrame(rng.uniform(0, 1, (n, 3)), columns=["a", "b", "c"])
    y = (((x["a"] > 0.6) & (x["b"] < 0.3)) | ((x["c"] > 0.8) & (x["a"] < 0.3))).to_numpy(int)
    return x, y


def sweep_of(folder, x: pd.DataFrame, y: np.ndarray, analyses: dict):
    design = x.copy()
    design.insert(0, "point_id", np.arange(len(x), dtype=np.int64))
    runs = runs_table(design["point_id"].to_numpy(), np.zeros(len(x), np.int64), y.astype(bool))
    factors = [{"name": c, "path": None, "kind": "continuous", "low": 0.0, "high": 1.0, "levels": None} for c in x]
    return write_sweep(folder, design, runs, factors, "latin_hypercube", analyses)


def test_covering_finds_the_second_region_after_the_first():
    x, y = two_regions()
    boxes = prim_boxes(x, y, n_boxes=3)
    assert len(boxes) >= 2
    first = boxes[0][2][boxes[0][1]].set_index("input")
    second = boxes[1][2][boxes[1][1]].set_index("input")
    assert set(first.index) == {"a", "b"} and first.at["a", "lower"] == pytest.approx(0.6, abs=0.05)
    assert set(second.index) == {"a", "c"} and second.at["c", "lower"] == pytest.approx(0.8, abs=0.05)


def test_candidates_are_the_best_step_for_each_number_of_restricted_inputs():
    t = pd.DataFrame({"coverage": [1.0, 0.9, 0.8, 0.7, 0.5], "density": [0.2, 0.4, 0.5, 0.8, 0.9],
                      "mass": [1, 0.5, 0.4, 0.2, 0.1], "res_dim": [0, 1, 1, 2, 2]})
    assert candidates(t) == (0, 2, 3)


def test_analyze_box_inspects_a_step_and_reports_it(tmp_path):
    x, y = two_regions(600)
    folder = sweep_of(tmp_path / "s", x, y, {"prim": {"outcome": "tipped", "threshold": 0.5, "inputs": ["a", "b", "c"],
                                                      "boxes": 2}})
    r = prim_analysis(read_results(folder), PrimSpec(inputs=("a", "b", "c"), boxes=2))
    step = r.first.candidates[1]
    res = CliRunner().invoke(cli, ["analyze", str(folder), "--box", str(step)])
    assert res.exit_code == 0, res.output
    stats = r.first.stats(step)
    assert f"PRIM box 1, step {step} of" in res.output and f"coverage {stats['coverage']:.3f}" in res.output
    report = (folder / "analysis" / "report.md").read_text()
    assert f"**{step}** is the step asked for with --box" in report and "### Box 2 (by covering" in report
    assert "cumulative coverage" in report
    res = CliRunner().invoke(cli, ["analyze", str(folder), "--box", "999"])
    assert res.exit_code == 2 and "a step of PRIM's peeling trajectory, 0 to" in res.output


def test_box_without_prim_in_the_manifest_is_a_located_error(tmp_path):
    x, y = two_regions(200)
    res = CliRunner().invoke(cli, ["analyze", str(sweep_of(tmp_path / "s", x, y, {})), "--box", "1"])
    assert res.exit_code == 2 and "a PRIM analysis in the manifest for --box" in res.output


def test_cart_leaves_find_the_planted_region(tmp_path):
    x, y = two_regions()
    folder = sweep_of(tmp_path / "s", x, y, {"cart": {"outcome": "tipped", "threshold": 0.5, "inputs": ["a", "b", "c"],
                                                      "max_depth": 2, "min_leaf": 0.05}})
    r = cart_analysis(read_results(folder), CartSpec(inputs=("a", "b", "c"), max_depth=2))
    top = r.leaves.iloc[0]
    lim = r.limits[int(top["leaf"])].set_index("input")
    assert set(lim.index) == {"a", "b"} and lim.at["a", "lower"] == pytest.approx(0.6, abs=0.05)
    assert lim.at["b", "upper"] == pytest.approx(0.3, abs=0.05) and top["density"] > 0.9
    assert r.leaves["n"].sum() == len(x) and r.leaves["coverage"].sum() == pytest.approx(1.0)
    res = CliRunner().invoke(cli, ["analyze", str(folder)])
    assert res.exit_code == 0, res.output
    report = (folder / "analysis" / "report.md").read_text()
    assert "## Scenario discovery (CART): tipped" in report and "![CART tree](cart_tipped.png)" in report
