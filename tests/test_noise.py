"""The counter-based generator: Philox4x32-10 as published, numpy's ziggurat, and normals that look normal."""

import numba
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from simulation.model.noise import philox4x32, run_seed, shocks, ziggurat_normal

#: Random123's known answers for philox4x32-10 (its kat_vectors file): counter, key, output.
KNOWN_ANSWERS = [
    ((0, 0, 0, 0), (0, 0), (0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8)),
    ((0xFFFFFFFF,) * 4, (0xFFFFFFFF,) * 2, (0x408F276D, 0x41C83B0E, 0xA20BC7C6, 0x6D5451FD)),
    ((0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344), (0xA4093822, 0x299F31D0),
     (0xD16CFE09, 0x94FDCCEB, 0x5001E420, 0x24126EA1)),
]


@pytest.mark.parametrize("counter, key, want", KNOWN_ANSWERS)
def test_philox_gives_random123s_known_answers(counter, key, want):
    got = philox4x32(*(np.uint64(x) for x in counter + key))
    assert tuple(int(x) for x in got) == want


@numba.njit(cache=True)
def _normals_from(words, m):
    """``m`` ziggurat normals read one after another from ``words``."""
    out = np.empty(m)
    pos = 0
    zero = np.uint64(0)
    for j in range(m):
        x, n = ziggurat_normal(words, pos, words.shape[0] - pos, zero, zero, 0, 0, zero, 0)
        out[j] = x
        pos += n
    return out


def test_the_ziggurat_is_numpys_on_the_same_words():
    """Fed numpy's own 64-bit words, the ziggurat accepts and rejects as numpy's ``standard_normal`` does (the two
    stay aligned over 10^6 draws, through every rejection) and gives its numbers to 1e-13 (the tables are computed
    here in double precision; numpy's were tabulated in higher precision)."""
    words = np.random.PCG64(5).random_raw(1_050_000)
    want = np.random.Generator(np.random.PCG64(5)).standard_normal(1_000_000)
    got = _normals_from(words, len(want))
    assert np.max(np.abs(got - want) / np.maximum(np.abs(want), 1e-300)) < 1e-13


def test_shocks_are_standard_normal():
    draws = shocks([run_seed(9, r) for r in range(40)], 1, 50, 193).ravel()  # 386,000 draws
    assert stats.kstest(draws, "norm").pvalue > 1e-4
    assert abs(draws.mean()) < 5 * 1 / np.sqrt(draws.size) and abs(draws.std() - 1) < 0.01
    assert np.abs(draws).max() > 4  # the tail beyond r = 3.65 is reached


def test_neighbouring_keys_and_counters_are_uncorrelated():
    """Runs, ticks and states next to each other draw independent numbers (correlations within noise)."""
    s = shocks([run_seed(1, r) for r in range(200)], 1, 20, 50)  # (runs, ticks, states)
    limit = 5 / np.sqrt(s[:-1].size)
    for a, b in ((s[:-1], s[1:]), (s[:, :-1], s[:, 1:]), (s[:, :, :-1], s[:, :, 1:])):
        assert abs(np.corrcoef(a.ravel(), b.ravel())[0, 1]) < limit
    other_stream = shocks([run_seed(1, r, stream=1) for r in range(200)], 1, 20, 50)
    assert abs(np.corrcoef(s.ravel(), other_stream.ravel())[0, 1]) < limit


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), replication=st.integers(0, 2**32 - 1), tick=st.integers(0, 10**6))
def test_a_shock_is_a_function_of_its_key_and_counter(seed, replication, tick):
    """Whatever else is drawn with it, a run's shock at a tick is the same number."""
    key = run_seed(seed, replication)
    alone = shocks([key], tick, 1, 3)[0, 0]
    among = shocks([run_seed(1, 2), key], tick - 1 if tick else tick, 2, 5)[1, 1 if tick else 0, :3]
    assert np.array_equal(alone, among)


@pytest.mark.parametrize("field, value", [("seed", -1), ("seed", 2**32), ("replication", 2**32), ("stream", -3)])
def test_keys_out_of_range_are_refused(field, value):
    with pytest.raises(ValueError, match=field):
        run_seed(**{"seed": 1, "replication": 0, field: value})
