"""The report of a strategy comparison (a template, ``templates/strategies/``): ranking with intervals, ties, costs,
what the best one moved and whether the search had settled; and the same in short for the terminal."""

from __future__ import annotations

import math

import pandas as pd

from ..lab.strategies import Comparison
from ..lab.strategy_search import SearchResult
from ..lab.strategy_spec import DO_NOTHING, LoadedStrategies
from .reports import render


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


STILL_RISING = 0.2  # the search is still improving if its best rose within this last share of the generations


def convergence_words(history: list[float], label: str) -> str:
    """Whether the search had settled: the generation that first reached its best, or, when that was within the
    last fifth of the generations, advice to run more."""
    if not history:
        return "The search ran no generation."
    n, best = len(history), history[-1]
    reached = next(k for k, v in enumerate(history) if v == best) + 1
    if n > 1 and reached > n - max(2, math.ceil(STILL_RISING * n)):
        return (f"The search was still improving near its last generation ({label} on the search seeds rose to "
                f"{best:.2f} at generation {reached} of {n}): run more generations (optimize.generations: {2 * n}) "
                "before trusting this winner.")
    return (f"The search had settled: its best {label} on the search seeds ({best:.2f}) was reached at generation "
            f"{reached} of {n}.")


def ranking_rows(ranking: pd.DataFrame) -> pd.DataFrame:
    """The ranking as the report's table: intervals, gains, cost per unit gained, median time, tie with the best."""
    rows = []
    for _, r in ranking.iterrows():
        tie = "best" if r["rank"] == 1 else (f"tied (p = {r['p_vs_best']:.2f})" if r["tied_with_best"]
                                             else f"worse (p = {r['p_vs_best']:.2g})")
        per = "–" if r["strategy"] == DO_NOTHING else _ci(r["cost_per_gain"], r["cost_per_gain_low"],
                                                          r["cost_per_gain_high"], 1)
        rows.append({"rank": int(r["rank"]), "strategy": r["strategy"],
                     "P [95% CI]": _ci(r["p_tip"], r["p_low"], r["p_high"]),
                     "cost": f"{r['cost']:.2f}", "gain vs do nothing [95% CI]": _ci(r["gain"], r["gain_low"], r["gain_high"]),
                     "cost per unit of P gained [95% CI]": per,
                     "median time to tip": ("not by the horizon" if math.isnan(r["median_time"])
                                            else f"tick {r['median_time']:.0f}"),
                     "vs best": tie})
    return pd.DataFrame(rows)


def report_text(loaded: LoadedStrategies, comparison: Comparison, figures: dict[str, str],
                search: SearchResult | None = None) -> str:
    """report.md (from ``templates/strategies/report.md.j2``): the question, the ranking, which strategies cannot be
    told apart, time to tip, why the best one works, and the search."""
    spec = loaded.spec
    p_name = spec.success.label
    ranking = comparison.ranking()
    table = ranking_rows(ranking).rename(columns={"P [95% CI]": f"{p_name} [95% CI]"})
    strategies = [(s.name, describe(s.interventions) + (f". {s.description}" if s.description else ""))
                  for s in loaded.strategies()]
    strategies += [(o.name, describe(search.best) if search else "") for o in comparison.outcomes[len(loaded.strategies()):]]
    censoring = ("(runs that never tip are censored at the horizon)." if spec.success.rule == "first_act" else
                 "under the success rule: a run tips at the first tick of the spell of acting that lasts to the horizon "
                 "(earlier acting that stopped does not count); runs that do not succeed are censored at the horizon.")
    best, terms, moved = best_acting(ranking), None, ""
    if best is not None:
        t = comparison.terms_moved(best)
        changed = t[(t["low"] > 0) | (t["high"] < 0)].sort_values("difference", key=abs, ascending=False)
        moved = ", ".join(f"`{n}` ({d:+.3f})" for n, d in zip(changed["term"], changed["difference"])) or \
            "no term beyond its interval"
        intervals = [_ci(d, lo, hi, 3) for d, lo, hi in zip(t["difference"], t["low"], t["high"])]
        terms = pd.DataFrame({"term": [f"`{n}`" for n in t["term"]], "with": t["with"], "without": t["without"],
                              "difference [95% CI]": intervals})
    units = len(comparison.outcomes[0].tipped)
    return render("strategies/report.md.j2", spec=spec, scenario_file=loaded.scenario_file, p_name=p_name, units=units,
                  samples=spec.uncertain.samples if spec.uncertain else 1, ranking=table, figures=figures,
                  strategies=strategies, censoring=censoring, best=best, terms=terms, moved=moved, search=search,
                  best_found=describe(search.best) if search else "",
                  convergence=convergence_words(search.history, p_name) if search else "")


def terminal_ranking(ranking: pd.DataFrame, label: str) -> list[str]:
    """The ranking for the terminal, the name column as wide as the longest name."""
    width = max(len(str(s)) for s in ranking["strategy"])
    lines = []
    for _, r in ranking.iterrows():
        tie = "" if r["rank"] == 1 else ("  (tied with the best)" if r["tied_with_best"] else "")
        lines.append(f"{r['rank']:>2}. {r['strategy']:<{width}}  {label} {r['p_tip']:.2f} [{r['p_low']:.2f}, "
                     f"{r['p_high']:.2f}]  cost {r['cost']:.2f}{tie}")
    return lines


def terminal_search(search: SearchResult, label: str) -> list[str]:
    """The optimised strategy and whether the search had settled, for the terminal."""
    parts = describe(search.best).split("; ")
    return (["", f"optimised strategy (cost {search.cost:.2f}, {label} {search.p_tip:.2f} on the search seeds):"]
            + [f"  {part}" for part in parts] + ["", convergence_words(search.history, label)])
