"""``trifecta sweep``: the results layout, identical results on every executor, and kill-and-resume."""

import json
import os
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from simulation.faces.cli import cli
from simulation.lab.provenance import sha256_text
from simulation.lab.sweep_store import part_files, read_sweep

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def experiment(tmp_path, demo_path, levels=6, replications=3, steps=12, **extra):
    spec = {
        "name": "small", "scenario": str(demo_path), "seed": 7, "replications": replications, "steps": steps,
        "factors": [
            {"name": "legislature", "levels": {"absent": {"states[EMD].legislature.strength": 0.0}, "present": {}}},
            {"name": "stake", "path": "states[EMD].economic_stake", "range": [0.1, 0.8]},
        ],
        "design": {"kind": "grid", "points": levels},
        "analyses": {"tipping": {"by": ["stake"]}},
        **extra,
    }
    path = tmp_path / f"small-{levels}-{replications}-{steps}.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    return path


def sweep(*args):
    return CliRunner().invoke(cli, ["sweep", *map(str, args), "--quiet"], catch_exceptions=False)


def table(folder):
    return read_sweep(folder).table().sort_values("run_id").reset_index(drop=True)


def test_sweep_writes_the_documented_layout(tmp_path, demo_path):
    exp = experiment(tmp_path, demo_path)
    out = tmp_path / "out"
    res = sweep(exp, "--out", out, "--workers", 1)
    assert res.exit_code == 0, res.output
    m = json.loads((out / "manifest.json").read_text())
    assert m["kind"] == "sweep" and m["complete"] is True and m["finished"]
    assert m["experiment"]["text"] == exp.read_text() and m["experiment"]["sha256"] == sha256_text(exp.read_text())
    assert m["scenario"]["sha256"] == sha256_text(demo_path.read_text())
    assert m["focal"] == "EMD" and m["replications"] == 3 and m["seed"] == 7 and m["crn"] is True and m["steps"] == 12
    assert m["design"]["kind"] == "grid" and m["design"]["n_points"] == 12 and m["design"]["options"] == {"points": 6}
    assert [(f["name"], f["kind"], f["path"]) for f in m["design"]["factors"]] == [
        ("legislature", "bundle", None), ("stake", "continuous", "states[EMD].economic_stake")]
    assert m["design"]["factors"][0]["levels"] == ["absent", "present"]
    assert (m["design"]["factors"][1]["low"], m["design"]["factors"][1]["high"]) == (0.1, 0.8)
    assert m["design"]["salib_problem"] is None
    assert m["analyses"] == {"tipping": {"outcome": "tipped", "by": ["stake"]}}
    assert m["runs_total"] == 36 and m["executor"]["kind"] == "serial"
    for key in ("versions", "git_commit", "started", "outcomes"):
        assert key in m
    design = pd.read_parquet(out / "design.parquet")
    assert list(design.columns) == ["point_id", "legislature", "stake"]
    assert design["point_id"].dtype == "int64" and design["legislature"].dtype == "int64"
    assert sorted(design["legislature"].unique()) == [0, 1]
    runs = pd.concat([pd.read_parquet(p) for p in part_files(out)])
    assert list(runs.columns[:3]) == ["run_id", "point_id", "replication"]
    assert list(runs.columns[3:]) == m["outcomes"]
    assert sorted(runs["run_id"]) == list(range(36))
    assert (runs["run_id"] == runs["point_id"] * 3 + runs["replication"]).all()
    joined = read_sweep(out).table()
    assert len(joined) == 36 and {"stake", "legislature", "tipped"} <= set(joined.columns)
    # leg 2 matters: with the legislature absent Emergia's legislative pressure stays at zero
    assert (joined.loc[joined["legislature"] == 0, "legislature_final"] == 0).all()
    assert (joined.loc[joined["legislature"] == 1, "legislature_final"] > 0).all()


