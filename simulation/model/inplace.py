"""In-place array helpers for the kernel: the same arithmetic as the plain numpy expressions, with fewer arrays."""

from __future__ import annotations

import numpy as np


def clip_into(x: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """``np.clip(x, lo, hi)`` computed in ``x`` (as min(max(x, lo), hi), with two ufunc calls), which it returns."""
    np.maximum(x, lo, out=x)
    return np.minimum(x, hi, out=x)


def saturate_into(x: np.ndarray) -> np.ndarray:
    """``1 - exp(-x)`` computed in ``x`` (as ``-expm1(-x)``), which it returns."""
    np.negative(x, out=x)
    np.expm1(x, out=x)
    return np.negative(x, out=x)
