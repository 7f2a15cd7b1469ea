"""The model: stances, parameters, pure rule functions, the step kernel and the Mesa model around it.

The Mesa model and its agents are imported on first use, so that code needing only the kernel (sweep
workers) starts without importing Mesa.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any


def _widest_vectors() -> None:
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


_widest_vectors()

from .decision import TERMS  # noqa: E402  (after the compiler's features are set)
from .params import Parameters
from .setup import RunSetup
from .simulate import simulate
from .stance import Stance

if TYPE_CHECKING:
    from .agents import StateAgent
    from .policy_model import PolicyModel

_MESA = {"StateAgent": "agents", "PolicyModel": "policy_model"}

__all__ = ["Parameters", "PolicyModel", "RunSetup", "StateAgent", "Stance", "TERMS", "simulate"]


def __getattr__(name: str) -> Any:
    """The Mesa-side names, imported when first asked for."""
    if name in _MESA:
        from importlib import import_module

        return getattr(import_module(f".{_MESA[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
