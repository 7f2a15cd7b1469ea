"""Sobol and Morris through the project's pipeline, and the tipping curves' intervals."""

import math

import numpy as np
import pandas as pd
import pytest
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample
from synthetic_sweeps import sampled_sweep

from simulation.lab.analysis.kinds import IndexSpec
from simulation.lab.analysis.results import Factor, Skipped, read_results
from simulation.lab.analysis.sensitivity import morris_analysis, sobol_analysis
from simulation.lab.analysis.tipping import tipping_curve, wilson

PI = math.pi
BOUNDS = [[-PI, PI]] * 3
NAMES = ["x1", "x2", "x3"]


def ishigami(x: np.ndarray, a: float = 7.0, b: float = 0.1) -> np.ndarray:
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


def ishigami_indices(a: float = 7.0, b: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
    """Analytic first-order and total indices of the Ishigami function."""
    v1 = 0.5 * (1 + b * PI**4 / 5) ** 2
    v2 = a**2 / 8
    v13 = b**2 * PI**8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    return np.array([v1, v2, 0.0]) / v, np.array([v1 + v13, v2, v13]) / v


def test_ishigami_indices_through_a_results_folder(tmp_path):
    problem = {"num_vars": 3, "names": NAMES, "bounds": BOUNDS}
    x = sobol_sample.sample(problem, 2048, calc_second_order=True, seed=11)
    folder = sampled_sweep(tmp_path / "ishigami", x, ishigami(x), NAMES, BOUNDS, "sobol",
                           {"n": 2048, "second_order": True}, {"sobol": {"outcome": "net_final"}})
    result = sobol_analysis(read_results(folder), IndexSpec(outcome="net_final"))
    s1, st = ishigami_indices()
    assert s1 == pytest.approx([0.314, 0.442, 0.0], abs=0.002)  # the analytic values themselves
    table = result.table.set_index("factor").loc[NAMES]
    np.testing.assert_allclose(table["S1"], s1, atol=0.04)
    np.testing.assert_allclose(table["ST"], st, atol=0.04)
    assert (table["S1_conf"] > 0).all() and (table["ST_conf"] < 0.1).all()
    pairs = result.pairs.set_index("pair")["S2"]  # only x1 and x3 interact: S2 = V13 / V
    assert pairs.index[0] == "x1 × x3" and pairs["x1 × x3"] == pytest.approx(st[2], abs=0.05)
    assert abs(pairs["x1 × x2"]) < 0.05 and abs(pairs["x2 × x3"]) < 0.05


def test_sobol_without_second_order_and_on_a_constant_outcome(tmp_path):
    problem = {"num_vars": 3, "names": NAMES, "bounds": BOUNDS}
    x = sobol_sample.sample(problem, 512, calc_second_order=False, seed=2)
    folder = sampled_sweep(tmp_path / "first", x, ishigami(x), NAMES, BOUNDS, "sobol",
                           {"n": 512, "second_order": False}, {})
    result = sobol_analysis(read_results(folder), IndexSpec(outcome="net_final"))
    table = result.table.set_index("factor")
    assert result.pairs is None
    assert table.loc["x2", "S1"] == pytest.approx(ishigami_indices()[0][1], abs=0.08)
    flat = sampled_sweep(tmp_path / "flat", x, np.ones(len(x)), NAMES, BOUNDS, "sobol", {"second_order": False}, {})
    with pytest.raises(Skipped, match="same value"):
        sobol_analysis(read_results(flat), IndexSpec(outcome="net_final"))


def test_morris_ranks_a_linear_model_by_its_slopes(tmp_path):
    bounds = [[0.0, 1.0], [0.0, 2.0], [0.0, 1.0]]
    problem = {"num_vars": 3, "names": ["a", "b", "c"], "bounds": bounds}
    x = morris_sample.sample(problem, 30, num_levels=4, seed=5)
    y = 10 * x[:, 0] + 2 * x[:, 1] + 0 * x[:, 2]
    folder = sampled_sweep(tmp_path / "morris", x, y, ["a", "b", "c"], bounds, "morris",
                           {"trajectories": 30, "levels": 4}, {"morris": {"outcome": "net_final"}})
    t = morris_analysis(read_results(folder), IndexSpec(outcome="net_final")).table.set_index("factor")
    # an elementary effect is the change in y per unit step in the unit cube: slope × width of the range
    assert t.loc["a", "mu_star"] == pytest.approx(10.0)
    assert t.loc["b", "mu_star"] == pytest.approx(4.0)
    assert t.loc["c", "mu_star"] == pytest.approx(0.0, abs=1e-12)
    assert t["sigma"].max() == pytest.approx(0.0, abs=1e-9)  # linear, no interactions


def test_missing_points_skip_the_estimators(tmp_path):
    problem = {"num_vars": 3, "names": NAMES, "bounds": BOUNDS}
    x = sobol_sample.sample(problem, 64, calc_second_order=False, seed=2)
    folder = sampled_sweep(tmp_path / "part", x, ishigami(x), NAMES, BOUNDS, "sobol", {"second_order": False}, {})
    runs = pd.read_parquet(folder / "runs" / "part-000001.parquet")
    (folder / "runs" / "part-000001.parquet").unlink()
    with pytest.raises(Skipped, match=f"{len(runs)} of {len(x)} design points have no runs"):
        sobol_analysis(read_results(folder), IndexSpec(outcome="net_final"))


def test_wilson_interval_matches_its_formula():
    k, n, z = 8, 10, 1.959963984540054
    p = k / n
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    assert wilson(k, n) == pytest.approx((centre - half, centre + half))
    lo, hi = wilson(0, 20)
    assert lo == 0.0 and 0.1 < hi < 0.2


def test_tipping_curve_bins_a_continuous_factor():
    values = pd.Series([0.05, 0.1, 0.3, 0.35, 0.9, 0.95])
    event = pd.Series([False, False, True, False, True, True])
    curve = tipping_curve(values, event, Factor("trade", "continuous", low=0.0, high=1.0))
    assert len(curve) == 8 and curve["n"].sum() == 6
    assert curve.loc[0, "n"] == 2 and curve.loc[0, "p"] == 0.0
    assert curve.loc[2, "n"] == 2 and curve.loc[2, "p"] == 0.5
    assert curve.loc[7, "k"] == 2 and curve.loc[7, "lo"] < 1.0 == curve.loc[7, "p"]
    assert curve["x"].tolist()[0] == pytest.approx(0.0625) and np.isnan(curve.loc[1, "p"])


def test_convergence_reestimates_on_every_prefix_up_to_the_whole_sample(tmp_path):
    problem = {"num_vars": 3, "names": NAMES, "bounds": BOUNDS}
    x = sobol_sample.sample(problem, 512, calc_second_order=False, seed=5)
    folder = sampled_sweep(tmp_path / "c", x, ishigami(x), NAMES, BOUNDS, "sobol", {"n": 512, "second_order": False}, {})
    result = sobol_analysis(read_results(folder), IndexSpec(outcome="net_final"))
    c = result.convergence
    assert sorted(c["n"].unique()) == [32, 64, 128, 256, 512]
    last = c[c["n"] == 512].set_index("factor")[["S1", "ST"]]
    np.testing.assert_allclose(last.to_numpy(), result.table.set_index("factor")[["S1", "ST"]].to_numpy())
    width = c.groupby("n")["S1_conf"].max()
    assert width.iloc[-1] < width.iloc[0] / 2  # the intervals shrink with n


def test_report_ranks_factors_only_where_their_intervals_separate():
    from simulation.faces.analysis_report import ranking_order, ranking_words

    apart = pd.DataFrame({"factor": ["a", "b", "c"], "S1": [0.5, 0.3, 0.1], "S1_conf": [0.02, 0.02, 0.02],
                          "ST": [0.6, 0.4, 0.2], "ST_conf": [0.02, 0.02, 0.02]})
    assert ranking_order(apart, "S1") == ("a > b > c", True)
    assert ranking_words(apart) == "The intervals rank every factor: by S1 a > b > c; by ST a > b > c."
    close = apart.assign(S1_conf=[0.2, 0.02, 0.02])  # 0.5 − 0.2 reaches 0.3 + 0.02
    assert ranking_order(close, "S1") == ("{a, b} > c", False)
    assert "cannot be ranked apart" in ranking_words(close)
