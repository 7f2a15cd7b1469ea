"""Loading a scenario file: parse YAML safely, validate it, check every variant, apply a variant and ``--set``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .changes import Change, apply_changes, variant_of
from .checks import cross_reference_problems, validated
from .errors import InputFileError, Problem, did_you_mean
from .one_pass import checked
from .schema import Scenario
from .yamlfile import read_yaml

__all__ = ["checked", "cross_reference_problems", "load_scenario", "validated"]


def load_scenario(path: str | Path, variant: str | None = None,
                  overrides: dict[str, Any] | None = None) -> Scenario:
    """Read, validate and return the scenario at ``path``, with a named variant and ``--set`` overrides applied.

    Every variant the file defines is checked too. Any problem raises :class:`InputFileError`.
    """
    doc = read_yaml(path, "scenario")
    scenario = checked(doc)
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
