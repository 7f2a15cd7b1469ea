"""The analyses a manifest asks for, checked against the design before anything is computed, and running them."""

from __future__ import annotations

from dataclasses import dataclass

from ...scenario.errors import InputFileError, Problem, describe, did_you_mean
from .discovery import prim_analysis
from .qca import BOOL_OUTCOMES, qca_analysis
from .results import OUTCOMES, UNIT_OUTCOMES, Skipped, SweepResults
from .sensitivity import morris_analysis, sobol_analysis
from .tipping import tipping_analysis

KINDS = ("qca", "tipping", "sobol", "morris", "prim")
LEGS = ("activism", "legislature", "officials")  # factors that, when all present, get a QCA by default
NAMES_KEY = {"qca": "conditions", "tipping": "by", "prim": "inputs"}


@dataclass(frozen=True)
class Request:
    """One analysis to run: its kind, outcome, the variables it uses and (for PRIM) the outcome threshold."""

    kind: str
    outcome: str
    names: tuple[str, ...] = ()
    threshold: float | None = None
    default: bool = False  # added because the design has the three legs, not asked for in the manifest


def _problem(results: SweepResults, path: str, expected: str, found, hint: str = "") -> InputFileError:
    return InputFileError(str(results.folder / "manifest.json"), [Problem(path, expected, describe(found), hint=hint)])


def _check_name(results: SweepResults, path: str, name, allowed: tuple[str, ...]) -> str:
    choices = [*results.factor_names, *allowed]
    if name not in choices:
        raise _problem(results, path, "a factor or outcome: " + ", ".join(choices), name, did_you_mean(name, choices))
    return name


def _request(results: SweepResults, kind: str, spec) -> Request:
    where = f"analyses.{kind}"
    if not isinstance(spec, dict):
        raise _problem(results, where, "a mapping with an outcome", spec)
    outcomes = {"qca": (*BOOL_OUTCOMES, *UNIT_OUTCOMES), "tipping": BOOL_OUTCOMES}.get(kind, OUTCOMES)
    outcome = spec.get("outcome")
    if outcome not in outcomes:
        raise _problem(results, where + ".outcome", "one of " + ", ".join(outcomes), outcome,
                       did_you_mean(outcome, list(outcomes)))
    if kind in ("sobol", "morris") and results.design_kind != kind:
        raise _problem(results, where, f"a {kind} design (the {kind} estimator needs its own sample)",
                       f"a {results.design_kind} design", f"run the sweep with design kind {kind}, or drop analyses.{kind}")
    names: tuple[str, ...] = ()
    if kind in NAMES_KEY:
        key = NAMES_KEY[kind]
        raw = spec.get(key)
        if not isinstance(raw, list) or not raw:
            raise _problem(results, f"{where}.{key}", "a non-empty list of factor or outcome names", raw)
        allowed = (*BOOL_OUTCOMES, *UNIT_OUTCOMES) if kind == "qca" else OUTCOMES
        names = tuple(_check_name(results, f"{where}.{key}[{i}]", n, allowed) for i, n in enumerate(raw))
    threshold = spec.get("threshold")
    if kind == "prim" and (not isinstance(threshold, (int, float)) or isinstance(threshold, bool)):
        raise _problem(results, where + ".threshold", "a number: runs (or points) with outcome ≥ it are of interest", threshold)
    return Request(kind, outcome, names, float(threshold) if kind == "prim" else None)


def requests(results: SweepResults) -> list[Request]:
    """The manifest's analyses in a fixed order, plus a QCA of the three legs when the design has them and none was asked."""
    asked = results.manifest.get("analyses") or {}
    if not isinstance(asked, dict):
        raise _problem(results, "analyses", "a mapping of analysis kind to its settings", asked)
    for kind in asked:
        if kind not in KINDS:
            raise _problem(results, f"analyses.{kind}", "one of " + ", ".join(KINDS), kind, did_you_mean(kind, list(KINDS)))
    out = [_request(results, kind, asked[kind]) for kind in KINDS if kind in asked]
    if "qca" not in asked and all(results.factor(leg) for leg in LEGS):
        out.insert(0, Request("qca", "tipped", LEGS, default=True))
    return out


def run_request(results: SweepResults, request: Request):
    """The result of one analysis, or a ``Skipped`` saying why these results cannot support it."""
    try:
        if request.kind == "qca":
            return qca_analysis(results, request.outcome, list(request.names))
        if request.kind == "tipping":
            return tipping_analysis(results, request.outcome, list(request.names))
        if request.kind == "sobol":
            return sobol_analysis(results, request.outcome)
        if request.kind == "morris":
            return morris_analysis(results, request.outcome)
        return prim_analysis(results, request.outcome, request.threshold, list(request.names))
    except Skipped as exc:
        return exc
