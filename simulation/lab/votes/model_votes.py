"""The model's vote: each state's probability of voting for, abstaining on or against the scrutiny at a roll call.

A roll call's scenario runs ``replications`` times for its ticks; at the last tick (the vote) each state's
ordered choice is read as probabilities, its shock integrated out (``simulate.final_stance_probabilities``),
and averaged over the replications. Support and the stronger stances are a vote for the scrutiny, abstain
an abstention, oppose a vote against. ``MODEL_FLOOR`` of the uniform distribution is mixed in, so that no
vote is ever certain (the log-loss stays finite). Replication ``r`` uses ``run_seed(seed, r)`` as every run does.
"""

from __future__ import annotations

import numpy as np

from ...model.setup import RunSetup
from ...model.simulate import final_stance_probabilities
from ...model.stance import ACTING, Stance

#: Share of the uniform distribution mixed into the model's vote probabilities.
MODEL_FLOOR = 0.01


def position_probabilities(stances: np.ndarray) -> np.ndarray:
    """Probabilities over the five stances, (..., 5), as probabilities over (support, abstain, oppose), (..., 3)."""
    return np.stack([stances[..., ACTING:].sum(axis=-1), stances[..., Stance.ABSTAIN],
                     stances[..., Stance.OPPOSE]], axis=-1)


def vote_probabilities(setup: RunSetup) -> tuple[np.ndarray, np.ndarray]:
    """Each state's probabilities of (support, abstain, oppose) at the vote, (N, 3), averaged over the setup's
    replications, and its mean net benefit of acting at the vote, (N,)."""
    stances, net = final_stance_probabilities(setup.world, setup.params, setup.seeds(), setup.steps)
    return position_probabilities(stances).mean(axis=0), net.mean(axis=0)
