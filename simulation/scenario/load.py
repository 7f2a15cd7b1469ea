"""Loading a scenario file: parse YAML safely, validate it, check every variant, apply a variant and ``--set``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .changes import Change, apply_changes
from .checks import cross_reference_problems, validated
from .errors import InputFileError, Problem, describe, did_you_mean
from .paths import format_loc
from .schema import Scenario
from .yamlfile import YamlDocument, read_yaml

__all__ = ["cross_reference_problems", "load_scenario", "referenced_scenario", "validated"]

SCENARIO_SUFFIXES = (".yaml", ".yml")


def referenced_scenario(doc: YamlDocument, loc: tuple, name: str, relative_to: str) -> Path:
    """The scenario file another file names at ``loc`` (relative to that file): a ``.yaml`` or ``.yml`` file that
    exists, else a located problem. Only scenario files are opened, so an error never shows another file's text."""
    where, line = format_loc(loc), doc.line_of(loc)
    file = Path(doc.file).parent / name
    if file.suffix not in SCENARIO_SUFFIXES:
        raise InputFileError(doc.file, [Problem(where, f"a scenario file ending in .yaml or .yml ({relative_to})",
                                                describe(name), line)])
    try:
        found = file.is_file()
    except (OSError, ValueError) as exc:  # a name too long for the system, a NUL byte
        raise InputFileError(doc.file, [Problem(where, f"a scenario file ({relative_to})", describe(name) + ": "
                                                + (getattr(exc, "strerror", None) or str(exc)), line)]) from None
    if not found:
        raise InputFileError(doc.file, [Problem(where, f"a scenario file ({relative_to})",
                                                f"{describe(name)}: no such file ({describe(str(file))})", line)])
    return file


def load_scenario(path: str | Path, variant: str | None = None,
                  overrides: dict[str, Any] | None = None) -> Scenario:
    """Read, validate and return the scenario at ``path``, with a named variant and ``--set`` overrides applied.

    Every variant the file defines is checked too. Any problem raises :class:`InputFileError`.
    """
    doc = read_yaml(path, "scenario")
    scenario = validated(doc)
    for name in scenario.variants:
        variant_of(scenario, doc, name)
    result = scenario
    if variant is not None:
        if variant not in scenario.variants:
            known = list(scenario.variants)
            raise InputFileError(doc.file, [Problem("--variant", "a variant defined under variants: "
                                                    + (", ".join(known) or "(none defined)"), repr(variant),
                                                    hint=did_you_mean(variant, known))])
        result = variant_of(scenario, doc, variant)
    if overrides:
        result = apply_changes(result, [Change(path, value, f"--set {path}".rstrip()) for path, value in overrides.items()],
                               doc.file, "--set")
    return result


def variant_of(scenario: Scenario, doc: YamlDocument, name: str) -> Scenario:
    """The scenario with the changes of its variant ``name`` applied; problems point at the variant's lines."""
    where = ("variants", name, "set")
    changes = [Change(path, value, format_loc(where + (path,)), doc.line_of(where + (path,)))
               for path, value in scenario.variants[name].set.items()]
    return apply_changes(scenario, changes, doc.file, f"variant {name!r}", doc.line_of(where))
