"""The analysis report of a sweep: report.md and report.html from templates (``templates/analysis/``), one section
per analysis kind of the registry, with its sentences, tables and figures."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..lab.analysis.cart import CartResult
from ..lab.analysis.discovery import PeeledBox, PrimResult
from ..lab.analysis.kinds import ANALYSES
from ..lab.analysis.qca import QCAResult, Solution
from ..lab.analysis.requests import Request, run_request
from ..lab.analysis.results import Skipped, SweepResults
from ..lab.analysis.sensitivity import SensitivityResult
from ..lab.analysis.tipping import TippingResult
from ..lab.analysis.trajectories import TrajectoryResult
from ..lab.provenance import git_commit, now
from ..scenario.errors import InputFileError, Problem
from .reports import fmt, render, write_report

WIDE_CONF = 0.1  # a Sobol confidence half-width above this makes the ranking of factors unreliable
NECESSITY_CUT = 0.9  # the usual benchmark for calling a condition necessary (Schneider & Wagemann 2012)


def slug(*parts: str) -> str:
    """A file-name-safe name made of the parts."""
    return "_".join(re.sub(r"[^A-Za-z0-9]+", "-", p).strip("-") for p in parts)


def header_values(results: SweepResults, n_requests: int) -> dict:
    """Title, provenance rows and, for an unfinished sweep, the warning's words."""
    m, d = results.manifest, results.manifest["design"]
    exp, scen = m.get("experiment") or {}, m.get("scenario") or {}
    n_runs, total = len(results.runs), m.get("runs_total")
    rows = [("experiment", f"`{exp.get('file', '?')}` (sha256 `{str(exp.get('sha256', '?'))[:12]}…`)"),
            ("scenario", f"`{scen.get('file', '?')}` (sha256 `{scen.get('sha256', '?')}`)"),
            ("focal state", m.get("focal", "–")),
            ("design", f"{d['kind']}, {len(results.design)} points × {m.get('replications', '?')} replications; "
                       f"factors: {', '.join(results.factor_names)}"),
            ("runs", f"{n_runs} analysed of {total if total is not None else '?'}; seed {m.get('seed', '?')}, "
                     f"{m.get('steps', '?')} ticks, common random numbers {'on' if m.get('crn') else 'off'}"),
            ("sweep", f"commit `{m.get('git_commit') or 'unknown'}`, {m.get('started', '?')} – {m.get('finished') or '?'}"),
            ("analysis", f"commit `{git_commit() or 'unknown'}`, {now()}, {n_requests} analyses")]
    incomplete = None if results.complete else (
        f"{n_runs} of {total or '?'} runs, {results.missing_points} design points without any run. The numbers below "
        "describe only the runs finished so far; analyses that need every design point are skipped.")
    return {"title": exp.get("file", results.folder.name), "provenance": rows, "incomplete": incomplete}


# --- QCA ---------------------------------------------------------------------------------------------------------


def qca_sentences(r: QCAResult) -> list[str]:
    """Plain sentences: which conditions are necessary, which sufficient, and whether the conjunction is."""
    t = r.by_run.set_index("set")
    out = []
    for c in r.conditions:
        nec, suf, ron = t.at[c, "nec_consistency"], t.at[c, "suf_consistency"], t.at[c, "relevance"]
        n, s = f"necessary (consistency {fmt(nec, 2)})", f"sufficient ({fmt(suf, 2)})"
        is_nec, is_suf = nec >= NECESSITY_CUT, suf >= r.cut
        verdict = {(True, True): f"is {n} and {s}", (True, False): f"is {n} but not {s}",
                   (False, True): f"is {s} but not {n}", (False, False): f"is neither {n} nor {s}"}[is_nec, is_suf]
        trivial = f"; it is close to trivially necessary (relevance {fmt(ron, 2)})" if is_nec and ron < 0.5 else ""
        out.append(f"**{c}** {verdict} for {r.outcome}{trivial}.")
    if len(r.conditions) > 1:
        name = "*".join(r.conditions)
        suf, cov = t.at[name, "suf_consistency"], t.at[name, "suf_coverage"]
        verdict = "is sufficient" if suf >= r.cut else "is not sufficient"
        out.append(f"All of them together (`{name}`) {verdict} (consistency {fmt(suf, 2)}) and accounts for "
                   f"{fmt(cov, 2)} of the outcome (coverage).")
    return out


