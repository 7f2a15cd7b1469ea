"""Bad scenario files and command-line mistakes: one located message per problem, exit code 2, no traceback."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from simulation.faces.cli import cli
from simulation.scenario import InputFileError, load_scenario
from simulation.scenario.paths import set_path

DEMO = Path(__file__).resolve().parents[1] / "scenarios" / "trifecta_demo.yaml"
TEXT = DEMO.read_text(encoding="utf-8")
DATA = yaml.safe_load(TEXT)
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(  # each line nine times the one before: 9**9 values
    f"{new}: &{new} [{', '.join([f'*{old}'] * 9)}]\n" for old, new in zip("abcdefgh", "bcdefghi"))


def line_of(fragment: str) -> int:
    """The 1-based line of the demo file on which ``fragment`` starts."""
    assert fragment in TEXT, fragment
    return TEXT[: TEXT.index(fragment)].count("\n") + 1


def edit(old: str, new: str) -> str:
    """The demo file's text with the first ``old`` replaced by ``new``."""
    assert old in TEXT, old
    return TEXT.replace(old, new, 1)


def edited(path: str, value) -> str:
    """The demo scenario, dumped as YAML, with the field at ``path`` set to ``value``."""
    return yaml.safe_dump(set_path(DATA, path, value), sort_keys=False)


def without(key: str) -> str:
    """The demo scenario, dumped as YAML, without the top-level ``key``."""
    return yaml.safe_dump({k: v for k, v in DATA.items() if k != key}, sort_keys=False)


PTR_DEMOCRACY = "    democracy: 0.1\n"  # states[3] (Patronia)
NRD_NAME = "    name: Nordland\n"  # states[1]

# id -> (file content, the path the message must name or None for the file as a whole, the line or None)
CASES = {
    "bad-indentation": (edit(NRD_NAME, "      name: Nordland\n"), None, line_of(NRD_NAME)),
    "unclosed-bracket": (edit("focal: [EMD]", "focal: [EMD"), None, line_of("\nblocs:\n") + 1),
    "tab-character": (edit(NRD_NAME, "\tname: Nordland\n"), None, line_of(NRD_NAME)),
    "empty-file": ("", None, None),
    "only-comments": ("# nothing here yet\n", None, None),
    "top-level-list": ("- name: demo\n- states: []\n", None, 1),
    "bare-number": ("42\n", None, 1),
    "bare-string": ("just some words\n", None, 1),
    "non-utf8-bytes": (edit(NRD_NAME, "    name: Nordl\udcffand\n").encode("utf-8", "surrogateescape"), None,
                       line_of(NRD_NAME)),
    "python-tag": (edit(NRD_NAME, "    name: !!python/object/apply:os.system ['echo hi']\n"), None,
                   line_of(NRD_NAME)),
    "alias-bomb": (BOMB, "g", 7),  # line 7 is the first to expand past a million values
    "recursive-alias": (edit("focal: [EMD]", "focal: &loop [*loop]"), "focal[0]", line_of("focal:")),
    "undefined-alias": (edit("focal: [EMD]", "focal: *nowhere"), None, line_of("focal:")),
    "two-documents": (TEXT + "---\nname: again\n", None, TEXT.count("\n") + 1),
    "duplicate-yaml-key": (edit(PTR_DEMOCRACY, PTR_DEMOCRACY * 2), "states[3].democracy", line_of(PTR_DEMOCRACY) + 1),
    "nesting-too-deep": ("name: deep\nfocal: " + "[" * 60 + "]" * 60 + "\n", None, 2),
    "unknown-top-level-key": (edit("\nstates:\n", "\nstatse:\n"), "statse", line_of("\nstates:\n") + 1),
    "unknown-nested-key": (edited("states[2].democrasy", 0.5), "states[2].democrasy", None),
    "non-text-key": (TEXT + "7: seven\n", None, TEXT.count("\n") + 1),
    "text-for-number": (edit(PTR_DEMOCRACY, "    democracy: high\n"), "states[3].democracy", line_of(PTR_DEMOCRACY)),
    "list-for-mapping": (edited("crisis.response", ["sanctions"]), "crisis.response", None),
    "null-section": (edited("crisis", None), "crisis", None),
    "democracy-above-1": (edit(PTR_DEMOCRACY, "    democracy: 1.7\n"), "states[3].democracy", line_of(PTR_DEMOCRACY)),
    "negative-noise": (edited("parameters.noise", -0.1), "parameters.noise", None),
    "bad-instrument": (edit("instrument: sanctions", "instrument: bomb"), "crisis.response.instrument",
                       line_of("  response:")),
    "bad-stance": (edited("states[1].stance", "maybe"), "states[1].stance", None),
    "bad-code-pattern": (edit("  - code: NRD", "  - code: nrd"), "states[1].code", line_of("  - code: NRD")),
    "duplicate-code": (edit("  - code: PTR", "  - code: EMD"), "states[3].code", line_of("  - code: PTR")),
    "unknown-target": (edited("activists[1].targets", ["EMD", "XYZ"]), "activists[1].targets[1]", None),
    "unknown-focal": (edit("focal: [EMD]", "focal: [EMF]"), "focal[0]", line_of("focal:")),
    "undeclared-bloc": (edited("states[4].blocs", ["Nowhere"]), "states[4].blocs[0]", None),
    "duplicate-bloc": (edited("blocs", [*DATA["blocs"], {"name": "Atlantic"}]), "blocs[3].name", None),
    "missing-crisis": (without("crisis"), "crisis", None),
    "no-states": (edited("states", []), "states", None),
    "empty-name": (edited("name", ""), "name", None),
    "ticks-not-increasing": (edit("{tick: 12, severity", "{tick: 0, severity"), "crisis.severity[1].tick",
                             line_of("{tick: 12")),
    "thresholds-not-increasing": (edited("parameters.threshold_support", -3.0), "parameters", None),
    "stance-beyond-instrument": (yaml.safe_dump(set_path(set_path(DATA, "crisis.response.instrument", "resolution"),
                                                         "states[0].stance", "intervene")), "states[0].stance", None),
    "variant-missing-item": (edited("variants.no_legislature.set", {"states[XYZ].democracy": 0.5}),
                             "variants.no_legislature.set.states[XYZ].democracy", None),
    "variant-out-of-range": (edit("legislature.strength: 0.0", "legislature.strength: 1.5"),
                             "variants.no_legislature.set.states[EMD].legislature.strength",
                             line_of("states[EMD].legislature.strength")),
    "variant-bad-path": (edited("variants.no_legislature.set", {"states[EMD.democracy": 0.5}),
                         "variants.no_legislature.set.states[EMD.democracy", None),
    "variant-empty-set": (edited("variants.no_legislature.set", {}), "variants.no_legislature.set", None),
}


