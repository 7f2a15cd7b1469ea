"""A recorded roll call as a world scenario: the year's world table, the members of that day, the target,
its sponsors, the instrument, and the crisis's severity and visibility from the data of that year.

The scenario is written as the mapping a scenario file would hold and validated by the project's loader
(``simulation.scenario.load.validated``), so it is checked exactly like a file. What is generated:

- ``world``: the world table of the vote's year (2004 takes 2005, see ``votes_file.YEAR_FILL``), the members
  with a row for the roll call in the votes file (UN members that day), the target, the sponsors (groups
  expanded to that year's members, the target left out), all groups as blocs, the default patrons;
- ``crisis``: severity and visibility from ``crisis_data``, the response's instrument and sponsor kind
  from the roll call's description;
- ``run``: ``STEPS`` ticks (a year of crisis up to the vote), seed = the roll call's ``rcid``;
- ``parameters``: those given (a parameter profile), else the defaults.

A roll call's ``scenario:`` entry in a description file is laid over this mapping (mappings merge key by
key, anything else is replaced; ``states`` entries are per-state overrides of the world table, as in a
world scenario file); a problem in it is reported at its line in that file.
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ...scenario.errors import InputFileError, Problem
from ...scenario.from_world import fill_notes
from ...scenario.load import validated
from ...scenario.paths import format_loc, parse_loc
from ...scenario.record import WINDOW, alignment_from, group_line
from ...scenario.schema import Scenario
from ...scenario.world_table import GROUPS, FillNote, group_members
from ...scenario.yamlfile import YamlDocument
from .crisis_data import crisis_from_data
from .roll_calls import RollCall

STEPS = 12  # ticks (months) of crisis before the vote
#: The Universal Periodic Review's first session (April 2008): roll calls from then on have peer review.
PEER_REVIEW_FROM = datetime.date(2008, 4, 7)
_STANCE = {-1: "oppose", 0: "abstain", 1: "support"}


def record_overrides(rc: RollCall, members: Sequence[str], earlier: pd.DataFrame | None) -> tuple[list, list]:
    """Per-state and per-bloc entries from the record of votes dated before the roll call (``earlier``: iso3,
    date, target, roll_call_kind, scrutiny, position as -1/0/+1).

    A state's ``prior`` is its position at its latest earlier vote on the same target (the same kind of roll
    call first), its tick-0 ``stance`` that position, and its ``alignment`` its mean position on the
    scrutiny roll calls of the two calendar years before. A group's line is the mean of its members'
    priors (their alignment where they have none) and its cohesion ``1 - sd`` of them. Only scrutiny roll
    calls count; for a vote that scrutinises no one (a seat on the Council) no state has a prior.
    """
    if earlier is None:
        return [], []
    votes = earlier[earlier["scrutiny"]]
    window = votes[votes["date"].dt.year.isin(range(rc.year - WINDOW, rc.year))]
    aligned = alignment_from(window, members)
    priors: dict[str, float] = {}
    if rc.scrutiny:
        same = votes[votes["target"] == rc.target]
        for kind_first in (same[same["roll_call_kind"] == rc.kind], same):
            last = kind_first[kind_first["date"] == kind_first.groupby("iso3")["date"].transform("max")]
            for code, value in last.groupby("iso3")["position"].mean().items():
                priors.setdefault(code, round(float(value), 4))
    states = [{"code": c, "alignment": aligned[c],
               **({"prior": priors[c], "stance": _STANCE[int(np.round(priors[c]))]} if c in priors else {})}
              for c in members]
    held = {c: priors.get(c, aligned[c]) for c in members}
    blocs = []
    for g in GROUPS:
        line, cohesion = group_line(group_members(g, rc.world_year), held)
        blocs.append({"name": g, "position": line, "cohesion": cohesion})
    return states, blocs


def scenario_mapping(rc: RollCall, members: Sequence[str], parameters: Mapping[str, Any] | None = None,
                     earlier: pd.DataFrame | None = None, mapping: Mapping[str, float] | None = None) -> dict:
    """The roll call's scenario as a scenario file's mapping, before the description's ``scenario:`` overrides."""
    crisis = crisis_from_data(rc.target, rc.world_year)
    states, blocs = record_overrides(rc, members, earlier)
    response = {"instrument": rc.instrument, "sponsor": rc.sponsor_kind, **({} if rc.scrutiny else {"reciprocity": 0.0})}
    mapping: dict[str, Any] = {
        "name": f"rc{rc.rcid}",
        "title": f"{rc.resolution} ({rc.date.isoformat()}): {rc.description}",
        "kind": "historical",
        "description": f"Roll call {rc.rcid}, a {rc.kind} on {rc.target}. Sponsors: {rc.source or 'see notes'} "
                       f"{rc.notes}".strip(),
        "world": {"year": rc.world_year, "members": list(members), "target": rc.target,
                  "sponsors": list(rc.sponsor_states()), "blocs": "all",
                  **({"mapping": dict(mapping)} if mapping else {})},
        "crisis": {"target": rc.target, "severity": crisis.severity, "visibility": crisis.visibility,
                   "response": response},
        "peer_review": 1.0 if rc.date >= PEER_REVIEW_FROM else 0.0,
        "run": {"steps": STEPS, "seed": rc.rcid, "replications": 1},
    }
    if states:
        mapping["states"] = states
        mapping["blocs"] = blocs
    if parameters:
        mapping["parameters"] = dict(parameters)
    return mapping


