"""The experiment language: which scenario to vary, the factors and their levels, the design, and the analyses.

An experiment file is read and validated like a scenario file: every mistake is reported with the file,
the place inside it (``factors[2].levels``), what was expected and what was found. A factor's path is
checked by applying each of its levels (or both ends of its range) to the scenario.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..scenario.changes import ChangeError
from ..scenario.errors import InputFileError, Problem, describe, did_you_mean
from ..scenario.load import load_scenario, referenced_scenario
from ..scenario.paths import format_loc
from ..scenario.prepare import Preparation
from ..scenario.schema import Scenario
from ..scenario.validation import validated_spec
from ..scenario.yamlfile import YamlDocument, read_yaml
from .analysis.kinds import ANALYSES
from .batching import share_base
from .designs import DESIGN_KINDS, DESIGNS, MAX_POINTS, MAX_RUNS, design_size
from .experiment_spec import MAX_SERIES_COLUMNS, ExperimentSpec, FactorSpec
from .outcomes import OUTCOMES, FocalMeasure
from .series import SERIES, SeriesRequest, series_ticks
from .sweep import SweepJob


@dataclass(frozen=True)
class Factor:
    """A validated factor: its kind, range or levels, and the scenario changes each level makes."""

    name: str
    path: str | None
    kind: str  # "continuous", "levels" or "bundle"
    low: float | None
    high: float | None
    levels: tuple[Any, ...] | None  # the field's values, or the bundles' level names
    bundles: tuple[dict[str, Any], ...] | None  # for bundles: each level's path -> value changes

    def manifest(self) -> dict[str, Any]:
        return {"name": self.name, "path": self.path, "kind": self.kind, "low": self.low, "high": self.high,
                "levels": list(self.levels) if self.levels is not None else None}


@dataclass(frozen=True)
class Experiment:
    """A validated experiment with its base scenario resolved: everything a sweep needs to run."""

    spec: ExperimentSpec
    file: str
    text: str
    scenario_file: str
    scenario_text: str
    base: Scenario
    focal: str
    focal_index: int
    steps: int
    outcomes: tuple[str, ...]
    factors: tuple[Factor, ...]
    analyses: dict[str, Any]
    series: SeriesRequest | None = None

    def job(self) -> SweepJob:
        """The sweep this experiment asks for: its design over the base scenario, each run's outcomes about the
        focal state."""
        from .designs import build_design  # designs read experiments: imported here, not at the top

        return SweepJob(name=self.spec.name, file=self.file, text=self.text, scenario_file=self.scenario_file,
                        scenario_text=self.scenario_text, base=self.base, design=build_design(self),
                        measure=FocalMeasure(self.focal_index, self.outcomes, self.series), steps=self.steps,
                        seed=self.spec.seed, crn=self.spec.crn, replications=self.spec.replications,
                        notes={"focal": self.focal, "analyses": self.analyses, "outcomes": list(self.outcomes),
                               "series": None if self.series is None else
                               {"outcomes": list(self.series.names), "ticks": list(self.series.ticks)}})


def load_experiment(path: str | Path) -> Experiment:
    """Read, validate and resolve the experiment at ``path``; any problem raises :class:`InputFileError`."""
    doc = read_yaml(path, "experiment")
    _check_design_kind(doc)
    spec = validated_spec(doc, ExperimentSpec)
    base, scenario_file = _base_scenario(spec, doc)
    problems: list[Problem] = []
    focal = _focal(spec, base, doc, problems)
    preparation = share_base(base, str(scenario_file))  # its chunks in this process start from it
    factors = []
    for i, f in enumerate(spec.factors):
        factors.append(_factor(i, f, preparation, doc, problems))
    problems += _name_problems(spec, doc)
    outcomes = spec.outcomes if spec.outcomes is not None else tuple(OUTCOMES)
    problems += _outcome_problems(spec, doc)
    problems += _design_problems(spec, doc) or _size_problems(spec, tuple(factors), doc)
    steps = spec.steps if spec.steps is not None else base.run.steps
    series = _series(spec, steps, [s.code for s in base.states].index(focal) if focal else 0, doc, problems)
    analyses = _analyses(spec, outcomes, doc, problems)
    if problems:
        raise InputFileError(doc.file, problems)
    return Experiment(spec=spec, file=doc.file, text=Path(path).read_text(encoding="utf-8"),
                      scenario_file=str(scenario_file), scenario_text=scenario_file.read_text(encoding="utf-8"),
                      base=base, focal=focal, focal_index=[s.code for s in base.states].index(focal),
                      steps=steps, outcomes=tuple(outcomes), factors=tuple(factors), analyses=analyses,
                      series=series)


IGNORED_SECTIONS = ("run", "variants")  # scenario sections a sweep does not read


def _check_design_kind(doc: YamlDocument) -> None:
    """An unknown design kind, reported plainly (pydantic's message for a wrong union tag is opaque)."""
    design = doc.data.get("design")
    kind = design.get("kind") if isinstance(design, dict) else None
    if isinstance(design, dict) and kind not in DESIGN_KINDS:
        raise InputFileError(doc.file, [_problem(doc, ("design", "kind"), "a design kind: " + ", ".join(DESIGN_KINDS),
                                                 describe(kind), did_you_mean(kind, list(DESIGN_KINDS)))])


def _problem(doc: YamlDocument, loc: tuple, expected: str, found: str, hint: str = "") -> Problem:
    return Problem(format_loc(loc), expected, found, doc.line_of(loc), hint)


def _base_scenario(spec: ExperimentSpec, doc: YamlDocument) -> tuple[Scenario, Path]:
    """The base scenario named by the experiment (relative to it), with its variant applied."""
    file = referenced_scenario(doc, ("scenario",), spec.scenario, "relative to the experiment")
    base = load_scenario(file)  # a broken scenario is reported in its own file
    if spec.variant is not None:
        if spec.variant not in base.variants:
            known = list(base.variants)
            raise InputFileError(doc.file, [_problem(doc, ("variant",), "a variant of the scenario: "
                                                     + (", ".join(known) or "(none defined)"), repr(spec.variant),
                                                     did_you_mean(spec.variant, known))])
        base = load_scenario(file, variant=spec.variant)
    return base, file


def _focal(spec: ExperimentSpec, base: Scenario, doc: YamlDocument, problems: list[Problem]) -> str:
    codes = [s.code for s in base.states]
    focal = spec.focal if spec.focal is not None else (base.focal[0] if base.focal else None)
    if focal is None:
        problems.append(_problem(doc, ("focal",), "a state code (the scenario names no focal state): "
                                 + ", ".join(codes), "nothing"))
        return codes[0]
    if focal not in codes:
        problems.append(_problem(doc, ("focal",), "a state code of the scenario: " + ", ".join(codes), repr(focal),
                                 did_you_mean(focal, codes)))
        return codes[0]
    return focal


def _factor(i: int, f: FactorSpec, base: Preparation, doc: YamlDocument, problems: list[Problem]) -> Factor:
    """The factor resolved, after checking that each of its levels (or range ends) gives a valid scenario."""
    where = ("factors", i)
    if f.kind == "bundle":
        bundles = tuple(dict(v or {}) for v in f.levels.values())
        for name, changes in zip(f.levels, bundles):
            for path, value in changes.items():
                _check(base, {path: value}, where + ("levels", name, path), doc, problems)
        return Factor(f.name, None, "bundle", None, None, tuple(f.levels), bundles)
    if f.kind == "continuous":
        low, high = f.range
        for value in (low, high):
            if _check(base, {f.path: value}, where + ("range",), doc, problems, path_loc=where + ("path",)) is False:
                break
        return Factor(f.name, f.path, "continuous", float(low), float(high), None, None)
    for j, value in enumerate(f.levels):
        if _check(base, {f.path: value}, where + ("levels", j), doc, problems, path_loc=where + ("path",)) is False:
            break
    numbers = [v for v in f.levels if isinstance(v, (int, float)) and not isinstance(v, bool)]
    low, high = (float(min(numbers)), float(max(numbers))) if len(numbers) == len(f.levels) else (None, None)
    return Factor(f.name, f.path, "levels", low, high, tuple(f.levels), None)


def _check(base: Preparation, changes: dict, loc: tuple, doc: YamlDocument, problems: list[Problem],
           path_loc: tuple | None = None) -> bool:
    """Whether ``changes`` give a valid scenario; if not, add located problems (a bad path at ``path_loc``)."""
    ignored = [path for path in changes if path.split(".")[0].split("[")[0] in IGNORED_SECTIONS]
    if ignored:
        problems.append(_problem(doc, path_loc or loc, "a path to a field a sweep varies (run settings and "
                                 "variants come from the experiment: steps, seed, replications, variant)",
                                 repr(ignored[0])))
        return False
    try:
        base.at(changes)
    except ChangeError as exc:
        for failure in exc.failures:
            p = failure.problem
            if failure.bad_path:
                problems.append(_problem(doc, path_loc or loc, "a path to a scenario field", p.found))
                return False
            if p.found.startswith("unknown key"):  # assigning creates missing keys; the schema then refuses them
                problems.append(_problem(doc, path_loc or loc, f"a path to a scenario field (at {p.path}: {p.expected})",
                                         p.found, p.hint))
                return False
            problems.append(_problem(doc, loc, f"a value {p.path} accepts: {p.expected}", p.found, p.hint))
        return False
    return True


def _name_problems(spec: ExperimentSpec, doc: YamlDocument) -> list[Problem]:
    seen: dict[str, int] = {}
    out = []
    for i, f in enumerate(spec.factors):
        if f.name in seen:
            out.append(_problem(doc, ("factors", i, "name"), "a name no other factor uses",
                                f"{f.name!r}, already used by factors[{seen[f.name]}]"))
        seen.setdefault(f.name, i)
    return out


def _outcome_problems(spec: ExperimentSpec, doc: YamlDocument) -> list[Problem]:
    known = list(OUTCOMES)
    return [_problem(doc, ("outcomes", j), "an outcome: " + ", ".join(known), repr(name), did_you_mean(name, known))
            for j, name in enumerate(spec.outcomes or ()) if name not in OUTCOMES]


def _design_problems(spec: ExperimentSpec, doc: YamlDocument) -> list[Problem]:
    kind = spec.design.kind
    if not DESIGNS[kind].salib:
        return []
    return [_problem(doc, ("factors", i), f"a continuous factor (path and range) for a {kind} design",
                     f"a factor with {'named bundles' if f.kind == 'bundle' else 'a list of levels'}",
                     "SALib's designs vary every factor over an interval; use latin_hypercube or grid for levels")
            for i, f in enumerate(spec.factors) if f.kind != "continuous"]


def _series(spec: ExperimentSpec, steps: int, focal: int, doc: YamlDocument,
            problems: list[Problem]) -> SeriesRequest | None:
    """The time series the experiment asks for, each reading's name checked and its size bounded."""
    if spec.series is None:
        return None
    known = list(SERIES)
    bad = [_problem(doc, ("series", "outcomes", j), "a reading: " + ", ".join(known), repr(name),
                    did_you_mean(name, known)) for j, name in enumerate(spec.series.outcomes) if name not in SERIES]
    if spec.series.every > steps:
        bad.append(_problem(doc, ("series", "every"), f"a period of at most the run's {steps} ticks",
                            str(spec.series.every)))
    ticks = series_ticks(steps, min(spec.series.every, steps))
    names = tuple(dict.fromkeys(spec.series.outcomes))
    if len(ticks) * len(names) > MAX_SERIES_COLUMNS:
        bad.append(_problem(doc, ("series",), f"at most {MAX_SERIES_COLUMNS} readings per run (readings x ticks)",
                            f"{len(names)} readings x {len(ticks)} ticks; raise series.every"))
    problems += bad
    return None if bad else SeriesRequest(names, ticks, focal)


def _size_problems(spec: ExperimentSpec, factors: tuple[Factor, ...], doc: YamlDocument) -> list[Problem]:
    """A design too large to build or run, refused from its counted size before any point is built."""
    points = design_size(spec.design, factors)
    if points > MAX_POINTS:
        return [_problem(doc, ("design",), f"a design of at most {MAX_POINTS:,} points",
                         f"a {spec.design.kind} design of {points:,} points",
                         "fewer factors or levels, fewer grid points or a smaller n / samples / trajectories")]
    runs = points * spec.replications
    if runs > MAX_RUNS:
        return [_problem(doc, ("replications",), f"at most {MAX_RUNS:,} runs in all (points x replications)",
                         f"{points:,} points x {spec.replications:,} replications = {runs:,} runs")]
    return []


def _analyses(spec: ExperimentSpec, outcomes: tuple[str, ...], doc: YamlDocument,
              problems: list[Problem]) -> dict[str, Any]:
    """The analyses with defaults filled (every factor where none are named), after checking every name."""
    factor_names = [f.name for f in spec.factors]
    out: dict[str, Any] = {}
    for key, kind in ANALYSES.items():
        a = getattr(spec.analyses, key)
        if a is None:
            continue
        loc = ("analyses", key)
        if kind.design not in (None, spec.design.kind):
            problems.append(_problem(doc, loc, f"a {key} analysis only with a {kind.design} design",
                                     f"a {spec.design.kind} design"))
        recorded = (spec.series.outcomes if spec.series else ()) if kind.series else outcomes
        if a.outcome not in recorded:
            what = "a reading the experiment's series records" if kind.series else "an outcome the experiment records"
            problems.append(_problem(doc, loc + ("outcome",), f"{what}: " + (", ".join(recorded) or "(none)"),
                                     describe(a.outcome), did_you_mean(a.outcome, list(recorded))))
        values = a.model_dump(mode="json")
        for field in [kind.names] if kind.names else []:
            if values[field] is None:
                values[field] = factor_names
            for j, name in enumerate(values[field]):
                if name not in factor_names:
                    problems.append(_problem(doc, loc + (field, j), "a factor name: " + ", ".join(factor_names),
                                             repr(name), did_you_mean(name, factor_names)))
        out[key] = values
    return out
