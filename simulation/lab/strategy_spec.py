"""Strategy specs (``experiments/strategies_*.yaml``): a base scenario, target states, a horizon, a budget,
what counts as success, named strategies of timed interventions, the uncertain parameters to average over,
and an optional search.

Read with :func:`load_strategy_spec`; any mistake is an :class:`InputFileError` located in the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..scenario.changes import ChangeError
from ..scenario.errors import InputFileError, Problem, did_you_mean
from ..scenario.interventions import UNIT_COSTS, intervention_cost, intervention_problems
from ..scenario.load import load_scenario, referenced_scenario
from ..scenario.paths import parse_loc
from ..scenario.prepare import Preparation
from ..scenario.schema import Code, InterventionKindName, InterventionSpec, Scenario, Seed
from ..scenario.validation import validated_spec
from ..scenario.yamlfile import read_yaml

DO_NOTHING = "do nothing"
Kind = InterventionKindName
Count = Annotated[int, Field(ge=1, le=100_000, strict=True)]


class _Spec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class UncertainSpec(_Spec):
    """Parameters nobody knows well: each path gets a range, sampled by Latin hypercube, the same samples for every strategy."""

    samples: Count = Field(8, description="Points sampled from the ranges (Latin hypercube).")
    parameters: dict[str, tuple[float, float]] = Field(
        min_length=1, description="Scenario path -> [low, high], e.g. 'states[BRA].official.influence': [0.3, 0.7].")


Rule = Literal["first_act", "at_horizon", "sustained"]


class SuccessSpec(_Spec):
    """What counts as moving the target: acting (support or more) at some tick by the horizon (``first_act``),
    at the horizon itself (``at_horizon``), or at every one of the last ``ticks`` ticks up to the horizon
    (``sustained``). The time of success is the first tick of the acting that counts (docs/strategies.md)."""

    rule: Rule = Field("first_act", description="first_act, at_horizon or sustained.")
    ticks: Count | None = Field(None, description="For sustained: the last ticks (up to the horizon) the target "
                                                  "must act in every one of.")

    @property
    def window(self) -> int:
        """How many final ticks the target must act in: 0 (any tick counts), 1 (the horizon) or ``ticks``."""
        return {"first_act": 0, "at_horizon": 1}.get(self.rule, self.ticks or 1)

    @property
    def label(self) -> str:
        """The probability's name in reports: P(tip), P(acts at the horizon), P(acts in the last K ticks)."""
        if self.rule == "first_act":
            return "P(tip)"
        return "P(acts at the horizon)" if self.window == 1 else f"P(acts in the last {self.window} ticks)"

    @property
    def meaning(self) -> str:
        """When a run counts, in words."""
        if self.rule == "first_act":
            return "the target acts (support or more) at some tick by the horizon, even if it steps back afterwards"
        if self.window == 1:
            return "the target acts (support or more) at the horizon"
        return f"the target acts (support or more) at every one of the last {self.window} ticks up to the horizon"


class StrategySpec(_Spec):
    """A named strategy: a set of timed interventions."""

    name: str = Field(min_length=1)
    description: str = ""
    interventions: tuple[InterventionSpec, ...] = Field(min_length=1)


class LeverSpec(_Spec):
    """One thing the search may spend on: a kind of intervention and whom it acts on (its timing and intensity are searched)."""

    kind: Kind
    targets: tuple[Code, ...] = ()
    partners: tuple[Code, ...] = ()
    blocs: tuple[str, ...] = ()


class OptimizeSpec(_Spec):
    """The search (``--optimize``): levers, and the size of the differential-evolution run."""

    levers: tuple[LeverSpec, ...] = Field(min_length=1, description="What the budget may be spent on.")
    generations: Count = Field(12, description="Generations of differential evolution.")
    population: Count = Field(5, description="Population size per searched dimension (scipy's popsize).")
    replications: Count = Field(40, description="Fixed seeds every candidate is scored on (common random numbers).")
    seed: Seed = Field(0, description="Seed of the search itself.")


class StrategiesFile(_Spec):
    """A whole strategy spec."""

    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.\-]+$")
    title: str = ""
    description: str = ""
    scenario: str = Field(min_length=1, description="The base scenario file, relative to this spec.")
    variant: str | None = Field(None, description="A named variant of the base scenario.")
    targets: tuple[Code, ...] = Field(min_length=1, description="The states to move.")
    tip: Literal["all", "any"] = Field("all", description="Tipping means every target acts (all) or one does (any).")
    horizon: Count = Field(description="Ticks within which the target must tip.")
    success: SuccessSpec = Field(default_factory=SuccessSpec,
                                 description="What counts as success: {rule: first_act | at_horizon | sustained, "
                                             "ticks: K}.")
    budget: Annotated[float, Field(ge=0.0, allow_inf_nan=False)] = Field(description="Most a strategy may cost.")
    replications: Count = Field(100, description="Runs per strategy and uncertain sample, the same seeds for all.")
    seed: Seed = 0
    unit_costs: dict[Kind, Annotated[float, Field(ge=0.0, allow_inf_nan=False)]] = Field(
        {}, description="Replacements of the default unit costs (docs/ODD.md 7.16).")
    uncertain: UncertainSpec | None = None
    strategies: tuple[StrategySpec, ...] = ()
    optimize: OptimizeSpec | None = None


