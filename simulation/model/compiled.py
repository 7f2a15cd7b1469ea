"""Compiling the mechanism: the rule decorator, two clipping helpers, and the threads a batch runs on.

Every rule of the mechanism is a scalar function of one actor (an activist, a state's legislature, its
officials, the state deciding), compiled by numba (``rule``) so that the kernel's loop over runs and states
calls it at machine speed. Numba is chosen because it compiles plain Python on numpy arrays, ships as pip
wheels, and runs a loop's iterations on every core with ``prange``; ``cache=True`` keeps the machine code on
disk (``__pycache__``), so only the first run after an install or a change pays the compilation.
"""

from __future__ import annotations

import math

import numba

#: Compiles a scalar rule of the mechanism (cached on disk; no fast-math, so results are IEEE-exact; numpy's
#: error model: a division by zero gives inf rather than raising, and every division here is guarded).
rule = numba.njit(cache=True, nogil=True, error_model="numpy")


@rule
def clip01(x):
    """``x`` held inside [0, 1] (a level, share or probability)."""
    return min(max(x, 0.0), 1.0)


@rule
def saturate(x):
    """``1 - exp(-x)``: a push of any size as a level in [0, 1)."""
    return -math.expm1(-x)


def threads(batch: int) -> int:
    """Threads a batch of ``batch`` runs is spread over: all numba allows this thread, never more than runs."""
    return max(1, min(batch, numba.get_num_threads()))


def set_threads(n: int) -> None:
    """Let this thread's compiled batches use ``n`` threads (a process worker uses one; its pool the cores)."""
    numba.set_num_threads(max(1, min(n, numba.config.NUMBA_NUM_THREADS)))
