"""The compiled kernel's rules give exactly what the plain numpy expressions of docs/ODD.md give."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from simulation.model.batch import ParameterBatch
from simulation.model.compiled import clip01, saturate
from simulation.model.decision import choose_stance
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


def test_compiled_helpers_equal_numpy():
    """Clipping is exact; saturation is within one unit in the last place (the C library's expm1, not numpy's)."""
    x = np.random.default_rng(1).normal(0, 2, 120)
    assert np.array_equal([clip01(v) for v in x], np.clip(x, 0.0, 1.0))
    y = np.abs(x)
    np.testing.assert_array_max_ulp(np.array([saturate(v) for v in y]), -np.expm1(-y), maxulp=1)
