"""The analysis report of a sweep: a Markdown file with a header, one section per analysis, tables and linked figures."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd

from ..lab.analysis.discovery import PrimResult
from ..lab.analysis.qca import CONSISTENCY_CUT, QCAResult
from ..lab.analysis.requests import Request, run_request
from ..lab.analysis.results import Skipped, SweepResults
from ..lab.analysis.sensitivity import SensitivityResult
from ..lab.analysis.tipping import TippingResult
from ..lab.provenance import git_commit, now

WIDE_CONF = 0.1  # a Sobol confidence half-width above this makes the ranking of factors unreliable
NECESSITY_CUT = 0.9  # the usual benchmark for calling a condition necessary (Schneider & Wagemann 2012)
TITLES = {"qca": "Necessary and sufficient conditions (QCA)", "tipping": "Tipping curves",
          "sobol": "Global sensitivity (Sobol)", "morris": "Screening (Morris)", "prim": "Scenario discovery (PRIM)"}


def fmt(value, digits: int = 3) -> str:
    """A number for a table: rounded, NaN as a dash, integers without decimals."""
    if isinstance(value, float) and math.isnan(value):
        return "–"
    if isinstance(value, (int,)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def md_table(frame: pd.DataFrame, digits: int = 3) -> str:
    """A DataFrame as a Markdown table."""
    head = "| " + " | ".join(str(c) for c in frame.columns) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    rows = ["| " + " | ".join(fmt(v.item() if hasattr(v, "item") else v, digits) for v in row) + " |"
            for row in frame.itertuples(index=False)]
    return "\n".join([head, rule, *rows])


def slug(*parts: str) -> str:
    """A file-name-safe name made of the parts."""
    return "_".join(re.sub(r"[^A-Za-z0-9]+", "-", p).strip("-") for p in parts)


def header(results: SweepResults, n_requests: int) -> str:
    """Title, provenance table and, for an unfinished sweep, a warning."""
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
    text = [f"# Analysis of {exp.get('file', results.folder.name)}", "",
            "| | |", "|---|---|", *(f"| {k} | {v} |" for k, v in rows), ""]
    if not results.complete:
        text += [f"> **Warning: this sweep is incomplete** (`complete: false`): {n_runs} of {total or '?'} runs, "
                 f"{results.missing_points} design points without any run. The numbers below describe only the runs "
                 "finished so far; analyses that need every design point are skipped.", ""]
    return "\n".join(text)


def qca_sentences(r: QCAResult) -> list[str]:
    """Plain sentences: which conditions are necessary, which sufficient, and whether the conjunction is."""
    t = r.by_run.set_index("set")
    out = []
    for c in r.conditions:
        nec, suf, ron = t.at[c, "nec_consistency"], t.at[c, "suf_consistency"], t.at[c, "relevance"]
        n, s = f"necessary (consistency {fmt(nec, 2)})", f"sufficient ({fmt(suf, 2)})"
        is_nec, is_suf = nec >= NECESSITY_CUT, suf >= CONSISTENCY_CUT
        verdict = {(True, True): f"is {n} and {s}", (True, False): f"is {n} but not {s}",
                   (False, True): f"is {s} but not {n}", (False, False): f"is neither {n} nor {s}"}[is_nec, is_suf]
        trivial = f"; it is close to trivially necessary (relevance {fmt(ron, 2)})" if is_nec and ron < 0.5 else ""
        out.append(f"**{c}** {verdict} for {r.outcome}{trivial}.")
    if len(r.conditions) > 1:
        name = "*".join(r.conditions)
        suf, cov = t.at[name, "suf_consistency"], t.at[name, "suf_coverage"]
        verdict = "is sufficient" if suf >= CONSISTENCY_CUT else "is not sufficient"
        out.append(f"All of them together ({name}) {verdict} (consistency {fmt(suf, 2)}) and accounts for "
                   f"{fmt(cov, 2)} of the outcome (coverage).")
    return out


def qca_section(r: QCAResult, request: Request) -> str:
    """QCA measures over runs (and design points) and the truth table."""
    kind = "crisp" if r.crisp else "fuzzy"
    why = " (run by default: the design varies the three legs)" if request.default else ""
    cols = {"set": "set", "nec_consistency": "necessity consistency", "nec_coverage": "necessity coverage",
            "relevance": "relevance of necessity", "suf_consistency": "sufficiency consistency",
            "suf_coverage": "sufficiency coverage"}
    text = [f"Outcome **{r.outcome}**, conditions {', '.join(r.conditions)}{why}; {kind} sets over {r.n_runs} runs. "
            "`~` is a condition's absence, `*` the conjunction (minimum).", "", " ".join(qca_sentences(r)), "",
            md_table(r.by_run.rename(columns=cols))]
    if r.by_point is not None:
        text += ["", f"Over the {r.n_points} design points, with the outcome as each point's share of runs (fuzzy):", "",
                 md_table(r.by_point.rename(columns=cols))]
    text += ["", f"Truth table (1 = condition present; a configuration leads to the outcome when its consistency is at "
             f"least {CONSISTENCY_CUT}):", "", md_table(r.truth)]
    return "\n".join(text)


def tipping_sentence(name: str, curve: pd.DataFrame, outcome: str) -> str:
    """How the probability of the outcome moves from the first to the last level, and where it first passes one half."""
    seen = curve[curve["n"] > 0]
    first, last = seen.iloc[0], seen.iloc[-1]
    text = f"P({outcome}) goes from {fmt(first['p'], 2)} at {name} = {first['label']} to {fmt(last['p'], 2)} at {last['label']}"
    over = seen[seen["p"] >= 0.5]
    if len(over) and over.index[0] != seen.index[0]:
        text += f"; it first reaches one half at {over.iloc[0]['label']}"
    return text + "."


def tipping_section(r: TippingResult, figures: dict[str, str]) -> str:
    """Links to the curves and heatmaps, a table per variable and a sentence for each."""
    text = [f"Share of the {r.n_runs} runs with **{r.outcome}** at each level (or bin) of each variable, with Wilson 95% "
            "intervals.", "", f"![tipping curves]({figures['curves']})", ""]
    for name, curve in r.curves.items():
        table = curve[["label", "n", "k", "p", "lo", "hi"]].rename(columns={"label": name, "k": r.outcome, "p": "P",
                                                                            "lo": "95% low", "hi": "95% high"})
        text += [f"**{name}.** " + tipping_sentence(name, curve, r.outcome), "", md_table(table, 2), ""]
    if r.grids:
        text += ["Heatmaps of P(" + r.outcome + ") for pairs of variables (blank cells: no runs):", ""]
        text += [f"- {a} × {b}: ![{a} × {b}]({figures[slug(a, b)]})" for a, b in r.grids]
    return "\n".join(text)


def sobol_section(r: SensitivityResult, figure: str) -> str:
    """Sobol indices, their figure and what they mean."""
    t = r.table
    top = t.loc[t["S1"].idxmax()]
    gap = (t["ST"] - t["S1"])
    inter = t.loc[gap.idxmax()]
    s1 = t["S1"].sum()
    words = f"**{top['factor']}** explains the largest share of the variance on its own (S1 {fmt(top['S1'], 2)}). "
    if 0 <= s1 <= 1:
        words += (f"The first-order indices sum to {fmt(s1, 2)}, so about {fmt(1 - s1, 2)} of the variance comes from "
                  f"interactions; the largest interaction share is {inter['factor']}'s (ST − S1 = {fmt(gap.max(), 2)}). ")
    widest = float(t[["S1_conf", "ST_conf"]].max().max())
    if widest > WIDE_CONF:
        words += (f"Caution: the 95% intervals reach ±{fmt(widest, 2)}, too wide to rank the factors (first-order "
                  "indices sum to " + fmt(s1, 2) + "); a larger base sample n would be needed.")
    text = [f"Sobol indices of the per-point mean of **{r.outcome}** over {r.n_points} points (Saltelli sample); "
            "the _conf columns are 95% bootstrap half-widths.", "", md_table(t), "", f"![Sobol indices]({figure})", "",
            words.strip()]
    if r.pairs is not None:
        top = r.pairs.iloc[0]
        text += ["", f"Second-order indices (the variance due to a pair's interaction alone), largest {min(len(r.pairs), 10)}:",
                 "", md_table(r.pairs.head(10)), "", f"The strongest pairwise interaction is {top['pair']} "
                 f"(S2 {fmt(top['S2'], 2)} ± {fmt(top['S2_conf'], 2)})."]
    return "\n".join(text)


def morris_section(r: SensitivityResult, figure: str) -> str:
    """Morris μ*, σ, their figure and what they mean."""
    t = r.table.sort_values("mu_star", ascending=False, kind="stable")
    small = t[t["mu_star"] < 0.1 * t["mu_star"].max()]["factor"].to_list()
    bent = t[(t["sigma"] > t["mu_star"]) & (t["mu_star"] > 0)]["factor"].to_list()
    text = [f"Morris elementary effects on the per-point mean of **{r.outcome}** over {r.n_points} points.", "",
            md_table(t), "", f"![Morris mu* against sigma]({figure})", "",
            "By μ* the factors rank " + ", ".join(t["factor"]) + "."]
    if small:
        verb = " has" if len(small) == 1 else " have"
        text[-1] += " " + ", ".join(small) + verb + " little effect (μ* under a tenth of the largest)."
    if bent:
        text[-1] += " σ exceeds μ* for " + ", ".join(bent) + ": their effect depends on the other factors or is not linear."
    return "\n".join(text)


def prim_section(r: PrimResult, figure: str) -> str:
    """The chosen PRIM box, its limits and trajectory figure, in words."""
    s = r.stats
    unit = "design points (by their mean outcome)" if r.unit == "point" else "runs"
    stats = pd.DataFrame([{"box": r.chosen, "coverage": s["coverage"], "density": s["density"], "mass": s["mass"],
                           "restricted inputs": int(s["res_dim"])}])
    text = [f"Cases of interest: {unit} with **{r.outcome} ≥ {r.threshold:g}**: {r.n_interest} of {r.n_cases} "
            f"(base rate {fmt(r.n_interest / r.n_cases, 2)}). The chosen box on the peeling trajectory is the one "
            "with the best balance of coverage and density (highest harmonic mean).", "", md_table(stats), ""]
    if len(r.limits):
        where = " and ".join(limit_words(row) for row in r.limits.itertuples())
        weak = r.limits.loc[r.limits["quasi_p"] > 0.05, "input"].to_list()
        text += [md_table(r.limits), "", f"Where {where}, {fmt(s['density'] * 100, 0)}% of the {unit} are of interest "
                 f"(density), and the box holds {fmt(s['coverage'] * 100, 0)}% of all of them (coverage)."
                 + (f" The restrictions on {', '.join(weak)} are weak (quasi-p above 0.05, Bryant & Lempert 2010): "
                    "the box would do almost as well without them." if weak else "")]
    else:
        text += ["PRIM found no restriction of the inputs that concentrates the cases of interest."]
    return "\n".join(text + ["", f"![PRIM peeling trajectory]({figure})"])


def limit_words(row) -> str:
    """One restriction of a PRIM box in words: the levels kept, or the bound(s) that bite."""
    if row.levels:
        return f"{row.input} in {{{row.levels}}}"
    low, high = not math.isclose(row.lower, row.min), not math.isclose(row.upper, row.max)
    if low and high:
        return f"{row.input} between {row.lower:.3g} and {row.upper:.3g}"
    return f"{row.input} ≥ {row.lower:.3g}" if low else f"{row.input} ≤ {row.upper:.3g}"


def draw(result, out: Path) -> dict[str, str]:
    """Write the figures of one analysis into ``out``; their file names by role."""
    from . import analysis_plots as plots

    if isinstance(result, TippingResult):
        names = {"curves": plots.plot_tipping_curves(result, out / f"tipping_{slug(result.outcome)}.png").name}
        for (a, b), grid in result.grids.items():
            names[slug(a, b)] = plots.plot_heatmap(grid, a, b, result.outcome, out / f"heatmap_{slug(a, b)}.png").name
        return names
    if isinstance(result, SensitivityResult):
        plot = plots.plot_sobol if result.method == "sobol" else plots.plot_morris
        return {"main": plot(result, out / f"{result.method}_{slug(result.outcome)}.png").name}
    if isinstance(result, PrimResult):
        return {"main": plots.plot_peeling(result, out / f"prim_{slug(result.outcome)}.png").name}
    return {}


def section(request: Request, result, figures: dict[str, str]) -> str:
    """One analysis's Markdown section (or the reason it was skipped)."""
    title = f"## {TITLES[request.kind]}: {request.outcome}\n\n"
    if isinstance(result, Skipped):
        return title + f"Skipped: {result}."
    if isinstance(result, QCAResult):
        return title + qca_section(result, request)
    if isinstance(result, TippingResult):
        return title + tipping_section(result, figures)
    if isinstance(result, PrimResult):
        return title + prim_section(result, figures["main"])
    render = sobol_section if result.method == "sobol" else morris_section
    return title + render(result, figures["main"])


def write_analysis(results: SweepResults, requests: list[Request], out: Path) -> list[Path]:
    """Run each requested analysis, write its figures and the report into ``out``; the files written."""
    out.mkdir(parents=True, exist_ok=True)
    if (out / "report.md").is_file():  # an earlier analysis: its figures would be stale
        for old in [out / "report.md", *out.glob("*.png")]:
            old.unlink()
    sections, written = [], []
    for request in requests:
        result = run_request(results, request)
        figures = draw(result, out)
        written += [out / name for name in figures.values()]
        sections.append(section(request, result, figures))
    if not requests:
        sections.append("No analyses were requested in the manifest, and the design does not vary the three legs "
                        "(factors activism, legislature, officials), so there is nothing to analyse.")
    report = out / "report.md"
    report.write_text("\n\n".join([header(results, len(requests)), *sections]) + "\n", encoding="utf-8")
    return [report, *written]
