"""Checking a scenario document: the schema, the world expanded, and the cross-references a schema cannot see.

``validated(doc)`` is the one way a scenario mapping becomes a :class:`Scenario`: the file's own mapping, a
variant's or a ``--set``'s changed copy, a sweep point's or a strategy's. The scenario keeps the mapping it
was validated from (its *source*), so later changes are applied to what the file says, not to the expanded
world (``simulation.scenario.changes``).
"""

from __future__ import annotations

from pydantic import ValidationError

from ..model.stance import Stance
from .errors import InputFileError, Problem, did_you_mean
from .from_world import Expanded, expand_world
from .interventions import intervention_problems
from .paths import format_loc, parse_loc
from .schema import INSTRUMENTS, Scenario
from .validation import problems_from
from .yamlfile import YamlDocument


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
    return scenario.with_source(doc.data)


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