def roll_call_scenario(rc: RollCall, members: Sequence[str], parameters: Mapping[str, Any] | None = None,
                       earlier: pd.DataFrame | None = None, mapping: Mapping[str, float] | None = None) -> Scenario:
    """The roll call as a validated world scenario (its record from the votes ``earlier``, see
    :func:`record_overrides`), with its description's ``scenario:`` overrides laid over it."""
    data = merged(scenario_mapping(rc, members, parameters, earlier, mapping), rc.scenario)
    try:
        return validated(YamlDocument(f"<roll call {rc.rcid}>", data, None))
    except InputFileError as exc:
        if rc.origin is None:
            raise
        raise _in_description(exc, rc) from None


def crisis_notes(rc: RollCall) -> list[FillNote]:
    """How the roll call's severity and visibility were obtained, as fill notes on the target."""
    crisis = crisis_from_data(rc.target, rc.world_year)
    return [FillNote(rc.target, f"crisis.{what}", rule, getattr(crisis, what)) for what, rule in crisis.notes]


def scenario_fill_notes(rc: RollCall, scenario: Scenario) -> list[FillNote]:
    """Every value of the roll call's scenario a stated rule filled: the world table's, the crisis's, the year's."""
    notes = crisis_notes(rc) + fill_notes(scenario)
    if rc.world_year != rc.year:
        notes.insert(0, FillNote(rc.target, "world.year", f"a vote of {rc.year}: the world table starts in "
                                 f"{rc.world_year}, whose covariates, groups and ties are used", rc.world_year))
    return notes


def merged(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict:
    """``over`` laid over ``base``: mappings merge key by key, any other value replaces the base's."""
    out = copy.deepcopy(dict(base))
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = merged(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _in_description(exc: InputFileError, rc: RollCall) -> InputFileError:
    """The scenario's problems located in the description file: at the override's line when it wrote the key."""
    doc, where = rc.origin
    problems = []
    for p in exc.problems:
        loc = parse_loc(p.path.split(" ")[0]) if p.path else ()
        written = bool(loc) and loc[0] in rc.scenario and not p.path.endswith("(from world)")
        path = format_loc(where + loc) if written else f"{format_loc(where)} (generated scenario: {p.path})"
        problems.append(Problem(path, p.expected, p.found, doc.line_of(where + loc if written else where), p.hint))
    return InputFileError(doc.file, problems)
