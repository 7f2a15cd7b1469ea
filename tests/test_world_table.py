"""The world table: traits from real data, in [0, 1], monotone where claimed, every fill reported, and the
shipped data reproducible from the shared data folder."""

from __future__ import annotations

import importlib.util
import math
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulation.scenario import world_table as wt
from simulation.scenario.schema import StateSpec
from simulation.scenario.world_table import GROUPS, group_members, world_states

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
DATA = ROOT / "simulation" / "data"
YEARS = range(wt.FIRST_YEAR, wt.LAST_YEAR + 1)
UNIT_FIELDS = ("democracy", "capability", "record", "grievance", "sovereignty", "value_commitment",
               "security_stake", "economic_stake")
SHIPPED = ("states.csv", "groups.csv", "ties.csv", "capitals.csv", "world_110m.geojson", "ATTRIBUTION.md")

unit = st.floats(0.0, 1.0)
few = settings(max_examples=60, deadline=None)


@pytest.fixture(scope="module")
def tables():
    """The 193-member table of every year, without a target."""
    return {y: world_states(y) for y in YEARS}


@pytest.fixture(scope="module")
def syria():
    """The 193-member table of every year with Syria as the target (patrons RUS, IRN by default)."""
    return {y: world_states(y, target="SYR") for y in YEARS}


def _raw(name: str) -> pd.DataFrame:
    with resources.files("simulation").joinpath("data", name).open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, keep_default_na=False, na_values=[""])


def _noted(table, field: str) -> set[str]:
    return {n.iso3 for n in table.filled if n.field == field}


# ---------------------------------------------------------------- shape, range and completeness


def test_all_means_the_193_members_every_year(tables):
    for year, table in tables.items():
        assert table.year == year
        assert len(table.states) == 193
        assert len({s["code"] for s in table.states}) == 193


def test_every_trait_is_in_unit_interval_and_finite(tables, syria):
    for table in (*tables.values(), *syria.values()):
        for s in table.states:
            for f in UNIT_FIELDS:
                assert 0.0 <= s[f] <= 1.0 and math.isfinite(s[f]), (table.year, s["code"], f, s[f])
            assert 0.0 <= s["legislature"]["strength"] <= 1.0
            assert set(s["blocs"]) <= set(GROUPS)
        for n in table.filled:
            assert n.value is not None
            if isinstance(n.value, float):
                assert math.isfinite(n.value)


def test_rows_are_valid_state_specs(syria):
    for s in syria[2011].states:
        StateSpec(**s)


def test_a_subset_has_the_same_traits_as_the_full_table(syria):
    sub = world_states(2011, members=["ZAF", "BRA", "IND"], target="SYR")
    assert [s["code"] for s in sub.states] == ["ZAF", "BRA", "IND"]
    for s in sub.states:
        assert s == syria[2011].state(s["code"])
    assert {n.iso3 for n in sub.filled} <= {"ZAF", "BRA", "IND"}


# ---------------------------------------------------------------- known facts


def test_known_facts(tables):
    for year, t in tables.items():
        assert t.state("NOR")["democracy"] > t.state("CHN")["democracy"]
        assert t.state("PRK")["record"] > t.state("DNK")["record"]
        assert t.state("IND")["grievance"] > t.state("NOR")["grievance"]
        assert "JPN" in group_members("G7", year)
        assert set(group_members("P5", year)) == {"USA", "GBR", "FRA", "RUS", "CHN"}
    t14 = tables[2014]
    for code in ("BRA", "IND", "ZAF"):
        assert {"IBSA", "BRICS"} <= set(t14.state(code)["blocs"])
    assert set(group_members("IBSA", 2014)) == {"BRA", "IND", "ZAF"}
    assert set(group_members("BRICS", 2014)) == {"BRA", "RUS", "IND", "CHN", "ZAF"}
    assert "ZAF" not in group_members("BRICS", 2010)


