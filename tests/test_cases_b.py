"""Five historical scenarios behave as their headers document (issue 3, part B).

Each test runs a scenario (or one of its variants) with the model's default parameters, 40 replications
and a fixed seed, and checks the behaviour the file's header claims, as shares over replications with
a margin. Where the header says the model does NOT reproduce the record, the test pins what it does.
"""

from functools import cache
from pathlib import Path

import numpy as np
import pytest

from simulation.lab.runs import run_scenario
from simulation.model.decision import TERMS
from simulation.model.stance import Stance
from simulation.scenario import load_scenario

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
REPLICATIONS = 40
SEED = 31
G7 = ("USA", "GBR", "FRA", "DEU", "ITA", "JPN", "CAN")
IBSA = ("IND", "BRA", "ZAF")
COSTS = ("security", "economy", "grievance", "scrutiny", "sovereignty", "patron")


@cache
def run(name, variant=None):
    scenario = load_scenario(SCENARIOS / f"{name}.yaml", variant=variant)
    assert scenario.kind == "historical" and scenario.world is not None
    assert scenario.parameters == type(scenario.parameters)()  # the model's defaults, never tuned per case
    return run_scenario(scenario, seed=SEED, replications=REPLICATIONS)


def stances(result, code, tick=None):
    """Each replication's stance of ``code`` at ``tick`` (default: the end)."""
    i = result.world.index(code)
    return result.final.stance[:, i] if tick is None else result.history["stance"][tick, :, i]


def acting(result, code, tick=None):
    """Share of replications in which ``code`` acts (support or above) at ``tick`` (default: the end)."""
    return float((stances(result, code, tick) >= Stance.SUPPORT).mean())


def share(result, code, stance, tick=None):
    return float((stances(result, code, tick) == stance).mean())


def net(result, code, tick):
    return float(np.nanmean(result.history["net"][tick, :, result.world.index(code)]))


def mean_terms(result, code):
    last = result.history.last_terms[:, result.world.index(code), :].mean(axis=0)
    return dict(zip(TERMS, last))


def largest_cost(result, code):
    terms = mean_terms(result, code)
    return min(COSTS, key=lambda t: terms[t])


# --- Crimea 2014 --------------------------------------------------------------------------------------

def test_crimea_g7_support_from_march_2014():
    r = run("crimea_2014")
    for code in G7:
        assert acting(r, code) >= 0.9, code
        # By April 2014, just after the vote of 27 March. Japan, the least sure, acts at tick 2 in 95% of 400 runs
        # (seeds 31, 7, 2024: 0.9475-0.95), in 94% of the header's 100; over 40 runs its share falls to 0.875
        # (seed 31), so the bar leaves a Monte Carlo margin of about three standard errors below 0.95.
        assert acting(r, code, tick=2) >= 0.85, code
    assert np.mean([acting(r, c, tick=1) for c in G7]) >= 0.85  # nearly all already in March


def test_crimea_india_and_south_africa_abstain_but_brazil_supports():
    """India and South Africa abstain in most runs, as on A/RES/68/262; Brazil, which abstained too, supports
    in most runs (not reproduced): its yes votes on other country resolutions and the Assembly-wide campaign
    outweigh its sovereignty cost."""
    r = run("crimea_2014")
    for code in ("IND", "ZAF"):
        assert share(r, code, Stance.ABSTAIN, tick=1) >= 0.45, code
        assert share(r, code, Stance.ABSTAIN) >= 0.45, code
    assert acting(r, "IND") <= 0.25 and acting(r, "ZAF") <= 0.45
    assert acting(r, "BRA", tick=1) >= 0.45 and acting(r, "BRA") >= 0.7
    assert mean_terms(r, "BRA")["prior"] > 0.3


def test_crimea_the_assembly_totals_are_near_the_vote():
    """March 2014: about 90 states act, 84 abstain, 20 oppose (the vote: 100, 58, 11, with 24 absent)."""
    stance = run("crimea_2014").history["stance"][1]
    n = stance.shape[1]
    assert 75 <= (stance >= Stance.SUPPORT).mean() * n <= 110
    assert (stance == Stance.OPPOSE).mean() * n <= 30