@dataclass(frozen=True)
class LoadedStrategies:
    """A validated spec with its base scenario, costs per strategy, and the file's text (for provenance)."""

    spec: StrategiesFile
    scenario: Scenario
    file: str
    text: str
    scenario_file: str
    scenario_text: str

    @property
    def unit_costs(self) -> dict[str, float]:
        return {**UNIT_COSTS, **self.spec.unit_costs}

    def cost(self, interventions) -> float:
        """What a set of interventions costs under this spec's unit costs."""
        return sum(intervention_cost(iv, self.scenario, self.unit_costs) for iv in interventions)

    def strategies(self) -> list[StrategySpec]:
        """'do nothing' first, then the file's strategies in order."""
        nothing = StrategySpec.model_construct(name=DO_NOTHING, description="", interventions=())
        return [nothing, *self.spec.strategies]


def load_strategy_spec(path: str | Path) -> LoadedStrategies:
    """Read and check a strategy spec and its base scenario; every problem is located in the file."""
    doc = read_yaml(path, "strategy spec")
    spec = validated_spec(doc, StrategiesFile)
    scenario_file = referenced_scenario(doc, ("scenario",), spec.scenario, "path relative to this spec")
    base = load_scenario(scenario_file)
    if spec.variant is not None and spec.variant not in base.variants:
        known = list(base.variants)
        raise InputFileError(doc.file, [Problem("variant", "a variant of the scenario: " + (", ".join(known) or "none"),
                                                repr(spec.variant), doc.line_of(("variant",)),
                                                did_you_mean(spec.variant, known))])
    scenario = load_scenario(scenario_file, variant=spec.variant) if spec.variant else base
    loaded = LoadedStrategies(spec, scenario, doc.file, Path(path).read_text(encoding="utf-8"), str(scenario_file),
                              scenario_file.read_text(encoding="utf-8"))
    problems = _problems(loaded)
    if problems:
        raise InputFileError(doc.file, [Problem(p.path, p.expected, p.found, p.line or doc.line_of(parse_loc(p.path)),
                                                p.hint) for p in problems])
    return loaded


def _problems(loaded: LoadedStrategies) -> list[Problem]:
    """What the schema cannot see: unknown states, strategies over budget or past the horizon, bad uncertain paths."""
    spec, scenario = loaded.spec, loaded.scenario
    codes = [s.code for s in scenario.states]
    problems = [Problem(f"targets[{i}]", "a state code of the scenario", repr(c), hint=did_you_mean(c, codes))
                for i, c in enumerate(spec.targets) if c not in codes]
    problems += _success_problems(spec)
    names = [DO_NOTHING]
    for i, strategy in enumerate(spec.strategies):
        at = f"strategies[{i}]"
        if strategy.name in names:
            problems.append(Problem(f"{at}.name", f"a name other than {', '.join(map(repr, names))}",
                                    repr(strategy.name)))
        names.append(strategy.name)
        found = intervention_problems(strategy.interventions, scenario, f"{at}.interventions")
        problems += found
        for j, iv in enumerate(strategy.interventions):
            if iv.start > spec.horizon:
                problems.append(Problem(f"{at}.interventions[{j}].start", f"a tick within the horizon (1-{spec.horizon})",
                                        str(iv.start)))
        if not found:
            cost = loaded.cost(strategy.interventions)
            if cost > spec.budget + 1e-9:
                problems.append(Problem(at, f"a strategy costing at most the budget, {spec.budget:g}",
                                        f"a cost of {cost:.4g}", hint="lower an intensity or a duration"))
    if spec.uncertain is not None:
        preparation = Preparation(scenario, loaded.scenario_file)
        for path, (low, high) in spec.uncertain.parameters.items():
            at = f"uncertain.parameters.{path}"
            if low > high:
                problems.append(Problem(at, "a range [low, high] with low <= high", f"[{low:g}, {high:g}]"))
                continue
            for value in (low, high):
                try:
                    preparation.at({path: value})
                except ChangeError as exc:
                    first = exc.failures[0]
                    if first.bad_path:
                        problems.append(Problem(at, "a path to a scenario field", first.problem.found))
                    else:
                        problems.append(Problem(at, "a range the field accepts",
                                                f"{value:g}: {first.problem.expected}, found {first.problem.found}"))
                    break
    if spec.optimize is not None:
        levers = [InterventionSpec(kind=lv.kind, targets=lv.targets, partners=lv.partners, blocs=lv.blocs,
                                   intensity=1.0) for lv in spec.optimize.levers]
        problems += intervention_problems(levers, scenario, "optimize.levers")
    return problems


def _success_problems(spec: StrategiesFile) -> list[Problem]:
    """``ticks`` goes with ``sustained`` only, and fits within the horizon."""
    success = spec.success
    if success.rule == "sustained" and success.ticks is None:
        return [Problem("success.ticks", f"a number of ticks (1-{spec.horizon}) with rule sustained", "none",
                        hint="add ticks: K, the last K ticks up to the horizon")]
    if success.rule != "sustained" and success.ticks is not None:
        return [Problem("success.ticks", f"no ticks with rule {success.rule}", str(success.ticks),
                        hint="use rule: sustained to require acting in the last K ticks")]
    if success.ticks is not None and success.ticks > spec.horizon:
        return [Problem("success.ticks", f"at most the horizon ({spec.horizon} ticks)", str(success.ticks),
                        hint="lower ticks or lengthen the horizon")]
    return []