def test_settler_states_have_no_grievance_and_say_so(tables):
    t = tables[2011]
    for code in wt.SETTLER_STATES:
        assert t.state(code)["grievance"] == 0.0
        assert t.notes_for(code, "grievance"), code


def test_dated_group_changes_and_suspensions(tables):
    assert "EU" in tables[2019].state("GBR")["blocs"]
    assert "EU" not in tables[2020].state("GBR")["blocs"]
    assert "NATO" in tables[2021].state("MKD")["blocs"]
    assert "ArabLeague" in tables[2011].state("SYR")["blocs"]
    assert "ArabLeague" not in tables[2012].state("SYR")["blocs"]
    assert "SYR" in group_members("ArabLeague", 2012)  # suspended, still a member
    assert "suspended" in tables[2012].notes_for("SYR", "blocs")[0].rule


def test_groups_filter_blocs():
    t = world_states(2014, members=["IND", "USA"], blocs=["BRICS", "IBSA"])
    assert t.state("IND")["blocs"] == ["BRICS", "IBSA"] and t.state("USA")["blocs"] == []


def test_stakes_toward_syria_make_sense(syria):
    t = syria[2011]
    assert t.state("SYR")["security_stake"] == 1.0
    # neighbours and allies of Syria or Russia have more at stake than distant states without ties
    for near in ("LBN", "JOR", "IRQ", "ARM"):
        assert t.state(near)["security_stake"] > t.state("BRA")["security_stake"], near
    assert t.state("LBN")["economic_stake"] > t.state("NOR")["economic_stake"]
    assert t.patrons == ("RUS", "IRN")


def test_sponsors_are_never_the_targets_patrons():
    assert world_states(2011, members=["IND"], target="SYR", sponsors=["USA", "RUS"]).patrons == ("IRN",)
    assert world_states(2011, members=["IND"], target="SYR", patrons=[]).patrons == ()


def test_a_target_without_tie_data_gives_zero_stakes_with_notes():
    t = world_states(2011, members=["IND", "BRA"], target="ZWE")
    for s in t.states:
        assert s["security_stake"] == 0.0 and s["economic_stake"] == 0.0
        assert t.notes_for(s["code"], "security_stake") and t.notes_for(s["code"], "economic_stake")


# ---------------------------------------------------------------- monotone mapping rules


@few
@given(unit, unit)
def test_democracy_legislature_and_values_rise_with_their_scores(a, b):
    lo, hi = min(a, b), max(a, b)
    assert wt.democracy_rule(lo) <= wt.democracy_rule(hi)
    assert wt.legislature_strength_rule(lo) <= wt.legislature_strength_rule(hi)
    assert wt.value_commitment_rule(lo) <= wt.value_commitment_rule(hi)
    assert 0.0 <= wt.value_commitment_rule(lo) <= 1.0


@few
@given(st.floats(-3.0, 6.0), st.floats(-3.0, 6.0))
def test_record_falls_as_protection_rises(a, b):
    lo, hi = min(a, b), max(a, b)
    assert wt.record_rule(lo, -3.0, 6.0) >= wt.record_rule(hi, -3.0, 6.0)
    assert 0.0 <= wt.record_rule(hi, -3.0, 6.0) <= 1.0


@few
@given(st.floats(1e-7, 0.3), st.floats(1e-7, 0.3))
def test_capability_rises_with_cinc(a, b):
    lo, hi = min(a, b), max(a, b)
    assert wt.capability_rule(lo, 1e-7, 0.3) <= wt.capability_rule(hi, 1e-7, 0.3)
    assert 0.0 <= wt.capability_rule(lo, 1e-7, 0.3) <= 1.0


@few
@given(st.integers(0, 600), st.integers(0, 600))
def test_grievance_rises_with_years_colonised(a, b):
    lo, hi = min(a, b), max(a, b)
    assert wt.grievance_rule(1, lo) <= wt.grievance_rule(1, hi) <= 1.0
    assert wt.grievance_rule(0, hi) == 0.0 < wt.grievance_rule(1, lo)


