"""The demo scenario behaves as its header documents: the focal emerging democracy tips only with all three legs."""

import numpy as np
import pytest

from simulation.lab.runs import run_scenario
from simulation.model.stance import Stance
from simulation.scenario import load_scenario

REPLICATIONS = 40


def tipping_share(path, variant=None, code="EMD"):
    s = load_scenario(path, variant=variant)
    result = run_scenario(s, seed=123, replications=REPLICATIONS)
    i = result.world.index(code)
    acting_at_end = (result.final.stance[:, i] >= Stance.SUPPORT).mean()
    return (result.final.tipped_tick[:, i] > 0).mean(), acting_at_end, result


def test_focal_state_tips_when_all_three_legs_push(demo_path):
    tipped, acting, _ = tipping_share(demo_path)
    assert tipped >= 0.9 and acting >= 0.9


@pytest.mark.parametrize("variant,where_it_ends", [("no_activism", Stance.OPPOSE),
                                                   ("no_legislature", Stance.ABSTAIN),
                                                   ("no_officials", Stance.ABSTAIN)])
def test_focal_state_does_not_tip_when_one_leg_is_missing(demo_path, variant, where_it_ends):
    """Without activism Emergia keeps opposing; without its legislature or its officials it abstains."""
    tipped, acting, result = tipping_share(demo_path, variant)
    assert tipped <= 0.1 and acting <= 0.1
    final = result.final.stance[:, result.world.index("EMD")]
    assert (final == where_it_ends).mean() >= 0.9


def test_each_leg_is_measured_not_assumed(demo_path):
    """The variants differ only in one leg, and the full demo's focal net benefit exceeds every variant's."""
    nets = {}
    for variant in [None, "no_activism", "no_legislature", "no_officials"]:
        _, _, result = tipping_share(demo_path, variant)
        nets[variant] = result.history["net"][-1, :, result.world.index("EMD")].mean()
    assert all(nets[None] > nets[v] for v in ("no_activism", "no_legislature", "no_officials"))


def test_other_states_behave_as_the_header_says(demo_path):
    _, _, result = tipping_share(demo_path)
    w, f = result.world, result.final
    assert (f.tipped_tick[:, w.index("NRD")] > 0).all()  # Nordland acts on values
    assert (result.history["stance"][1:, :, w.index("PTR")] == Stance.OPPOSE).all()  # Patronia opposes throughout
    assert np.median(f.tipped_tick[:, w.index("NRD")]) < np.median(f.tipped_tick[:, w.index("EMD")])
