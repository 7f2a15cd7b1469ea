"""A scenario's ``world:`` key: the world table's states for a year, with the file's per-state overrides laid over them.

The file lists under ``states`` only what differs from the data (``{code: BRA, official: {influence: 0.7}}``);
``legislature`` and ``official`` are merged key by key, every other key replaces the data's value. Groups
the states belong to become blocs; a ``blocs`` entry of the same name sets that bloc's cohesion and position.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from .errors import InputFileError, Problem, did_you_mean
from .schema import WorldSpec
from .validation import problems_from
from .world_table import GROUPS, FillNote, WorldTable, group_members, group_record, member_codes, world_states
from .yamlfile import YamlDocument

MERGED_KEYS = ("legislature", "official")
#: The Universal Periodic Review's first cycle began in April 2008: world scenarios from then on have it.
PEER_REVIEW_FROM = 2008


@dataclass(frozen=True)
class Expanded:
    """A scenario mapping with its world expanded, and where each state came from in the file."""

    data: dict
    origin: tuple[tuple, ...]  # per state: ("states", k) for the file's k-th entry, else ("world", code)


def expand_world(doc: YamlDocument) -> Expanded:
    """The document's mapping with ``world`` turned into full states; problems are located in the file's own terms."""
    data = doc.data
    if not isinstance(data, dict) or data.get("world") is None:
        states = data.get("states") if isinstance(data, dict) else None
        n = len(states) if isinstance(states, list) else 0
        return Expanded(data, tuple(("states", k) for k in range(n)))
    table = _checked_table(doc)
    overrides = data.get("states", [])
    if not isinstance(overrides, list):
        raise InputFileError(doc.file, [Problem("states", "a list of per-state overrides", type(overrides).__name__,
                                                doc.line_of(("states",)))])
    by_code: dict[str, int] = {}
    problems = []
    for k, entry in enumerate(overrides):
        code = _text(entry, "code")
        if code is None:
            continue  # the schema reports the missing code or the wrong shape
        if code in by_code:
            problems.append(Problem(f"states[{k}].code", "one override per state",
                                    f"{code!r}, already overridden by states[{by_code[code]}]",
                                    doc.line_of(("states", k, "code"))))
        elif code not in table.codes:
            problems.append(Problem(f"states[{k}].code", "a state of the world (world.members and world.groups)",
                                    repr(code), doc.line_of(("states", k, "code")),
                                    did_you_mean(code, list(table.codes))))
        by_code.setdefault(code, k)
    if problems:
        raise InputFileError(doc.file, problems)

    states, origin = [], []
    for row in table.states:
        k = by_code.get(row["code"])
        states.append(row if k is None else _merge(row, overrides[k]))
        origin.append(("world", row["code"]) if k is None else ("states", k))
    for k, entry in enumerate(overrides):  # malformed entries go on so the schema can locate their problems
        if _text(entry, "code") not in by_code:
            states.append(entry)
            origin.append(("states", k))
    out = dict(data)
    out["states"] = states
    out["blocs"] = _blocs(data.get("blocs", []), states, table.year)
    out.setdefault("peer_review", 1.0 if table.year >= PEER_REVIEW_FROM else 0.0)
    return Expanded(out, tuple(origin))


def world_table(spec: WorldSpec, target: str | None) -> WorldTable:
    """The world table a ``world:`` key asks for (its members, groups as blocs, target, sponsors and patrons)."""
    return world_states(spec.year, members=_members(spec), blocs=GROUPS if spec.blocs == "all" else spec.blocs,
                        target=target, sponsors=spec.sponsors, patrons=spec.patrons, mapping=spec.mapping)


def fill_notes(scenario) -> list[FillNote]:
    """Every value of a world scenario's states that a stated rule filled (none for a scenario without a world)."""
    if scenario.world is None:
        return []
    table = world_table(scenario.world, _target(scenario.world, {"crisis": {"target": scenario.crisis.target}}))
    return list(table.filled)


