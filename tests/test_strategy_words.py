"""The strategy lab speaks plainly: the optimised strategy in the terminal, a search that has not settled says so,
long names keep the table straight, and report.html carries the figures."""

import re

from click.testing import CliRunner
from test_strategies import SCENARIO, SPEC

from simulation.faces.cli import cli
from simulation.faces.strategy_report import convergence_words

LONG = "a very long strategy name that goes on and on past any column"


def test_a_search_still_rising_at_the_end_says_so_and_one_that_settled_says_when():
    rising = convergence_words([0.1, 0.2, 0.2, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.4], "P(tip)")
    assert "still improving" in rising and "generation 10 of 10" in rising and "optimize.generations: 20" in rising
    settled = convergence_words([0.1, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4], "P(tip)")
    assert "had settled" in settled and "generation 2 of 10" in settled
    flat = convergence_words([0.5] * 5, "P(tip)")
    assert "had settled" in flat


def test_the_terminal_shows_the_optimised_strategy_and_a_straight_table(tmp_path):
    (tmp_path / "s.yaml").write_text(SCENARIO, encoding="utf-8")
    spec = SPEC.replace("name: lobby the wrong state", f"name: {LONG}").replace("generations: 20", "generations: 4")
    (tmp_path / "spec.yaml").write_text(spec, encoding="utf-8")
    res = CliRunner().invoke(cli, ["strategies", str(tmp_path / "spec.yaml"), "--optimize", "--out", str(tmp_path / "o"),
                                   "--replications", "10"])
    assert res.exit_code == 0, res.output
    rows = [line for line in res.output.splitlines() if re.match(r"^ ?\d\. ", line)]
    assert any(LONG in line for line in rows)
    assert len({line.index(" P(tip) ") for line in rows}) == 1  # the P column starts at the same place on every row
    assert "optimised strategy (cost " in res.output
    assert re.search(r"^  (lobbying|engagement) on (AAA|BBB), ticks \d+–\d+, intensity", res.output, flags=re.M)
    assert ("The search was still improving" in res.output) or ("The search had settled" in res.output)
    html, md = (tmp_path / "o" / "report.html").read_text(), (tmp_path / "o" / "report.md").read_text()
    assert html.count("data:image/png;base64,") == len(re.findall(r"\]\(([^)]+\.png)\)", md))
