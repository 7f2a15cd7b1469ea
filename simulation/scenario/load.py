"""Loading a scenario file: parse YAML safely, validate it, check its cross-references, apply a variant."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..model.stance import Stance
from .errors import InputFileError, Problem, did_you_mean
from .from_world import Expanded, expand_world
from .interventions import intervention_problems
from .paths import PathError, _select, assign, format_loc, parse_loc, parse_path
from .schema import INSTRUMENTS, Scenario
from .validation import problems_from
from .yamlfile import YamlDocument, read_yaml


def load_scenario(path: str | Path, variant: str | None = None,
                  overrides: dict[str, Any] | None = None) -> Scenario:
    """Read, validate and return the scenario at ``path``, with a named variant and ``--set`` overrides applied.

    Every variant the file defines is checked too. Any problem raises :class:`InputFileError`.
    """
    doc = read_yaml(path, "scenario")
    scenario = validated(doc)
    base = {k: v for k, v in doc.data.items() if k != "variants"}
    for name, spec in scenario.variants.items():
        _changed(doc, base, spec.set, ("variants", name, "set"), f"variant {name!r}")
    data, result = base, scenario
    if variant is not None:
        if variant not in scenario.variants:
            known = list(scenario.variants)
            raise InputFileError(doc.file, [Problem("--variant", "a variant defined under variants: "
                                                    + (", ".join(known) or "(none defined)"), repr(variant),
                                                    hint=did_you_mean(variant, known))])
        data, result = _changed(doc, data, scenario.variants[variant].set, ("variants", variant, "set"),
                                f"variant {variant!r}")
    if overrides:
        data, result = _changed(doc, data, overrides, (), "--set")
    return result.model_copy(update={"variants": scenario.variants})


def validated(doc: YamlDocument) -> Scenario:
    """The document as a Scenario (its world expanded), or every problem located in the file's own terms."""
    expanded = expand_world(doc)
    try:
        scenario = Scenario.model_validate(expanded.data)
    except ValidationError as exc:
        located = _ExpandedDocument(doc, expanded)
        raise InputFileError(doc.file, [located.in_file(p) for p in problems_from(exc, located, Scenario)]) from None
    problems = cross_reference_problems(scenario)
    if problems:
        located = _ExpandedDocument(doc, expanded)
        raise InputFileError(doc.file, [located.in_file(Problem(p.path, p.expected, p.found,
                                                                located.line_of(parse_loc(p.path)), p.hint))
                                        for p in problems])
    return scenario


class _ExpandedDocument(YamlDocument):
    """An expanded scenario mapping that finds lines, and names places, in the file it was expanded from."""

    def __init__(self, doc: YamlDocument, expanded: Expanded):
        super().__init__(doc.file, expanded.data, None)
        self._doc, self._origin = doc, expanded.origin

    def _source(self, loc: tuple) -> tuple:
        if len(loc) >= 2 and loc[0] == "states" and isinstance(loc[1], int) and loc[1] < len(self._origin):
            return self._origin[loc[1]] + tuple(loc[2:])
        return tuple(loc)

    def line_of(self, loc: tuple) -> int | None:
        source = self._source(loc)
        return self._doc.line_of(source[:1] if source[:1] == ("world",) else source)

    def in_file(self, p: Problem) -> Problem:
        """The problem with its path in the file's terms (a state taken from the world table is named by its code)."""
        source = self._source(parse_loc(p.path))
        path = (f"states[{source[1]}]" + format_loc(("_",) + source[2:])[1:] + " (from world)"
                if source[:1] == ("world",) else format_loc(source))
        return Problem(path, p.expected, p.found, p.line, p.hint)


def _changed(doc: YamlDocument, base: dict, changes: dict[str, Any], where: tuple,
             label: str) -> tuple[dict, Scenario]:
    """The file's mapping with ``changes`` (path -> value) applied, and its Scenario; problems point at the change."""
    data = copy.deepcopy(base)
    changed: dict[tuple, tuple[str, int | None]] = {}  # resolved location -> (the change as written, its line)
    for path, value in changes.items():
        at = (format_loc(where + (path,)), doc.line_of(where + (path,))) if where else (f"--set {path}".rstrip(), None)
        try:
            data, added = _with_override_entry(data, path)
            if added is not None:
                changed[added] = at
            loc = _resolve(data, path)
            assign(data, path, value)
            changed[loc] = at
        except PathError as exc:
            raise InputFileError(doc.file, [Problem(at[0], "a path to a scenario field", str(exc), at[1])]) from None
    try:
        scenario = validated(YamlDocument(doc.file, data, None))
    except InputFileError as exc:
        fallback = (f"(after {label})", doc.line_of(where) if where else None)
        raise InputFileError(doc.file, [_blame(p, changed, fallback) for p in exc.problems]) from None
    return data, scenario


