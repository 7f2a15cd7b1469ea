"""The shipped Sobol experiment is large enough for its report to rank the factors (about 35 s on two cores)."""

from pathlib import Path

from click.testing import CliRunner

from simulation.faces.analysis_report import WIDE_CONF
from simulation.faces.cli import cli
from simulation.lab.analysis.kinds import IndexSpec
from simulation.lab.analysis.results import read_results
from simulation.lab.analysis.sensitivity import sobol_analysis

ROOT = Path(__file__).resolve().parents[1]


def test_the_shipped_sobol_experiment_gives_intervals_that_rank_and_a_convergence_record(tmp_path):
    res = CliRunner().invoke(cli, ["sweep", str(ROOT / "experiments" / "sensitivity.yaml"), "--out", str(tmp_path / "s"),
                                   "--quiet"])
    assert res.exit_code == 0, res.output
    result = sobol_analysis(read_results(tmp_path / "s"), IndexSpec(outcome="net_final"))
    widest = float(result.table[["S1_conf", "ST_conf"]].max().max())
    assert widest < WIDE_CONF / 2  # the report's caution about wide intervals does not fire, with room to spare
    top = result.table.sort_values("ST", ascending=False).reset_index(drop=True)
    weakest_of_top = top.at[2, "ST"] - top.at[2, "ST_conf"]
    assert weakest_of_top > top.at[3, "ST"] + top.at[3, "ST_conf"]  # the three leading weights stand apart by ST
    assert result.convergence["n"].nunique() >= 5
    res = CliRunner().invoke(cli, ["analyze", str(tmp_path / "s")])
    report = (tmp_path / "s" / "analysis" / "report.md").read_text()
    assert "**Convergence.**" in report and "sobol_convergence_net-final.png" in report and "Caution" not in report
