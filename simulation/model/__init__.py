"""The model: stances, parameters, pure rule functions, the step kernel and the Mesa model around it.

The Mesa model and its agents are imported on first use, so that code needing only the kernel (sweep
workers) starts without importing Mesa.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .decision import TERMS
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
