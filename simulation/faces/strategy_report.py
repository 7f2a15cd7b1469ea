"""The Markdown report of a strategy comparison: ranking with intervals, ties, costs, and what the best one moved."""

from __future__ import annotations

import math

import pandas as pd

from ..lab.strategies import Comparison
from ..lab.strategy_search import SearchResult
from ..lab.strategy_spec import DO_NOTHING, LoadedStrategies


def _ci(est: float, low: float, high: float, digits: int = 2) -> str:
    def f(v: float) -> str:
        return "∞" if math.isinf(v) else "–" if math.isnan(v) else f"{v:.{digits}f}"
    return f"{f(est)} [{f(low)}, {f(high)}]"


def describe(interventions) -> str:
    """A strategy's interventions in one line each."""
    parts = []
    for iv in interventions:
        on = ", ".join(iv.targets or iv.blocs) or "everyone"
        with_ = f" with {', '.join(iv.partners)}" if iv.partners else ""
        parts.append(f"{iv.kind} on {on}{with_}, ticks {iv.start}–{iv.start + iv.duration - 1}, "
                     f"intensity {iv.intensity:.2f}")
    return "; ".join(parts) or "no intervention"


def best_acting(ranking: pd.DataFrame) -> str | None:
    """The top-ranked strategy other than doing nothing."""
    rest = ranking[ranking["strategy"] != DO_NOTHING]
    return None if rest.empty else str(rest["strategy"].iloc[0])


def report_text(loaded: LoadedStrategies, comparison: Comparison, figures: dict[str, str],
                search: SearchResult | None = None) -> str:
    """report.md: the question, the ranking, which strategies cannot be told apart, and why the best one works."""
    spec = loaded.spec
    p_name = spec.success.label
    ranking = comparison.ranking()
    units = len(comparison.outcomes[0].tipped)
    samples = spec.uncertain.samples if spec.uncertain else 1
    lines = [f"# {spec.title or spec.name}", ""]
    if spec.description:
        lines += [spec.description.strip(), ""]
    lines += [
        f"Base scenario `{loaded.scenario_file}`" + (f" (variant `{spec.variant}`)" if spec.variant else "")
        + f"; target{'s' if len(spec.targets) > 1 else ''} {', '.join(spec.targets)}"
        + (f" ({spec.tip} of them)" if len(spec.targets) > 1 else "")
        + f"; horizon {spec.horizon} ticks; budget {spec.budget:g}.",
        f"Success (rule `{spec.success.rule}`): {spec.success.meaning}.",
        f"Every strategy ran on the same {units} runs ({samples} uncertain-parameter sample"
        f"{'s' if samples != 1 else ''} × {units // samples} seeds): differences are paired by seed.",
        "", "## Ranking", "",
        f"{p_name} is the share of runs in which {spec.success.meaning}, with a Wilson 95% "
        "interval. Gain is the paired difference from doing nothing, with a 95% interval. Strategies marked "
        "*tied* cannot be told apart from the best (exact McNemar test on the paired runs, p ≥ 0.05).", "",
        f"| rank | strategy | {p_name} [95% CI] | cost | gain vs do nothing [95% CI] | cost per unit of P gained "
        "[95% CI] | median time to tip | vs best |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for _, r in ranking.iterrows():
        tie = "best" if r["rank"] == 1 else (f"tied (p = {r['p_vs_best']:.2f})" if r["tied_with_best"]
                                             else f"worse (p = {r['p_vs_best']:.2g})")
        per = "–" if r["strategy"] == DO_NOTHING else _ci(r["cost_per_gain"], r["cost_per_gain_low"],
                                                          r["cost_per_gain_high"], 1)
        median = "not by the horizon" if math.isnan(r["median_time"]) else f"tick {r['median_time']:.0f}"
        lines.append(f"| {r['rank']} | {r['strategy']} | {_ci(r['p_tip'], r['p_low'], r['p_high'])} | "
                     f"{r['cost']:.2f} | {_ci(r['gain'], r['gain_low'], r['gain_high'])} | {per} | {median} | {tie} |")
    lines += ["", f"![{p_name}]({figures['p_tip']})", "", "## Strategies", ""]
    for s in loaded.strategies():
        lines.append(f"- **{s.name}**: {describe(s.interventions)}" + (f". {s.description}" if s.description else ""))
    for o in comparison.outcomes[len(loaded.strategies()):]:
        lines.append(f"- **{o.name}**: {describe(search.best) if search else ''}")
    lines += ["", "## Time to tip", "", "Kaplan–Meier share of runs in which the target has not yet tipped "
              + ("(runs that never tip are censored at the horizon)." if spec.success.rule == "first_act" else
                 "under the success rule: a run tips at the first tick of the spell of acting that lasts to the "
                 "horizon (earlier acting that stopped does not count); runs that do not succeed are censored at "
                 "the horizon."), "", f"![survival]({figures['survival']})", ""]
    best = best_acting(ranking)
    if best is not None:
        terms = comparison.terms_moved(best)
        moved = terms[(terms["low"] > 0) | (terms["high"] < 0)].sort_values("difference", key=abs, ascending=False)
        lines += [f"## Why '{best}' works", "",
                  "Each term of the target's decision at the horizon with the strategy minus without it, paired by "
                  "seed (positive: more reason to act). Terms whose interval excludes 0 moved.", "",
                  "| term | with | without | difference [95% CI] |", "|---|---|---|---|"]
        for _, t in terms.iterrows():
            lines.append(f"| `{t['term']}` | {t['with']:.3f} | {t['without']:.3f} | "
                         f"{_ci(t['difference'], t['low'], t['high'], 3)} |")
        summary = ", ".join(f"`{t}` ({d:+.3f})" for t, d in zip(moved["term"], moved["difference"]))
        lines += ["", f"It moved: {summary or 'no term beyond its interval'}.", "",
                  f"![terms]({figures['terms']})", ""]
    if search is not None:
        lines += ["## Search (--optimize)", "",
                  f"Differential evolution (scipy, seed {spec.optimize.seed}) over {len(spec.optimize.levers)} levers "
                  f"× (budget share, start, duration), {search.evaluations} candidate strategies each scored ({p_name}) "
                  "on the same "
                  f"{spec.optimize.replications} search seeds at the nominal parameters. Best found: "
                  f"{describe(search.best)}; cost {search.cost:.2f}; {p_name} {search.p_tip:.2f} on the search seeds "
                  "(optimistic: it was chosen on them). Its row **optimised** in the ranking above is the re-evaluation "
                  "on fresh seeds and across the uncertain parameters.", "",
                  f"![convergence]({figures['convergence']})", ""]
    lines += ["## Reading this report", "",
              "Probabilities are model outputs under the stated assumptions (docs/ODD.md), not forecasts. "
              "Costs are in the spec's nominal units (docs/ODD.md 7.16). See docs/strategies.md.", ""]
    return "\n".join(lines)
