"""The compiler's settings: the same numbers at any vector width, and a cache that follows the mechanism's source."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = """
import hashlib, numpy as np
from simulation.lab.runs import run_scenario
from simulation.scenario import load_scenario
r = run_scenario(load_scenario({path!r}), seed=5, steps=40, replications=3)
h = hashlib.sha256()
for k in ("stance", "net", "terms", "activism", "legislature", "conviction", "visibility"):
    h.update(np.ascontiguousarray(r.history[k]).tobytes())
print(h.hexdigest())
"""


def _digest(env: dict[str, str], cache: Path) -> str:
    out = subprocess.run([sys.executable, "-c", SCRIPT.format(path=str(ROOT / "scenarios" / "crimea_2014.yaml"))],
                         env={**env, "NUMBA_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}, cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return out.stdout.strip().splitlines()[-1]


def test_512_bit_vectors_change_no_number(tmp_path):
    import llvmlite.binding as llvm

    features = llvm.get_host_cpu_features().flatten()
    if "+avx512f" not in features.split(","):
        pytest.skip("this processor has no 512-bit vectors: the compiler's target is its own either way")
    env = {k: v for k, v in os.environ.items() if k not in ("NUMBA_CPU_FEATURES", "NUMBA_CPU_NAME")}
    wide = _digest(env, tmp_path / "wide")  # simulation.compiler lifts the 256-bit preference
    narrow = _digest({**env, "NUMBA_CPU_FEATURES": features}, tmp_path / "narrow")  # LLVM's own preference
    assert wide == narrow


def test_an_edited_rule_gets_a_cache_of_its_own(tmp_path):
    """numba checks only the cached function's own file; the cache folder is named by every file of the mechanism,
    so editing a rule the kernel inlines from another module cannot leave the old machine code in use."""
    import shutil

    from simulation.compiler import MODEL, cache_folder

    copy = tmp_path / "model"
    shutil.copytree(MODEL, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = cache_folder(copy)
    assert cache_folder(copy) == before == cache_folder(MODEL)
    rule = copy / "officials.py"
    rule.write_text(rule.read_text().replace("p.reframing_max * influence", "p.reframing_max * 0.5 * influence"))
    assert cache_folder(copy) != before


def test_numba_imported_first_still_caches_by_source(tmp_path):
    """A session that imported numba before trifecta (a notebook) keeps the compiled mechanism in the folder named
    by its source, not beside the files where numba would check only the cached function's own file."""
    from simulation.compiler import MODEL, cache_folder

    env = {k: v for k, v in os.environ.items() if k != "NUMBA_CACHE_DIR"}
    script = "import numba, simulation, numba.core.config as c; print(c.CACHE_DIR)"
    out = subprocess.run([sys.executable, "-c", script], env={**env, "XDG_CACHE_HOME": str(tmp_path),
                                                              "PYTHONPATH": str(ROOT)},
                         cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == str(tmp_path / "trifecta" / cache_folder(MODEL))


def test_a_block_on_threads_gives_the_threads_back():
    """``on_threads`` sets this thread's kernel threads inside the block and restores them after it, on an error too."""
    import numba

    from simulation.model.compiled import on_threads

    numba.set_num_threads(numba.config.NUMBA_NUM_THREADS)
    before = numba.get_num_threads()
    with on_threads(1):
        assert numba.get_num_threads() == 1
    assert numba.get_num_threads() == before
    with pytest.raises(RuntimeError), on_threads(1):
        raise RuntimeError("inside")
    assert numba.get_num_threads() == before


def test_a_model_step_runs_on_one_thread_and_changes_no_number():
    """A model's step (one run) runs the kernel on its own thread, leaves the caller's thread count as it was,
    and gives the numbers the same run gets inside a batch of many."""
    import numba
    import numpy as np

    from simulation.model.policy_model import PolicyModel
    from simulation.model.simulate import simulate
    from simulation.scenario import load_scenario
    from simulation.scenario.prepare import prepare

    setup = prepare(load_scenario(ROOT / "scenarios" / "crimea_2014.yaml"))
    numba.set_num_threads(numba.config.NUMBA_NUM_THREADS)
    before = numba.get_num_threads()
    model = PolicyModel(setup)
    for _ in range(5):
        model.step()
    assert numba.get_num_threads() == before
    state, _ = simulate(setup.world, setup.params, setup.seeds(4), 5)
    assert np.array_equal(model.state.stance[0], state.stance[0])
    assert np.array_equal(model.state.net[0], state.net[0])
