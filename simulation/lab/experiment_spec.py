"""The experiment file's schema: typed, frozen definitions of factors and the experiment; designs and analyses
come from their registries (:mod:`simulation.lab.designs`, :mod:`simulation.lab.analysis.kinds`).

Unknown keys are errors; each field documents its default. Loading and the checks that need the base
scenario live in :mod:`simulation.lab.experiment`.
"""

from __future__ import annotations

from typing import Annotated, Any, Union

from pydantic import BaseModel, ConfigDict, Field, create_model, model_validator

from ..scenario.bounds import MAX_REPLICATIONS, MAX_TICKS
from ..scenario.schema import Seed
from .analysis.kinds import ANALYSES
from .designs import DESIGNS

Name = Annotated[str, Field(min_length=1, pattern=r"^[A-Za-z0-9_.\-]+$")]
MAX_LEVELS = 10_000  # levels of one factor
MAX_FACTORS = 1000  # factors of one experiment; a design over more could not be run or read
FactorName = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")]


class Spec(BaseModel):
    """Base of every experiment object: immutable, and strict about unknown keys."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class FactorSpec(Spec):
    """A factor: a scenario field (``path``) with ``levels`` or a ``range``, or named bundles of field changes."""

    name: FactorName = Field(description="Column name of the factor in the results (letters, digits, '_').")
    path: str | None = Field(None, description="Scenario field it sets, e.g. states[EMD].economic_stake.")
    levels: Annotated[tuple[Any, ...], Field(max_length=MAX_LEVELS)] | dict[str, dict[str, Any] | None] | None = Field(
        None, description="Values of the field, or (without path) level name -> {path: value}, absent first.")
    range: tuple[float, float] | None = Field(None, description="[low, high] of a continuous factor.")

    @model_validator(mode="after")
    def _one_form(self) -> FactorSpec:
        if self.path is None:
            if not isinstance(self.levels, dict) or self.range is not None:
                raise ValueError("either path with levels or range, or (without path) levels as a mapping of "
                                 "level name -> {path: value} (found " + _form(self) + ")")
            if not self.levels:
                raise ValueError("at least one named level (found an empty mapping)")
        else:
            if (self.levels is None) == (self.range is None) or isinstance(self.levels, dict):
                raise ValueError("with path, exactly one of levels (a list) or range (found " + _form(self) + ")")
            if self.levels is not None and not self.levels:
                raise ValueError("at least one level (found an empty list)")
            if self.range is not None and not self.range[0] < self.range[1]:
                raise ValueError(f"range [low, high] with low < high (found {list(self.range)})")
        return self

    @property
    def kind(self) -> str:
        return "bundle" if self.path is None else "continuous" if self.range is not None else "levels"


def _form(f: FactorSpec) -> str:
    keys = [k for k in ("path", "levels", "range") if getattr(f, k) is not None]
    kind = "a mapping" if isinstance(f.levels, dict) else "a list"
    return " and ".join(k + (f" as {kind}" if k == "levels" else "") for k in keys) or "none of them"


Design = Annotated[Union[tuple(k.spec for k in DESIGNS.values())], Field(discriminator="kind")]  # noqa: UP007

AnalysesSpec = create_model("AnalysesSpec", __base__=Spec, __doc__="The analyses ``trifecta analyze`` runs on the sweep.",
                            **{k.name: (k.spec | None, None) for k in ANALYSES.values()})


class SeriesSpec(Spec):
    """Readings recorded at a period (``simulation.lab.series``): a sweep's time series."""

    outcomes: tuple[str, ...] = Field(min_length=1, description="Readings to record at each period: acting, stance, "
                                                                "net, activism, legislature, officials, share_acting.")
    every: Annotated[int, Field(ge=1, le=100_000, strict=True)] = Field(
        1, description="Period in ticks: readings at ticks 0, every, 2 * every, ... and the last tick.")


#: Most series columns a sweep may record per run (readings × ticks): the results stay a lean table.
MAX_SERIES_COLUMNS = 2000


class ExperimentSpec(Spec):
    """A whole experiment file."""

    name: Name
    title: str = ""
    description: str = ""
    scenario: str = Field(min_length=1, description="Base scenario file, relative to the experiment file.")
    variant: str | None = Field(None, description="A variant of the base scenario to start from.")
    focal: str | None = Field(None, description="State whose outcomes are measured (default: the scenario's first focal).")
    factors: tuple[FactorSpec, ...] = Field(min_length=1, max_length=MAX_FACTORS)
    design: Design
    replications: Annotated[int, Field(ge=1, le=MAX_REPLICATIONS, strict=True)] = 10
    seed: Seed = 0
    crn: bool = Field(True, strict=True,
                      description="Common random numbers: replication r of every point shares its seed.")
    steps: Annotated[int, Field(ge=1, le=MAX_TICKS, strict=True)] | None = None
    outcomes: tuple[str, ...] | None = Field(None, description="Outcomes to record (default: all).")
    series: SeriesSpec | None = Field(None, description="Readings to record every few ticks (a time series).")
    analyses: AnalysesSpec = AnalysesSpec()
