"""Timing side by side: interleaved repeats in one process, medians, and what machine they ran on."""

from __future__ import annotations

import gc
import os
import platform
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np


def interleaved(cases: dict[str, Callable[[], Any]], repeats: int, warmup: bool = True,
                collect: bool = False) -> dict[str, float]:
    """The median wall time (seconds) of each case, the cases run in turn ``repeats`` times (after one warm-up each).

    With ``collect``, each timed call starts after a full garbage collection (untimed), so that no case pays for the
    cycles the case before it left behind (a ``batch_run`` of Mesa models leaves thousands): Python's collector
    otherwise runs a full pass, a tenth of a second in a process holding numba and pandas, in whichever call
    crosses its threshold. Not by default: the pass evicts the processor's caches, and a call of a few
    milliseconds after it is slower by a sixth (``batched_vs_one_at_a_time``'s batched side, 2026-12-04)."""
    for fn in cases.values() if warmup else ():
        fn()
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(repeats):
        for name, fn in cases.items():
            if collect:
                gc.collect()
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
    return {name: statistics.median(ts) for name, ts in times.items()}


def cpu_model() -> str:
    """The CPU model name, as /proc/cpuinfo gives it."""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def vector_width() -> str:
    """The widest vectors the compiled kernel can use on this processor (its speed depends on it: the shocks'
    integer work and the conversions between integers and floats have no 256-bit vector form)."""
    import llvmlite.binding as llvm

    features = set(llvm.get_host_cpu_features().flatten().split(","))
    return ("512-bit (AVX-512)" if "+avx512f" in features else "256-bit (AVX2)" if "+avx2" in features
            else "128-bit or less")


def machine_info() -> dict[str, Any]:
    """CPU model, cores, Python and library versions, and the load average when the benchmark started."""
    import mesa
    import scipy

    return {"cpu": cpu_model(), "vectors": vector_width(), "cores": os.cpu_count(), "python": platform.python_version(),
            "numpy": np.__version__, "scipy": scipy.__version__, "mesa": mesa.__version__,
            "platform": platform.platform(), "load_average": list(os.getloadavg())}