def test_existing_and_completed_sweeps_are_not_rerun(tmp_path, demo_path):
    exp = experiment(tmp_path, demo_path, levels=2, replications=2)
    out = tmp_path / "out"
    assert sweep(exp, "--out", out, "--workers", 1).exit_code == 0
    parts = sorted(p.name for p in part_files(out))
    again = sweep(exp, "--out", out, "--workers", 1)
    assert again.exit_code == 2 and "already complete" in again.output and "another --out" in again.output
    manifest = json.loads((out / "manifest.json").read_text())
    (out / "manifest.json").write_text(json.dumps({**manifest, "complete": False}))
    unfinished = sweep(exp, "--out", out, "--workers", 1)
    assert unfinished.exit_code == 2 and "already exists" in unfinished.output and "--resume" in unfinished.output
    (out / "manifest.json").write_text(json.dumps(manifest))
    done = sweep(exp, "--out", out, "--workers", 1, "--resume")
    assert done.exit_code == 0 and "already complete" in done.output
    assert sorted(p.name for p in part_files(out)) == parts


def test_resume_refuses_a_changed_experiment(tmp_path, demo_path):
    exp = experiment(tmp_path, demo_path, levels=2, replications=2)
    out = tmp_path / "out"
    assert sweep(exp, "--out", out, "--workers", 1).exit_code == 0
    manifest = json.loads((out / "manifest.json").read_text())
    (out / "manifest.json").write_text(json.dumps({**manifest, "complete": False}))
    exp.write_text(exp.read_text().replace("seed: 7", "seed: 8"))
    res = sweep(exp, "--out", out, "--workers", 1, "--resume")
    assert res.exit_code == 2 and "changed" in res.output


def test_serial_threads_processes_and_dask_give_identical_results(tmp_path, demo_path):
    exp = experiment(tmp_path, demo_path, steps=36, crn=False)
    results = {}
    for label, args in {"serial": ["--workers", 1], "threads": ["--workers", 2, "--chunk-points", 3],
                        "processes": ["--workers", 2, "--chunk-points", 2, "--processes"],
                        "dask": ["--dask", "local", "--workers", 2, "--chunk-points", 5]}.items():
        res = sweep(exp, "--out", tmp_path / label, *args)
        assert res.exit_code == 0, res.output
        assert json.loads((tmp_path / label / "manifest.json").read_text())["executor"]["kind"] == label
        results[label] = table(tmp_path / label)
    assert len(part_files(tmp_path / "processes")) == 6
    assert results["serial"]["tipped_tick"].nunique() > 2  # the runs differ, so equality means something
    for label in ("threads", "processes", "dask"):
        pd.testing.assert_frame_equal(results["serial"], results[label])


def test_a_running_dask_scheduler_gives_the_same_results(tmp_path, demo_path):
    from distributed import LocalCluster

    exp = experiment(tmp_path, demo_path, levels=3, steps=36)
    assert sweep(exp, "--out", tmp_path / "serial", "--workers", 1).exit_code == 0
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        res = sweep(exp, "--out", tmp_path / "remote", "--dask", cluster.scheduler_address, "--workers", 1,
                    "--chunk-points", 2)
    assert res.exit_code == 0, res.output
    manifest = json.loads((tmp_path / "remote" / "manifest.json").read_text())
    assert manifest["executor"] == {"kind": "dask", "workers": 1, "address": cluster.scheduler_address}
    pd.testing.assert_frame_equal(table(tmp_path / "serial"), table(tmp_path / "remote"))


ENV = {**os.environ, "PYTHONPATH": ROOT}  # this checkout, whatever trifecta is installed


def _command(exp, out, *extra):
    return [sys.executable, "-m", "simulation", "sweep", str(exp), "--out", str(out), "--workers", "1",
            "--chunk-points", "1", "--quiet", *extra]


