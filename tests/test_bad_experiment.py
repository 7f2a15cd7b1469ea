"""A wrong experiment file gets a located message (file, line, path, expected, found) and exit code 2, no traceback."""

import pytest
from click.testing import CliRunner

from simulation.faces.cli import cli

GOOD = """\
name: bad
scenario: {scenario}
factors:
  - name: legislature
    levels:
      absent:
        states[EMD].legislature.strength: 0.0
      present: {{}}
  - name: stake
    path: states[EMD].economic_stake
    range: [0.1, 0.8]
design: {{kind: grid, points: 3}}
replications: 2
analyses:
  qca: {{outcome: tipped, conditions: [legislature, stake]}}
"""

CASES = {  # name: (replace this, with this, expected path in the message, expected line, text in the message)
    "malformed yaml": ("  - name: stake\n", "  - name: [stake\n", None, 10, "well-formed YAML"),
    "unknown key": ("replications: 2", "replicatons: 2", "replicatons", 13, "did you mean 'replications'?"),
    "bad path": ("path: states[EMD].economic_stake", "path: states[EMD].economic_stak", "factors[1].path", 10,
                 "a path to a scenario field"),
    "bad selector": ("path: states[EMD].economic_stake", "path: states[XYZ].economic_stake", "factors[1].path", 10,
                     "no item with code or name 'XYZ'"),
    "run setting as factor": ("path: states[EMD].economic_stake", "path: run.seed", "factors[1].path", 10,
                              "a path to a field a sweep varies"),
    "out of range": ("range: [0.1, 0.8]", "range: [0.1, 1.8]", "factors[1].range", 11, "a number from 0 to 1"),
    "bad bundle value": ("strength: 0.0", "strength: -2", "factors[0].levels.absent.states[EMD].legislature.strength",
                         7, "a number from 0 to 1"),
    "range reversed": ("range: [0.1, 0.8]", "range: [0.8, 0.1]", "factors[1]", 9, "low < high"),
    "salib with levels": ("{kind: grid, points: 3}", "{kind: sobol, n: 8}", "factors[0]", 4,
                          "a continuous factor (path and range) for a sobol design"),
    "sobol n": ("{kind: grid, points: 3}", "{kind: sobol, n: 10}", "design.n", 12, "a power of 2"),
    "unknown design": ("{kind: grid, points: 3}", "{kind: gird}", "design.kind", 12, "did you mean 'grid'?"),
    "design without kind": ("{kind: grid, points: 3}", "{points: 3}", "design.kind", 12, "a design kind"),
    "unknown analysis": ("  qca: {", "  qcaa: {", "analyses.qcaa", 15, "did you mean 'qca'?"),
    "analysis of an unknown factor": ("conditions: [legislature, stake]", "conditions: [legislature, stak]",
                                      "analyses.qca.conditions[1]", 15, "did you mean 'stake'?"),
    "sobol analysis without sobol design": ("  qca: {outcome: tipped, conditions: [legislature, stake]}",
                                            "  sobol: {outcome: tipped}", "analyses.sobol", 15, "a sobol design"),
    "unknown outcome": ("outcome: tipped,", "outcome: tiped,", "analyses.qca.outcome", 15, "did you mean 'tipped'?"),
    "missing scenario": ("scenario: {scenario}", "scenario: nowhere.yaml", "scenario", 2, "no such file"),
    "bad focal": ("replications: 2", "replications: 2\nfocal: EMX", "focal", 14, "did you mean 'EMD'?"),
    "bad variant": ("replications: 2", "replications: 2\nvariant: no_legislatur", "variant", 14,
                    "did you mean 'no_legislature'?"),
    "duplicate factor": ("  - name: stake", "  - name: legislature", "factors[1].name", 9, "already used"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_wrong_experiment_gets_a_located_error_and_exit_code_2(tmp_path, demo_path, case):
    old, new, path, line, text = CASES[case]
    good = GOOD.format(scenario=demo_path)
    old = old.replace("{scenario}", str(demo_path))
    assert old in good
    bad = tmp_path / "bad.yaml"
    bad.write_text(good.replace(old, new))
    res = CliRunner().invoke(cli, ["sweep", str(bad), "--out", str(tmp_path / "out"), "--workers", "1"])
    assert res.exit_code == 2, res.output
    assert "Traceback" not in res.output and res.exception is None or isinstance(res.exception, SystemExit)
    assert f"{bad}, line {line}" in res.output
    if path:
        assert f": {path}\n" in res.output
    assert text in res.output
    assert not (tmp_path / "out").exists()


def test_the_good_file_is_accepted(tmp_path, demo_path):
    good = tmp_path / "good.yaml"
    good.write_text(GOOD.format(scenario=demo_path))
    res = CliRunner().invoke(cli, ["sweep", str(good), "--out", str(tmp_path / "out"), "--workers", "1", "--quiet"])
    assert res.exit_code == 0, res.output


def test_factor_values_that_clash_only_together_are_reported(tmp_path, demo_path):
    exp = tmp_path / "clash.yaml"
    exp.write_text(f"""\
name: clash
scenario: {demo_path}
factors:
  - {{name: support, path: parameters.threshold_support, range: [-1.0, -0.3]}}
  - {{name: sanction, path: parameters.threshold_sanction, range: [-0.5, 0.5]}}
design: {{kind: full_factorial}}
replications: 1
steps: 2
""")
    res = CliRunner().invoke(cli, ["sweep", str(exp), "--out", str(tmp_path / "out"), "--workers", "1", "--quiet"])
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert "design point 2" in res.output and "thresholds must increase" in res.output
