"""The kinds of input file a person writes: scenarios, experiments and strategy specs, each with its schema, its
loader (which reports every problem located), a one-line account of a valid file, and how to recognise it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..scenario.errors import InputFileError
from ..scenario.yamlfile import read_yaml


def _scenario_schema():
    from ..scenario.schema import Scenario

    return Scenario


def _experiment_schema():
    from ..lab.experiment_spec import ExperimentSpec

    return ExperimentSpec


def _strategy_schema():
    from ..lab.strategy_spec import StrategiesFile

    return StrategiesFile


def _scenario_check(path: Path) -> str:
    from ..scenario.load import load_scenario

    s = load_scenario(path)
    return f"{s.name}: {len(s.states)} states, {len(s.activists)} activists, {len(s.variants)} variants"


def _experiment_check(path: Path) -> str:
    from ..lab.designs import design_size
    from ..lab.experiment import load_experiment

    exp = load_experiment(path)
    n = design_size(exp.spec.design, exp.factors)
    return (f"experiment {exp.spec.name}: {len(exp.factors)} factors, {exp.spec.design.kind} design of {n} points × "
            f"{exp.spec.replications} replication{'s' if exp.spec.replications != 1 else ''}, analyses: "
            f"{', '.join(exp.analyses) or 'none'}")


def _strategy_check(path: Path) -> str:
    from ..lab.strategy_spec import load_strategy_spec

    loaded = load_strategy_spec(path)
    spec = loaded.spec
    levers = f", {len(spec.optimize.levers)} levers for --optimize" if spec.optimize else ""
    return (f"strategy spec {spec.name}: targets {', '.join(spec.targets)}, {len(spec.strategies)} strategies{levers}, "
            f"horizon {spec.horizon}, budget {spec.budget:g}")


@dataclass(frozen=True)
class FileKind:
    """A kind of input file: its name, the keys only it has at the top, its schema model and its check."""

    name: str
    title: str
    marks: tuple[str, ...]
    schema: Callable[[], type]
    check: Callable[[Path], str]


FILE_KINDS: dict[str, FileKind] = {k.name: k for k in (
    FileKind("scenario", "trifecta scenario", (), _scenario_schema, _scenario_check),
    FileKind("experiment", "trifecta experiment", ("factors", "design"), _experiment_schema, _experiment_check),
    FileKind("strategy", "trifecta strategy spec", ("strategies", "targets", "optimize"), _strategy_schema,
             _strategy_check),
)}


def recognise(path: Path) -> FileKind:
    """The kind of the file at ``path``, by its top-level keys (a scenario when it has no other kind's keys)."""
    data = read_yaml(path, "input").data
    for kind in FILE_KINDS.values():
        if any(key in data for key in kind.marks):
            return kind
    return FILE_KINDS["scenario"]


def check(path: Path, kind: str | None = None) -> str:
    """Validate the file at ``path`` (as ``kind``, or as the kind it is recognised as); the line saying what it
    holds, or :class:`InputFileError` with every problem found."""
    found = FILE_KINDS[kind] if kind else recognise(path)
    return found.check(path)


def json_schema(kind: str) -> dict:
    """The JSON Schema of a kind of input file, for editors' validation and autocompletion."""
    doc = FILE_KINDS[kind].schema().model_json_schema()
    doc["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    doc["title"] = FILE_KINDS[kind].title
    return doc


__all__ = ["FILE_KINDS", "InputFileError", "check", "json_schema", "recognise"]
