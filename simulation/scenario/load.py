"""Loading a scenario file: parse YAML safely, validate it, check its cross-references, apply a variant."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..model.stance import Stance
from .errors import InputFileError, Problem
from .paths import PathError, format_loc, set_path
from .schema import INSTRUMENTS, Scenario
from .validation import problems_from
from .yamlfile import YamlDocument, read_yaml


def load_scenario(path: str | Path, variant: str | None = None,
                  overrides: dict[str, Any] | None = None) -> Scenario:
    """Read, validate and return the scenario at ``path``, with a named variant and ``--set`` overrides applied.

    Every variant the file defines is checked too. Any problem raises :class:`InputFileError`.
    """
    doc = read_yaml(path, "scenario")
    scenario = validate_document(doc)
    for name, spec in scenario.variants.items():
        _apply(doc, scenario, spec.set, ("variants", name, "set"), f"variant {name!r}")
    if variant is not None:
        if variant not in scenario.variants:
            known = ", ".join(scenario.variants) or "none defined"
            raise InputFileError(doc.file, [Problem("variants", f"a variant named in the file ({known})",
                                                    repr(variant))])
        scenario = _apply(doc, scenario, scenario.variants[variant].set, ("variants", variant, "set"),
                          f"variant {variant!r}")
    if overrides:
        scenario = _apply(doc, scenario, overrides, (), "--set")
    return scenario


def validate_document(doc: YamlDocument, prefix: tuple = ()) -> Scenario:
    """Validate a parsed mapping as a scenario; collect every problem, located, or return the Scenario."""
    try:
        scenario = Scenario.model_validate(doc.data)
    except ValidationError as exc:
        raise InputFileError(doc.file, problems_from(exc, doc, Scenario, prefix)) from None
    problems = cross_reference_problems(scenario)
    if problems:
        raise InputFileError(doc.file, [Problem(p.path, p.expected, p.found, doc.line_of(_loc(p.path)), p.hint)
                                        for p in problems])
    return scenario


def _loc(path: str) -> tuple:
    out: list = []
    for part in path.replace("]", "").replace("[", ".").split("."):
        if part:
            out.append(int(part) if part.isdigit() else part)
    return tuple(out)


def _apply(doc: YamlDocument, base: Scenario, changes: dict[str, Any], where: tuple, label: str) -> Scenario:
    """The scenario with ``changes`` (path -> value) applied; problems are reported against ``label``."""
    data = base.model_dump(mode="json", exclude={"variants"})
    for path, value in changes.items():
        try:
            data = set_path(data, path, value)
        except PathError as exc:
            raise InputFileError(doc.file, [Problem(format_loc(where + (path,)) if where else path,
                                                    "a path to a scenario field", str(exc),
                                                    doc.line_of(where + (path,)))]) from None
    data["variants"] = {}
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        inner = problems_from(exc, YamlDocument(doc.file, data, None), Scenario)
        raise InputFileError(doc.file, [Problem(f"{p.path} (after {label})", p.expected, p.found,
                                                doc.line_of(where), p.hint) for p in inner]) from None
    problems = cross_reference_problems(scenario)
    if problems:
        raise InputFileError(doc.file, [Problem(f"{p.path} (after {label})", p.expected, p.found,
                                                doc.line_of(where), p.hint) for p in problems])
    return scenario.model_copy(update={"variants": base.variants})


def cross_reference_problems(s: Scenario) -> list[Problem]:
    """Problems a schema cannot see: duplicate names, unknown state codes and blocs, impossible stances."""
    problems: list[Problem] = []
    codes = [st.code for st in s.states]
    known = set(codes)
    listing = ", ".join(codes) if len(codes) <= 12 else f"{len(codes)} states"
    for code, n in Counter(codes).items():
        if n > 1:
            i = [j for j, c in enumerate(codes) if c == code][1]
            problems.append(Problem(f"states[{i}].code", "a code used by one state only", f"{code!r} again"))
    blocs = [b.name for b in s.blocs]
    for name, n in Counter(blocs).items():
        if n > 1:
            problems.append(Problem(f"blocs[{blocs.index(name)}].name", "a bloc name used once", f"{name!r} twice"))
    for i, st in enumerate(s.states):
        for j, bloc in enumerate(st.blocs):
            if bloc not in blocs:
                problems.append(Problem(f"states[{i}].blocs[{j}]", "a bloc declared under blocs: "
                                        + (", ".join(blocs) or "(none declared)"), repr(bloc)))
    names = [a.name for a in s.activists]
    for name, n in Counter(names).items():
        if n > 1:
            problems.append(Problem(f"activists[{names.index(name)}].name", "an activist name used once",
                                    f"{name!r} twice"))
    for i, a in enumerate(s.activists):
        for j, target in enumerate(a.targets):
            if target not in known:
                problems.append(Problem(f"activists[{i}].targets[{j}]", f"a state code of this scenario ({listing})",
                                        f"unknown state code {target!r}"))
    for i, code in enumerate(s.focal):
        if code not in known:
            problems.append(Problem(f"focal[{i}]", f"a state code of this scenario ({listing})",
                                    f"unknown state code {code!r}"))
    top = Stance.parse(INSTRUMENTS[s.crisis.response.instrument]["max_stance"])
    for i, st in enumerate(s.states):
        if Stance.parse(st.stance) > top:
            problems.append(Problem(f"states[{i}].stance", f"a stance the {s.crisis.response.instrument} allows "
                                    f"(at most {top.label})", repr(st.stance)))
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
