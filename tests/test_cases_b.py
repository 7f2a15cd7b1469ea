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


def acting(result, code, tick=None):
    """Share of replications in which ``code`` acts (support or above) at ``tick`` (default: the end)."""
    i = result.world.index(code)
    stance = result.final.stance[:, i] if tick is None else result.history["stance"][tick, :, i]
    return float((stance >= Stance.SUPPORT).mean())


def share(result, code, stance):
    return float((result.final.stance[:, result.world.index(code)] == stance).mean())


def tipped(result, code):
    return float((result.final.tipped_tick[:, result.world.index(code)] >= 0).mean())


def mean_terms(result, code):
    last = result.history.last_terms[:, result.world.index(code), :].mean(axis=0)
    return dict(zip(TERMS, last))


def largest_cost(result, code):
    terms = mean_terms(result, code)
    return min(COSTS, key=lambda t: terms[t])


# --- Crimea 2014 --------------------------------------------------------------------------------------

def test_crimea_g7_support_while_ibsa_do_not():
    """The issue's requirement: under defaults IND, BRA and ZAF do not support the response; the G7 do."""
    r = run("crimea_2014")
    for code in IBSA:
        assert tipped(r, code) <= 0.1 and acting(r, code) <= 0.1, code
    for code in G7:
        assert acting(r, code) >= 0.9, code
        assert acting(r, code, tick=2) >= 0.9, code  # by April 2014, just after the vote of 27 March
    assert np.mean([acting(r, c, tick=1) for c in G7]) >= 0.75  # most already in March


def test_crimea_brazil_and_south_africa_abstain_india_opposes():
    """BRA and ZAF abstain as on A/RES/68/262; India opposes (the record: it abstained)."""
    r = run("crimea_2014")
    assert share(r, "BRA", Stance.ABSTAIN) >= 0.9 and share(r, "ZAF", Stance.ABSTAIN) >= 0.9
    assert share(r, "IND", Stance.OPPOSE) >= 0.6


def test_crimea_sanctions_the_g7_sanction_and_ibsa_oppose():
    r = run("crimea_2014", "g7_sanctions")
    for code in G7:
        assert share(r, code, Stance.SANCTION) >= 0.9, code
    for code in IBSA:
        assert share(r, code, Stance.OPPOSE) >= 0.9, code


def test_crimea_a_campaign_in_the_ibsa_democracies_moves_brazil_not_india():
    base, campaign = run("crimea_2014"), run("crimea_2014", "ibsa_campaign")
    assert acting(campaign, "BRA") >= 0.7 and acting(base, "BRA") <= 0.1
    assert acting(campaign, "IND") <= 0.1
    assert mean_terms(campaign, "IND")["activism"] > mean_terms(base, "IND")["activism"] + 0.1


# --- Kashmir seen from India: the Myanmar resolution of 2008 -----------------------------------------

def test_india_votes_against_the_myanmar_resolution_for_fear_of_scrutiny():
    r = run("kashmir_india")
    assert share(r, "IND", Stance.OPPOSE) >= 0.9 and tipped(r, "IND") <= 0.1
    assert largest_cost(r, "IND") == "scrutiny"
    terms = mean_terms(r, "IND")
    assert terms["scrutiny"] < -0.4
    for code in ("USA", "GBR", "FRA", "JPN"):  # the drafters and their allies vote yes
        assert acting(r, code) >= 0.9, code


def test_without_the_precedent_india_abstains_but_still_does_not_support():
    r = run("kashmir_india", "no_precedent")
    assert share(r, "IND", Stance.OPPOSE) <= 0.1
    assert share(r, "IND", Stance.ABSTAIN) >= 0.9
    assert acting(r, "IND") <= 0.1


# --- Venezuela 2014 seen from Brazil -----------------------------------------------------------------

def test_brazil_stays_passive_during_the_protests_while_canada_acts():
    r = run("venezuela_brazil")
    for tick in range(1, 7):  # February-August 2014
        assert acting(r, "BRA", tick) <= 0.1, tick
    assert acting(r, "CAN", tick=4) >= 0.8
    assert acting(r, "USA", tick=7) >= 0.9
    assert largest_cost(r, "BRA") == "scrutiny"


def test_brazil_comes_round_late_which_the_record_does_not_show():
    """Pinned non-reproduction: sustained activism and Brazil's legislature tip it by early 2015."""
    r = run("venezuela_brazil")
    assert acting(r, "BRA") >= 0.5
    assert acting(r, "BRA", tick=9) <= 0.2


def test_without_the_precedent_brazil_acts_during_the_protests():
    r = run("venezuela_brazil", "no_precedent")
    assert acting(r, "BRA", tick=5) >= 0.8


# --- Central African Republic 2013-14 ----------------------------------------------------------------

COUNCIL_2013 = ("USA", "GBR", "FRA", "RUS", "CHN", "ARG", "AUS", "AZE", "GTM", "LUX", "MAR", "PAK", "KOR",
                "RWA", "TGO")


def test_car_the_penholder_and_its_allies_sanction():
    r = run("car_sanctions")
    for code in ("FRA", "USA", "GBR"):
        assert share(r, code, Stance.SANCTION) >= 0.9, code
    assert acting(r, "ZAF") >= 0.9


def test_car_the_model_misses_the_councils_unanimity():
    """Pinned non-reproduction: 2127 and 2134 passed 15-0; in the model fewer than nine members act."""
    r = run("car_sanctions")
    members_acting = np.mean([acting(r, c) for c in COUNCIL_2013]) * len(COUNCIL_2013)
    assert members_acting < 9
    for code in ("RWA", "TGO", "TCD", "CMR", "COG"):  # Council members and MISCA troop contributors
        assert acting(r, code) <= 0.1, code
    assert acting(r, "RUS") <= 0.1 and acting(r, "CHN") <= 0.1


def test_car_a_french_sponsor_costs_south_africas_support():
    base, french = run("car_sanctions"), run("car_sanctions", "french_sanctions")
    assert acting(base, "ZAF") - acting(french, "ZAF") >= 0.5
    assert acting(french, "FRA") >= 0.9


# --- AU anti-coup: Madagascar 2009-10 ----------------------------------------------------------------

def au_members_acting(result):
    """Mean share of the AU bloc's members (Madagascar and Guinea were suspended) acting at the end."""
    codes = [c for c in result.world.codes if c not in ("MDG", "GIN")]
    return float(np.mean([acting(result, c) for c in codes]))


def test_au_members_back_sanctions_on_the_coup_government():
    r = run("au_anticoup")
    assert au_members_acting(r) >= 0.85
    assert acting(r, "MDG") <= 0.1
    assert (r.final.stance == Stance.OPPOSE).mean() <= 0.05
    for code in ("ZAF", "MOZ", "KEN", "SEN"):
        assert acting(r, code) >= 0.9, code
        assert mean_terms(r, code)["activism"] < 0.1  # no campaign: the regional body moves them
        assert mean_terms(r, code)["regional"] > 0.2


def test_au_without_its_anticoup_norm_members_stay_on_the_fence():
    assert au_members_acting(run("au_anticoup", "no_anticoup_norm")) <= 0.1


def test_au_pull_depends_on_the_instrument_and_on_dilution():
    """Pinned sensitivity: with generic sanctions, or with every group as a bloc, few members act."""
    assert au_members_acting(run("au_anticoup", "generic_sanctions")) <= 0.2
    assert au_members_acting(run("au_anticoup", "all_groups")) <= 0.2


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