def solution_sentence(s: Solution, outcome: str) -> str:
    """One solution in words: its formula, its measures, and what each path covers."""
    kind = {"complex": "The complex (conservative) solution, which uses no logical remainder,",
            "parsimonious": "The parsimonious solution, which lets logical remainders simplify it,"}[s.kind]
    text = (f"{kind} is `{s.formula} → {outcome}` (consistency {fmt(s.consistency, 2)}, coverage "
            f"{fmt(s.coverage, 2)}, PRI {fmt(s.pri, 2)}).")
    if len(s.terms) > 1:
        paths = "; ".join(f"`{t.formula}` covers {fmt(t.coverage, 2)} ({fmt(t.unique_coverage, 2)} uniquely)"
                          for t in s.terms)
        text += f" It has {len(s.terms)} paths: {paths}."
    return text


def solution_sentences(r: QCAResult) -> str:
    """The solutions in words, or why there is none."""
    if r.complex is None:
        best = r.truth.iloc[0] if len(r.truth) else None
        where = "" if best is None else (" the most consistent configuration, `" + "*".join(
            c if best[c] else f"~{c}" for c in r.conditions) + f"`, reaches {fmt(best['consistency'], 2)}")
        return (f"No configuration reaches the consistency cut ({r.cut:g}), so there is no solution: no combination of "
                f"these conditions is sufficient for {r.outcome}; {where.strip() or 'no configuration has cases'}.")
    out = [solution_sentence(r.complex, r.outcome)]
    if r.parsimonious is not None and r.parsimonious.formula != r.complex.formula:
        out.append(solution_sentence(r.parsimonious, r.outcome))
    elif r.parsimonious is not None:
        out.append("The parsimonious solution is the same formula: "
                   + ("no logical remainder simplifies it." if r.remainders else "there are no logical remainders."))
    return " ".join(out)


def solutions_table(r: QCAResult) -> pd.DataFrame | None:
    """Each solution's paths with their measures, and the whole formula's where it has several paths (the
    parsimonious solution only where it differs from the complex one)."""
    shown = [s for s in (r.complex, r.parsimonious) if s is not None]
    if len(shown) == 2 and shown[0].formula == shown[1].formula:
        shown = shown[:1]
    rows = []
    for s in shown:
        rows += [{"solution": s.kind, "path": t.formula, "consistency": t.consistency, "raw coverage": t.coverage,
                  "unique coverage": t.unique_coverage, "PRI": t.pri} for t in s.terms]
        if len(s.terms) > 1:
            rows.append({"solution": s.kind, "path": f"{s.formula} (whole)", "consistency": s.consistency,
                         "raw coverage": s.coverage, "unique coverage": float("nan"), "PRI": s.pri})
    return pd.DataFrame(rows) if rows else None


QCA_COLUMNS = {"set": "set", "nec_consistency": "necessity consistency", "nec_coverage": "necessity coverage",
               "relevance": "relevance of necessity", "suf_consistency": "sufficiency consistency",
               "suf_coverage": "sufficiency coverage"}


def qca_section(r: QCAResult, request: Request, figures: dict[str, str]) -> str:
    """QCA measures over runs (and design points), the solutions and the truth table."""
    anchors = None if not r.calibration else pd.DataFrame(
        [{"condition": c, "full non-membership": a[0], "crossover": a[1], "full membership": a[2]}
         for c, a in r.calibration.items()])
    return render("analysis/qca.md.j2", r=r, anchors=anchors,
                  why=" (run by default: the design varies the three legs)" if request.default else "",
                  sentences=" ".join(qca_sentences(r)), by_run=r.by_run.rename(columns=QCA_COLUMNS),
                  by_point=None if r.by_point is None else r.by_point.rename(columns=QCA_COLUMNS),
                  solution_sentences=solution_sentences(r), solutions=solutions_table(r))


# --- tipping -----------------------------------------------------------------------------------------------------


