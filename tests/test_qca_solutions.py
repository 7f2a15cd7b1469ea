"""QCA to the end: calibration by Ragin's direct method, PRI, and the solution formulas from the truth table."""

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from synthetic_sweeps import LEG_NAMES, legs_sweep

from simulation.faces.cli import cli
from simulation.lab.analysis.kinds import QcaSpec
from simulation.lab.analysis.qca import direct_calibration, minimise, pri, qca_analysis, truth_table
from simulation.lab.analysis.results import read_results


def test_direct_calibration_maps_the_anchors_to_five_fifty_and_ninety_five_percent():
    m = direct_calibration([0.2, 0.5, 0.9, 0.0, 1.5], (0.2, 0.5, 0.9))
    np.testing.assert_allclose(m[:3], [0.0474, 0.5, 0.9526], atol=1e-4)  # exp(±3) / (1 + exp(±3))
    assert m[3] < m[0] and m[4] > m[2]
    falling = direct_calibration([0.9, 0.5, 0.2], (0.9, 0.5, 0.2))  # larger values, less membership
    np.testing.assert_allclose(falling, [0.0474, 0.5, 0.9526], atol=1e-4)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(-10, 10), min_size=2, max_size=30))
def test_calibration_is_monotone_and_inside_the_unit_interval(values):
    x = np.sort(np.asarray(values))
    m = direct_calibration(x, (-1.0, 0.5, 2.0))
    assert ((m >= 0) & (m <= 1)).all() and (np.diff(m) >= -1e-12).all()


def test_pri_by_hand():
    x, y = np.array([0.9, 0.8, 0.2]), np.array([0.6, 0.3, 0.9])
    both = np.minimum(x, y)  # .6 .3 .2 -> 1.1
    contra = np.minimum(both, 1 - y)  # .4 .3 .1 -> .8
    assert both.sum() == pytest.approx(1.1) and contra.sum() == pytest.approx(0.8)
    assert pri(x, y) == pytest.approx((1.1 - 0.8) / (x.sum() - 0.8))


def test_complex_and_parsimonious_solutions_of_a_known_table():
    # Cases only in corners 111, 110 (outcome) and 000, 001 (no outcome): 100, 101, 010, 011 are remainders.
    corners = [(1, 1, 1), (1, 1, 0), (0, 0, 0), (0, 0, 1)]
    sets = pd.DataFrame([c for c in corners for _ in range(5)], columns=["A", "B", "C"]).astype(float)
    y = (sets["A"] * sets["B"]).to_numpy()
    truth = truth_table(sets, y)
    complex_ = minimise(sets, y, truth, "complex")
    parsimonious = minimise(sets, y, truth, "parsimonious")
    assert complex_.formula == "A*B"
    assert parsimonious.formula in ("A", "B")  # one remainder-using cover of a single literal
    for s in (complex_, parsimonious):
        assert s.consistency == 1.0 and s.coverage == 1.0 and s.pri == 1.0


def test_two_paths_each_with_its_unique_coverage():
    rng = np.random.default_rng(1)
    sets = pd.DataFrame(rng.integers(0, 2, (400, 3)), columns=["A", "B", "C"]).astype(float)
    y = np.maximum(sets["A"] * sets["B"], sets["C"] * (1 - sets["A"])).to_numpy()
    s = minimise(sets, y, truth_table(sets, y), "complex")
    assert s.formula == "A*B + ~A*C" and s.consistency == 1.0 and s.coverage == 1.0
    terms = {t.formula: t for t in s.terms}
    # the paths do not overlap (A and ~A), so each path's unique coverage is its whole coverage
    for t in terms.values():
        assert t.unique_coverage == pytest.approx(t.coverage)
    assert sum(t.coverage for t in terms.values()) == pytest.approx(1.0)


def test_no_consistent_configuration_gives_no_solution():
    sets = pd.DataFrame({"A": [1.0, 1, 0, 0], "B": [1.0, 0, 1, 0]})
    assert minimise(sets, np.array([0.0, 1, 1, 0]) * 0.5, truth_table(sets, [0, 0.5, 0.5, 0]), "complex") is None


def test_sweep_report_states_the_solution_and_the_calibration(tmp_path):
    analyses = {"qca": {"outcome": "tipped", "conditions": [*LEG_NAMES, "trade_stake"],
                        "calibration": {"trade_stake": [0.8, 0.5, 0.1]}}}
    folder = legs_sweep(tmp_path / "s", analyses, replications=5, noise=0.0)
    r = qca_analysis(read_results(folder), QcaSpec(conditions=(*LEG_NAMES, "trade_stake"),
                                                   calibration={"trade_stake": (0.8, 0.5, 0.1)}))
    assert r.complex.formula == "activism*legislature*officials*trade_stake"
    m = direct_calibration(np.linspace(0, 1, 6), (0.8, 0.5, 0.1))  # the six stakes; the runs tip below 0.6
    assert r.complex.consistency == pytest.approx(m[:3].sum() / m.sum())  # replications cancel
    assert r.complex.coverage == pytest.approx(m[:3].sum() / 3)
    res = CliRunner().invoke(cli, ["analyze", str(folder)])
    assert res.exit_code == 0, res.output
    report = (folder / "analysis" / "report.md").read_text()
    assert (f"is `activism*legislature*officials*trade_stake → tipped` (consistency {r.complex.consistency:.2f}, "
            f"coverage {r.complex.coverage:.2f}, PRI {r.complex.pri:.2f})") in report
    assert "| trade_stake | 0.800 | 0.500 | 0.100 |" in report  # the anchors, stated


def test_a_calibration_of_no_condition_is_a_located_error(tmp_path):
    analyses = {"qca": {"outcome": "tipped", "conditions": list(LEG_NAMES), "calibration": {"trade": [0, 0.5, 1]}}}
    res = CliRunner().invoke(cli, ["analyze", str(legs_sweep(tmp_path / "s", analyses, replications=2))])
    assert res.exit_code == 2 and "analyses.qca.calibration.trade" in res.output and "Traceback" not in res.output


def test_a_table_where_every_configuration_leads_to_the_outcome():
    sets = pd.DataFrame({"A": [1.0, 1, 0, 0], "B": [1.0, 0, 1, 0]})
    s = minimise(sets, np.ones(4), truth_table(sets, np.ones(4)), "complex")
    assert s.formula == "1 (every configuration)" and s.consistency == 1.0 and s.coverage == 1.0
