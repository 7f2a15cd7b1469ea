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


def _problem(results: SweepResults, path: str, expected: str, found, hint: str = "") -> InputFileError:
    return InputFileError(str(results.folder / "manifest.json"), [Problem(path, expected, describe(found), hint=hint)])


def _request(results: SweepResults, name: str, raw, problems: list[Problem]) -> Request | None:
    """The request for the manifest's ``analyses.<name>``, or None with every independent problem added."""
    kind, where = ANALYSES[name], f"analyses.{name}"
    if not isinstance(raw, dict):
        problems.append(Problem(where, "a mapping with an outcome", describe(raw)))
        return None
    found = len(problems)
    outcome = raw.get("outcome")
    accepted = (tuple((results.manifest.get("series") or {}).get("outcomes") or ()) if kind.series
                else kind.outcomes)
    if outcome not in accepted:
        problems.append(Problem(where + ".outcome", "one of " + (", ".join(accepted) or "(no series recorded)"),
                                describe(outcome), hint=did_you_mean(outcome, list(accepted))))
    if kind.design is not None and results.design_kind != kind.design:
        problems.append(Problem(where, f"a {kind.design} design (the {name} estimator needs its own sample)",
                                f"a {results.design_kind} design",
                                hint=f"run the sweep with design kind {kind.design}, or drop {where}"))
    if kind.names:
        listed = raw.get(kind.names)
        if not isinstance(listed, list) or not listed:
            problems.append(Problem(f"{where}.{kind.names}", "a non-empty list of factor or outcome names",
                                    describe(listed)))
        else:
            choices = [*results.factor_names, *kind.variables]
            problems += [Problem(f"{where}.{kind.names}[{i}]", "a factor or outcome: " + ", ".join(choices), describe(n),
                                 hint=did_you_mean(n, choices)) for i, n in enumerate(listed) if n not in choices]
    threshold = raw.get("threshold")
    if "threshold" in kind.spec.model_fields and (not isinstance(threshold, (int, float)) or isinstance(threshold, bool)):
        problems.append(Problem(where + ".threshold", "a number: runs (or points) with outcome ≥ it are of interest",
                                describe(threshold)))
    if len(problems) > found:
        return None
    try:
        spec = kind.spec.model_validate(raw)
    except ValidationError as exc:
        problems += [Problem(".".join([where, *(str(p) for p in e["loc"])]), e["msg"], describe(e.get("input")))
                     for e in exc.errors()]
        return None
    names = getattr(spec, kind.names) if kind.names else ()
    problems += [Problem(f"{where}.calibration.{c}", "a condition of this analysis: " + ", ".join(names), describe(c),
                         hint=did_you_mean(c, list(names)))
                 for c in getattr(spec, "calibration", None) or {} if c not in names]
    return None if len(problems) > found else Request(name, spec)


def requests(results: SweepResults, box: int | None = None) -> list[Request]:
    """The manifest's analyses in the registry's order, plus a QCA of the three legs when the design has them and
    none was asked; ``box`` picks a box of PRIM's peeling trajectory to report instead of the chosen one. Every
    problem of the manifest's analyses is reported at once."""
    asked = results.manifest.get("analyses") or {}
    if not isinstance(asked, dict):
        raise _problem(results, "analyses", "a mapping of analysis kind to its settings", asked)
    problems = [Problem(f"analyses.{name}", "one of " + ", ".join(ANALYSES), describe(name),
                        hint=did_you_mean(name, list(ANALYSES))) for name in asked if name not in ANALYSES]
    out = [_request(results, name, asked[name], problems) for name in ANALYSES if name in asked]
    if box is not None and "prim" not in asked:
        problems.append(Problem("analyses.prim", "a PRIM analysis in the manifest for --box", "none",
                                hint="add analyses: {prim: {...}} to the experiment and sweep again"))
    if problems:
        raise InputFileError(str(results.folder / "manifest.json"), problems)
    out = [replace(r, box=box) if r.kind == "prim" else r for r in out]
    if "qca" not in asked and all(results.factor(leg) for leg in LEGS):
        out.insert(0, Request("qca", ANALYSES["qca"].spec(outcome="tipped", conditions=LEGS), default=True))
    return out


def run_request(results: SweepResults, request: Request):
    """The result of one analysis, or a ``Skipped`` saying why these results cannot support it."""
    try:
        return ANALYSES[request.kind].function()(results, request.spec)
    except Skipped as exc:
        return exc