def _start(exp, out, *extra):
    return subprocess.Popen(_command(exp, out, *extra), cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _kill_after(proc, out, more_parts, timeout=120):
    """SIGKILL the sweep once ``more_parts`` further chunks have appeared; return how many chunks there were."""
    before = len(part_files(out))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if len(part_files(out)) >= before + more_parts:
            break
        time.sleep(0.005)
    assert proc.poll() is None, "the sweep ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    return len(part_files(out))


@pytest.mark.parametrize("crn", [True, False])
def test_a_sweep_killed_twice_resumes_to_every_run_exactly_once(tmp_path, demo_path, crn):
    exp = experiment(tmp_path, demo_path, levels=15, replications=2, steps=150, crn=crn)  # 30 points, 60 runs
    out = tmp_path / "killed"
    seen = [_kill_after(_start(exp, out), out, 3)]
    seen.append(_kill_after(_start(exp, out, "--resume"), out, 4))
    assert seen[0] < seen[1] < 30
    assert not json.loads((out / "manifest.json").read_text())["complete"]
    final = subprocess.run(_command(exp, out, "--resume"), cwd=ROOT, env=ENV, capture_output=True, text=True,
                           timeout=300)
    assert final.returncode == 0, final.stderr
    assert "Traceback" not in final.stderr
    runs = pd.concat([pd.read_parquet(p) for p in part_files(out)])
    assert runs["run_id"].is_unique and sorted(runs["run_id"]) == list(range(60))
    assert not [p for p in (out / "runs").iterdir() if p.name.startswith(".")]
    assert json.loads((out / "manifest.json").read_text())["complete"] is True
    assert sweep(exp, "--out", tmp_path / "whole", "--workers", 1).exit_code == 0
    pd.testing.assert_frame_equal(table(out), table(tmp_path / "whole"))


def test_a_serial_sweep_leaves_the_kernel_its_threads(tmp_path):
    """The serial executor runs the kernel on one thread, and gives the process its threads back afterwards."""
    import numba

    from simulation.lab.executors import ExecutorSpec, map_unordered

    numba.set_num_threads(numba.config.NUMBA_NUM_THREADS)  # every thread numba has (2 on the CI machine)
    before = numba.get_num_threads()
    seen = list(map_unordered(lambda task: numba.get_num_threads(), [0, 1], ExecutorSpec("serial", 1)))
    assert seen == [1, 1]
    assert numba.get_num_threads() == before


def test_chunks_are_sized_by_work_and_by_results(tmp_path, demo_path):
    """A chunk holds at most about a second's work (``CHUNK_STATE_TICKS``), ``CHUNK_VALUES`` numbers of results and
    ``CHUNK_RUNS`` runs, at least one point, and leaves four chunks per worker of a pool while there are points
    enough; in this process (no workers of their own) a small sweep is one chunk."""
    from simulation.lab.experiment import load_experiment
    from simulation.lab.sweep import CHUNK_RUNS, CHUNK_STATE_TICKS, CHUNK_VALUES, default_chunk_points

    def runs_per_chunk(job, points, workers=1):
        return default_chunk_points(job, points, workers) * job.replications

    lean = load_experiment(experiment(tmp_path, demo_path, replications=40, steps=5000)).job()
    work = len(lean.base.states) * lean.steps * runs_per_chunk(lean, 10 ** 6)
    assert CHUNK_STATE_TICKS - len(lean.base.states) * lean.steps * lean.replications < work <= CHUNK_STATE_TICKS
    wide = load_experiment(experiment(tmp_path, demo_path, replications=40, steps=200,
                                      series={"outcomes": ["acting", "legislature", "share_acting"], "every": 1})
                           ).job()
    assert wide.measure.width == len(wide.measure.names) + 3 * 201  # its outcomes, three readings at 201 ticks
    rows = runs_per_chunk(wide, 10 ** 6)
    assert rows * (3 + wide.measure.width) <= CHUNK_VALUES < (rows + wide.replications) * (3 + wide.measure.width)
    assert runs_per_chunk(lean, 8, workers=2) == lean.replications  # 8 points on 2 workers: a point a chunk
    assert runs_per_chunk(lean, 8, workers=0) == 8 * lean.replications  # in this process: the 8 points at once
    assert runs_per_chunk(lean, 10 ** 6, workers=0) == runs_per_chunk(lean, 10 ** 6)  # the same bounds
    short = load_experiment(experiment(tmp_path, demo_path, replications=1, steps=5)).job()
    assert runs_per_chunk(short, 10 ** 6) == CHUNK_RUNS  # short runs: bounded by their number
    huge = load_experiment(experiment(tmp_path, demo_path, replications=10 ** 5, steps=200)).job()
    assert default_chunk_points(huge, 10, 1) == 1  # a point larger than a chunk's work still runs, alone