def _checked_table(doc: YamlDocument) -> WorldTable:
    """The world table of the validated ``world`` key, its codes and group names checked against the table."""
    data = doc.data
    try:
        spec = WorldSpec.model_validate(data["world"])
    except ValidationError as exc:
        raise InputFileError(doc.file, problems_from(exc, doc, WorldSpec, ("world",))) from None
    codes = list(member_codes())
    problems = []

    def check(values, key, known, what):
        for i, value in enumerate(values or ()):
            if value not in known:
                problems.append(Problem(f"world.{key}[{i}]", what, repr(value), doc.line_of(("world", key, i)),
                                        did_you_mean(value, known)))

    check(spec.members if spec.members != "all" else (), "members", codes, "the ISO3 code of a UN member (e.g. BRA)")
    check(spec.groups, "groups", list(GROUPS), "a group of the world table: " + ", ".join(GROUPS))
    check(spec.blocs if spec.blocs != "all" else (), "blocs", list(GROUPS), "a group of the world table: "
          + ", ".join(GROUPS))
    check(spec.sponsors, "sponsors", codes, "the ISO3 code of a UN member (e.g. USA)")
    check(spec.patrons, "patrons", codes, "the ISO3 code of a UN member (e.g. CHN)")
    if spec.target is not None and spec.target not in codes:
        problems.append(Problem("world.target", "the ISO3 code of a UN member (e.g. SYR)", repr(spec.target),
                                doc.line_of(("world", "target")), did_you_mean(spec.target, codes)))
    if not problems:
        try:
            return world_table(spec, _target(spec, data))
        except ValueError as exc:  # sponsors or patrons that clash with the target or lack tie data
            problems.append(Problem("world", "a consistent target, sponsors and patrons", str(exc),
                                    doc.line_of(("world",))))
    raise InputFileError(doc.file, problems)


def _target(spec: WorldSpec, data: dict) -> str | None:
    """The state whose abuses are at issue: ``world.target``, else the crisis target when it is a member's code."""
    if spec.target is not None:
        return spec.target
    crisis = data.get("crisis")
    target = crisis.get("target") if isinstance(crisis, dict) else None
    return target if target in member_codes() else None


def _members(spec: WorldSpec) -> list[str]:
    """The members' codes: the listed ones (or all) in order, then the groups' members not yet listed, sorted."""
    if spec.members == "all" or (spec.members is None and not spec.groups):
        return list(member_codes())
    listed = list(spec.members or ())
    extra = sorted({c for g in spec.groups for c in group_members(g, spec.year)} - set(listed))
    return listed + extra


def _merge(row: dict, override: dict) -> dict:
    """A state's data row with the file's override laid over it (``legislature`` and ``official`` merged by key)."""
    out = copy.deepcopy(row)
    for key, value in override.items():
        if key in MERGED_KEYS and isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = {**out[key], **value}
        else:
            out[key] = value
    return out


def _blocs(declared: Any, states: list, year: int) -> Any:
    """Every group the states belong to as a bloc, its line and cohesion from the record (``group_record``), with the
    file's entry of the same name laid over it; then the file's other blocs."""
    if not isinstance(declared, list):
        return declared  # the schema reports it
    by_name = {_text(b, "name"): b for b in declared if _text(b, "name") is not None}
    used = {b for s in states if isinstance(s, dict) and isinstance(s.get("blocs"), list)
            for b in s["blocs"] if isinstance(b, str)}
    out = []
    for g in GROUPS:
        if g in used or g in by_name:
            line, cohesion = group_record(g, year)
            out.append({"name": g, "cohesion": cohesion, "position": line, **by_name.get(g, {})})
    return out + [b for b in declared if _text(b, "name") not in GROUPS]


def _text(entry: Any, key: str) -> str | None:
    """The text under ``key`` of a file's entry, or None when the entry is no mapping or the value no text (the
    schema then reports it, located)."""
    value = entry.get(key) if isinstance(entry, dict) else None
    return value if isinstance(value, str) else None
