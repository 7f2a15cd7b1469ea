"""The kernel's fast forms give exactly what the plain numpy expressions they replace give."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from simulation.model.batch import ParameterBatch
from simulation.model.decision import choose_stance
from simulation.model.inplace import clip_into, saturate_into
from simulation.model.params import Parameters


def plain_choose_stance(net, shock, current, p, max_stance):
    """The ordered choice as written in docs/ODD.md: each cut checked against the state's current stance."""
    latent = net + p.noise * shock
    stance = np.zeros(np.shape(latent), dtype=np.int8)
    for level, cut in enumerate(p.thresholds(), start=1):
        stance += latent > np.where(current < level, cut + p.inertia, cut - p.inertia)
    return np.minimum(stance, max_stance).astype(np.int8)


@st.composite
def parameter_rows(draw) -> Parameters:
    cuts = sorted(draw(st.lists(st.floats(-3, 3), min_size=4, max_size=4, unique=True)))
    return Parameters(noise=draw(st.floats(0, 5)), inertia=draw(st.floats(0, 5)),
                      **dict(zip(("threshold_abstain", "threshold_support", "threshold_sanction",
                                  "threshold_intervene"), cuts)))


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(parameter_rows(), min_size=1, max_size=4), seed=st.integers(0, 2**32 - 1),
       max_stance=st.integers(2, 4))
def test_choose_stance_equals_the_plain_rule(rows, seed, max_stance):
    rng = np.random.default_rng(seed)
    net, shock = rng.normal(0, 2, (len(rows), 50)), rng.normal(size=(len(rows), 50))
    current = rng.integers(0, 5, (len(rows), 50)).astype(np.int8)
    p = rows[0] if len(rows) == 1 else ParameterBatch(rows)
    got = choose_stance(net, shock, current, p, max_stance)
    assert got.dtype == np.int8
    assert np.array_equal(got, plain_choose_stance(net, shock, current, p, max_stance))


def test_in_place_helpers_equal_numpy():
    x = np.random.default_rng(1).normal(0, 2, (3, 40))
    x[0, 0] = np.nan
    assert np.array_equal(clip_into(x.copy(), 0.0, 1.0), np.clip(x, 0.0, 1.0), equal_nan=True)
    y = np.abs(x)
    assert np.array_equal(saturate_into(y.copy()), -np.expm1(-y), equal_nan=True)
