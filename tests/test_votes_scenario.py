"""A roll call as a world scenario: year, members of the day, target, sponsors, instrument, severity and
visibility from the data; overrides from a description file; parameter profiles; located errors."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulation.lab.votes.crisis_data import VISIBILITY_BASE, crisis_from_data, visibility_rule
from simulation.lab.votes.roll_call_scenario import STEPS, roll_call_scenario, scenario_fill_notes
from simulation.lab.votes.roll_calls import describe, read_table
from simulation.lab.votes.votes_file import shipped_votes
from simulation.scenario import InputFileError
from simulation.scenario.profile import read_parameter_profile
from simulation.scenario.world_table import group_members

STATES = Path(__file__).resolve().parents[1] / "simulation" / "data" / "states.csv"


def roll_call(rcid: int, extra=None):
    votes = shipped_votes()
    rc = next(r for r in describe(votes, extra) if r.rcid == rcid)
    return rc, votes.loc[votes["rcid"] == rcid, "iso3"].tolist()


def test_the_dprk_2005_roll_call_as_a_scenario():
    rc, members = roll_call(4604)
    s = roll_call_scenario(rc, members)
    assert s.world.year == 2005 and s.world.target == "PRK" and s.name == "rc4604"
    assert [st.code for st in s.states] == members and len(members) == 191
    assert set(s.world.sponsors) == set(group_members("EU", 2005)) | {"JPN"}
    assert (s.crisis.response.instrument, s.crisis.response.sponsor) == ("resolution", "western")
    assert (s.run.steps, s.run.seed) == (STEPS, 4604)
    pts = pd.read_csv(STATES).set_index(["iso3", "year"]).loc[("PRK", 2005), ["pts_amnesty", "pts_statedept", "pts_hrw"]]
    assert s.crisis.severity == pytest.approx((pts.mean() - 1) / 4)  # PTS 4 -> 0.75
    assert s.crisis.visibility == VISIBILITY_BASE  # 2005: no year before in the covariates
    assert s.state("PRK").security_stake == 1.0  # the target itself


def test_syria_2011_is_visible_and_libya_is_a_statement():
    rc, members = roll_call(5135)
    s = roll_call_scenario(rc, members)
    fariss = pd.read_csv(STATES).set_index(["iso3", "year"])["hr_latent_mean"]
    fall = max(fariss[("SYR", 2009)], fariss[("SYR", 2010)]) - fariss[("SYR", 2011)]
    assert s.crisis.visibility == pytest.approx(min(1.0, 0.2 + 0.5 * fall), abs=1e-4) and s.crisis.visibility > 0.8
    rc, members = roll_call(5116)
    assert roll_call_scenario(rc, members).crisis.response.instrument == "statement"


def test_a_target_without_tie_data_has_zero_stakes_with_notes():
    rc, members = roll_call(5747)  # Turkmenistan, 2004: the world of 2005
    s = roll_call_scenario(rc, members)
    assert s.world.year == 2005 and all(st.security_stake == st.economic_stake == 0.0 for st in s.states)
    notes = scenario_fill_notes(rc, s)
    assert notes[0].field == "world.year" and "2004" in notes[0].rule
    assert any(n.field == "economic_stake" and "no tie data toward TKM" in n.rule for n in notes)
    assert {"crisis.severity", "crisis.visibility"} <= {n.field for n in notes}


@given(st.floats(-3, 3), st.floats(0, 3))
def test_visibility_rises_with_the_fall_and_stays_in_range(score, fall):
    low, high = visibility_rule(score, score), visibility_rule(score + fall, score)
    assert low == VISIBILITY_BASE and VISIBILITY_BASE <= high <= 1.0
    assert visibility_rule(score + fall + 0.1, score) >= high


def test_severity_falls_back_to_the_record_without_a_pts_rating():
    raw = pd.read_csv(STATES)
    missing = raw[raw[["pts_amnesty", "pts_statedept", "pts_hrw"]].isna().all(axis=1)].iloc[0]
    c = crisis_from_data(missing["iso3"], int(missing["year"]))
    assert "no Political Terror Scale rating" in dict(c.notes)["severity"] and 0.0 <= c.severity <= 1.0


def overrides(tmp_path, scenario: str) -> Path:
    path = tmp_path / "rc.yaml"
    path.write_text(textwrap.dedent("""\
        roll_calls:
          - rcid: 4606
            resolution: A/RES/60/171
            date: 2005-12-16
            target: IRN
            kind: country resolution
            sponsors: [CAN]
            scenario:
        """) + textwrap.indent(textwrap.dedent(scenario), "      "), encoding="utf-8")
    return path


def test_a_description_files_scenario_keys_override_the_generated_scenario(tmp_path):
    path = overrides(tmp_path, """\
        crisis: {visibility: 0.7}
        states:
          - {code: IND, official: {influence: 0.9}}
        blocs:
          - {name: OIC, cohesion: 0.9, position: -1.0}
        """)
    rc, members = roll_call(4606, read_table(path))
    s = roll_call_scenario(rc, members)
    assert s.crisis.visibility == 0.7 and s.crisis.severity == roll_call_scenario(roll_call(4606)[0], members).crisis.severity
    assert s.state("IND").official.influence == 0.9 and s.state("IND").democracy > 0  # merged over the data
    oic = next(b for b in s.blocs if b.name == "OIC")
    assert (oic.cohesion, oic.position) == (0.9, -1.0)


def test_a_bad_override_is_located_in_the_description_file(tmp_path):
    path = overrides(tmp_path, """\
        crisis: {visibility: 2}
        """)
    rc, members = roll_call(4606, read_table(path))
    with pytest.raises(InputFileError) as err:
        roll_call_scenario(rc, members)
    (p,) = err.value.problems
    assert err.value.file == str(path) and p.path == "roll_calls[0].scenario.crisis.visibility" and p.line == 9
    assert "0 to 1" in p.expected


def test_a_bad_state_override_is_located_at_its_entry(tmp_path):
    path = overrides(tmp_path, """\
        states:
          - {code: IND, democracy: 3}
        """)
    rc, members = roll_call(4606, read_table(path))
    with pytest.raises(InputFileError) as err:
        roll_call_scenario(rc, members)
    (p,) = err.value.problems
    assert (p.path, p.line) == ("roll_calls[0].scenario.states[0].democracy", 10)


def profile(tmp_path, body: str) -> Path:
    path = tmp_path / "profile.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def test_a_parameter_profile_applies_to_the_scenario(tmp_path):
    p = read_parameter_profile(profile(tmp_path, """\
        parameters: {noise: 0.2, value_weight: 2.5}
        provenance: {optimiser: none, seed: 1}
        """))
    assert p.settings == {"noise": 0.2, "value_weight": 2.5} and p.provenance["seed"] == 1
    rc, members = roll_call(4604)
    s = roll_call_scenario(rc, members, p.settings)
    assert (s.parameters.noise, s.parameters.value_weight) == (0.2, 2.5)
    assert s.parameters.inertia == roll_call_scenario(rc, members).parameters.inertia  # the rest at defaults


@pytest.mark.parametrize(("body", "path", "line", "needle"), [
    ("parameters: {noize: 0.1}\n", "parameters.noize", 1, "did you mean 'noise'"),
    ("parameters:\n  noise: 50\n", "parameters.noise", 2, "from 0 to 5"),
    ("provenance: {seed: 1}\n", "parameters", None, "required"),
    ("parameters: {threshold_abstain: 0.5}\n", "parameters", 1, "thresholds must increase"),
    ("parameters: {noise: 0.1}\nseed: 3\n", "seed", 2, "unknown key"),
])
def test_a_bad_parameter_profile_is_located(tmp_path, body, path, line, needle):
    with pytest.raises(InputFileError) as err:
        read_parameter_profile(profile(tmp_path, body))
    (p,) = err.value.problems
    assert p.path == path and (line is None or p.line == line)
    assert needle in p.render("x")