def tipping_sentence(name: str, curve: pd.DataFrame, outcome: str) -> str:
    """How the probability of the outcome moves from the first to the last level, and where it first passes one half."""
    seen = curve[curve["n"] > 0]
    first, last = seen.iloc[0], seen.iloc[-1]
    text = f"P({outcome}) goes from {fmt(first['p'], 2)} at {name} = {first['label']} to {fmt(last['p'], 2)} at {last['label']}"
    over = seen[seen["p"] >= 0.5]
    if len(over) and over.index[0] != seen.index[0]:
        text += f"; it first reaches one half at {over.iloc[0]['label']}"
    return text + "."


def tipping_section(r: TippingResult, request: Request, figures: dict[str, str]) -> str:
    """Links to the curves and heatmaps, a table per variable and a sentence for each."""
    curves = [(name, tipping_sentence(name, curve, r.outcome),
               curve[["label", "n", "k", "p", "lo", "hi"]].rename(columns={"label": name, "k": r.outcome, "p": "P",
                                                                          "lo": "95% low", "hi": "95% high"}))
              for name, curve in r.curves.items()]
    grids = [(a, b, figures[slug(a, b)]) for a, b in r.grids]
    return render("analysis/tipping.md.j2", r=r, figures=figures, curves=curves, grids=grids)


# --- Sobol and Morris --------------------------------------------------------------------------------------------


def ranking_order(t: pd.DataFrame, index: str = "S1") -> tuple[str, bool]:
    """The factors ordered by ``index``, neighbours whose 95% intervals overlap grouped in braces; and whether the
    intervals separate every factor."""
    t = t.sort_values(index, ascending=False, kind="stable").reset_index(drop=True)
    groups: list[list[str]] = [[t.at[0, "factor"]]]
    for k in range(1, len(t)):
        if t.at[k - 1, index] - t.at[k - 1, f"{index}_conf"] <= t.at[k, index] + t.at[k, f"{index}_conf"]:
            groups[-1].append(t.at[k, "factor"])
        else:
            groups.append([t.at[k, "factor"]])
    order = " > ".join(g[0] if len(g) == 1 else "{" + ", ".join(g) + "}" for g in groups)
    return order, all(len(g) == 1 for g in groups)


def ranking_words(t: pd.DataFrame) -> str:
    """Whether the 95% intervals of S1 and of ST separate the factors' ranks."""
    (s1, apart1), (st, apart_t) = ranking_order(t, "S1"), ranking_order(t, "ST")
    if apart1 and apart_t:
        return f"The intervals rank every factor: by S1 {s1}; by ST {st}."
    return (f"By S1 the order is {s1}; by ST {st} (factors in braces have overlapping 95% intervals and cannot be "
            "ranked apart).")


def sobol_words(r: SensitivityResult) -> str:
    t = r.table
    top = t.loc[t["S1"].idxmax()]
    gap = t["ST"] - t["S1"]
    inter = t.loc[gap.idxmax()]
    s1 = t["S1"].sum()
    words = f"**{top['factor']}** explains the largest share of the variance on its own (S1 {fmt(top['S1'], 2)}). "
    if 0 <= s1 <= 1:
        words += (f"The first-order indices sum to {fmt(s1, 2)}, so about {fmt(1 - s1, 2)} of the variance comes from "
                  f"interactions; the largest interaction share is {inter['factor']}'s (ST − S1 = {fmt(gap.max(), 2)}). ")
    words += ranking_words(t) + " "
    widest = float(t[["S1_conf", "ST_conf"]].max().max())
    if widest > WIDE_CONF:
        words += (f"Caution: the 95% intervals reach ±{fmt(widest, 2)}, too wide to rank the factors (first-order "
                  "indices sum to " + fmt(s1, 2) + "); a larger base sample n would be needed.")
    return words.strip()


def convergence_words(r: SensitivityResult) -> str:
    """How the widest interval shrank with n, and whether the top factor was already on top at half the sample."""
    c = r.convergence
    if c is None or c["n"].nunique() < 2:
        return ""
    sizes = sorted(c["n"].unique())
    width = c.groupby("n")[["S1_conf", "ST_conf"]].max().max(axis=1)
    top = c[c["n"] == sizes[-1]].set_index("factor")["S1"].idxmax()
    half = c[c["n"] == sizes[-2]].set_index("factor")["S1"]
    stable = ("already the largest" if half.idxmax() == top else f"not yet the largest ({half.idxmax()} was)")
    return (f"Estimated on the first n base samples for n = {', '.join(str(int(n)) for n in sizes)}, the widest 95% "
            f"half-width falls from ±{fmt(width.iloc[0], 2)} to ±{fmt(width.iloc[-1], 2)}; at n = {int(sizes[-2])}, "
            f"{top}'s S1 was {fmt(half[top], 2)} against {fmt(c[(c['n'] == sizes[-1]) & (c['factor'] == top)]['S1'].iloc[0], 2)} "
            f"now, and it was {stable}. Intervals shrink roughly as 1/√n: halving them needs four times the sample.")


