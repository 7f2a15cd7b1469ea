"""The finish of the command line: every kind of input file validated and given a schema, library names for
scenarios, state names, what a run ran, the ordered choice in explain, and parameters for other programs."""

import io
import json
from pathlib import Path

import jsonschema
import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from simulation.faces.cli import cli
from simulation.lab.runs import run_scenario
from simulation.model.params import Parameters
from simulation.scenario.load import load_scenario

ROOT = Path(__file__).resolve().parents[1]


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_validate_recognises_experiments_and_strategy_specs():
    files = sorted((ROOT / "experiments").glob("*.yaml"))
    res = invoke("validate", *files)
    assert res.exit_code == 0, res.output
    assert res.output.count("ok: ") == len(files) and "problem" not in res.output
    assert "(experiment sensitivity:" in res.output and "(strategy spec strategies_brazil_venezuela:" in res.output


def test_validate_reports_a_broken_experiment_as_an_experiment(tmp_path):
    text = (ROOT / "experiments" / "trifecta_factorial.yaml").read_text().replace("../scenarios/", str(ROOT / "scenarios") + "/")
    (tmp_path / "e.yaml").write_text(text.replace("replications: 20", "replications: -1"))
    res = invoke("validate", tmp_path / "e.yaml")
    assert res.exit_code == 2 and "replications" in res.output and "states[" not in res.output


@pytest.mark.parametrize("kind, example", [("scenario", "scenarios/trifecta_demo.yaml"),
                                           ("experiment", "experiments/trifecta_factorial.yaml"),
                                           ("strategy", "experiments/strategies_brazil_venezuela.yaml")])
def test_schema_of_each_kind_accepts_its_shipped_files_and_refuses_unknown_keys(kind, example):
    schema = json.loads(invoke("schema", "--kind", kind).output)
    jsonschema.Draft202012Validator.check_schema(schema)
    data = yaml.safe_load((ROOT / example).read_text())
    jsonschema.validate(data, schema)
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(data | {"colour": "red"}))


def test_a_library_name_runs_like_its_path(tmp_path):
    by_name = invoke("run", "trifecta_demo", "--out", tmp_path / "a")
    by_path = invoke("run", ROOT / "scenarios" / "trifecta_demo.yaml", "--out", tmp_path / "b")
    assert by_name.exit_code == 0, by_name.output
    assert by_name.output.split("\nwrote")[0] == by_path.output.split("\nwrote")[0]
    typo = invoke("run", "crimea_201")
    assert typo.exit_code == 2 and "did you mean 'crimea_2014'?" in typo.output and "Traceback" not in typo.output


def test_explain_takes_a_name_and_shows_the_ordered_choice():
    by_name = invoke("explain", "trifecta_demo", "--state", "emergia", "--tick", 26)
    by_code = invoke("explain", "trifecta_demo", "--state", "EMD", "--tick", 26)
    assert by_name.exit_code == 0 and by_name.output == by_code.output
    p = Parameters()
    assert f"abstain {p.threshold_abstain:+.2f}, support {p.threshold_support:+.2f}" in by_name.output
    assert f"inertia {p.inertia:g}" in by_name.output and f"sd noise {p.noise:g}" in by_name.output
    held = "(the stance held before this tick), moving "
    assert held + "up to" in by_name.output or held + "down to" in by_name.output  # whichever stance it held
    wrong = invoke("explain", "trifecta_demo", "--state", "Emergya")
    assert wrong.exit_code == 2 and "did you mean 'Emergia'?" in wrong.output


def test_the_summary_names_the_variant_and_every_override(tmp_path):
    res = invoke("run", "trifecta_demo", "--variant", "no_legislature", "--set", "parameters.noise=0.1",
                 "--set", "states[EMD].democracy=0.4", "--out", tmp_path / "r")
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[1] == ("with variant no_legislature, --set parameters.noise=0.1, "
                                          "--set states[EMD].democracy=0.4")


def test_world_summary_leads_with_the_focal_states():
    from simulation.faces.plots import breakdown_states
    from simulation.faces.summary import summary

    spec = load_scenario(ROOT / "scenarios" / "crimea_2014.yaml")
    result = run_scenario(spec, replications=1)
    lines = summary(result).splitlines()
    start = lines.index("Focal states:")
    names = [result.world.names[result.world.index(c)] for c in spec.focal]
    for k, name in enumerate(names):
        assert lines[start + 1 + k].strip().startswith(name)
    rows = breakdown_states(result)
    assert [result.world.codes[i] for i in rows[:3]] == list(spec.focal[:3])  # India, Brazil, South Africa first


def test_stance_lines_stay_beside_their_stance_on_a_world_scenario():
    from simulation.faces.plots import stance_lines

    result = run_scenario(load_scenario(ROOT / "scenarios" / "crimea_2014.yaml"), replications=1)
    lines = stance_lines(result)
    assert {result.world.codes[i] for i, _ in lines} == set(result.scenario.focal)
    assert max(abs(offset) for _, offset in lines) <= 0.3  # today's offsets by index among 193 reach ±2.9


def test_legs_figure_labels_its_axis_and_names_the_replication(tmp_path, monkeypatch):
    from simulation.faces import plots

    kept = []
    monkeypatch.setattr(plots.plt, "close", kept.append)
    result = run_scenario(load_scenario(ROOT / "scenarios" / "trifecta_demo.yaml"), replications=3)
    plots.plot_legs(result, tmp_path / "legs.png", ["EMD"])
    fig = kept[0]
    assert fig.axes[0].get_ylabel() and "replication 0 of 3" in fig._suptitle.get_text()


def test_params_has_a_header_and_machine_formats():
    text = invoke("params").output.splitlines()
    assert text[0].split()[:3] == ["parameter", "default", "range"]
    rows = json.loads(invoke("params", "--format", "json").output)
    table = pd.read_csv(io.StringIO(invoke("params", "--format", "csv").output))
    assert [r["name"] for r in rows] == list(Parameters.model_fields) == table["name"].tolist()
    assert table.set_index("name").at["noise", "default"] == Parameters().noise
