"""Every independent problem of a scenario file in one report, so that a file is fixed in one round, not three.

The schema's problems hide the cross-references' (an invalid file is never built), and those hide the
variants'. ``checked`` reports the schema's problems, then sets aside what they point at (a key removed so its
default stands in, a misspelt key renamed to the key its hint names, a bad list item dropped) and checks what
remains, up to ``SALVAGE_ROUNDS`` times; the variants' paths are checked on the file as it would be with its
misspellings fixed. A problem that lies inside, or around, something set aside is a consequence, not an
independent problem, and is left out.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from .changes import Change, path_problems, variant_of
from .checks import validated
from .errors import InputFileError, Problem
from .paths import format_loc, parse_loc
from .schema import Scenario
from .yamlfile import YamlDocument

#: How many times a file's faulty parts are set aside to look for the problems behind them.
SALVAGE_ROUNDS = 3
_HINTED_KEY = re.compile(r"did you mean '([^']+)'\?")
_MISSING = object()


def checked(doc: YamlDocument) -> Scenario:
    """The document validated with every variant applied, or an :class:`InputFileError` with every independent
    problem: the schema's, the cross-references' and the variants' of what remains once the faults are set aside."""
    try:
        scenario = validated(doc)
    except InputFileError as exc:
        problems, fixed = _salvaged_problems(doc, list(exc.problems), SALVAGE_ROUNDS)
        around = [parse_loc(p.path) for p in problems]
        for target, problem in _variant_path_problems(fixed):
            if not any(_overlap(target, q) or _overlap(parse_loc(problem.path), q) for q in around):
                problems.append(problem)
        raise InputFileError(doc.file, problems) from None
    problems = []
    for name in scenario.variants:
        try:
            variant_of(scenario, doc, name)
        except InputFileError as exc:
            problems += exc.problems
    if problems:
        raise InputFileError(doc.file, problems)
    return scenario


def _salvaged_problems(doc: YamlDocument, problems: list[Problem], rounds: int) -> tuple[list[Problem], YamlDocument]:
    """``problems`` and the independent ones behind them, and the document with its misspelt keys renamed."""
    rest, renamed = _without_faults(doc, problems)
    fixed = _renamed_only(doc, problems)
    if rest is None or rounds <= 0:
        return problems, fixed
    try:
        validated(rest)
        return problems, fixed
    except InputFileError as behind:
        around = [parse_loc(p.path) for p in problems] + renamed
        new = [p for p in behind.problems if not any(_overlap(parse_loc(p.path), q) for q in around)]
        more, _ = _salvaged_problems(rest, new, rounds - 1) if new else (new, rest)
        return problems + more, fixed


def _variant_path_problems(doc: YamlDocument) -> list[tuple[tuple, Problem]]:
    """The variants' paths that name no field of the file (valid or not), each with the location it targets."""
    variants = doc.data.get("variants")
    out: list[tuple[tuple, Problem]] = []
    for name, variant in (variants.items() if isinstance(variants, dict) else ()):
        changes = variant.get("set") if isinstance(variant, dict) else None
        if not isinstance(changes, dict):
            continue
        where = ("variants", name, "set")
        for path, value in changes.items():
            change = Change(str(path), value, format_loc(where + (str(path),)), doc.line_of(where + (path,)))
            out += [(parse_loc(str(path)), p) for p in path_problems(doc.data, [change])]
    return out


def _without_faults(doc: YamlDocument, problems: list[Problem]) -> tuple[YamlDocument | None, list[tuple]]:
    """A copy of ``doc`` with what its problems point at set aside (misspelt keys renamed to their hint, other keys
    and list items removed), keeping its lines, and the locations renamed into; None if nothing could be set aside
    (a value from the world table, an option)."""
    data = copy.deepcopy(doc.data)
    faults: dict[int, tuple[Any, set]] = {}
    renamed: list[tuple] = []
    for p in problems:
        parent, key = _parent_of(data, p)
        if parent is None:
            continue
        guess = _HINTED_KEY.search(p.hint or "")
        if isinstance(parent, dict) and guess and p.expected.startswith("one of the known keys") \
                and guess.group(1) not in parent:
            parent[guess.group(1)] = parent.pop(key)
            renamed.append(parse_loc(p.path)[:-1] + (guess.group(1),))
        else:
            faults.setdefault(id(parent), (parent, set()))[1].add(key)
    for parent, keys in faults.values():
        for key in sorted(keys, reverse=True):  # list items from the last, so the others keep their places
            del parent[key]
    return (YamlDocument(doc.file, data, doc._root) if faults or renamed else None), renamed


def _renamed_only(doc: YamlDocument, problems: list[Problem]) -> YamlDocument:
    """A copy of ``doc`` with only its misspelt keys renamed to the keys their hints name."""
    hinted = [p for p in problems if _HINTED_KEY.search(p.hint or "") and p.expected.startswith("one of the known")]
    if not hinted:
        return doc
    fixed, _ = _without_faults(doc, hinted)
    return fixed or doc


def _parent_of(data: Any, p: Problem) -> tuple[Any, Any]:
    """The container of the item a problem's path names, and its key; (None, None) if it cannot be set aside."""
    if p.path.endswith("(from world)") or p.path.startswith("--"):
        return None, None
    loc = parse_loc(p.path)
    if loc == ("world",):  # it supplies the states: without it, every reference would fail
        return None, None
    parent = data
    for part in loc[:-1]:
        parent = _child(parent, part)
    if not loc or parent is _MISSING or _child(parent, loc[-1]) is _MISSING:
        return None, None
    return parent, loc[-1]


def _child(node: Any, part: Any) -> Any:
    if isinstance(node, dict) and part in node:
        return node[part]
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return _MISSING


def _overlap(a: tuple, b: tuple) -> bool:
    """Whether one location lies inside the other (or they are the same)."""
    n = min(len(a), len(b))
    return a[:n] == b[:n]
