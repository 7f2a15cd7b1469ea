"""Benchmarks of trifecta, measured side by side in one process: ``python benchmarks/run.py [--quick] [--large]``.

Prints one line per comparison, ``NAME: ratio=R target=T`` with the absolute medians beside it, and writes
the same as JSON under ``results/benchmarks/`` with the machine it ran on. Targets are reported, not asserted.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]  # this checkout's simulation package, and the benchmark modules

COMPARISONS = ("tick_vs_numpy_limit", "kernel_at_sweep_batch", "run_vs_per_agent_reference",
               "sweep_vs_mesa_batch_run", "sweep_vs_per_agent_batch_run", "batched_vs_one_at_a_time",
               "state_points_vs_parameter_points", "state_scaling_at_sweep_batch", "run_scaling",
               "refusal_time_is_linear")
SIZED_BY_LARGE = ("run_scaling",)  # comparisons that add a larger size with --large


def main(argv: list[str] | None = None) -> int:
    """Run the comparisons, print their lines and write the JSON record."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats and smaller grids (about a minute)")
    parser.add_argument("--large", action="store_true",
                        help="also the peak memory of a 10^6-run sweep, and 10^6 runs in run_scaling")
    parser.add_argument("--out", type=Path, default=HERE.parent / "results" / "benchmarks",
                        help="folder for the JSON record")
    args = parser.parse_args(argv)
    # Imported here, not at the top: worker processes (spawned) re-import this file, and need none of it.
    import comparisons
    from timing import machine_info

    machine = machine_info()
    print(f"# {machine['cpu']}, {machine['vectors']} vectors, {machine['cores']} cores, Python {machine['python']}, "
          f"numpy {machine['numpy']}, mesa {machine['mesa']}, load average {machine['load_average']}", flush=True)
    t0 = time.perf_counter()
    results = []
    for name in COMPARISONS + (("sweep_peak_memory",) if args.large else ()):
        compare = getattr(comparisons, name)
        result = compare(args.quick, large=True) if args.large and name in SIZED_BY_LARGE else compare(args.quick)
        print(result.line(), flush=True)
        results.append(result)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"benchmarks-{stamp}{'-quick' if args.quick else ''}.json"
    record = {"started": stamp, "quick": args.quick, "large": args.large, "seconds": time.perf_counter() - t0,
              "machine": machine, "command": " ".join(["python", "benchmarks/run.py", *(argv or sys.argv[1:])]),
              "results": [{"name": r.name, "ratio": r.ratio, "target": r.target,
                           "target_kind": "at_most" if r.at_most else "at_least", "met": r.met,
                           "figures": r.figures, "line": r.line()} for r in results]}
    path.write_text(json.dumps(record, indent=2) + "\n")
    print(f"# written {path}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
