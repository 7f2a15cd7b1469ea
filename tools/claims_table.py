"""Print each claim test's two arms (mean probability of acting) and its p-value, as docs/claims.md quotes them.

Run ``python tools/claims_table.py`` (about a minute): it runs the tests of ``tests/test_claims.py`` themselves,
recording every paired comparison they make.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import claims  # noqa: E402
import test_claims as tc  # noqa: E402

RECORDS: list[tuple[float, float, float]] = []


def recording(a, b) -> float:
    """The claims' paired test, with its two arms' means and p-value recorded."""
    p = claims.more(a, b)
    RECORDS.append((float(a.mean()), float(b.mean()), p))
    return p


def cases() -> list[tuple[str, object]]:
    out = [("interests beat values (democracy)", lambda: tc.test_interests_beat_values_for_every_regime_type(0.9)),
           ("interests beat values (autocracy)", lambda: tc.test_interests_beat_values_for_every_regime_type(0.1)),
           ("grievance and sovereignty vs coercive western",
            tc.test_grievance_and_sovereignty_weigh_most_against_coercive_western_responses),
           ("fear of scrutiny", tc.test_fear_of_scrutiny_holds_back_a_state_with_a_poor_record)]
    out += [(f"each leg for EMD: without {leg}",
             lambda leg=leg: tc.test_each_leg_raises_a_high_stake_emerging_democracys_chance_of_acting(leg))
            for leg in tc.LEGS_REMOVED]
    return out + [
        ("access points", tc.test_the_same_campaign_moves_a_democracy_more_than_an_autocracy),
        ("boomerang", tc.test_transnational_activists_carrying_information_out_move_third_states),
        ("regional body sways", tc.test_a_regional_body_that_endorses_the_response_sways_its_members),
        ("media visibility", tc.test_media_visibility_moves_democracies),
        ("bilateral beats council with autocrats",
         tc.test_with_autocrats_on_the_body_the_bilateral_route_beats_the_multilateral_one),
        ("economic leverage beats shaming", tc.test_economic_leverage_moves_a_closed_state_that_shaming_does_not),
        ("patron counter-offer", tc.test_a_patrons_counter_offer_holds_a_state_back),
        ("BRICS eclipses IBSA", tc.test_brics_harmony_eclipses_ibsa),
    ]


def main() -> None:
    tc.more = recording
    for name, test in cases():
        RECORDS.clear()
        test()
        print(f"{name}: " + " | ".join(f"{a:.3f} vs {b:.3f} (p={p:.1e})" for a, b, p in RECORDS))
    base = tc.world([tc.EMERGING, tc.SMALL], instrument="resolution", activists=tc.ACTIVISTS, steps=36)
    print(f"small state with all legs: {tc.acting(base, 'SML').mean():.3f}")
    for leg, remove in tc.LEGS_REMOVED.items():
        print(f"small state without {leg}: {tc.acting(remove(base, 'SML'), 'SML').mean():.3f}")


if __name__ == "__main__":
    main()