def write(folder: Path, name: str, content: str | bytes) -> Path:
    """Write ``content`` to ``folder/name.yaml`` and return its path."""
    path = folder / f"{name}.yaml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def invoke(*args: str):
    """Run the CLI in-process and return click's result."""
    return CliRunner().invoke(cli, [str(a) for a in args])


def assert_one_problem(result, file: Path | str, where: str | None = None, line: int | None = None) -> str:
    """Check exit code 2 and a single located problem on stderr, without a traceback; return stderr."""
    err = result.stderr
    assert result.exit_code == 2, (result.exit_code, err, result.exception)
    assert str(file) in err and "Traceback" not in err
    assert err.count("expected:") == 1 and err.count("found:") == 1, err
    if where is not None:
        assert f": {where}\n" in err, err
    if line is not None:
        assert f"{file}, line {line}" in err, err
    return err


@pytest.mark.parametrize("name", CASES)
def test_bad_file_gives_one_located_message(tmp_path, name):
    content, where, line = CASES[name]
    path = write(tmp_path, name, content)
    assert_one_problem(invoke("validate", path), path, where, line)


def test_loader_raises_structured_problems(tmp_path):
    path = write(tmp_path, "range", CASES["democracy-above-1"][0])
    with pytest.raises(InputFileError) as info:
        load_scenario(path)
    (problem,) = info.value.problems
    assert (info.value.file, problem.path, problem.line) == (str(path), "states[3].democracy", line_of(PTR_DEMOCRACY))
    assert (problem.expected, problem.found) == ("a number from 0 to 1", "1.7")


def test_missing_file_and_directory(tmp_path):
    missing = tmp_path / "nope.yaml"
    assert "no such file" in assert_one_problem(invoke("validate", missing), missing)
    assert "a directory" in assert_one_problem(invoke("validate", tmp_path), tmp_path)


