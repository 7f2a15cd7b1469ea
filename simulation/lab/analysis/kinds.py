"""The registry of analysis kinds: each kind's settings in an experiment file, what it needs, and where it runs.

``ANALYSES`` is the one list of analyses: the experiment schema (``analyses:``), the experiment checks,
``trifecta analyze`` and the report read it. Adding a kind is one ``AnalysisKind`` here, its module in this
package, its report template (``simulation/faces/templates/``) and docs.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .results import OUTCOMES, UNIT_OUTCOMES

BOOL_OUTCOMES = ("tipped", "acting_final")  # yes/no outcomes


class AnalysisSpec(BaseModel):
    """Base of an analysis's settings: immutable, strict about unknown keys."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    outcome: str = "tipped"


Anchors = tuple[float, float, float]


class QcaSpec(AnalysisSpec):
    """Qualitative comparative analysis: which combinations of conditions lead to the outcome, and the solutions."""

    conditions: tuple[str, ...] | None = Field(None, description="Factor names (default: every factor).")
    calibration: dict[str, Anchors] | None = Field(
        None, description="Condition -> [full non-membership, crossover, full membership] anchors of Ragin's direct "
                          "method for a continuous condition (default: its range scaled to [0, 1]).")
    cut: Annotated[float, Field(gt=0.5, le=1.0)] = Field(
        0.8, description="Sufficiency consistency a truth-table row needs to count as leading to the outcome.")
    min_cases: Annotated[int, Field(ge=1)] = Field(1, description="Cases a truth-table row needs to be used.")

    @model_validator(mode="after")
    def _ordered_anchors(self) -> QcaSpec:
        for name, (low, mid, high) in (self.calibration or {}).items():
            if not (low < mid < high or low > mid > high):
                raise ValueError(f"calibration of {name}: anchors [exclusion, crossover, inclusion] in increasing "
                                 f"(or decreasing) order (found {[low, mid, high]})")
        return self


class TippingSpec(AnalysisSpec):
    """Share of runs reaching the outcome, by factor levels."""

    by: tuple[str, ...] | None = Field(None, description="Factor names (default: every factor).")


class IndexSpec(AnalysisSpec):
    """Sensitivity indices of one outcome (needs the matching design)."""


class TrajectorySpec(AnalysisSpec):
    """A time-series reading over the run (the experiment's ``series``), by factor levels, and the time to tip."""

    outcome: str = "acting"
    by: tuple[str, ...] | None = Field(None, description="Factor names (default: every factor).")


class PrimSpec(AnalysisSpec):
    """PRIM scenario discovery: boxes of factor space where the outcome's mean exceeds ``threshold``."""

    threshold: float = 0.5
    inputs: tuple[str, ...] | None = Field(None, description="Factor names (default: every factor).")
    boxes: Annotated[int, Field(ge=1, le=10)] = Field(
        1, description="Boxes found by covering: each next box is peeled from the cases the earlier ones left out.")


class CartSpec(AnalysisSpec):
    """CART (scikit-learn's decision tree): the outcome's regions as a tree of splits on the inputs."""

    threshold: float = 0.5
    inputs: tuple[str, ...] | None = Field(None, description="Factor names (default: every factor).")
    max_depth: Annotated[int, Field(ge=1, le=10)] = Field(3, description="Depth of the tree.")
    min_leaf: Annotated[float, Field(gt=0.0, lt=0.5)] = Field(0.05, description="Smallest leaf, as a share of the cases.")


@dataclass(frozen=True)
class AnalysisKind:
    """A kind of analysis: its name and report title, its settings, the outcomes it accepts, its function
    (``module:function`` in this package, imported when it runs so that reading specs stays light), the spec
    field naming the variables it uses and the outcome columns allowed among them besides factors, and the
    design kind it needs."""

    name: str
    title: str
    spec: type[AnalysisSpec]
    outcomes: tuple[str, ...]
    run: str
    names: str | None = None
    variables: tuple[str, ...] = OUTCOMES
    design: str | None = None
    series: bool = False  # it reads a series reading (``outcome``) rather than an outcome

    def function(self) -> Callable:
        module, name = self.run.split(":")
        return getattr(importlib.import_module(f"{__package__}.{module}"), name)


ANALYSES: dict[str, AnalysisKind] = {k.name: k for k in (
    AnalysisKind("qca", "Necessary and sufficient conditions (QCA)", QcaSpec, (*BOOL_OUTCOMES, *UNIT_OUTCOMES),
                 "qca:qca_analysis", names="conditions", variables=(*BOOL_OUTCOMES, *UNIT_OUTCOMES)),
    AnalysisKind("tipping", "Tipping curves", TippingSpec, BOOL_OUTCOMES, "tipping:tipping_analysis", names="by"),
    AnalysisKind("sobol", "Global sensitivity (Sobol)", IndexSpec, OUTCOMES, "sensitivity:sobol_analysis",
                 design="sobol"),
    AnalysisKind("morris", "Screening (Morris)", IndexSpec, OUTCOMES, "sensitivity:morris_analysis", design="morris"),
    AnalysisKind("prim", "Scenario discovery (PRIM)", PrimSpec, OUTCOMES, "discovery:prim_analysis", names="inputs"),
    AnalysisKind("cart", "Scenario discovery (CART)", CartSpec, OUTCOMES, "cart:cart_analysis", names="inputs"),
    AnalysisKind("trajectories", "Trajectories over time", TrajectorySpec, (), "trajectories:trajectories_analysis",
                 names="by", series=True),
)}
