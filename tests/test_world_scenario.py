"""Scenario files that take their states from the world table: the ``world:`` key, overrides, groups as blocs,
variants and ``--set`` on real states, located errors, fill notes, and a run with all 193 members."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from simulation.faces.cli import cli
from simulation.lab.runs import run_scenario
from simulation.scenario import InputFileError, load_scenario
from simulation.scenario.from_world import fill_notes
from simulation.scenario.world_table import group_members, group_record, member_codes, world_states

CRISIS = """
crisis:
  target: SYR
  severity: 0.6
  response: {instrument: resolution, sponsor: western}
"""


def scenario(tmp_path: Path, body: str, name: str = "w.yaml") -> Path:
    path = tmp_path / name
    path.write_text("name: world_test\n" + textwrap.dedent(body) + CRISIS, encoding="utf-8")
    return path


def traits(spec) -> dict:
    """A StateSpec as the world table's keys, for comparison."""
    d = spec.model_dump()
    out = {k: d[k] for k in ("code", "name", "democracy", "capability", "record", "grievance", "sovereignty",
                             "value_commitment", "security_stake", "economic_stake", "alignment", "sponsor")}
    out["blocs"] = list(d["blocs"])
    out["legislature"] = {"strength": d["legislature"]["strength"]}
    return out


def test_states_come_from_the_table_and_overrides_change_only_what_they_name(tmp_path):
    path = scenario(tmp_path, """
        world: {year: 2011, members: [BRA, IND, ZAF]}
        states:
          - {code: IND, official: {influence: 0.9}, legislature: {pressure: 0.2}}
        """)
    s = load_scenario(path)
    table = world_states(2011, members=["BRA", "IND", "ZAF"], target="SYR")
    assert [st.code for st in s.states] == ["BRA", "IND", "ZAF"]
    assert traits(s.state("BRA")) == table.state("BRA")
    ind = s.state("IND")
    assert traits(ind) == table.state("IND")  # the data's strength survives the merge of legislature
    assert ind.official.influence == 0.9 and ind.official.conviction == 0.1  # the other key keeps its default
    assert ind.legislature.pressure == 0.2
    assert ind.security_stake > 0 or ind.economic_stake > 0, "stakes toward the crisis target SYR"


def test_the_crisis_target_is_the_default_target_and_world_target_overrides_it(tmp_path):
    default = load_scenario(scenario(tmp_path, "world: {year: 2011, members: [TUR, JOR]}\n"))
    explicit = load_scenario(scenario(tmp_path, "world: {year: 2011, members: [TUR, JOR], target: LBY}\n", "x.yaml"))
    assert traits(default.state("TUR")) == world_states(2011, members=["TUR", "JOR"], target="SYR").state("TUR")
    assert traits(explicit.state("TUR")) == world_states(2011, members=["TUR", "JOR"], target="LBY").state("TUR")
    assert default.state("TUR").security_stake != explicit.state("TUR").security_stake


def test_members_default_to_all_or_to_the_groups(tmp_path):
    assert len(load_scenario(scenario(tmp_path, "world: {year: 2014}\n")).states) == len(member_codes()) == 193
    by_group = load_scenario(scenario(tmp_path, "world: {year: 2014, groups: [IBSA, G7]}\n", "g.yaml"))
    assert sorted(st.code for st in by_group.states) == sorted(set(group_members("IBSA", 2014))
                                                              | set(group_members("G7", 2014)))
    mixed = load_scenario(scenario(tmp_path, "world: {year: 2014, members: [NOR], groups: [IBSA]}\n", "m.yaml"))
    assert [st.code for st in mixed.states] == ["NOR", "BRA", "IND", "ZAF"]


def test_groups_become_blocs_and_a_declared_bloc_sets_their_cohesion_and_position(tmp_path):
    s = load_scenario(scenario(tmp_path, """
        world: {year: 2014, groups: [AU], blocs: [AU, BRICS]}
        blocs:
          - {name: AU, cohesion: 0.8, position: 1.0}
        """))
    blocs = {b.name: b for b in s.blocs}
    assert set(blocs) == {"AU", "BRICS"}  # only ZAF is in BRICS, but it is a bloc of the scenario
    assert (blocs["AU"].cohesion, blocs["AU"].position) == (0.8, 1.0)
    line, cohesion = group_record("BRICS", 2014)  # an undeclared bloc takes its line and cohesion from the record
    assert (blocs["BRICS"].cohesion, blocs["BRICS"].position) == (cohesion, line)
    assert line < 0 < cohesion < 1
    suspended = {n.iso3 for n in fill_notes(s) if n.field == "blocs" and "suspended from AU" in n.rule}
    assert suspended == {"GNB"}  # Guinea-Bissau, suspended after its 2012 coup
    assert all(("AU" in st.blocs) == (st.code not in suspended) for st in s.states)
    assert s.state("ZAF").blocs == ("AU", "BRICS")


