"""Loading a scenario file: parse YAML safely, validate it, check every variant, apply a variant and ``--set``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .changes import Change, apply_changes, variant_of
from .checks import cross_reference_problems, validated
from .errors import InputFileError, Problem, describe, did_you_mean
from .one_pass import checked
from .paths import format_loc
from .profile import read_parameter_profile
from .schema import Scenario
from .yamlfile import YamlDocument, read_yaml

__all__ = ["checked", "cross_reference_problems", "load_scenario", "referenced_scenario", "validated"]

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
    doc = with_profile(read_yaml(path, "scenario"))
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


def with_profile(doc: YamlDocument) -> YamlDocument:
    """The document with the parameter profile its ``profile:`` key names laid under its own ``parameters`` (and,
    on a world scenario, under ``world.mapping``); the document itself when it names none."""
    name = doc.data.get("profile")
    if not isinstance(name, str) or not name:
        return doc  # no profile, or a malformed key the schema reports
    path = Path(name) if Path(name).is_absolute() else Path(doc.file).parent / name
    if not path.is_file():
        raise InputFileError(doc.file, [Problem("profile", "a parameter profile file (relative to this file)",
                                                f"no file {path}", doc.line_of(("profile",)))])
    profile = read_parameter_profile(path)
    data = dict(doc.data)
    own = data.get("parameters")
    data["parameters"] = {**profile.settings, **own} if isinstance(own, dict) else own if own is not None \
        else dict(profile.settings)
    world = data.get("world")
    if isinstance(world, dict) and profile.mapping:
        mapping = world.get("mapping")
        data["world"] = {**world, "mapping": {**profile.mapping, **mapping} if isinstance(mapping, dict)
                         else mapping if mapping is not None else dict(profile.mapping)}
    return YamlDocument(doc.file, data, doc._root)
