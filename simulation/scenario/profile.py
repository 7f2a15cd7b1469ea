"""A parameter profile: mechanism parameters with their provenance, as ``trifecta calibrate`` writes them, which a
scenario names with its ``profile:`` key, ``trifecta hindcast`` with ``--parameters`` (and ``run`` and ``explain``).

The file is YAML ``{parameters: {<Parameters field>: value, ...}, mapping: {...}, provenance: {...}}``:
``parameters`` names only the fields it sets (the others keep their defaults), each checked as in a
scenario's ``parameters`` (known name, number in range, ordered thresholds); ``mapping`` (optional) sets
the covariate-to-trait mapping's free coefficients, as a world scenario's ``world.mapping``;
``provenance`` is free (data hash, years, optimiser, seed, likelihood, validation scores).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model.params import Parameters
from .schema import Spec, TraitMapping
from .validation import validated_spec
from .yamlfile import read_yaml


class ProfileSpec(Spec):
    """The parameter profile file."""

    parameters: Parameters
    mapping: TraitMapping | None = None
    provenance: dict[str, Any] = {}


@dataclass(frozen=True)
class ParameterProfile:
    """A validated profile: the parameters it sets (by name), the full parameters, its provenance and text."""

    file: str
    settings: dict[str, float]
    parameters: Parameters
    mapping: dict[str, float]
    provenance: dict[str, Any]
    text: str


def read_parameter_profile(path: str | Path) -> ParameterProfile:
    """The profile at ``path``; a wrong name, a value out of range or a missing key is an :class:`InputFileError`."""
    doc = read_yaml(path, "parameter profile")
    spec = validated_spec(doc, ProfileSpec)
    settings = dict(doc.data["parameters"])
    mapping = dict(doc.data.get("mapping") or {})
    return ParameterProfile(doc.file, settings, spec.parameters, mapping, dict(spec.provenance),
                            Path(path).read_text(encoding="utf-8"))


def profile_changes(profile: ParameterProfile, world: bool) -> dict[str, float]:
    """The profile as changes of a scenario: its parameters, and its mapping's coefficients where the scenario takes
    its states from the world table (``world``)."""
    changes = {f"parameters.{name}": value for name, value in profile.settings.items()}
    if world:
        changes |= {f"world.mapping.{name}": value for name, value in profile.mapping.items()}
    return changes