def test_variants_and_set_reach_states_the_file_does_not_list(tmp_path):
    path = scenario(tmp_path, """
        world: {year: 2011, members: [BRA, IND]}
        variants:
          strong_brazil:
            set:
              states[BRA].official.influence: 0.95
              states[BRA].legislature.pressure: 0.5
        """)
    base = load_scenario(path)
    v = load_scenario(path, variant="strong_brazil")
    assert v.state("BRA").official.influence == 0.95 and v.state("BRA").legislature.pressure == 0.5
    assert traits(v.state("BRA")) == traits(base.state("BRA"))  # the data are untouched
    later = load_scenario(path, overrides={"world.year": 2019})
    assert traits(later.state("IND")) == world_states(2019, members=["BRA", "IND"], target="SYR").state("IND")
    assert traits(later.state("IND")) != traits(base.state("IND"))
    both = load_scenario(path, variant="strong_brazil", overrides={"states[IND].democracy": 0.1})
    assert both.state("IND").democracy == 0.1 and both.state("BRA").official.influence == 0.95


@pytest.mark.parametrize("body,where,line,expected", [
    ("world: {year: 2011, members: [BRA, BRZ]}\n", "world.members[1]", 2, "ISO3 code of a UN member"),
    ("world: {year: 2004}\n", "world.year", 2, "from 2005 to 2021"),
    ("world: {year: 2011, groups: [BRIC]}\n", "world.groups[0]", 2, "a group of the world table"),
    ("world: {year: 2011, memberz: all}\n", "world.memberz", 2, "known keys"),
    ("world: {year: 2011, members: [BRA]}\nstates:\n  - {code: IND, democracy: 0.5}\n", "states[0].code", 4,
     "a state of the world"),
    ("world: {year: 2011, members: [BRA]}\nstates:\n  - {code: BRA}\n  - {code: BRA}\n", "states[1].code", 5,
     "one override per state"),
    ("world: {year: 2011, members: [BRA, IND]}\nstates:\n  - code: IND\n    democracy: 1.5\n", "states[0].democracy",
     5, "from 0 to 1"),
    ("world: {year: 2011, members: [BRA], sponsors: [USA, RUS], patrons: [RUS]}\n", "world", 2,
     "consistent target, sponsors and patrons"),
])
def test_world_mistakes_are_located_in_the_file(tmp_path, body, where, line, expected):
    path = scenario(tmp_path, body)
    with pytest.raises(InputFileError) as info:
        load_scenario(path)
    problems = info.value.problems
    assert len(problems) == 1, info.value.render()
    assert problems[0].path == where and problems[0].line == line and expected in problems[0].expected
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_set_on_a_state_outside_the_world_is_blamed_on_the_set(tmp_path):
    path = scenario(tmp_path, "world: {year: 2011, members: [BRA]}\n")
    with pytest.raises(InputFileError) as info:
        load_scenario(path, overrides={"states[IND].democracy": 0.4})
    assert info.value.problems[0].path.startswith("--set states[IND].democracy")
    assert "a state of the world" in info.value.problems[0].expected


def test_filled_values_are_reported_not_silent(tmp_path):
    s = load_scenario(scenario(tmp_path, "world: {year: 2011, members: [BRA, AND, SSD]}\n"))
    notes = fill_notes(s)
    assert notes == world_states(2011, members=["BRA", "AND", "SSD"], target="SYR").filled
    assert {n.iso3 for n in notes} >= {"AND", "SSD"}  # no V-Dem for Andorra; South Sudan not yet a state
    out = tmp_path / "run"
    result = CliRunner().invoke(cli, ["run", str(tmp_path / "w.yaml"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out / "fill_notes.csv")
    assert len(table) == len(notes) and set(table["iso3"]) == {n.iso3 for n in notes}
    assert "filled or adjusted by stated rules" in result.output


def test_a_run_with_all_193_members(tmp_path):
    path = scenario(tmp_path, """
        world: {year: 2012, members: all}
        activists:
          - {name: Syria Campaign, kind: ngo, scope: transnational, targets: [BRA, IND, ZAF, DEU], resources: 0.6}
        run: {steps: 24, replications: 3}
        """)
    out = tmp_path / "run"
    result = CliRunner().invoke(cli, ["run", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    states = pd.read_parquet(out / "states.parquet")
    assert len(states) == 3 * 193 and set(states["code"]) == set(member_codes())
    assert "193 states" in result.output or "of 193" in result.output
    direct = run_scenario(load_scenario(path), replications=3)
    assert list(direct.states_table()["final_stance"]) == list(states["final_stance"])
