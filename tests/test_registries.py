"""One registry per vocabulary: design kinds and analysis kinds are listed once and read by everything."""

import json

import pytest
from click.testing import CliRunner

from simulation.faces import analysis_report
from simulation.faces.cli import cli
from simulation.faces.reports import environment
from simulation.lab.analysis.kinds import ANALYSES
from simulation.lab.designs import DESIGNS
from simulation.lab.experiment_spec import AnalysesSpec, ExperimentSpec


def test_the_experiment_schema_is_built_from_the_registries():
    assert list(AnalysesSpec.model_fields) == list(ANALYSES)
    schema = json.dumps(ExperimentSpec.model_json_schema())
    for kind in DESIGNS:
        assert f'"const": "{kind}"' in schema
    for name, kind in ANALYSES.items():
        assert kind.spec.__name__ in schema


def test_every_analysis_kind_has_a_runner_a_face_and_a_template():
    templates = set(environment().list_templates())
    for name, kind in ANALYSES.items():
        assert callable(kind.function())
        assert name in analysis_report.FACES
        assert f"analysis/{name}.md.j2" in templates


@pytest.mark.parametrize("kind", list(DESIGNS))
def test_every_design_kind_validates_and_samples(kind, tmp_path, demo_path):
    options = {"full_factorial": {}, "grid": {"points": 3}, "latin_hypercube": {"samples": 5}, "sobol": {"n": 4},
               "morris": {"trajectories": 2}}[kind]
    spec = {"name": "k", "scenario": str(demo_path), "focal": "EMD",
            "factors": [{"name": "stake", "path": "states[EMD].economic_stake", "range": [0.1, 0.5]}],
            "design": {"kind": kind, **options}, "replications": 1}
    (tmp_path / "k.yaml").write_text(json.dumps(spec))
    from simulation.lab.designs import build_design
    from simulation.lab.experiment import load_experiment

    design = build_design(load_experiment(tmp_path / "k.yaml"))
    assert design.kind == kind and design.n_points >= 2
    assert design.table["stake"].between(0.1, 0.5).all()
    assert (design.salib_problem is not None) == DESIGNS[kind].salib


def test_an_unknown_design_kind_lists_the_registry(tmp_path, demo_path):
    spec = {"name": "k", "scenario": str(demo_path), "focal": "EMD",
            "factors": [{"name": "stake", "path": "states[EMD].economic_stake", "range": [0.1, 0.5]}],
            "design": {"kind": "sobl", "n": 4}}
    (tmp_path / "k.yaml").write_text(json.dumps(spec))
    res = CliRunner().invoke(cli, ["sweep", str(tmp_path / "k.yaml"), "--out", str(tmp_path / "o")])
    assert res.exit_code == 2 and ", ".join(DESIGNS) in res.output and "did you mean 'sobol'" in res.output
