"""Parameter profiles (as ``trifecta calibrate`` writes them) named by a scenario's ``profile:`` key or by
``--parameters``: the profile's settings stand under the file's own, on one road."""

import json
import textwrap

import numpy as np
import pytest
from click.testing import CliRunner
from conftest import DEMO

from simulation.faces.cli import cli
from simulation.lab.runs import run_scenario
from simulation.scenario import InputFileError, load_scenario
from simulation.scenario.world_table import world_states

PROFILE = "parameters: {value_weight: 6.0, inertia: 0.3}\nmapping: {values_floor: 0.0}\nprovenance: {note: test}\n"


def files(tmp_path, body, profile=PROFILE):
    (tmp_path / "profiles").mkdir(exist_ok=True)
    (tmp_path / "profiles" / "p.yaml").write_text(profile, encoding="utf-8")
    path = tmp_path / "s.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def test_a_scenario_naming_a_profile_takes_its_parameters_under_its_own(tmp_path):
    demo = DEMO.read_text(encoding="utf-8")
    path = files(tmp_path, "profile: profiles/p.yaml\n" + demo)
    s = load_scenario(path)
    assert s.parameters.value_weight == 6.0 and s.parameters.inertia == 0.3 and s.profile == "profiles/p.yaml"
    own = files(tmp_path, "profile: profiles/p.yaml\n" + demo + "\nparameters: {inertia: 0.05}\n")
    assert load_scenario(own).parameters.inertia == 0.05 and load_scenario(own).parameters.value_weight == 6.0
    for variant in load_scenario(path).variants:  # variants keep the profile
        assert load_scenario(path, variant=variant).parameters.value_weight == 6.0


def test_a_world_scenario_takes_the_profiles_mapping(tmp_path):
    body = """\
        name: w
        profile: profiles/p.yaml
        world: {year: 2011, members: [BRA, IND]}
        crisis: {target: SYR, severity: 0.6, response: {instrument: resolution}}
        """
    s = load_scenario(files(tmp_path, body))
    plain = world_states(2011, members=["BRA", "IND"], target="SYR")
    assert s.state("IND").value_commitment < plain.state("IND")["value_commitment"]  # the floor fell from 0.16 to 0


def test_run_with_parameters_gives_the_same_run_as_the_scenario_naming_the_profile(tmp_path):
    path = files(tmp_path, "profile: profiles/p.yaml\n" + DEMO.read_text(encoding="utf-8"))
    named = run_scenario(load_scenario(path), seed=5, replications=2)
    out = tmp_path / "run"
    res = CliRunner().invoke(cli, ["run", str(DEMO), "--parameters", str(tmp_path / "profiles" / "p.yaml"),
                                   "--seed", "5", "--replications", "2", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "parameters from the profile" in res.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["resolved_parameters"]["value_weight"] == 6.0
    default = run_scenario(load_scenario(DEMO), seed=5, replications=2)
    assert not np.array_equal(named.history["net"][1:], default.history["net"][1:])
    cli_run = run_scenario(load_scenario(DEMO, overrides={"parameters.value_weight": 6.0, "parameters.inertia": 0.3}),
                           seed=5, replications=2)
    np.testing.assert_array_equal(named.history["net"], cli_run.history["net"])


@pytest.mark.parametrize(("profile", "where"), [
    (None, "profile"),
    ("parameters: {value_wieght: 6.0}\n", "parameters.value_wieght"),
    ("parameters: {inertia: -1}\n", "parameters.inertia"),
])
def test_a_missing_or_bad_profile_is_located(tmp_path, profile, where):
    path = files(tmp_path, "profile: profiles/p.yaml\n" + DEMO.read_text(encoding="utf-8"), profile or PROFILE)
    if profile is None:
        (tmp_path / "profiles" / "p.yaml").unlink()
    with pytest.raises(InputFileError) as caught:
        load_scenario(path)
    assert [p.path for p in caught.value.problems] == [where]