def sobol_section(r: SensitivityResult, figures: dict[str, str] | str) -> str:
    """Sobol indices, their convergence, their figures and what they mean."""
    figures = {"main": figures} if isinstance(figures, str) else figures
    pairs = None if r.pairs is None else r.pairs.head(10)
    return render("analysis/sobol.md.j2", r=r, figures=figures, words=sobol_words(r),
                  convergence=convergence_words(r) if "convergence" in figures else "",
                  pairs=pairs, top_pair=None if pairs is None else pairs.iloc[0])


def morris_section(r: SensitivityResult, figures: dict[str, str] | str) -> str:
    """Morris μ*, σ, their figure and what they mean."""
    figures = {"main": figures} if isinstance(figures, str) else figures
    t = r.table.sort_values("mu_star", ascending=False, kind="stable")
    small = t[t["mu_star"] < 0.1 * t["mu_star"].max()]["factor"].to_list()
    bent = t[(t["sigma"] > t["mu_star"]) & (t["mu_star"] > 0)]["factor"].to_list()
    words = "By μ* the factors rank " + ", ".join(t["factor"]) + "."
    if small:
        verb = " has" if len(small) == 1 else " have"
        words += " " + ", ".join(small) + verb + " little effect (μ* under a tenth of the largest)."
    if bent:
        words += " σ exceeds μ* for " + ", ".join(bent) + ": their effect depends on the other factors or is not linear."
    return render("analysis/morris.md.j2", r=r, table=t, figures=figures, words=words)


def sensitivity_section(r: SensitivityResult, request: Request, figures: dict[str, str]) -> str:
    return (sobol_section if r.method == "sobol" else morris_section)(r, figures)


# --- scenario discovery ------------------------------------------------------------------------------------------


def limit_words(row) -> str:
    """One restriction of a box in words: the levels kept, or the bound(s) that bite."""
    if row.levels:
        return f"{row.input} in {{{row.levels}}}"
    low, high = not math.isclose(row.lower, row.min), not math.isclose(row.upper, row.max)
    if low and high:
        return f"{row.input} between {row.lower:.3g} and {row.upper:.3g}"
    return f"{row.input} ≥ {row.lower:.3g}" if low else f"{row.input} ≤ {row.upper:.3g}"


def box_sentence(limits: pd.DataFrame, stats, unit: str) -> str:
    where = " and ".join(limit_words(row) for row in limits.itertuples())
    weak = limits.loc[limits["quasi_p"] > 0.05, "input"].to_list() if "quasi_p" in limits else []
    return (f"Where {where}, {fmt(stats['density'] * 100, 0)}% of the {unit} are of interest (density), and the box "
            f"holds {fmt(stats['coverage'] * 100, 0)}% of all of them (coverage)."
            + (f" The restrictions on {', '.join(weak)} are weak (quasi-p above 0.05, Bryant & Lempert 2010): "
               "the box would do almost as well without them." if weak else ""))


def check_box(results: SweepResults, r: PrimResult, box: int | None) -> None:
    """``--box N`` must name a step of the first box's peeling trajectory."""
    steps = len(r.first.trajectory)
    if box is not None and not 0 <= box < steps:
        raise InputFileError(str(results.folder), [Problem("--box", f"a step of PRIM's peeling trajectory, 0 to {steps - 1}",
                                                           str(box))])


