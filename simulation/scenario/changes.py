"""Changing a scenario by path: the one way variants, ``--set``, sweep factors, strategies and the dashboard's
controls make a new scenario from an old one.

A change is a path (``states[EMD].legislature.strength``, ``parameters.noise``, ``interventions[0].intensity``,
``world.year``) and a new value. Changes are applied to the scenario's *source* (the mapping its file
writes, a ``world:`` key not yet expanded), and the result is validated like a file: schema,
world expansion and cross-references. Every problem is reported at the change that caused it, in the
words of whoever wrote the change (a variant's line in the file, a ``--set`` option, a factor's level).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .checks import validated
from .errors import InputFileError, Problem
from .paths import PathError, _select, assign, format_loc, parse_loc, parse_path
from .schema import Scenario
from .yamlfile import YamlDocument


@dataclass(frozen=True)
class Change:
    """A path and its new value, with the name and line errors should point at (default: the path itself)."""

    path: str
    value: Any
    label: str = ""
    line: int | None = None

    @property
    def where(self) -> str:
        return self.label or self.path


def as_changes(changes: Mapping[str, Any] | Sequence[Change]) -> list[Change]:
    """Changes given as ``{path: value}`` or as :class:`Change` objects, as a list of Change objects."""
    if isinstance(changes, Mapping):
        return [Change(path, value) for path, value in changes.items()]
    return list(changes)


@dataclass(frozen=True)
class Failure:
    """One problem with changed scenario: the change to blame (None if no single one), the problem in the
    scenario's own terms, and the part of its path below the changed field."""

    change: Change | None
    problem: Problem
    below: tuple = ()

    @property
    def bad_path(self) -> bool:
        """Whether the change names no field of the scenario (rather than giving a field a wrong value)."""
        return self.problem.expected.startswith("a path to a scenario field")

    def located(self, fallback: str = "", fallback_line: int | None = None) -> Problem:
        """The problem moved onto the change that caused it: its name, the rest of the path, its line."""
        p, change = self.problem, self.change
        if change is None:
            return Problem(f"{p.path} {fallback}".strip(), p.expected, p.found, fallback_line, p.hint)
        rest = format_loc(("_",) + self.below)[1:] if self.below else ""
        return Problem(change.where + rest, p.expected, p.found, change.line, p.hint)


class ChangeError(InputFileError):
    """Changes that do not give a valid scenario; its problems are located at the changes that caused them."""

    def __init__(self, file: str, failures: list[Failure], fallback: str = "", fallback_line: int | None = None):
        self.failures = failures
        super().__init__(file, [f.located(fallback, fallback_line) for f in failures])


def path_problems(source: Any, changes: Sequence[Change]) -> list[Problem]:
    """The changes whose paths name no field of the mapping ``source`` (a file's, valid or not), each located at its
    change: what can be checked of a variant before the scenario it changes is valid."""
    data = copy.deepcopy(source) if isinstance(source, dict) else {}
    problems = []
    for change in changes:
        try:
            _override_entry(data, change.path)
            _resolve(data, change.path)
            assign(data, change.path, change.value)
        except PathError as exc:
            problems.append(Failure(change, Problem(change.path, "a path to a scenario field", str(exc))).located())
    return problems


def apply_changes(scenario: Scenario, changes: Mapping[str, Any] | Sequence[Change], file: str = "",
                  after: str = "the changes", after_line: int | None = None) -> Scenario:
    """``scenario`` with ``changes`` applied to its source, validated and cross-checked; :class:`ChangeError` if not.

    ``after`` (and ``after_line``) name the changes for problems no single change is to blame for (e.g.
    "variant 'no_x'").
    """
    items = as_changes(changes)
    if not items:
        return scenario
    data = copy.deepcopy(scenario.source)
    blame: dict[tuple, Change] = {}  # resolved location -> the change written there
    for change in items:
        try:
            added = _override_entry(data, change.path)
            if added is not None:
                blame[added] = change
            blame[_resolve(data, change.path)] = change
            assign(data, change.path, change.value)
        except PathError as exc:
            raise ChangeError(file, [Failure(change, Problem(change.path, "a path to a scenario field", str(exc)))]
                              ) from None
    try:
        return validated(YamlDocument(file, data, None))
    except InputFileError as exc:
        raise ChangeError(file, [_blamed(p, blame) for p in exc.problems], f"(after {after})", after_line) from None


def _override_entry(data: dict, path: str) -> tuple | None:
    """In a world scenario, a path into ``states[CODE]`` with no entry for CODE first adds ``{code: CODE}`` (in place)."""
    tokens = parse_path(path)
    if data.get("world") is None or len(tokens) < 2 or tokens[0] != "states" or not isinstance(tokens[1], str):
        return None
    code = tokens[1][1:-1]
    entries = data.setdefault("states", [])
    if not isinstance(entries, list) or any(isinstance(e, dict) and e.get("code") == code for e in entries):
        return None
    entries.append({"code": code})
    return ("states", len(entries) - 1)


def _resolve(data: dict, path: str) -> tuple:
    """The location ``path`` names in ``data``, with item selectors like ``[EMD]`` turned into list indices."""
    loc: list = []
    node: Any = data
    for token in parse_path(path):
        if isinstance(token, str) and not token.startswith("["):
            node = node.get(token) if isinstance(node, dict) else None
            loc.append(token)
        else:
            if not isinstance(node, list):
                raise PathError(f"{format_loc(tuple(loc)) or 'the scenario'} is not a list, so it cannot be "
                                f"indexed with {token}")
            loc.append(_select(node, token, format_loc(tuple(loc))))
            node = node[loc[-1]]
    return tuple(loc)


def _blamed(p: Problem, blame: dict[tuple, Change]) -> Failure:
    """The problem with the change whose location covers or contains its own (the most specific one), if any."""
    loc = parse_loc(p.path)
    hits = [key for key in blame if loc and (loc[: len(key)] == key or key[: len(loc)] == loc)]
    if not hits:
        return Failure(None, p)
    key = max(hits, key=len)
    return Failure(blame[key], p, loc[len(key):])


def variant_of(scenario: Scenario, doc: YamlDocument, name: str) -> Scenario:
    """The scenario with the changes of its variant ``name`` applied; problems point at the variant's lines."""
    where = ("variants", name, "set")
    changes = [Change(path, value, format_loc(where + (path,)), doc.line_of(where + (path,)))
               for path, value in scenario.variants[name].set.items()]
    return apply_changes(scenario, changes, doc.file, f"variant {name!r}", doc.line_of(where))
