"""Damaged sweep folders (issue 17): every kind of damage ends in recovery or a clear error, never a traceback and
never a sweep called complete that is not. ``trifecta verify`` reports the state; ``--resume`` sets damaged chunks
aside and runs their runs again, giving the same table as the undamaged sweep; ``analyze`` leaves them out, saying so."""

import json
import shutil

import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml
from click.testing import CliRunner
from conftest import DEMO

from simulation.faces.cli import cli
from simulation.lab.sweep_store import CHECKSUM, check_folder, file_sha256, part_files, read_sweep


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def complete(tmp_path_factory):
    """A complete sweep of 12 points x 3 replications in 6 chunks, and its experiment."""
    root = tmp_path_factory.mktemp("damaged")
    spec = {"name": "small", "scenario": str(DEMO), "seed": 7, "replications": 3, "steps": 8,
            "factors": [{"name": "legislature", "levels": {"absent": {"states[EMD].legislature.strength": 0.0},
                                                           "present": {}}},
                        {"name": "stake", "path": "states[EMD].economic_stake", "range": [0.1, 0.8]}],
            "design": {"kind": "grid", "points": 6}, "analyses": {"tipping": {"by": ["stake"]}}}
    exp = root / "small.yaml"
    exp.write_text(yaml.safe_dump(spec, sort_keys=False))
    out = root / "clean"
    res = invoke("sweep", exp, "--out", out, "--workers", 1, "--chunk-points", 2, "--quiet")
    assert res.exit_code == 0, res.output
    assert len(part_files(out)) == 6
    return exp, out


def table(folder):
    return read_sweep(folder).table().sort_values("run_id").reset_index(drop=True)


def damaged_copy(complete, tmp_path, damage):
    exp, clean = complete
    folder = tmp_path / "sweep"
    shutil.copytree(clean, folder)
    parts = part_files(folder)
    if damage in ("truncated", "truncated_unchecked"):
        data = parts[2].read_bytes()
        parts[2].write_bytes(data[: len(data) // 2])
        if damage == "truncated_unchecked":  # as an older trifecta wrote it: no checksum, so it is read in full
            (folder / "runs" / (parts[2].name + CHECKSUM)).unlink()
    elif damage == "junk":
        (folder / "runs" / "part-000077.parquet").write_bytes(b"not a parquet file at all" * 40)
    elif damage == "duplicated":
        shutil.copy(parts[1], folder / "runs" / "part-000010.parquet")
        shutil.copy(str(parts[1]) + CHECKSUM, folder / "runs" / f"part-000010.parquet{CHECKSUM}")
    elif damage == "out_of_range":  # rewritten by some tool, checksum and all: the ids themselves are checked
        runs = pd.read_parquet(parts[3])
        runs.assign(run_id=runs["run_id"] + 10_000).to_parquet(parts[3], index=False)
        (folder / "runs" / (parts[3].name + CHECKSUM)).write_text(file_sha256(parts[3]))
    elif damage == "deleted":
        parts[4].unlink()
    elif damage == "corrupted":  # one byte changed in the middle: the file may still read, the checksum catches it
        data = bytearray(parts[0].read_bytes())
        data[len(data) // 2] ^= 0xFF
        parts[0].write_bytes(bytes(data))
    return exp, clean, folder


CASES = {  # damage -> what verify says
    "truncated": "checksum does not match", "truncated_unchecked": "cannot be read", "junk": "cannot be read",
    "duplicated": "a duplicate",
    "out_of_range": "outside the design", "deleted": "6 run(s) missing", "corrupted": "checksum does not match",
}


@pytest.mark.parametrize("damage", CASES)
def test_verify_reports_the_damage_and_the_folder_is_not_complete(complete, tmp_path, damage):
    _, _, folder = damaged_copy(complete, tmp_path, damage)
    res = invoke("verify", folder)
    assert res.exit_code == 1, res.output
    assert CASES[damage] in res.output and "not complete" in res.output
    assert not check_folder(folder).complete


@pytest.mark.parametrize("damage", CASES)
def test_resume_recovers_the_same_table_as_the_undamaged_sweep(complete, tmp_path, damage):
    exp, clean, folder = damaged_copy(complete, tmp_path, damage)
    res = invoke("sweep", exp, "--out", folder, "--resume", "--workers", 1, "--quiet")
    assert res.exit_code == 0, res.output
    assert "already complete" not in res.output
    if damage != "deleted":
        assert "set aside" in res.stderr and list((folder / "damaged").iterdir())
    pd.testing.assert_frame_equal(table(folder), table(clean))
    assert invoke("verify", folder).exit_code == 0
    assert json.loads((folder / "manifest.json").read_text())["complete"] is True
    again = invoke("sweep", exp, "--out", folder, "--resume", "--workers", 1, "--quiet")
    assert again.exit_code == 0 and "already complete" in again.output


@pytest.mark.parametrize("damage", ["deleted", "corrupted", "duplicated"])
def test_analyze_leaves_damaged_chunks_out_and_says_the_sweep_is_unfinished(complete, tmp_path, damage):
    _, _, folder = damaged_copy(complete, tmp_path, damage)
    res = invoke("analyze", folder, "--out", tmp_path / "analysis")
    assert res.exit_code == 0, res.output
    expected = 36 if damage == "duplicated" else 30
    assert f"analysed {expected} runs" in res.output
    if damage != "duplicated":
        assert "unfinished sweep" in res.stderr and f"{expected} of 36" in res.stderr
    if damage != "deleted":
        assert "is damaged" in res.stderr


@pytest.mark.parametrize("command", ["verify", "analyze", "resume"])
def test_a_truncated_manifest_is_a_clear_error(complete, tmp_path, command):
    exp, _, folder = damaged_copy(complete, tmp_path, None)
    text = (folder / "manifest.json").read_text()
    (folder / "manifest.json").write_text(text[: len(text) // 3])
    args = {"verify": ("verify", folder), "analyze": ("analyze", folder),
            "resume": ("sweep", exp, "--out", folder, "--resume", "--workers", 1, "--quiet")}[command]
    res = invoke(*args)
    assert res.exit_code == 2 and isinstance(res.exception, SystemExit), (res.output, res.exception)
    assert "manifest.json" in res.output and ("damaged" in res.output or "JSON" in res.output)


def test_a_kill_between_a_checksum_and_its_chunk_leaves_nothing_behind(complete, tmp_path):
    exp, clean, folder = damaged_copy(complete, tmp_path, "deleted")
    orphan = folder / "runs" / f"part-000004.parquet{CHECKSUM}"
    assert orphan.exists()  # the deleted chunk's checksum, as a kill between the two renames would leave it
    res = invoke("sweep", exp, "--out", folder, "--resume", "--workers", 1, "--quiet")
    assert res.exit_code == 0, res.output
    assert all(p.with_name(p.name + CHECKSUM).exists() for p in part_files(folder))
    assert all(q.with_name(q.name.removesuffix(CHECKSUM)).exists() for q in (folder / "runs").glob(f"*{CHECKSUM}"))
    assert pq.read_table(part_files(folder)[-1]).num_rows > 0