def box_values(r: PrimResult, k: int, box: PeeledBox, figure: str, asked: int | None) -> dict:
    unit = "design points" if r.unit == "point" else "runs"
    shown = asked if asked is not None else box.chosen
    steps = sorted({*box.candidates, shown})
    candidates = pd.DataFrame([{"step": s, "coverage": box.trajectory.at[s, "coverage"],
                                "density": box.trajectory.at[s, "density"], "mass": box.trajectory.at[s, "mass"],
                                "restricted inputs": int(box.trajectory.at[s, "res_dim"]),
                                "": "◀ shown" if s == shown else ""} for s in steps])
    limits = box.limits[shown]
    return {"number": k + 1, "shown": shown, "asked": asked is not None, "candidates": candidates,
            "limits": limits if len(limits) else None, "figure": figure,
            "sentence": box_sentence(limits, box.stats(shown), unit) if len(limits) else ""}


def prim_section(r: PrimResult, request: Request, figures: dict[str, str]) -> str:
    """Each PRIM box: its candidate steps, the chosen (or asked) step's limits in words, its trajectory figure."""
    boxes = [box_values(r, k, b, figures[f"box{k + 1}"], request.box if k == 0 else None) for k, b in enumerate(r.boxes)]
    covering = None
    if len(r.boxes) > 1:
        shown = [v["shown"] for v in boxes]
        covering = pd.DataFrame([{"box": k + 1, "step": s, "coverage": b.trajectory.at[s, "coverage"],
                                  "density": b.trajectory.at[s, "density"],
                                  "cumulative coverage": sum(x.trajectory.at[t, "coverage"]
                                                             for x, t in zip(r.boxes[: k + 1], shown[: k + 1]))}
                                 for k, (b, s) in enumerate(zip(r.boxes, shown))])
    unit = "design points (by their mean outcome)" if r.unit == "point" else "runs"
    return render("analysis/prim.md.j2", r=r, unit=unit, boxes=boxes, covering=covering)


def inspect_box(r: PrimResult, box: int) -> str:
    """A step of PRIM's first box for the terminal (like EMA Workbench's ``inspect``)."""
    b = r.first
    s = b.stats(box)
    lines = [f"PRIM box 1, step {box} of {len(b.trajectory) - 1}: coverage {s['coverage']:.3f}, density "
             f"{s['density']:.3f}, mass {s['mass']:.3f}, {int(s['res_dim'])} restricted inputs"]
    for row in b.limits[box].itertuples():
        lines.append(f"  {limit_words(row):<40} quasi-p {row.quasi_p:.2g}")
    return "\n".join(lines)


def cart_section(r: CartResult, request: Request, figures: dict[str, str]) -> str:
    """The tree's leaves as boxes, densest first, with the densest described in words."""
    rules = ["; ".join(limit_words(row) for row in r.limits[leaf].itertuples()) or "everywhere" for leaf in r.leaves["leaf"]]
    leaves = r.leaves.assign(where=rules)[["leaf", "where", "n", "n_interest", "density", "coverage", "mass"]]
    top = r.leaves.iloc[0]
    unit = "runs"
    sentence = ("The densest leaf: " + box_sentence(r.limits[int(top["leaf"])], top, unit)
                if len(r.limits[int(top["leaf"])]) else "The tree found no split.")
    return render("analysis/cart.md.j2", r=r, leaves=leaves, sentence=sentence, figures=figures)


# --- the registry's faces ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Face:
    """How the report shows one analysis kind: its section (result, request, figures) -> Markdown, and its figures."""

    section: Callable[..., str]
    draw: Callable[..., dict[str, str]]


def _draw_tipping(r: TippingResult, out: Path) -> dict[str, str]:
    from . import analysis_plots as plots

    names = {"curves": plots.plot_tipping_curves(r, out / f"tipping_{slug(r.outcome)}.png").name}
    for (a, b), grid in r.grids.items():
        names[slug(a, b)] = plots.plot_heatmap(grid, a, b, r.outcome, out / f"heatmap_{slug(a, b)}.png").name
    return names


def _draw_sensitivity(r: SensitivityResult, out: Path) -> dict[str, str]:
    from . import analysis_plots as plots

    plot = plots.plot_sobol if r.method == "sobol" else plots.plot_morris
    names = {"main": plot(r, out / f"{r.method}_{slug(r.outcome)}.png").name}
    if r.convergence is not None and r.convergence["n"].nunique() > 1:
        names["convergence"] = plots.plot_convergence(r, out / f"sobol_convergence_{slug(r.outcome)}.png").name
    return names


