"""The analyses a manifest asks for, checked against the design before anything is computed, and running them."""

from __future__ import annotations

from dataclasses import dataclass, replace

from pydantic import ValidationError

from ...scenario.errors import InputFileError, Problem, describe, did_you_mean
from .kinds import ANALYSES, AnalysisSpec
from .results import Skipped, SweepResults

LEGS = ("activism", "legislature", "officials")  # factors that, when all present, get a QCA by default


@dataclass(frozen=True)
class Request:
    """One analysis to run: its kind and its settings (outcome, the variables it uses, options)."""

    kind: str
    spec: AnalysisSpec
    default: bool = False  # added because the design has the three legs, not asked for in the manifest
    box: int | None = None  # PRIM: a box of the peeling trajectory to inspect instead of the chosen one

    @property
    def outcome(self) -> str:
        return self.spec.outcome

    @property
    def names(self) -> tuple[str, ...]:
        key = ANALYSES[self.kind].names
        return tuple(getattr(self.spec, key)) if key else ()


def _problem(results: SweepResults, path: str, expected: str, found, hint: str = "") -> InputFileError:
    return InputFileError(str(results.folder / "manifest.json"), [Problem(path, expected, describe(found), hint=hint)])


def _check_name(results: SweepResults, path: str, name, allowed: tuple[str, ...]) -> str:
    choices = [*results.factor_names, *allowed]
    if name not in choices:
        raise _problem(results, path, "a factor or outcome: " + ", ".join(choices), name, did_you_mean(name, choices))
    return name


def _request(results: SweepResults, name: str, raw) -> Request:
    kind, where = ANALYSES[name], f"analyses.{name}"
    if not isinstance(raw, dict):
        raise _problem(results, where, "a mapping with an outcome", raw)
    outcome = raw.get("outcome")
    if outcome not in kind.outcomes:
        raise _problem(results, where + ".outcome", "one of " + ", ".join(kind.outcomes), outcome,
                       did_you_mean(outcome, list(kind.outcomes)))
    if kind.design is not None and results.design_kind != kind.design:
        raise _problem(results, where, f"a {kind.design} design (the {name} estimator needs its own sample)",
                       f"a {results.design_kind} design", f"run the sweep with design kind {kind.design}, or drop {where}")
    if kind.names:
        listed = raw.get(kind.names)
        if not isinstance(listed, list) or not listed:
            raise _problem(results, f"{where}.{kind.names}", "a non-empty list of factor or outcome names", listed)
        for i, n in enumerate(listed):
            _check_name(results, f"{where}.{kind.names}[{i}]", n, kind.variables)
    threshold = raw.get("threshold")
    if "threshold" in kind.spec.model_fields and (not isinstance(threshold, (int, float)) or isinstance(threshold, bool)):
        raise _problem(results, where + ".threshold", "a number: runs (or points) with outcome ≥ it are of interest",
                       threshold)
    try:
        spec = kind.spec.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors()[0]
        path = ".".join([where, *(str(p) for p in error["loc"])])
        raise _problem(results, path, error["msg"], error.get("input")) from None
    names = getattr(spec, kind.names) if kind.names else ()
    for condition in getattr(spec, "calibration", None) or {}:
        if condition not in names:
            raise _problem(results, f"{where}.calibration.{condition}", "a condition of this analysis: "
                           + ", ".join(names), condition, did_you_mean(condition, list(names)))
    return Request(name, spec)


def requests(results: SweepResults, box: int | None = None) -> list[Request]:
    """The manifest's analyses in the registry's order, plus a QCA of the three legs when the design has them and
    none was asked; ``box`` picks a box of PRIM's peeling trajectory to report instead of the chosen one."""
    asked = results.manifest.get("analyses") or {}
    if not isinstance(asked, dict):
        raise _problem(results, "analyses", "a mapping of analysis kind to its settings", asked)
    for name in asked:
        if name not in ANALYSES:
            raise _problem(results, f"analyses.{name}", "one of " + ", ".join(ANALYSES), name,
                           did_you_mean(name, list(ANALYSES)))
    out = [_request(results, name, asked[name]) for name in ANALYSES if name in asked]
    if "qca" not in asked and all(results.factor(leg) for leg in LEGS):
        out.insert(0, Request("qca", ANALYSES["qca"].spec(outcome="tipped", conditions=LEGS), default=True))
    if box is not None:
        if not any(r.kind == "prim" for r in out):
            raise _problem(results, "analyses.prim", "a PRIM analysis in the manifest for --box", None,
                           "add analyses: {prim: {...}} to the experiment and sweep again")
        out = [replace(r, box=box) if r.kind == "prim" else r for r in out]
    return out


def run_request(results: SweepResults, request: Request):
    """The result of one analysis, or a ``Skipped`` saying why these results cannot support it."""
    try:
        return ANALYSES[request.kind].function()(results, request.spec)
    except Skipped as exc:
        return exc
