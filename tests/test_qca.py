"""QCA measures against small cases computed by hand."""

import numpy as np
import pandas as pd
import pytest
from synthetic_sweeps import LEG_NAMES, legs_sweep

from simulation.lab.analysis.kinds import QcaSpec
from simulation.lab.analysis.qca import (
    calibrate_factor,
    conjunction,
    is_crisp,
    measures_table,
    necessity,
    qca_analysis,
    sufficiency,
    truth_table,
)
from simulation.lab.analysis.results import Factor, read_results


def test_fuzzy_necessity_and_sufficiency_by_hand():
    x, y = [1.0, 0.8, 0.3, 0.0], [0.9, 0.6, 0.4, 0.1]
    # min(x, y) = 0.9, 0.6, 0.3, 0.0 -> 1.8; sum y = 2.0; sum x = 2.1
    # sum(1 - x) = 0 + .2 + .7 + 1 = 1.9; sum(1 - min) = .1 + .4 + .7 + 1 = 2.2
    cons, cov, ron = necessity(x, y)
    assert cons == pytest.approx(1.8 / 2.0)
    assert cov == pytest.approx(1.8 / 2.1)
    assert ron == pytest.approx(1.9 / 2.2)
    assert sufficiency(x, y) == pytest.approx((1.8 / 2.1, 1.8 / 2.0))


def test_crisp_measures_by_hand():
    x, y = [1, 1, 0, 0, 1, 1], [1, 0, 0, 1, 1, 1]
    # both: cases 0, 4, 5 -> 3; y: 4 cases; x: 4 cases
    assert necessity(x, y)[:2] == pytest.approx((3 / 4, 3 / 4))
    assert sufficiency([1, 0, 0, 0, 0, 0], y) == pytest.approx((1.0, 1 / 4))
    assert is_crisp(x) and not is_crisp([0.0, 0.5])


def test_a_condition_always_present_is_necessary_but_trivial():
    x, y = np.ones(10), np.r_[np.ones(3), np.zeros(7)]
    cons, cov, ron = necessity(x, y)
    assert cons == 1.0 and cov == pytest.approx(0.3) and ron == 0.0


def test_empty_outcome_gives_nan_not_an_error():
    assert np.isnan(necessity([1, 0], [0, 0])[0])


def test_table_holds_negations_and_the_conjunction():
    sets = pd.DataFrame({"a": [1.0, 0.6, 0.2], "b": [0.4, 1.0, 0.9]})
    y = np.array([0.5, 0.7, 0.1])
    table = measures_table(sets, y).set_index("set")
    assert list(table.index) == ["a", "b", "~a", "~b", "a*b"]
    np.testing.assert_allclose(conjunction(sets), [0.4, 0.6, 0.2])
    # ~a = 0, .4, .8; min(~a, y) = 0, .4, .1 -> .5 of sum y 1.3
    assert table.at["~a", "nec_consistency"] == pytest.approx(0.5 / 1.3)
    # a*b = .4, .6, .2; min with y = .4, .6, .1 -> 1.1 of 1.2
    assert table.at["a*b", "suf_consistency"] == pytest.approx(1.1 / 1.2)


def test_truth_table_by_hand():
    sets = pd.DataFrame({"A": [1, 1, 0, 0, 1, 1], "B": [1, 0, 1, 0, 1, 1]})
    y = [1, 0, 0, 0, 1, 0]
    tt = truth_table(sets, y).set_index(["A", "B"])
    assert tt.loc[(1, 1), "n"] == 3 and tt.loc[(1, 1), "consistency"] == pytest.approx(2 / 3)
    assert tt.loc[(1, 0), "n"] == 1 and tt.loc[(1, 0), "consistency"] == 0.0
    assert tt["outcome"].sum() == 0
    assert truth_table(sets, [1, 0, 0, 0, 1, 1]).set_index(["A", "B"]).loc[(1, 1), "outcome"] == 1


def test_fuzzy_case_belongs_to_its_nearest_corner():
    sets = pd.DataFrame({"A": [0.7, 0.2], "B": [0.9, 0.4]})
    tt = truth_table(sets, [0.8, 0.1]).set_index(["A", "B"])
    # case 0 is in corner (1,1) with min(.7,.9) = .7; case 1 in (0,0) with min(.8,.6) = .6
    assert tt.loc[(1, 1), "n"] == 1 and tt.loc[(0, 0), "n"] == 1
    # corner (1,1): memberships .7, .2; min with y: .7, .1 -> .8 / .9
    assert tt.loc[(1, 1), "consistency"] == pytest.approx(0.8 / 0.9)


def test_calibration_of_factors():
    bundle = Factor("activism", "bundle", levels=("none", "some", "full"))
    np.testing.assert_allclose(calibrate_factor(bundle, pd.Series([0, 1, 2])), [0, 0.5, 1])
    cont = Factor("trade", "continuous", low=2.0, high=4.0)
    np.testing.assert_allclose(calibrate_factor(cont, pd.Series([2.0, 3.0, 5.0])), [0, 0.5, 1])
    text = Factor("sponsor", "levels", levels=("regional", "un", "western"))
    np.testing.assert_allclose(calibrate_factor(text, pd.Series(["western", "regional"])), [1, 0])


def test_qca_on_a_sweep_where_the_trifecta_is_exactly_the_rule(tmp_path):
    results = read_results(legs_sweep(tmp_path / "s", {}, replications=5, noise=0.0, stake_cut=2.0))
    r = qca_analysis(results, QcaSpec(conditions=LEG_NAMES))
    table = r.by_run.set_index("set")
    assert r.crisp and r.by_point is None
    for leg in LEG_NAMES:
        assert table.at[leg, "nec_consistency"] == 1.0
        assert table.at[leg, "suf_consistency"] == pytest.approx(0.25)  # 1 of the 4 corners with the leg tips
    assert table.at["activism*legislature*officials", "suf_consistency"] == 1.0
    assert len(r.truth) == 8 and r.truth.iloc[0][list(LEG_NAMES)].tolist() == [1, 1, 1]
    assert r.truth["outcome"].tolist() == [1] + [0] * 7
