"""The compiler's target: set before numba is first imported (``simulation/__init__.py`` calls it)."""

from __future__ import annotations

import os


def widest_vectors() -> None:
    """Let numba compile for this processor's own features without LLVM's preference for 256-bit vectors on
    processors that have 512-bit ones (a guard against lowering the clock): the kernel's counter-based shocks are
    integer work that runs about 1.5 times as fast at 512 bits, and no number changes (the kernel's floating-point
    operations are the same, element by element, at any vector width). Left alone if the user chose the features
    (``NUMBA_CPU_FEATURES`` or ``NUMBA_CPU_NAME``); must run before numba is first imported."""
    if "NUMBA_CPU_FEATURES" in os.environ or "NUMBA_CPU_NAME" in os.environ:
        return
    import llvmlite.binding as llvm

    features = llvm.get_host_cpu_features().flatten()
    if "+avx512f" in features.split(","):
        os.environ["NUMBA_CPU_FEATURES"] = features + ",-prefer-256-bit"
