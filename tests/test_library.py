"""The scenario library as a whole: every file validates, says what it is, runs, and has its own behaviour test."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from simulation.faces.cli import cli
from simulation.lab.runs import run_scenario
from simulation.model.params import Parameters
from simulation.scenario import load_scenario
from simulation.scenario.library import library as library_entries

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted((ROOT / "scenarios").glob("*.yaml"))
HEADER_SECTIONS = ("Represents:", "Sources:", "Simplifications:")


def header(path) -> str:
    """The comment block at the top of a scenario file."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("# "))
    return "\n".join(lines)


def test_the_library_holds_the_cases_the_issue_names():
    names = {p.stem for p in FILES}
    assert len(FILES) >= 15, names
    kinds = {load_scenario(p).kind for p in FILES}
    assert kinds == {"historical", "stylised"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_scenario_says_what_it_is(path):
    text = header(path)
    s = load_scenario(path)
    assert s.title and s.description and s.focal, "title, description and focal states are set"
    for section in HEADER_SECTIONS:
        assert section in text, f"{path.name}: header lacks {section!r}"
    if s.kind == "historical":
        assert re.search(r"record shows", text, re.I), f"{path.name}: header does not say what the record shows"
        assert re.search(r"what the model does", text, re.I), f"{path.name}: header does not say what the model does"
        assert s.world is not None, "historical cases stand on the world table"
    else:
        assert re.search(r"what it shows", text, re.I)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_scenario_keeps_default_parameters_and_runs_with_every_variant(path):
    s = load_scenario(path)
    assert s.parameters == Parameters(), "the library does not bend the mechanism per scenario"
    for variant in [None, *s.variants]:
        result = run_scenario(load_scenario(path, variant=variant), steps=3, replications=2)
        assert result.final.stance.shape == (2, len(s.states))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_scenario_has_a_behaviour_test(path):
    tests = [p for p in (ROOT / "tests").glob("*.py") if p.name != "test_library.py"]
    named = re.compile(rf"[\"']{re.escape(path.stem)}(\.yaml)?[\"']")
    assert any(named.search(p.read_text(encoding="utf-8")) for p in tests), f"no test names {path.name}"


def test_scenarios_command_lists_every_file_with_its_title():
    result = CliRunner().invoke(cli, ["scenarios"])
    assert result.exit_code == 0, result.output
    entries = library_entries()
    assert [e.path for e in sorted(entries, key=lambda e: e.path)] == FILES
    for e in entries:
        assert re.search(rf"^\s+{re.escape(e.name)}\s+{re.escape(e.title)}$", result.output, re.M)
    assert result.output.index("historical:") < result.output.index("stylised:")


def test_scenarios_command_reports_a_bad_file_in_the_folder(tmp_path):
    (tmp_path / "broken.yaml").write_text("name: broken\nstates: []\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["scenarios", "--folder", str(tmp_path)])
    assert result.exit_code == 2 and "broken.yaml" in result.output and "Traceback" not in result.output