def _with_override_entry(data: dict, path: str) -> tuple[dict, tuple | None]:
    """In a world scenario, a path into ``states[CODE]`` with no entry for CODE first adds ``{code: CODE}`` (in place)."""
    tokens = parse_path(path)
    if data.get("world") is None or len(tokens) < 2 or tokens[0] != "states" or not isinstance(tokens[1], str):
        return data, None
    code = tokens[1][1:-1]
    entries = data.setdefault("states", [])
    if not isinstance(entries, list) or any(isinstance(e, dict) and e.get("code") == code for e in entries):
        return data, None
    entries.append({"code": code})
    return data, ("states", len(entries) - 1)


def _resolve(data: dict, path: str) -> tuple:
    """The location ``path`` names in ``data``, with item selectors like ``[EMD]`` turned into list indices."""
    loc: list = []
    node: Any = data
    for token in parse_path(path):
        if isinstance(token, str) and not token.startswith("["):
            node = node.get(token) if isinstance(node, dict) else None
            loc.append(token)
        else:
            loc.append(_select(node, token, format_loc(tuple(loc))))
            node = node[loc[-1]]
    return tuple(loc)


def _blame(p: Problem, changed: dict[tuple, tuple[str, int | None]], fallback: tuple[str, int | None]) -> Problem:
    """A problem found after applying changes, moved onto the change whose location covers or contains its own."""
    loc = parse_loc(p.path)
    hits = [key for key in changed if loc and (loc[: len(key)] == key or key[: len(loc)] == loc)]
    if not hits:
        return Problem(f"{p.path} {fallback[0]}", p.expected, p.found, fallback[1], p.hint)
    key = max(hits, key=len)
    path, line = changed[key]
    return Problem(path + format_loc(("_",) + loc[len(key):])[1:], p.expected, p.found, line, p.hint)


def cross_reference_problems(s: Scenario) -> list[Problem]:
    """Problems a schema cannot see: duplicate names, unknown state codes and blocs, impossible stances."""
    problems: list[Problem] = []
    codes = [st.code for st in s.states]
    blocs = [b.name for b in s.blocs]
    listing = ", ".join(dict.fromkeys(codes)) if len(codes) <= 12 else f"{len(codes)} states"
    if not codes:  # every reference would fail too: report the cause alone
        return [Problem("states", "at least one state (or a world: key that supplies them)", "none")]
    problems += _repeats(codes, "states", "code") + _repeats(blocs, "blocs", "name")
    problems += _repeats([a.name for a in s.activists], "activists", "name")
    for i, st in enumerate(s.states):
        for j, bloc in enumerate(st.blocs):
            if bloc not in blocs:
                problems.append(Problem(f"states[{i}].blocs[{j}]", "a bloc declared under blocs: "
                                        + (", ".join(dict.fromkeys(blocs)) or "(none declared)"), repr(bloc),
                                        hint=did_you_mean(bloc, blocs)))
    refs = [(f"activists[{i}].targets[{j}]", t) for i, a in enumerate(s.activists) for j, t in enumerate(a.targets)]
    for where, code in refs + [(f"focal[{i}]", code) for i, code in enumerate(s.focal)]:
        if code not in codes:
            problems.append(Problem(where, f"a state code of this scenario ({listing})",
                                    f"unknown state code {code!r}", hint=did_you_mean(code, codes)))
    top = Stance.parse(INSTRUMENTS[s.crisis.response.instrument]["max_stance"])
    for i, st in enumerate(s.states):
        if Stance.parse(st.stance) > top:
            problems.append(Problem(f"states[{i}].stance", f"a stance the {s.crisis.response.instrument} allows "
                                    f"(at most {top.label})", repr(st.stance)))
    problems += intervention_problems(s.interventions, s)
    if not isinstance(s.crisis.severity, float):
        ticks = [p.tick for p in s.crisis.severity]
        if not ticks:
            problems.append(Problem("crisis.severity", "a number or at least one {tick, severity} point",
                                    "an empty list"))
        for k in range(1, len(ticks)):
            if ticks[k] <= ticks[k - 1]:
                problems.append(Problem(f"crisis.severity[{k}].tick", f"a tick after {ticks[k - 1]}",
                                        str(ticks[k])))
    return problems


def _repeats(names: list[str], where: str, key: str) -> list[Problem]:
    """One problem for each item of the list ``where`` whose ``key`` repeats an earlier item's."""
    first: dict[str, int] = {}
    problems = []
    for i, name in enumerate(names):
        if name in first:
            problems.append(Problem(f"{where}[{i}].{key}", f"a {key} that no other item of {where} uses",
                                    f"{name!r}, already used by {where}[{first[name]}]"))
        first.setdefault(name, i)
    return problems
