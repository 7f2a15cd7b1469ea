"""What ``trifecta sweep`` says: the closing line, and the exact command that resumes an interrupted sweep."""

import shlex

from click.testing import CliRunner
from test_sweep import experiment

from simulation.faces.cli import cli


def test_the_closing_line_counts_runs_in_plain_words(tmp_path, demo_path):
    exp = experiment(tmp_path, demo_path, levels=2, replications=2)
    res = CliRunner().invoke(cli, ["sweep", str(exp), "--out", str(tmp_path / "o"), "--workers", "1", "--quiet"])
    assert res.exit_code == 0, res.output
    assert "(8 runs in total, 8 of them in this call: " in res.output and "run now" not in res.output


def test_ctrl_c_prints_the_exact_resume_command(tmp_path, demo_path, monkeypatch):
    import simulation.lab.sweep as sweep_module

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(sweep_module, "run_sweep", interrupted)
    exp = experiment(tmp_path, demo_path, levels=2, replications=2)
    out = tmp_path / "my results"
    res = CliRunner().invoke(cli, ["sweep", str(exp), "--out", str(out), "--workers", "2", "--quiet"])
    assert res.exit_code == 130 and "Traceback" not in res.output
    command = res.output.strip().splitlines()[-1].strip()
    assert shlex.split(command) == ["trifecta", "sweep", str(exp), "--out", str(out), "--resume", "--workers", "2"]
