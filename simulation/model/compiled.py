"""Compiling the mechanism: the rule decorators, the helpers the rules share, and the threads a batch runs on.

Every rule of the mechanism is a scalar function of one actor (an activist, a state's legislature, its
officials, the state deciding), compiled by numba (``rule``) so that the kernel's loop over runs and states
calls it at machine speed. Numba is chosen because it compiles plain Python on numpy arrays, ships as pip
wheels, and runs a loop's iterations on every core with ``prange``; ``cache=True`` keeps the machine code on
disk (in a folder named by the mechanism's source, ``simulation.compiler``), so only the first run after an
install or a change pays the compilation.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator

import numba
import numpy as np
from llvmlite import ir
from numba import types
from numba.extending import intrinsic

#: Compiles a scalar rule of the mechanism (cached on disk; no fast-math, so every operation is rounded as IEEE
#: arithmetic says; numpy's error model: a division by zero gives inf rather than raising, and every division here
#: is guarded).
rule = numba.njit(cache=True, nogil=True, error_model="numpy")
#: :data:`rule` for a rule the kernel calls once per state, bloc or targeted state that LLVM leaves as a call (a
#: record or several arrays among its arguments): numba inlines it where it is called. Measured on 2026-12-04
#: (AMD EPYC, 512-bit vectors; ``benchmarks/run.py``'s kernel): 10.1 -> 9.1 ns per state-tick at a sweep's batch,
#: and a run's standing terms filled in 1.8 µs instead of 3.6; the same numbers, bit for bit.
inlined_rule = numba.njit(cache=True, nogil=True, error_model="numpy", inline="always")
#: :data:`rule` (and :data:`inlined_rule`) for a sum of products the processor may compute as fused multiply-adds
#: (LLVM's ``contract``: a product and the sum it enters rounded once, not twice; nothing reassociated). Only for a
#: rule that every driver reaches by the same code, so that its numbers stay the same whatever runs them: the
#: saturation and the peer sums, each computed in one place. Not the net benefit, which the kernel computes in two
#: forms that must agree bit for bit (with its terms recorded or not; fused, they differed in the last place).
#: Measured on 2026-12-04 (the kernel at a sweep's batch, one thread, three interleaved readings each): 8.9 -> 8.5-8.8
#: ns per state-tick; of the 2,744 12-tick and 512 100-tick runs of ``benchmarks/comparisons.py``'s grids, every
#: stance and tipping tick the same, three net benefits 2.2e-16 apart. The saturation stays within 2 units in the last
#: place of the C library's (``tests/test_fast_forms.py``).
fused_rule = numba.njit(cache=True, nogil=True, error_model="numpy", fastmath={"contract"})
fused_inlined_rule = numba.njit(cache=True, nogil=True, error_model="numpy", inline="always", fastmath={"contract"})


@inlined_rule
def listed(flags, out):
    """The positions of the nonzero ``flags`` written in order to the front of ``out``, and how many: a store for
    every position and the count moved only for the flagged, so that a loop over states that acts on a rare few (a
    rejected random word, a state that first acts) lists them without a branch on each state, then acts on the
    list. A loop that tested each state and acted on the spot compiled to vector code doing the rare work for every
    state, or paid a mispredicted branch for each (2026-12-04, README "Performance")."""
    count = 0
    for i in range(flags.shape[0]):
        out[count] = i
        count += flags[i] != 0
    return count


@rule
def clip01(x):
    """``x`` held inside [0, 1] (a level, share or probability)."""
    return min(max(x, 0.0), 1.0)


_INV_LN2 = 1.0 / math.log(2.0)
_LN2_HI, _LN2_LO = 6.93147180369123816490e-01, 1.90821492927058770002e-10  # fdlibm's split of ln 2
#: 1/j! for j = 2, 3, ..., 13: the Taylor series of expm1 on |r| <= ln(2)/2 past its first term, truncated where the
#: next term is below 0.11 units in the last place.
_TAYLOR = tuple(1.0 / math.factorial(j) for j in range(2, 14))


@intrinsic
def _power_of_two(typingctx, k):
    """``2.0 ** k`` for a whole ``k`` in [-1022, 1023], exactly: its bits, the biased exponent ``k + 1023`` and a zero
    fraction (the scale of :func:`saturate`'s reduced argument, ``k`` in [-87, 0]). Made in registers, where a table
    of powers read with ``k`` was a gather in the vector loops: 7.8-7.9 -> 7.5-7.6 ns per state-tick on one thread
    (2026-12-04, the kernel at a sweep's batch), the same numbers bit for bit."""
    sig = types.float64(types.int64)

    def codegen(context, builder, signature, args):
        bits = builder.shl(builder.add(args[0], ir.Constant(ir.IntType(64), 1023)), ir.Constant(ir.IntType(64), 52))
        return builder.bitcast(bits, ir.DoubleType())
    return sig, codegen


@fused_rule
def saturate(x):
    """``1 - exp(-x)`` for a push ``x >= 0``: the push of any size as a level in [0, 1).

    Computed without a call into the C library, so a loop over states compiles to vector instructions: ``-x = k ln 2
    + r`` with ``|r| <= ln(2)/2`` (Cody and Waite's two-part ln 2), ``expm1(r) = r + r^2 q(r)`` by its Taylor series
    to the 13th power (``q`` by Estrin's scheme: pairs, then powers of ``r^2``, a short chain of dependent steps for a
    state computed alone), and ``1 - exp(-x) = (1 - 2^k) - 2^k expm1(r)``; within 2 units in the last place of the C
    library's ``-expm1(-x)`` (``tests/test_fast_forms.py``). Pushes beyond 60 give 1 (1 - exp(-60) rounds to 1); no
    push is negative (every parameter, trait and level in it is), and one would count as none."""
    y = -min(max(x, 0.0), 60.0)
    k = math.floor(y * _INV_LN2 + 0.5)
    r = (y - k * _LN2_HI) - k * _LN2_LO
    c = _TAYLOR
    r2 = r * r
    r4 = r2 * r2
    low = (c[0] + c[1] * r) + (c[2] + c[3] * r) * r2 + ((c[4] + c[5] * r) + (c[6] + c[7] * r) * r2) * r4
    high = (c[8] + c[9] * r) + (c[10] + c[11] * r) * r2
    q = low + high * (r4 * r4)
    scale = _power_of_two(np.int64(k))
    return (1.0 - scale) - scale * (r + r2 * q)


def set_threads(n: int) -> None:
    """Let this thread's compiled batches use ``n`` threads (a process worker uses one; its pool the cores)."""
    numba.set_num_threads(max(1, min(n, numba.config.NUMBA_NUM_THREADS)))


@contextlib.contextmanager
def on_threads(n: int) -> Iterator[None]:
    """This thread's compiled batches on ``n`` threads inside the block, on as many as before after it."""
    before = numba.get_num_threads()
    set_threads(n)
    try:
        yield
    finally:
        set_threads(before)