@few
@given(unit, unit, st.integers(0, 1), st.integers(0, 1))
def test_sovereignty_falls_with_democracy_and_rises_with_nam_and_g77(a, b, nam, g77):
    lo, hi = min(a, b), max(a, b)
    assert wt.sovereignty_rule(lo, nam, g77) >= wt.sovereignty_rule(hi, nam, g77)
    assert wt.sovereignty_rule(lo, 1, g77) >= wt.sovereignty_rule(lo, 0, g77)
    assert wt.sovereignty_rule(lo, nam, 1) >= wt.sovereignty_rule(lo, nam, 0)
    assert 0.0 <= wt.sovereignty_rule(lo, 1, 1) <= 1.0


@few
@given(unit, unit, unit, unit, unit, unit)
def test_security_stake_rises_with_each_component(a1, a2, c, arms, x, y):
    lo, hi = min(a1, a2), max(a1, a2)
    assert wt.security_stake_rule(lo, c, arms) <= wt.security_stake_rule(hi, c, arms)
    assert wt.security_stake_rule(c, lo, arms) <= wt.security_stake_rule(c, hi, arms)
    assert wt.security_stake_rule(c, arms, lo) <= wt.security_stake_rule(c, arms, hi)
    assert 0.0 <= wt.security_stake_rule(x, y, hi) <= 1.0


def test_alliance_contiguity_and_arms_components_are_ordered():
    assert wt.alliance_rule(1, 1) > wt.alliance_rule(0, 1) > wt.alliance_rule(0, 0) == 0.0
    scores = wt.contiguity_rule(np.array([1, 2, 3, 4, 5, 0]))
    assert list(scores) == sorted(scores, reverse=True) and scores[0] == 1.0 and scores[-1] == 0.0
    assert wt.arms_dependence_rule(0.0, 0.0) == 0.0
    assert wt.arms_dependence_rule(10.0, 100.0) < wt.arms_dependence_rule(50.0, 100.0) <= 1.0


@few
@given(unit, unit, unit)
def test_economic_stake_rises_with_trade_and_saturates(a, b, p):
    lo, hi = min(a, b), max(a, b)
    assert wt.economic_stake_rule(wt.trade_exposure_rule(lo, p)) <= wt.economic_stake_rule(wt.trade_exposure_rule(hi, p))
    assert wt.trade_exposure_rule(lo, p) >= wt.trade_exposure_rule(lo, 0.0)
    assert 0.0 <= wt.economic_stake_rule(wt.trade_exposure_rule(hi, 1.0)) < 1.0
    assert wt.economic_stake_rule(wt.TRADE_HALF_STAKE) == pytest.approx(0.5)


def test_table_orders_states_as_their_observed_scores(tables):
    raw = _raw("states.csv")
    for year in (2005, 2012, 2021):
        r = raw[raw["year"] == year].set_index("iso3")
        t = tables[year]
        for col, field, sign in (("vdem_polyarchy", "democracy", 1), ("hr_latent_mean", "record", -1),
                                 ("cinc", "capability", 1)):
            obs = r[col].dropna()
            traits = pd.Series({c: t.state(c)[field] for c in obs.index})
            order = obs.sort_values().index
            diffs = np.diff(traits[order].to_numpy()) * sign
            assert (diffs >= -1e-4).all(), (year, field)  # non-decreasing up to the 4-decimal rounding


# ---------------------------------------------------------------- every fill reported


