"""The compiler's settings, made before numba is first imported (``simulation/__init__.py`` calls ``configure``):
where its cache lives, and the vector width it targets."""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

MODEL = Path(__file__).resolve().parent / "model"


def configure() -> None:
    """Both settings, each unless the user made it. If numba was imported first (a notebook's first cell), it reads
    them again now: it takes its settings from the environment when it is imported, and would otherwise keep its
    cache beside the sources, checked against the cached function's own file only (a stale kernel after an edit
    to a rule it inlines)."""
    cache_by_source()
    widest_vectors()
    if "numba" in sys.modules:
        import numba.core.config

        numba.core.config.reload_config()


def cache_by_source() -> None:
    """Keep numba's cache of the compiled mechanism in a folder named by its source (:func:`cache_folder`), unless
    ``NUMBA_CACHE_DIR`` is set.

    Numba checks only the file of the function it caches: the kernel's cached machine code would outlive an edit
    to a rule it inlines from another module (``officials.py``, ``compiled.py``), and run the old rule. Named by
    every source file of ``simulation/model``, the cache is used only by the code it was compiled from."""
    if "NUMBA_CACHE_DIR" not in os.environ:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "trifecta"
        os.environ["NUMBA_CACHE_DIR"] = str(base / cache_folder(MODEL))


def cache_folder(source: Path) -> str:
    """The cache folder's name for the Python files under ``source``: a hash of their paths and contents."""
    digest = hashlib.sha256()
    for path in sorted(source.rglob("*.py")):
        digest.update(path.relative_to(source).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return f"numba-{digest.hexdigest()[:16]}"


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
