"""Votes files in the shared format: the shipped file, files of other years, and located errors for bad ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from simulation.faces.cli import cli
from simulation.lab.votes.roll_calls import describe
from simulation.lab.votes.votes_file import (
    MAX_PROBLEMS,
    REQUIRED,
    parse_votes,
    read_votes,
    shipped_votes,
    with_history,
    world_year,
)
from simulation.scenario import InputFileError

SHARED = Path(__file__).resolve().parents[1] / "simulation" / "data" / "unga_votes_2004_2012.csv"
LINES = SHARED.read_text(encoding="utf-8").splitlines(keepends=True)
HEADER = LINES[0].rstrip("\n").split(",")


def problem(text: str):
    """The single problem of parsing ``text``."""
    with pytest.raises(InputFileError) as err:
        parse_votes(text, "votes.csv")
    assert err.value.file == "votes.csv"
    return err.value.problems


def with_line(k: int, column: str, value: str) -> str:
    """The shipped file's text with ``column`` of its ``k``-th line (1-based) set to ``value``."""
    fields = LINES[k - 1].rstrip("\n").split(",")
    fields[HEADER.index(column)] = value
    out = list(LINES)
    out[k - 1] = ",".join(fields) + "\n"
    return "".join(out)


def test_the_shipped_file_is_the_shared_one_and_reads_whole():
    votes = shipped_votes()
    assert len(votes) == len(LINES) - 1 == 5573
    assert votes["rcid"].nunique() == 29
    assert set(votes["vote"]) == {"yes", "no", "abstain", "absent"}
    assert "DPRK" in set(votes["target_label"]) and "DPRK" not in set(votes["target"])
    assert set(votes.loc[votes["target_label"] == "DPRK", "target"]) == {"PRK"}
    shared = Path("/work/shared/data/unga_votes_2004_2012.csv")
    if shared.is_file():
        assert shared.read_bytes() == SHARED.read_bytes(), "shipped unchanged (ATTRIBUTION.md gives its sha256)"


def test_a_vote_of_2004_takes_the_covariates_of_2005():
    assert world_year(2004) == 2005 and world_year(2011) == 2011


def test_unknown_year_is_located():
    (p,) = problem(with_line(7, "date", "2023-12-20"))
    assert (p.line, p.path, p.found) == (7, "column date", "'2023-12-20'")
    assert "2005-2021" in p.expected and "2004 takes 2005" in p.expected


def test_unknown_state_is_located_with_a_hint():
    (p,) = problem(with_line(12, "iso3", "BRZ"))
    assert (p.line, p.path, p.found) == (12, "column iso3", "'BRZ'")
    assert "UN member" in p.expected and "did you mean" in p.hint


def test_unknown_vote_value_is_located():
    (p,) = problem(with_line(3, "vote", "Yes"))
    assert (p.line, p.path) == (3, "column vote") and "yes, no, abstain, absent" in p.expected
    assert "'yes'" in p.hint


def test_malformed_row_is_located():
    text = "".join(LINES[:5]) + LINES[5].rstrip("\n") + ",extra\n" + "".join(LINES[6:])
    (p,) = problem(text)
    assert p.line == 6 and f"{len(HEADER)} comma-separated fields" in p.expected and p.found == f"{len(HEADER) + 1} fields"


def test_missing_column_is_located_on_the_header():
    keep = [i for i, h in enumerate(HEADER) if h != "vote"]
    text = "".join(",".join(line.rstrip("\n").split(",")[i] for i in keep) + "\n" for line in LINES[:50])
    (p,) = problem(text)
    assert (p.line, p.path) == (1, "header") and "no column vote" in p.found
    assert all(c in p.expected for c in REQUIRED)


def test_rows_of_one_roll_call_must_agree_and_list_a_member_once():
    (p,) = problem(with_line(20, "date", "2004-12-21"))
    assert p.line == 20 and p.path == "column date" and "line 2" in p.expected
    text = "".join(LINES[:30]) + LINES[10] + "".join(LINES[30:])
    (p,) = problem(text)
    assert p.line == 31 and p.path == "column iso3" and "again" in p.found


def test_many_problems_are_listed_up_to_a_cap():
    out = list(LINES)
    for k in range(2, 60):
        fields = out[k - 1].rstrip("\n").split(",")
        fields[HEADER.index("vote")] = "maybe"
        out[k - 1] = ",".join(fields) + "\n"
    problems = problem("".join(out))
    assert len(problems) == MAX_PROBLEMS + 1 and "38 more problems" in problems[-1].found


def test_empty_and_missing_files():
    assert "an empty file" in problem("")[0].found
    with pytest.raises(InputFileError, match="no such file"):
        read_votes("no/such/votes.csv")


def later_years(rows: list[str], shift: int, rcid_offset: int) -> str:
    """The shipped rows moved ``shift`` years later, with new rcids: a file of other years in the same format."""
    out = [LINES[0]]
    for line in rows:
        f = line.rstrip("\n").split(",")
        f[HEADER.index("rcid")] = str(int(f[HEADER.index("rcid")]) + rcid_offset)
        d = f[HEADER.index("date")]
        f[HEADER.index("date")] = f"{int(d[:4]) + shift}{d[4:]}"
        out.append(",".join(f) + "\n")
    return "".join(out)


def test_a_file_of_other_years_is_read_and_described_by_rule(tmp_path):
    rows = [line for line in LINES[1:] if ",2011-12-" in line or ",2012-" in line]
    path = tmp_path / "unga_2014_2015.csv"
    path.write_text(later_years(rows, 3, 100_000), encoding="utf-8")
    votes = read_votes(path)
    assert sorted(votes["year"].unique()) == [2014, 2015]
    described = describe(votes)
    assert {rc.described_by for rc in described} == {"defaults"}
    by_target = {rc.target: rc for rc in described if rc.kind == "country resolution"}
    assert by_target["PRK"].sponsors == ("JPN",) and by_target["PRK"].sponsor_groups == ("EU",)
    assert by_target["IRN"].sponsors == ("CAN",)
    motion = next(rc for rc in described if rc.kind == "no-action motion")
    assert motion.yes_direction == -1 and motion.mover == "IRN"
    history = with_history(votes, shipped_votes())
    assert history["rcid"].nunique() == 29 + votes["rcid"].nunique()


def test_an_rcid_of_the_shipped_votes_must_be_the_same_vote(tmp_path):
    rows = [line for line in LINES[1:] if line.startswith("4604,")]
    path = tmp_path / "clash.csv"
    path.write_text(later_years(rows, 1, 0), encoding="utf-8")
    with pytest.raises(InputFileError) as err:
        with_history(read_votes(path), shipped_votes())
    (p,) = err.value.problems
    assert p.path == "column date" and p.line == 2 and "2005-12-16" in p.expected


def test_the_cli_reports_a_bad_votes_file_with_exit_code_2(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(with_line(9, "iso3", "XXX"), encoding="utf-8")
    for args in (["votes", str(path)], ["hindcast", str(path), "--out", str(tmp_path / "out")]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2, result.output
        assert f"{path}, line 9: column iso3" in result.output and "Traceback" not in result.output