def test_hints_point_at_the_likely_fix(tmp_path):
    def err(name):
        return invoke("validate", write(tmp_path, name, CASES[name][0])).stderr

    assert "did you mean 'states'?" in err("unknown-top-level-key")
    assert "did you mean 'democracy'?" in err("unknown-nested-key")
    assert "did you mean 'EMD'?" in err("unknown-focal")
    assert "spaces" in err("tab-character")
    assert "already used by states[0]" in err("duplicate-code")
    assert "threshold_support" in err("thresholds-not-increasing")


@pytest.mark.parametrize("args, file, where", [
    (["--variant", "no_activsm"], DEMO, "--variant"),
    (["--set", "parameters.noise"], DEMO, "--set"),
    (["--set", "states[XYZ].democracy=0.4"], DEMO, "--set states[XYZ].democracy"),
    (["--set", "states[EMD.democracy=0.4"], DEMO, "--set states[EMD.democracy"),
    (["--set", "parameters.noise=-1"], DEMO, "--set parameters.noise"),
], ids=["unknown-variant", "set-without-equals", "set-missing-item", "set-unreadable-path", "set-out-of-range"])
def test_bad_command_line_writes_nothing(tmp_path, args, file, where):
    out = tmp_path / "out"
    assert_one_problem(invoke("run", DEMO, "--steps", "2", "--out", out, *args), file, where)
    assert not out.exists()


def test_explain_reports_a_bad_file(tmp_path):
    path = write(tmp_path, "dup", CASES["duplicate-code"][0])
    assert_one_problem(invoke("explain", path, "--state", "EMD"), path, "states[3].code", line_of("  - code: PTR"))


def test_unknown_variant_suggests_the_closest():
    assert "did you mean 'no_activism'?" in invoke("run", DEMO, "--variant", "no_activsm").stderr


def subprocess_cli(*args) -> subprocess.CompletedProcess:
    """Run ``python -m simulation`` with ``args`` in a fresh interpreter."""
    return subprocess.run([sys.executable, "-m", "simulation", *map(str, args)], capture_output=True, text=True,
                          timeout=60)


def test_validate_reports_every_bad_file_in_a_real_process(tmp_path):
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    bad = [write(tmp_path, name, content) for name, (content, _, _) in CASES.items()] + [tmp_path / "nope.yaml", folder]
    proc = subprocess_cli("validate", DEMO, *bad)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert f"ok: {DEMO}" in proc.stdout
    for path in bad:
        assert f"error: {path} is not a valid input file" in proc.stderr, path


def test_good_file_alone_validates_in_a_real_process():
    proc = subprocess_cli("validate", DEMO)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr


def test_run_with_bad_file_writes_no_output_in_a_real_process(tmp_path):
    path = write(tmp_path, "range", CASES["democracy-above-1"][0])
    out = tmp_path / "out"
    proc = subprocess_cli("run", path, "--out", out, "--set", "parameters.noise=-1")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert f"{path}, line {line_of(PTR_DEMOCRACY)}: states[3].democracy" in proc.stderr
    assert not out.exists()


def test_one_pass_reports_a_type_error_the_cross_references_behind_it_and_a_bad_variant_path(tmp_path):
    """Independent problems come in one report: a value out of range does not hide an unknown bloc or state
    code, nor a variant's path to a state that does not exist (one run of validate, not three)."""
    path = tmp_path / "multi.yaml"
    path.write_text(textwrap.dedent("""\
        name: multi
        states:
          - {code: AAA, democracy: 2.0, blocs: [Nowhere]}
          - {code: BBB}
        activists:
          - {name: a, targets: [ZZZ]}
        crisis: {target: T, severity: 0.5, response: {instrument: resolution}}
        variants:
          v1: {set: {"states[QQQ].democracy": 0.5}}
        """), encoding="utf-8")
    with pytest.raises(InputFileError) as caught:
        load_scenario(path)
    found = {(p.path, p.line) for p in caught.value.problems}
    assert found == {("states[0].democracy", 3), ("states[0].blocs[0]", 3), ("activists[0].targets[0]", 6),
                     ("variants.v1.set.states[QQQ].democracy", 9)}
