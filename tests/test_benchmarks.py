"""The benchmark script runs in --quick mode, prints one line per comparison and writes its JSON record.

The ratios are not asserted: machines are noisy (the figures are reported, see benchmarks/README.md).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAMES = ("tick_vs_numpy_limit", "kernel_at_sweep_batch", "run_vs_per_agent_reference",
         "sweep_vs_mesa_batch_run", "sweep_vs_per_agent_batch_run", "batched_vs_one_at_a_time",
         "state_points_vs_parameter_points", "state_scaling_at_sweep_batch", "run_scaling",
         "refusal_time_is_linear")
LINE = re.compile(r"^(?P<name>\w+): ratio=(?P<ratio>[-+0-9.e]+) target=(?P<target>[0-9.e]+) ")


def test_quick_benchmark_prints_every_line_and_writes_json(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--out", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = [line for line in done.stdout.splitlines() if not line.startswith("#")]
    found = {}
    for line in lines:
        match = LINE.match(line)
        assert match, f"not in the format 'NAME: ratio=R target=T': {line!r}"
        found[match["name"]] = float(match["ratio"])
    assert tuple(found) == NAMES
    records = list(tmp_path.glob("benchmarks-*-quick.json"))
    assert len(records) == 1
    record = json.loads(records[0].read_text())
    assert [r["name"] for r in record["results"]] == list(NAMES)
    assert {"cpu", "vectors", "cores", "python", "numpy", "load_average"} <= record["machine"].keys()
    assert all(r["line"] in lines for r in record["results"])
