"""The stylised teaching cases behave as their headers say (default parameters, 40 replications each)."""

import numpy as np

from simulation.lab.runs import run_scenario
from simulation.model.decision import TERMS
from simulation.model.stance import Stance
from simulation.scenario import load_scenario

REPLICATIONS = 40


def outcome(path, code, variant=None, overrides=None):
    """Share of runs in which ``code`` tipped, share acting at the end, and the run itself."""
    result = run_scenario(load_scenario(path, variant=variant, overrides=overrides), seed=11,
                          replications=REPLICATIONS)
    i = result.world.index(code)
    return ((result.final.tipped_tick[:, i] > 0).mean(), (result.final.stance[:, i] >= Stance.SUPPORT).mean(),
            result)


def final_term(result, code, term):
    return result.history.last_terms[:, result.world.index(code), TERMS.index(term)].mean()


def test_small_state_acts_on_activism_alone(library):
    path = library / "small_state.yaml"
    full, _, _ = outcome(path, "SML")
    alone, acting, result = outcome(path, "SML", "activism_only")
    without, _, quiet = outcome(path, "SML", "no_activism")
    assert full >= 0.9 and alone >= 0.9 and acting >= 0.9
    assert final_term(result, "SML", "legislature") == 0 and final_term(result, "SML", "officials") < 0.01
    assert without <= 0.1
    assert (quiet.final.stance[:, quiet.world.index("SML")] == Stance.ABSTAIN).mean() >= 0.9


def test_great_power_resists_all_three_legs(library):
    path = library / "great_power.yaml"
    tipped, _, result = outcome(path, "MGN")
    assert tipped <= 0.05
    legs = np.array([getattr(result.final, leg)[:, result.world.index("MGN")].mean()
                     for leg in ("activism", "legislature", "conviction")])
    smaller, acting, half = outcome(path, "MGN", "smaller_stakes")
    assert smaller >= 0.9 and acting >= 0.9
    at_tip = half.final.pressures_at_tip[:, half.world.index("MGN")].mean(axis=0)
    assert (legs > at_tip).all(), "Magnia's legs end higher than those at which it tips with half the stakes"


def test_autocracy_without_access_opposes_while_a_democracy_tips(library):
    path = library / "autocracy.yaml"
    _, _, result = outcome(path, "AUT")
    w, f = result.world, result.final
    assert (f.tipped_tick[:, w.index("AUT")] <= 0).all()
    assert (f.stance[:, w.index("AUT")] == Stance.OPPOSE).mean() >= 0.9
    assert (f.tipped_tick[:, w.index("CIV")] > 0).mean() >= 0.9
    assert abs(f.activism[:, w.index("AUT")].mean() - f.activism[:, w.index("CIV")].mean()) < 0.05  # same campaign
    opened, _, open_result = outcome(path, "AUT", "opening")
    for term in ("activism", "legislature"):
        assert final_term(open_result, "AUT", term) > 5 * final_term(result, "AUT", term)
    assert 0.2 <= opened <= 0.85, "opening up makes Autarkia a coin flip, not a certainty"


def test_patron_offer_holds_emergia_back_against_coercion_only(library):
    path = library / "patron_offer.yaml"
    shares = {}
    for offer in (0.0, 0.05, 0.15, 0.6):
        shares[offer], _, _ = outcome(path, "EMD", overrides={"states[EMD].patron_inducement": offer})
    assert shares[0.0] >= 0.9 and shares[0.6] <= 0.05
    assert shares[0.0] >= shares[0.05] >= shares[0.15] >= shares[0.6]
    token, _, _ = outcome(path, "EMD", "token_offer")
    assert token >= 0.8
    resolution, _, _ = outcome(path, "EMD", "resolution_instead")
    assert resolution >= 0.9