def test_crimea_sanctions_the_g7_sanction_and_india_and_south_africa_oppose():
    r = run("crimea_2014", "g7_sanctions")
    for code in G7:
        assert acting(r, code) >= 0.8, code
    assert np.mean([share(r, c, Stance.SANCTION) for c in G7]) >= 0.8
    for code in ("IND", "ZAF"):
        assert share(r, code, Stance.OPPOSE) >= 0.7, code
    assert acting(r, "BRA") <= 0.6


def test_crimea_a_campaign_in_the_ibsa_democracies_adds_little_to_the_assembly_wide_one():
    base, campaign = run("crimea_2014"), run("crimea_2014", "ibsa_campaign")
    for code in IBSA:
        assert mean_terms(campaign, code)["activism"] > mean_terms(base, code)["activism"] + 0.02, code
        assert mean_terms(base, code)["activism"] > 0.1, code  # reached without being targeted
    assert acting(campaign, "IND") <= 0.25
    assert abs(acting(campaign, "BRA") - acting(base, "BRA")) <= 0.15


# --- Kashmir seen from India: the Myanmar resolution of 2008 (tick 11 = the vote) ---------------------

def test_india_does_not_back_the_myanmar_resolution_and_mostly_splits_no_and_abstain():
    r = run("kashmir_india")
    assert acting(r, "IND", tick=11) <= 0.1
    assert share(r, "IND", Stance.OPPOSE, tick=11) >= 0.25 and share(r, "IND", Stance.ABSTAIN, tick=11) >= 0.3
    for code in ("USA", "GBR", "FRA", "JPN", "BRA", "MEX"):  # the drafters, their allies and Latin America: yes
        assert acting(r, code, tick=11) >= 0.75, code
    assert share(r, "ZAF", Stance.ABSTAIN, tick=11) >= 0.6 and share(r, "IDN", Stance.ABSTAIN, tick=11) >= 0.35


def test_india_sovereignty_not_scrutiny_is_its_largest_cost():
    """Not reproduced as the Brief tells it: the fear of scrutiny is now a small cost for India; its attachment
    to sovereignty, its security stake and its own record of voting no count for more."""
    r = run("kashmir_india")
    terms = mean_terms(r, "IND")
    assert largest_cost(r, "IND") == "sovereignty"
    assert -0.4 < terms["scrutiny"] < -0.05
    assert terms["security"] < terms["scrutiny"] and terms["prior"] < -0.4


def test_without_the_precedent_india_is_a_little_less_opposed_and_still_does_not_support():
    base, r = run("kashmir_india"), run("kashmir_india", "no_precedent")
    assert net(r, "IND", 11) > net(base, "IND", 11) + 0.1
    assert acting(r, "IND", tick=11) <= 0.1


# --- Venezuela 2014 seen from Brazil -----------------------------------------------------------------

def test_canada_and_the_us_act_from_the_start_while_brazil_splits_during_the_protests():
    """Not reproduced: Brazil did not criticise Venezuela; in the model it supports in about a third to a half
    of runs during the protests (ticks 1-5) and in most by early 2015."""
    r = run("venezuela_brazil")
    assert acting(r, "CAN", tick=1) >= 0.9 and acting(r, "USA", tick=1) >= 0.9
    during = np.mean([acting(r, "BRA", t) for t in range(1, 6)])
    assert 0.2 <= during <= 0.65
    assert acting(r, "BRA") >= 0.5 and acting(r, "BRA") >= acting(r, "BRA", tick=1) + 0.15


def test_brazils_largest_cost_is_its_security_stake_and_scrutiny_is_small():
    r = run("venezuela_brazil")
    terms = mean_terms(r, "BRA")
    assert largest_cost(r, "BRA") == "security"
    assert -0.3 < terms["scrutiny"] < 0 and terms["prior"] > 0.3


def test_without_the_precedent_brazils_net_benefit_rises():
    base, r = run("venezuela_brazil"), run("venezuela_brazil", "no_precedent")
    assert net(r, "BRA", 5) > net(base, "BRA", 5) + 0.08


# --- Central African Republic 2013-14 ----------------------------------------------------------------

COUNCIL_2013 = ("USA", "GBR", "FRA", "RUS", "CHN", "ARG", "AUS", "AZE", "GTM", "LUX", "MAR", "PAK", "KOR",
                "RWA", "TGO")


