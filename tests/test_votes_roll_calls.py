"""The roll-call description table: it describes every shipped roll call from the record, a user's file adds
or replaces descriptions, and mistakes in either file are located."""

from __future__ import annotations

import textwrap

import pytest

from simulation.lab.votes.roll_calls import PACKAGE_FILE, describe, package_table, read_table
from simulation.lab.votes.votes_file import parse_votes, shipped_votes
from simulation.scenario import InputFileError
from simulation.scenario.world_table import group_members, member_codes


def described():
    return {rc.rcid: rc for rc in describe(shipped_votes())}


def test_every_shipped_roll_call_has_an_entry_matching_the_votes_file():
    votes = shipped_votes().drop_duplicates("rcid").set_index("rcid")
    entries = {rc.rcid: rc for rc in package_table().spec.roll_calls}
    assert set(entries) == set(votes.index)
    for rcid, rc in entries.items():
        assert rc.date == votes.loc[rcid, "date"].date()
        assert (rc.resolution, rc.target) == (votes.loc[rcid, "resolution"], votes.loc[rcid, "target"])
        assert rc.source.strip(), f"rcid {rcid} has no source"
    assert {rc.described_by for rc in described().values()} == {PACKAGE_FILE}


def test_motions_block_scrutiny_and_name_their_mover():
    for rc in described().values():
        if rc.kind == "no-action motion":
            assert rc.yes_direction == -1 and rc.mover == rc.target and rc.instrument == "resolution"
        else:
            assert rc.yes_direction == 1
    assert described()[5116].instrument == "statement"  # Libya's seat on the Human Rights Council


def test_sponsors_are_members_and_groups_expand_to_their_members_that_year():
    rcs = described()
    for rc in rcs.values():
        assert set(rc.sponsor_states()) <= set(member_codes()) and rc.target not in rc.sponsor_states()
        assert rc.sponsor_states(), f"rcid {rc.rcid} has no sponsor"
    dprk = rcs[4604]  # 2005: the EU of 25 and Japan
    assert set(dprk.sponsor_states()) == set(group_members("EU", 2005)) | {"JPN"}
    assert len(set(rcs[4813].sponsor_states()) & set(group_members("EU", 2007))) == 27
    assert rcs[4606].sponsor_states() == ("CAN",)
    assert {"GBR", "FRA", "DEU", "SAU", "QAT"} <= set(rcs[5135].sponsor_states())
    assert rcs[5241].sponsor_kind == "regional" and rcs[5135].sponsor_kind == "multilateral"


def write(tmp_path, body: str, name: str = "rc.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def test_a_users_file_replaces_an_entry_and_adds_defaults(tmp_path):
    path = write(tmp_path, """
        defaults:
          targets:
            BLR: {sponsor_groups: [EU], sponsor_kind: western, source: the EU's Belarus texts}
        roll_calls:
          - rcid: 4606
            resolution: A/RES/60/171
            date: 2005-12-16
            target: IRN
            kind: country resolution
            sponsors: [CAN, AUS]
            sponsor_kind: multilateral
            source: a test
        """)
    extra = read_table(path)
    rc = next(r for r in describe(shipped_votes(), extra) if r.rcid == 4606)
    assert rc.sponsors == ("CAN", "AUS") and rc.sponsor_kind == "multilateral" and rc.described_by == str(path)
    line = "9001,A/RES/70/1,A/RES/70/1,2015-12-17,70,BLR,country HR resolution,x,FRA,220,France,yes,rcid\n"
    header = "rcid,item_id,resolution,date,session,target,kind,short_description,iso3,cow,country,vote,roster_source\n"
    (belarus,) = describe(parse_votes(header + line, "new.csv"), extra)
    assert belarus.sponsor_groups == ("EU",) and belarus.source == "the EU's Belarus texts"
    (other,) = describe(parse_votes(header + line.replace("BLR", "ERI"), "new.csv"))
    assert other.sponsors == ("USA", "GBR", "FRA") and other.described_by == "defaults"


@pytest.mark.parametrize(("body", "path", "line", "found"), [
    ("roll_calls:\n  - {rcid: 1, resolution: R, date: 2005-01-01, target: IRN, kind: country resolution,\n"
     "     sponsors: [CAN, XYZ]}\n", "roll_calls[0].sponsors[1]", 3, "'XYZ'"),
    ("roll_calls:\n  - {rcid: 1, resolution: R, date: 2005-01-01, target: IRN, kind: resolution}\n",
     "roll_calls[0].kind", 2, "'resolution'"),
    ("roll_calls:\n  - {rcid: 1, resolution: R, date: 2005-01-01, target: IRN, kind: country resolution,\n"
     "     sponsor_groups: [EUU]}\n", "roll_calls[0].sponsor_groups[0]", 3, "'EUU'"),
    ("roll_calls:\n  - {rcid: 1, resolution: R, date: 2005-01-01, target: IRN, kind: country resolution,\n"
     "     sponsor: CAN}\n", "roll_calls[0].sponsor", 3, "unknown key 'sponsor'"),
    ("defaults:\n  targets:\n    PRK: {sponsor_kind: eastern}\n", "defaults.targets.PRK.sponsor_kind", 3,
     "'eastern'"),
])
def test_mistakes_in_a_description_file_are_located(tmp_path, body, path, line, found):
    with pytest.raises(InputFileError) as err:
        read_table(write(tmp_path, body))
    p = err.value.problems[0]
    assert (p.path, p.found, p.line) == (path, found, line)


def test_an_entry_that_is_not_the_votes_files_roll_call_is_located(tmp_path):
    path = write(tmp_path, """
        roll_calls:
          - rcid: 4604
            resolution: A/RES/60/173
            date: 2005-12-17
            target: PRK
            kind: country resolution
        """)
    with pytest.raises(InputFileError) as err:
        describe(shipped_votes(), read_table(path))
    (p,) = err.value.problems
    assert err.value.file == str(path) and p.path == "roll_calls[0].date" and p.line == 5
    assert "2005-12-16" in p.expected


def test_a_kind_no_table_knows_is_located_in_the_votes_file():
    header = "rcid,resolution,date,target,kind,iso3,vote\n"
    votes = parse_votes(header + "9002,A/RES/70/2,2015-12-17,IRN,amendment,FRA,yes\n", "new.csv")
    with pytest.raises(InputFileError) as err:
        describe(votes)
    (p,) = err.value.problems
    assert (err.value.file, p.line, p.path, p.found) == ("new.csv", 2, "column kind", "'amendment'")
    assert "--roll-calls" in p.hint
