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
from collections.abc import Mapping, Sequence
from typing import Any

from ...scenario.errors import InputFileError, Problem
from ...scenario.from_world import fill_notes
from ...scenario.load import validated
from ...scenario.paths import format_loc, parse_loc
from ...scenario.schema import Scenario
from ...scenario.world_table import FillNote
from ...scenario.yamlfile import YamlDocument
from .crisis_data import crisis_from_data
from .roll_calls import RollCall

STEPS = 12  # ticks (months) of crisis before the vote


def scenario_mapping(rc: RollCall, members: Sequence[str], parameters: Mapping[str, Any] | None = None) -> dict:
    """The roll call's scenario as a scenario file's mapping, before the description's ``scenario:`` overrides."""
    crisis = crisis_from_data(rc.target, rc.world_year)
    mapping: dict[str, Any] = {
        "name": f"rc{rc.rcid}",
        "title": f"{rc.resolution} ({rc.date.isoformat()}): {rc.description}",
        "kind": "historical",
        "description": f"Roll call {rc.rcid}, a {rc.kind} on {rc.target}. Sponsors: {rc.source or 'see notes'} "
                       f"{rc.notes}".strip(),
        "world": {"year": rc.world_year, "members": list(members), "target": rc.target,
                  "sponsors": list(rc.sponsor_states()), "blocs": "all"},
        "crisis": {"target": rc.target, "severity": crisis.severity, "visibility": crisis.visibility,
                   "response": {"instrument": rc.instrument, "sponsor": rc.sponsor_kind}},
        "run": {"steps": STEPS, "seed": rc.rcid, "replications": 1},
    }
    if parameters:
        mapping["parameters"] = dict(parameters)
    return mapping


def roll_call_scenario(rc: RollCall, members: Sequence[str], parameters: Mapping[str, Any] | None = None) -> Scenario:
    """The roll call as a validated world scenario, with its description's ``scenario:`` overrides laid over it."""
    mapping = merged(scenario_mapping(rc, members, parameters), rc.scenario)
    try:
        return validated(YamlDocument(f"<roll call {rc.rcid}>", mapping, None))
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