def test_car_the_penholder_and_its_allies_sanction():
    r = run("car_sanctions")
    for code in ("FRA", "USA", "GBR", "AUS", "LUX", "KOR"):
        assert acting(r, code) >= 0.85, code
    assert np.mean([share(r, c, Stance.SANCTION) for c in ("FRA", "USA", "GBR")]) >= 0.9


def test_car_the_model_misses_the_councils_unanimity_and_south_africa():
    """Pinned non-reproduction: 2127 and 2134 passed 15-0; in the model fewer than nine members act, the
    African members, the troop contributors and South Africa oppose."""
    r = run("car_sanctions")
    members_acting = np.mean([acting(r, c) for c in COUNCIL_2013]) * len(COUNCIL_2013)
    assert members_acting < 9
    for code in ("RWA", "TGO", "TCD", "CMR", "COG", "ZAF", "RUS", "CHN"):
        assert acting(r, code) <= 0.1, code
    for code in ("TCD", "CMR", "COG"):
        assert share(r, code, Stance.OPPOSE) >= 0.9, code
        assert largest_cost(r, code) in ("sovereignty", "security"), code


def test_car_a_french_sponsor_lowers_south_africas_net_benefit():
    base, french = run("car_sanctions"), run("car_sanctions", "french_sanctions")
    assert net(base, "ZAF", 12) > net(french, "ZAF", 12) + 0.2
    assert acting(french, "FRA") >= 0.9 and acting(french, "ZAF") <= 0.1


# --- AU anti-coup: Madagascar 2009-10 ----------------------------------------------------------------

def au_members_acting(result):
    """Mean share of the AU bloc's members (Madagascar and Guinea were suspended) acting at the end."""
    codes = [c for c in result.world.codes if c not in ("MDG", "GIN")]
    return float(np.mean([acting(result, c) for c in codes]))


def test_au_members_mostly_abstain_on_the_sanctions_against_the_coup_government():
    """Not reproduced: the AU decided by consensus; in the model about a fifth of members act, most abstain,
    because the sovereignty cost outweighs the regional body's pull."""
    r = run("au_anticoup")
    assert 0.08 <= au_members_acting(r) <= 0.35
    for code in ("ZAF", "MOZ", "KEN", "SEN"):
        assert acting(r, code) <= 0.4, code
        assert share(r, code, Stance.ABSTAIN) >= 0.5, code
        terms = mean_terms(r, code)
        assert 0.02 < terms["regional"] < 0.2 and terms["regional"] < -terms["sovereignty"] / 5
    assert acting(r, "MDG") >= 0.25  # the target decides like any state: its own record pulls it to "support"


def test_au_anticoup_norm_raises_members_net_benefit_a_little():
    base, without = run("au_anticoup"), run("au_anticoup", "no_anticoup_norm")
    for code in ("ZAF", "MOZ", "KEN", "SEN"):
        assert net(base, code, 13) > net(without, code, 13) + 0.03, code
    assert au_members_acting(without) <= au_members_acting(base) + 0.02


def test_au_generic_sanctions_are_opposed_and_dilution_weakens_the_pull():
    """Pinned sensitivity: with the instrument's default sanctions almost no member acts and most oppose; with
    every group as a bloc the AU's pull on its members shrinks."""
    base, generic, diluted = run("au_anticoup"), run("au_anticoup", "generic_sanctions"), run("au_anticoup", "all_groups")
    assert au_members_acting(generic) <= 0.05
    assert (generic.final.stance == Stance.OPPOSE).mean() >= 0.5
    for code in ("ZAF", "SEN"):
        assert mean_terms(diluted, code)["regional"] < mean_terms(base, code)["regional"] - 0.02, code


@pytest.mark.parametrize("name", ["car_sanctions", "crimea_2014", "venezuela_brazil", "kashmir_india",
                                  "au_anticoup"])
def test_case_files_are_historical_world_scenarios_with_focal_states(name):
    s = load_scenario(SCENARIOS / f"{name}.yaml")
    assert s.kind == "historical" and s.title and s.description and s.focal
    assert s.world is not None and s.crisis.target
    header = (SCENARIOS / f"{name}.yaml").read_text().split("\nname:")[0]
    for part in ("Sources", "historical record shows", "What the model does", "NOT"):
        assert part in header, part
    for variant in s.variants:
        load_scenario(SCENARIOS / f"{name}.yaml", variant=variant)
