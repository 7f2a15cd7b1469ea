"""Output folders and remote execution (issue 17): --overwrite replaces only a folder trifecta wrote, never the
current folder, a parent of the inputs or a symbolic link's target; a local Dask cluster listens on this machine
only and a remote scheduler reached without TLS gets a warning (docs/security.md)."""

import os
import shutil

import pytest
from click.testing import CliRunner
from conftest import DEMO, ROOT

from simulation.faces.cli import cli
from simulation.lab import executors


def run(*args):
    return CliRunner().invoke(cli, ["run", *map(str, args)])


def refused(res, *words):
    assert res.exit_code == 2 and isinstance(res.exception, SystemExit), (res.output, res.exception)
    assert "Traceback" not in res.output and all(w in res.output for w in words), res.output


@pytest.fixture
def foreign(tmp_path):
    """A folder of someone's own files, which no trifecta command wrote."""
    folder = tmp_path / "thesis"
    folder.mkdir()
    (folder / "chapter1.md").write_text("years of work")
    return folder


def test_overwrite_refuses_a_folder_trifecta_did_not_write(foreign):
    refused(run(DEMO, "--steps", 2, "--out", foreign, "--overwrite"), "not a results folder trifecta wrote")
    assert (foreign / "chapter1.md").read_text() == "years of work"


def test_overwrite_refuses_the_current_folder_and_its_parents(tmp_path, monkeypatch):
    work = tmp_path / "work" / "inner"
    work.mkdir(parents=True)
    (work / "notes.txt").write_text("keep")
    (work / "manifest.json").write_text('{"kind": "run", "versions": {}}')  # even one that looks like a run
    monkeypatch.chdir(work)
    refused(run(DEMO, "--steps", 2, "--out", ".", "--overwrite"), "current folder")
    refused(run(DEMO, "--steps", 2, "--out", "..", "--overwrite"), "current folder")
    assert (work / "notes.txt").read_text() == "keep"


def test_overwrite_replaces_a_run_folder_but_not_one_holding_the_input(tmp_path):
    out = tmp_path / "out"
    assert run(DEMO, "--steps", 2, "--out", out).exit_code == 0
    assert run(DEMO, "--steps", 3, "--out", out, "--overwrite").exit_code == 0  # trifecta's own: replaced
    scenario = out / "mine.yaml"
    shutil.copy(DEMO, scenario)
    refused(run(scenario, "--steps", 2, "--out", out, "--overwrite"), "holds the input")
    assert scenario.exists()


def test_a_symlinked_out_is_a_clear_error(tmp_path):
    target = tmp_path / "elsewhere"
    target.mkdir()
    (target / "precious.txt").write_text("keep")
    link = tmp_path / "link"
    os.symlink(target, link)
    for extra in ((), ("--overwrite",)):
        refused(run(DEMO, "--steps", 2, "--out", link, *extra), "symbolic link")
    assert (target / "precious.txt").read_text() == "keep" and link.is_symlink()


def test_strategies_overwrite_refuses_a_foreign_folder(foreign):
    spec = ROOT / "experiments" / "strategies_hrc_coalition.yaml"
    for flags in (("--overwrite",), ("--resume",)):
        res = CliRunner().invoke(cli, ["strategies", str(spec), "--out", str(foreign), *flags, "--quiet"])
        refused(res, "not a results folder trifecta wrote")
    assert sorted(p.name for p in foreign.iterdir()) == ["chapter1.md"]


def test_a_local_dask_cluster_and_its_dashboard_listen_on_this_machine_only(monkeypatch):
    seen = {}

    class Stop(Exception):
        pass

    def fake_cluster(**kwargs):
        seen.update(kwargs)
        raise Stop

    import distributed

    monkeypatch.setattr(distributed, "LocalCluster", fake_cluster)
    with pytest.raises(Stop):
        list(executors.map_unordered(abs, [1], executors.ExecutorSpec("dask", 1, "local")))
    assert seen["host"] == "127.0.0.1" and seen["dashboard_address"].startswith("127.0.0.1:")


@pytest.mark.parametrize("address, warned", [("local", False), ("tls://scheduler:8786", False),
                                             ("tcp://10.0.0.5:8786", True), ("10.0.0.5:8786", True)])
def test_a_remote_scheduler_without_tls_gets_the_trust_warning(address, warned):
    text = executors.dask_warning(address)
    assert bool(text) == warned
    if warned:
        assert "pickles" in text and "tls://" in text and "docs/security.md" in text
