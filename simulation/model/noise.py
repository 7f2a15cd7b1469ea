"""Random shocks from a counter-based generator: each shock is a pure function of (seed, replication, tick, state, draw).

**Philox4x32-10** (Salmon, Moraes, Dror & Shaw 2011, "Parallel random numbers: as easy as 1, 2, 3"; the
Random123 generator that cuRAND, JAX and numpy's ``Philox`` also implement) turns a 128-bit counter and a
64-bit key into 128 random bits; it passes TestU01's BigCrush, and any counter can be computed on its own. Here
the key is the run's (seed, replication) and the counter is (tick, state, stream, draw * 2^16 + block): a
run's numbers do not depend on how runs are batched, how many threads or workers run them, or on which
executor, and no generator object is ever built or carried.

A shock is a standard normal made from that counter's stream of 64-bit words by **numpy's ziggurat**
(Marsaglia & Tsang 2000, 256 layers, as in ``numpy.random.Generator.standard_normal``): one word 99 % of the
time; the rare rejections read the next words of the same stream (block 0 holds two words, block 1 two more...).
``tests/test_noise.py`` checks Random123's published known answers and the ziggurat against numpy's own on the
same words.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

import numba
import numpy as np

from .compiled import listed, rule

#: What the manifest of every result says about its random numbers.
GENERATOR = ("philox4x32-10 keyed (seed, replication), counter (tick, state, stream, draw * 2^16 + block); "
             "standard normals by numpy's 256-layer ziggurat on its 64-bit words (trifecta shocks v2)")

_M0, _M1 = np.uint64(0xD2511F53), np.uint64(0xCD9E8D57)  # Philox4x32 multipliers
_W0, _W1 = np.uint64(0x9E3779B9), np.uint64(0xBB67AE85)  # key increments (golden ratio, sqrt(3) - 1)
_LOW = np.uint64(0xFFFFFFFF)
_32 = np.uint64(32)
_LIMIT = 2 ** 32


class RunKey(NamedTuple):
    """Which random numbers a run draws: its seed, its replication, and a stream (0 unless its numbers must differ
    from every other design point's, as in a sweep without common random numbers)."""

    seed: int
    replication: int
    stream: int = 0


def run_seed(seed: int, replication: int, stream: int = 0) -> RunKey:
    """The key of one replication of a run (every field a whole number below 2^32)."""
    _check_bounds((("seed", seed), ("replication", replication), ("stream", stream)))
    return RunKey(int(seed), int(replication), int(stream))


def run_keys(seed: int, replications: np.ndarray, streams: np.ndarray) -> np.ndarray:
    """The keys of many runs as the kernel reads them, (B, 3) uint64: ``seed`` with each run's replication and
    stream (as :func:`run_seed` of each, checked in one step)."""
    replications, streams = np.asarray(replications, dtype=np.int64), np.asarray(streams, dtype=np.int64)
    if replications.size:
        _check_bounds((("seed", seed), ("replication", replications.min()), ("replication", replications.max()),
                       ("stream", streams.min()), ("stream", streams.max())))
    else:
        _check_bounds((("seed", seed),))
    keys = np.empty((replications.size, 3), dtype=np.uint64)
    keys[:, 0], keys[:, 1], keys[:, 2] = int(seed), replications, streams
    return keys


def _check_bounds(values) -> None:
    for name, value in values:
        if not 0 <= int(value) < _LIMIT:
            raise ValueError(f"a run's {name} must be a whole number from 0 to {_LIMIT - 1}, not {value}")


def packed_keys(keys: Sequence[RunKey] | np.ndarray) -> np.ndarray:
    """Runs' keys as the kernel reads them: (B, 3) uint64 of seed, replication and stream (keys already so packed,
    as :func:`run_keys` makes them, are used as they are)."""
    if isinstance(keys, np.ndarray) and keys.dtype == np.uint64:
        return keys.reshape(-1, 3)
    return np.array([tuple(k) for k in keys], dtype=np.uint64).reshape(-1, 3)


@numba.njit(cache=True, nogil=True, inline="always")
def philox4x32(c0, c1, c2, c3, k0, k1):
    """Philox4x32-10: ten rounds of multiply, swap and xor of the counter words under the bumped key (uint64s
    holding 32-bit words); Random123's reference ``philox4x32_R(10, ...)``."""
    for r in range(10):
        if r > 0:
            k0 = (k0 + _W0) & _LOW
            k1 = (k1 + _W1) & _LOW
        p0 = _M0 * c0
        p1 = _M1 * c2
        c0, c1, c2, c3 = (p1 >> _32) ^ c1 ^ k0, p1 & _LOW, (p0 >> _32) ^ c3 ^ k1, p0 & _LOW
    return c0, c1, c2, c3


_R = 3.6541528853610088  # numpy's ziggurat_nor_r
_INV_R = 1.0 / _R


def _ziggurat_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Marsaglia & Tsang's 256-layer tables for 52-bit magnitudes (numpy's ``ki``, ``wi``, ``fi``)."""
    m1 = 2.0 ** 52
    dn = tn = _R  # the start of the tail
    vn = _R * math.exp(-0.5 * _R * _R) + math.sqrt(math.pi / 2) * math.erfc(_R / math.sqrt(2))  # each layer's area
    ki, wi, fi = np.zeros(256, dtype=np.uint64), np.zeros(256), np.zeros(256)
    q = vn / math.exp(-0.5 * dn * dn)
    ki[0] = np.uint64(int((dn / q) * m1))
    wi[0], wi[255] = q / m1, dn / m1
    fi[0], fi[255] = 1.0, math.exp(-0.5 * dn * dn)
    for i in range(254, 0, -1):
        dn = math.sqrt(-2.0 * math.log(vn / dn + math.exp(-0.5 * dn * dn)))
        ki[i + 1] = np.uint64(int((dn / tn) * m1))
        tn = dn
        fi[i] = math.exp(-0.5 * dn * dn)
        wi[i] = dn / m1
    return ki, wi, fi


_KI, _WI, _FI = _ziggurat_tables()


@rule
def _word(k0, k1, tick, state, stream, draw, n):
    """Word ``n`` (0, 1, 2, ...) of the stream of one (run, tick, state, draw): block ``n // 2``'s high or low half."""
    x0, x1, x2, x3 = philox4x32(np.uint64(tick), np.uint64(state), stream, np.uint64(draw * 65536 + n // 2), k0, k1)
    return (x0 << _32) | x1 if n % 2 == 0 else (x2 << _32) | x3


@rule
def _unit(word):
    """A 64-bit word as a uniform in [0, 1) (its top 53 bits), as numpy's ``next_double``."""
    return np.float64(np.int64(word >> np.uint64(11))) * (1.0 / 9007199254740992.0)


@rule
def _next_word(words, start, drawn, k0, k1, tick, state, stream, draw, n):
    """Word ``n`` of a stream whose first ``drawn`` words are ``words[start:start + drawn]`` (the rest drawn here)."""
    return words[start + n] if n < drawn else _word(k0, k1, tick, state, stream, draw, n)


@numba.njit(cache=True, nogil=True, inline="always")
def _layer(r):
    """A ziggurat word read as its layer (8 bits), sign (1 bit) and 52-bit magnitude, and the point it proposes."""
    idx = np.int64(r & np.uint64(0xFF))
    r = r >> np.uint64(8)
    rabs = (r >> np.uint64(1)) & np.uint64(0x000FFFFFFFFFFFFF)
    x = np.float64(np.int64(rabs)) * _WI[idx]  # rabs < 2^52: the signed conversion is exact
    return idx, rabs, -x if r & np.uint64(1) else x


@rule
def ziggurat_normal(words, start, drawn, k0, k1, tick, state, stream, draw):
    """numpy's ziggurat standard normal (``random_standard_normal``) from the stream of one (run, tick, state,
    draw), whose first ``drawn`` words are ``words[start:start + drawn]``; returns the normal and how many words
    it read. A word inside its layer's rectangle is the answer; otherwise the wedge test, or the tail beyond
    ``r``, reads new words until one is accepted."""
    n = 0
    while True:
        idx, rabs, x = _layer(_next_word(words, start, drawn, k0, k1, tick, state, stream, draw, n))
        n += 1
        if rabs < _KI[idx]:
            return x, n
        if idx == 0:  # the base strip's tail beyond r
            while True:
                xx = -_INV_R * math.log1p(-_unit(_next_word(words, start, drawn, k0, k1, tick, state, stream, draw, n)))
                yy = -math.log1p(-_unit(_next_word(words, start, drawn, k0, k1, tick, state, stream, draw, n + 1)))
                n += 2
                if yy + yy > xx * xx:
                    return (-(_R + xx) if (rabs >> np.uint64(8)) & np.uint64(1) else _R + xx), n
        u = _unit(_next_word(words, start, drawn, k0, k1, tick, state, stream, draw, n))
        n += 1
        if (_FI[idx - 1] - _FI[idx]) * u + _FI[idx] < math.exp(-0.5 * x * x):
            return x, n


@rule
def fill_shocks(out, first, rejected, key, tick, draw):
    """One run's shocks at ``tick``: ``out[i]`` the standard normal of state ``i`` (``first``: scratch for word 0
    of every state's stream; ``rejected``: for the states whose word is rejected). Three passes: every state's first
    word; the normal it makes inside its layer's rectangle (99 % of words), the others' words kept (a kept word is
    never 0: word 0 lies inside); the states with a kept word listed (``compiled.listed``) and finished by the wedge
    and tail tests. The first two passes compile to vector instructions. Listing first, measured on 2026-12-04 (the
    kernel at a sweep's batch, one thread, three interleaved readings each): 8.8 -> 8.5-8.6 ns per state-tick, the
    same numbers bit for bit; a loop that tested each state's word and finished it on the spot cost as much with a
    test never true (a microbenchmark): it drew the next words of every state, rejected or not."""
    k0, k1, stream = key[0], key[1], key[2]
    block = np.uint64(draw * 65536)
    for i in range(out.shape[0]):
        x0, x1, _, _ = philox4x32(np.uint64(tick), np.uint64(i), stream, block, k0, k1)
        first[i] = (x0 << _32) | x1
    for i in range(out.shape[0]):
        idx, rabs, x = _layer(first[i])
        out[i] = x
        first[i] = np.uint64(0) if rabs < _KI[idx] else first[i]
    for k in range(listed(first, rejected)):
        i = rejected[k]
        out[i] = ziggurat_normal(first, i, 1, k0, k1, tick, i, stream, draw)[0]


@numba.njit(cache=True)
def _shocks(keys, first_tick, out):
    first = np.empty(out.shape[2], dtype=np.uint64)
    rejected = np.empty(out.shape[2], dtype=np.int64)
    for b in range(out.shape[0]):
        for j in range(out.shape[1]):
            fill_shocks(out[b, j], first, rejected, keys[b], first_tick + j, 0)


def shocks(keys: Sequence[RunKey], first_tick: int, ticks: int, n_states: int) -> np.ndarray:
    """The shocks the kernel draws for these runs at ticks ``first_tick ... first_tick + ticks - 1``, (B, T, N):
    for the per-agent reference model, the bare-numpy benchmark and tests (the kernel draws its own)."""
    out = np.empty((len(keys), ticks, n_states))
    _shocks(packed_keys(keys), int(first_tick), out)
    return out
