"""The compiled kernel's rules give exactly what the plain numpy expressions of docs/ODD.md give."""

from __future__ import annotations

import numba
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from simulation.model.batch import ParameterBatch
from simulation.model.compiled import _power_of_two, clip01, listed, saturate
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


def test_clipping_is_exact():
    x = np.random.default_rng(1).normal(0, 2, 120)
    assert np.array_equal([clip01(v) for v in x], np.clip(x, 0.0, 1.0))


@numba.njit
def _powers(ks, out):
    for j in range(ks.shape[0]):
        out[j] = _power_of_two(ks[j])


def test_the_saturations_scale_is_the_exact_power_of_two():
    """The power of two made from its bits is 2.0 ** k, exactly, over every scale the saturation uses and beyond."""
    ks = np.arange(-1022, 1024, dtype=np.int64)
    out = np.empty(ks.shape[0])
    _powers(ks, out)
    assert np.array_equal(out, np.ldexp(1.0, ks))


@numba.njit
def _listed(flags):
    out = np.empty(flags.shape[0], dtype=np.int64)
    return out[:listed(flags, out)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.booleans(), max_size=300))
def test_listing_the_flagged_gives_their_positions_in_order(flags):
    """``compiled.listed`` (the rare states listed without a branch) is ``numpy.flatnonzero``."""
    flags = np.array(flags, dtype=np.bool_)
    assert np.array_equal(_listed(flags), np.flatnonzero(flags))
    words = np.where(flags, np.uint64(7), np.uint64(0))
    assert np.array_equal(_listed(words), np.flatnonzero(flags))


def _saturations(x) -> np.ndarray:
    return np.array([saturate(v) for v in np.asarray(x, dtype=float).reshape(-1)])


def test_saturation_is_the_c_library_expm1_to_two_units_in_the_last_place():
    """The kernel's own ``1 - exp(-x)`` (a polynomial the compiler vectorises) against the C library's expm1 on a
    spread of pushes, from the smallest to those that saturate."""
    rng = np.random.default_rng(2)
    x = np.concatenate([[0.0, 5e-324, 1e-300, 1e-17, 0.3465735902799726, 0.6931471805599453, 36.0, 59.9, 60.0, 61.0,
                         1e300], 10.0 ** rng.uniform(-20, 0, 4000), rng.uniform(0, 1, 4000), rng.uniform(0, 60, 4000)])
    np.testing.assert_array_max_ulp(_saturations(x), -np.expm1(-x), maxulp=2)
    assert _saturations([0.0])[0] == 0.0 and _saturations([80.0])[0] == 1.0


@settings(max_examples=300, deadline=None)
@given(st.floats(0, 80, allow_nan=False), st.floats(0, 80, allow_nan=False))
def test_saturation_rises_and_stays_below_one(a, b):
    lo, hi = _saturations(sorted((a, b)))
    assert 0.0 <= lo <= hi <= 1.0
    np.testing.assert_array_max_ulp(np.array([lo, hi]), -np.expm1(-np.array(sorted((a, b)))), maxulp=2)