def test_every_missing_covariate_is_reported(tables):
    raw = _raw("states.csv")
    groups = _raw("groups.csv")
    for year, t in tables.items():
        r = raw[raw["year"] == year].set_index("iso3")
        for col, fields in (("vdem_polyarchy", ("democracy", "legislature.strength", "sovereignty")),
                            ("vdem_libdem", ("value_commitment",)), ("hr_latent_mean", ("record",)),
                            ("cinc", ("capability",))):
            missing = set(r.index[r[col].isna()])
            for f in fields:
                assert missing <= _noted(t, f), (year, col, f, sorted(missing - _noted(t, f)))
            assert _noted(t, fields[0]) == missing, (year, col)  # and observed values are not reported as filled
        g = groups[groups["year"] == min(year, wt.GROUPS_LAST_YEAR)].set_index("iso3")
        gaps = set(g.index[g["NAM"].isna()]) if year <= wt.GROUPS_LAST_YEAR else set(g.index)
        assert gaps <= _noted(t, "blocs") and gaps <= _noted(t, "sovereignty"), year


def test_every_missing_tie_is_reported(syria):
    ties = _raw("ties.csv")
    side = ("SYR", "RUS", "IRN")
    for year, t in syria.items():
        trade = ties[(ties["year"] == min(year, wt.TRADE_LAST_YEAR)) & ties["iso3_b"].isin(side)]
        gaps = set(trade.loc[trade["trade_share"].isna(), "iso3_a"]) - set(side)
        if year > wt.TRADE_LAST_YEAR:
            gaps = {s["code"] for s in t.states}
        assert gaps <= _noted(t, "economic_stake"), (year, sorted(gaps - _noted(t, "economic_stake")))
        atop = ties[(ties["year"] == min(year, wt.ATOP_LAST_YEAR)) & ties["iso3_b"].isin(side)]
        gaps = set(atop.loc[atop["atop_any"].isna(), "iso3_a"]) - set(side)
        if year > wt.ATOP_LAST_YEAR:
            gaps = {s["code"] for s in t.states}
        assert gaps <= _noted(t, "security_stake"), year


def test_no_target_means_zero_stakes_with_a_note(tables):
    t = tables[2011]
    assert all(s["security_stake"] == 0.0 and s["economic_stake"] == 0.0 for s in t.states)
    assert len(_noted(t, "security_stake")) == len(_noted(t, "economic_stake")) == 193


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize("call, message", [
    (lambda: world_states(2004), "outside the world table's range 2005-2021"),
    (lambda: world_states(2022), "outside the world table's range 2005-2021"),
    (lambda: world_states("2011"), "whole number"),
    (lambda: world_states(2011, members=["BRA", "XYZ"]), "unknown ISO3 code.*'XYZ'"),
    (lambda: world_states(2011, members=["bra"]), "unknown ISO3 code.*'bra'"),
    (lambda: world_states(2011, members=["BRA", "BRA"]), "more than once"),
    (lambda: world_states(2011, members="BRA"), "must be 'all'"),
    (lambda: world_states(2011, target="XYZ"), "target 'XYZ' is not the ISO3 code"),
    (lambda: world_states(2011, target="USA"), "also a sponsor"),
    (lambda: world_states(2011, target="SYR", patrons=["BRA"]), "among the 14 partners"),
    (lambda: world_states(2011, blocs=["BRIC"]), "unknown group 'BRIC'"),
    (lambda: group_members("G8", 2011), "unknown group 'G8'"),
    (lambda: group_members("EU", 2030), "outside the world table's range"),
])
def test_bad_input_raises_a_clear_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# ---------------------------------------------------------------- the shipped data


def test_package_data_is_readable_and_small():
    files = resources.files("simulation").joinpath("data")
    total = 0
    for name in SHIPPED:
        assert files.joinpath(name).is_file(), name
        total += len(files.joinpath(name).read_bytes())
    assert total < 3_000_000, total
    assert "CC BY-SA" in files.joinpath("ATTRIBUTION.md").read_text(encoding="utf-8")


def test_build_script_reproduces_the_shipped_files(tmp_path):
    if not (SHARED / "README.md").is_file():
        pytest.skip(f"shared data folder {SHARED} is absent: cannot rebuild the package data")
    spec = importlib.util.spec_from_file_location("build_world_data", ROOT / "tools" / "build_world_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build(SHARED, tmp_path)
    for name in SHIPPED:
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), f"{name} differs from a fresh build"
