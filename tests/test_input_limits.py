"""Input limits (issue 17): every input path refuses what it cannot use with a located error and exit code 2, and
refuses it quickly: files that are not regular files or are too large, numbers beyond their stated bounds or not
finite, whole numbers given as text or yes/no, control characters (located on their line), designs too large to
build (counted, not built), and very long files (checked in time linear in their size)."""

import os

import pytest
import yaml
from click.testing import CliRunner
from conftest import DEMO, ROOT

from simulation.faces.cli import cli
from simulation.scenario import yamlfile

EXPERIMENT = yaml.safe_load((ROOT / "experiments" / "trifecta_factorial.yaml").read_text())
EXPERIMENT["scenario"] = str(DEMO)


def validate(path):
    return CliRunner().invoke(cli, ["validate", str(path)])


def refused(res, *words):
    assert res.exit_code == 2 and isinstance(res.exception, SystemExit), (res.output, res.exception)
    assert all(w in res.output for w in words), res.output


def experiment(tmp_path, **changes):
    path = tmp_path / "e.yaml"
    path.write_text(yaml.safe_dump({**EXPERIMENT, **changes}, sort_keys=False))
    return path


def test_a_named_pipe_and_a_device_are_refused_without_reading(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    refused(validate(fifo), "a regular file", "pipe")
    refused(validate("/dev/zero"), "a regular file")


def test_a_file_beyond_the_size_cap_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(yamlfile, "MAX_BYTES", 1000)
    big = tmp_path / "big.yaml"
    big.write_text(DEMO.read_text())
    refused(validate(big), "at most 1,000 bytes")


@pytest.mark.parametrize("text, found", [
    ("run:\n  seed: " + "9" * 5000, "5000 digits"),
    ("run:\n  seed: 4294967296", "4294967296"),
    ("run:\n  steps: true", "True"),
    ("run:\n  replications: '14'", "'14'"),
    ("parameters:\n  noise: .nan", "'.nan'"),
    ("interventions:\n- {kind: media, start: 100001, intensity: 0.5}", "100001"),
])
def test_numbers_beyond_their_bounds_or_of_the_wrong_type_are_located(tmp_path, text, found):
    path = tmp_path / "s.yaml"
    path.write_text("name: t\nstates: [{code: AAA}]\ncrisis: {target: X}\n" + text + "\n")
    res = validate(path)
    refused(res, found)
    assert "line" in res.output


def test_a_set_value_too_long_or_too_deep_is_a_located_error():
    for value in ("9" * 5000, "[" * 2000 + "]" * 2000, "1" + "0" * 400):
        res = CliRunner().invoke(cli, ["run", str(DEMO), "--set", f"run.seed={value}"])
        refused(res, "--set run.seed")


def test_a_control_character_is_located_on_its_line(tmp_path):
    path = tmp_path / "s.yaml"
    lines = DEMO.read_text().splitlines()
    lines[9] = lines[9] + "\x01"
    path.write_text("\n".join(lines))
    refused(validate(path), "line 10", "#x0001")


@pytest.mark.parametrize("changes, words", [
    ({"replications": True}, ["replications", "True"]),
    ({"seed": "14"}, ["seed", "'14'"]),
    ({"analyses": {"prim": {"outcome": "tipped", "threshold": float("nan")}}}, ["threshold", ".nan"]),
])
def test_experiment_fields_are_strict(tmp_path, changes, words):
    refused(validate(experiment(tmp_path, **changes)), *words)


def test_an_oversized_design_is_refused_before_it_is_built(tmp_path):
    factors = [{"name": f"f{i}", "path": "states[EMD].economic_stake", "range": [0.1, 0.9]} for i in range(4)]
    grid = experiment(tmp_path, factors=factors, design={"kind": "grid", "points": 1000}, analyses={})
    refused(validate(grid), "at most 1,000,000 points", "1,000,000,000,000 points")
    sobol = experiment(tmp_path, factors=factors[:2], design={"kind": "sobol", "n": 2**19}, analyses={})
    refused(validate(sobol), "3,145,728 points")


def test_an_experiment_with_too_many_factors_is_refused_at_its_factors(tmp_path):
    """(How the refusal's time grows with the file's size is measured in benchmarks/: refusal_time_is_linear.)"""
    factors = [{"name": f"f{i}", "path": "states[EMD].economic_stake", "levels": ["x"]} for i in range(2_000)]
    refused(validate(experiment(tmp_path, factors=factors)), "at most 1000 items")


def test_an_experiment_naming_a_file_that_is_no_scenario_does_not_show_it(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("the password is swordfish\n")
    res = validate(experiment(tmp_path, scenario=str(secret)))
    refused(res, "ending in .yaml or .yml")
    assert "swordfish" not in res.output
    refused(validate(experiment(tmp_path, scenario="x" * 5000 + ".yaml")), "scenario")


def test_world_codes_and_bloc_names_that_are_lists_are_located(tmp_path):
    path = tmp_path / "w.yaml"
    for extra in ("states: [{code: [BRA]}]", "blocs: [{name: [x]}]"):
        path.write_text(f"name: w\nworld: {{year: 2014, groups: [BRICS]}}\ncrisis: {{target: SYR}}\n{extra}\n")
        refused(validate(path), "line 4")


@pytest.mark.parametrize("text", ["a: 1\nb: [1, 2]\n", "a: [1\n", "a: &x [*x]\n"])
def test_parsing_leaves_the_cycle_collector_as_it_found_it(text):
    """The collector is paused while a file is parsed (its passes made large files superlinear) and given back,
    whether the file parses, is malformed or is refused."""
    import gc

    for enabled in (True, False):
        gc.enable() if enabled else gc.disable()
        try:
            yamlfile.parse_yaml(text, "f.yaml")
        except yamlfile.InputFileError:
            pass
        finally:
            after = gc.isenabled()
            gc.enable()
        assert after is enabled