def _draw_prim(r: PrimResult, out: Path, box: int | None = None) -> dict[str, str]:
    from . import analysis_plots as plots

    return {f"box{k + 1}": plots.plot_peeling(b, r, out / f"prim_{slug(r.outcome)}{'' if k == 0 else f'_box{k + 1}'}.png",
                                              box if k == 0 else None).name
            for k, b in enumerate(r.boxes)}


def _draw_trajectories(r: TrajectoryResult, out: Path) -> dict[str, str]:
    from . import analysis_plots as plots

    return {name: plots.plot_trajectories(r, name, out / f"trajectories_{slug(r.outcome, name)}.png").name
            for name in r.paths}


def trajectories_section(r: TrajectoryResult, request: Request, figures: dict[str, str]) -> str:
    """A figure per factor, and the reading at the first, middle and last recorded tick for each level."""
    picks = sorted({r.ticks[0], r.ticks[len(r.ticks) // 2], r.ticks[-1]})
    tables = []
    for name, paths in r.paths.items():
        table = paths[paths["tick"].isin(picks)].pivot_table(index="label", columns="tick", values="mean", sort=False)
        table.columns = [f"tick {t}" for t in table.columns]
        medians = []
        for label, curve in (r.survival.get(name, pd.DataFrame()).groupby("label", sort=False)
                             if name in r.survival else ()):
            below = curve.loc[curve["not_tipped"] <= 0.5, "tick"]
            medians.append((label, int(below.iloc[0]) if len(below) else None))
        tables.append((name, figures.get(name), table.reset_index().rename(columns={"label": name}), medians))
    return render("analysis/trajectories.md.j2", r=r, tables=tables)


def _draw_cart(r: CartResult, out: Path) -> dict[str, str]:
    from . import analysis_plots as plots

    return {"main": plots.plot_tree(r, out / f"cart_{slug(r.outcome)}.png").name}


FACES: dict[str, Face] = {
    "qca": Face(qca_section, lambda r, out, box=None: {}),
    "tipping": Face(tipping_section, lambda r, out, box=None: _draw_tipping(r, out)),
    "sobol": Face(sensitivity_section, lambda r, out, box=None: _draw_sensitivity(r, out)),
    "morris": Face(sensitivity_section, lambda r, out, box=None: _draw_sensitivity(r, out)),
    "prim": Face(prim_section, _draw_prim),
    "cart": Face(cart_section, lambda r, out, box=None: _draw_cart(r, out)),
    "trajectories": Face(trajectories_section, lambda r, out, box=None: _draw_trajectories(r, out)),
}
assert set(FACES) == set(ANALYSES), "every analysis kind of the registry needs its face in the report"


def section(request: Request, result, figures: dict[str, str]) -> str:
    """One analysis's Markdown section (or the reason it was skipped)."""
    body = (render("analysis/skipped.md.j2", reason=str(result)) if isinstance(result, Skipped)
            else FACES[request.kind].section(result, request, figures))
    return render("analysis/section.md.j2", title=ANALYSES[request.kind].title, outcome=request.outcome, body=body)


@dataclass(frozen=True)
class Analysis:
    """What ``write_analysis`` did: the files it wrote and each request's result."""

    files: list[Path]
    results: list[tuple[Request, object]]


def write_analysis(results: SweepResults, requests: list[Request], out: Path) -> Analysis:
    """Run each requested analysis, then write its figures and report.md and report.html into ``out``."""
    done = [(request, run_request(results, request)) for request in requests]
    for request, result in done:
        if isinstance(result, PrimResult):
            check_box(results, result, request.box)
    out.mkdir(parents=True, exist_ok=True)
    if (out / "report.md").is_file():  # an earlier analysis: its figures would be stale
        for old in [out / "report.md", out / "report.html", *out.glob("*.png")]:
            old.unlink(missing_ok=True)
    sections, written = [], []
    for request, result in done:
        figures = {} if isinstance(result, Skipped) else FACES[request.kind].draw(result, out, request.box)
        written += [out / name for name in figures.values()]
        sections.append(section(request, result, figures))
    text = render("analysis/report.md.j2", sections=sections, **header_values(results, len(requests)))
    return Analysis([*write_report(out, text), *written], done)
