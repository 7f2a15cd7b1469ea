"""``trifecta lesson``: one run of a scenario told as a story for a class, with the same run minus one leg.

The story follows one state (the scenario's first focal state unless chosen): the setting, what each actor
did, the moment it tipped (or why it never did), what happened with one leg of the trifecta removed (the
scenario's variants, else legs removed by override), and three discussion questions built from the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from ..lab.runs import RunResult, run_scenario  # noqa: E402
from ..model.decision import BENEFIT_TERMS, TERMS  # noqa: E402
from ..model.legs import LEGS  # noqa: E402
from ..model.stance import STANCE_LABELS, Stance  # noqa: E402
from ..scenario.errors import InputFileError, Problem  # noqa: E402
from ..scenario.schema import Scenario  # noqa: E402
from .handout import Section, html_page, markdown  # noqa: E402
from .narrative import TERM_WORDS, level_word, why  # noqa: E402
from .plots import plot_breakdown, plot_legs, plot_stances  # noqa: E402
from .tipping import describe, what_it_takes  # noqa: E402


@dataclass(frozen=True)
class Counterfactual:
    """The same run with one leg removed: its label, what it changes, and the result."""

    name: str
    description: str
    result: RunResult


def leg_removed_runs(path: Path, spec: Scenario, code: str, seed: int | None) -> list[Counterfactual]:
    """The scenario's variants (each typically removes one leg), or, without any, the legislature and officials removed."""
    from ..scenario.load import load_scenario

    if spec.variants:
        return [Counterfactual(name, v.description, run_scenario(load_scenario(path, variant=name), seed=seed,
                                                                 replications=1))
                for name, v in spec.variants.items()]
    fallback = {"no_legislature": (f"Leg 2 removed: {code}'s legislature has no strength.",
                                   {f"states[{code}].legislature.strength": 0.0}),
                "no_officials": (f"Leg 3 removed: {code}'s officials have no influence.",
                                 {f"states[{code}].official.influence": 0.0})}
    return [Counterfactual(name, text, run_scenario(load_scenario(path, overrides=changes), seed=seed, replications=1))
            for name, (text, changes) in fallback.items()]


def outcome(result: RunResult, i: int) -> str:
    """What state ``i`` did in a run, in words: when it tipped and where it ended, or that it never acted."""
    tip = int(result.final.tipped_tick[0, i])
    end = STANCE_LABELS[int(result.final.stance[0, i])]
    if tip > 0:
        return f"tipped toward action at tick {tip} and ended at {end}"
    if tip == 0:
        return f"acted from the start and ended at {end}"
    return f"never acted and ended at {end} (net benefit {result.final.net[0, i]:+.2f})"


def decision_at(result: RunResult, i: int, tick: int) -> dict[str, float]:
    """State ``i``'s signed terms at ``tick``."""
    return dict(zip(TERMS, map(float, result.history["terms"][tick, 0, i])))


def legs_at(result: RunResult, i: int, tick: int) -> tuple[float, float, float]:
    """State ``i``'s three legs (activism, legislative pressure, officials' conviction) at ``tick``."""
    return tuple(float(result.history[leg.level][tick, 0, i]) for leg in LEGS)


def plot_comparison(result: RunResult, others: list[Counterfactual], i: int, path: Path) -> Path:
    """State ``i``'s net benefit of acting over time in the full run and with each leg removed."""
    fig, ax = plt.subplots(figsize=(8, 3.4))
    ticks = np.arange(result.history.length)
    ax.plot(ticks, result.history["net"][:, 0, i], color="black", lw=2.2, label="all three legs")
    for cf in others:
        ax.plot(ticks[: cf.result.history.length], cf.result.history["net"][:, 0, i], lw=1.4, label=cf.name)
    ax.axhline(result.scenario.parameters.threshold_support, color="grey", ls=":", lw=1, label="acting cut point")
    ax.set_xlabel("tick (month)")
    ax.set_ylabel("net benefit of acting")
    ax.set_title(f"{result.world.names[i]}: the same run with one leg removed")
    ax.legend(fontsize=8, loc="best")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def setting(result: RunResult, i: int) -> Section:
    """Where the story happens: the crisis, the response proposed, and the state we follow."""
    s, w, t = result.scenario, result.world, result.world.traits
    resp = s.crisis.response
    sev = result.history["severity"]
    return Section("The setting", [
        (s.description or s.title or s.name).strip(),
        f"Abuses in {s.crisis.target} run from severity {sev[0]:.2f} to {sev.max():.2f} (on a 0 to 1 scale) over "
        f"{result.steps} months. A {resp.sponsor} coalition proposes {resp.instrument}. {w.n_states} states decide, "
        "month by month, whether to oppose, abstain, support or join in.",
        f"We follow {w.names[i]}: democracy {t.democracy[i]:.2f}, economic stake in the target "
        f"{t.economic_stake[i]:.2f}, security stake {t.security_stake[i]:.2f}, historic grievance toward the "
        f"sponsors {t.grievance[i]:.2f}, attachment to sovereignty {t.sovereignty[i]:.2f}, commitment to its "
        f"professed values {t.value_commitment[i]:.2f}."])


NAMED_STATES = 12  # above this many states, the handout names the focal ones and counts the rest


def actors(result: RunResult, i: int) -> Section:
    """What each actor did: the states, the activists, and the followed state's legislature and officials."""
    w, f, h = result.world, result.final, result.history
    end = h.length - 1
    named = set(result.scenario.focal) | {w.codes[i]}
    shown = range(w.n_states) if w.n_states <= NAMED_STATES else [k for k in range(w.n_states) if w.codes[k] in named]
    items = [f"{w.names[k]} {outcome(result, k)}." for k in shown]
    if len(shown) < w.n_states:
        rest = [k for k in range(w.n_states) if k not in set(shown)]
        acted = [w.names[k] for k in rest if f.tipped_tick[0, k] > 0]
        ends = np.bincount(f.stance[0, rest], minlength=len(STANCE_LABELS))
        items.append(f"Of the other {len(rest)} states, {len(acted)} tipped toward action"
                     + (f" ({', '.join(acted[:8])}{' and others' if len(acted) > 8 else ''})" if acted else "")
                     + "; at the end " + ", ".join(f"{n} {label}" for n, label in zip(ends, STANCE_LABELS) if n) + ".")
    for a in range(w.n_activists):
        targets = ", ".join(w.names[c] for c in sorted(w.targets[a].indices))
        items.append(f"{w.activist_names[a]} ({w.activist_kinds[a]}) pressed {targets}; its mobilisation ended "
                     f"at {f.mobilisation[0, a]:.2f}.")
    act0, leg0, conv0 = legs_at(result, i, 0)
    act, leg, conv = legs_at(result, i, end)
    return Section("What each actor did", [
        f"In {w.names[i]}, activism reaching the government went from {act0:.2f} to {act:.2f}; its legislature's "
        f"pressure from {leg0:.2f} to {leg:.2f} ({level_word('legislature', leg)}); its officials' conviction that "
        f"interests and values coincide from {conv0:.2f} to {conv:.2f} ({level_word('officials', conv)})."],
        items, figures=["stances.png", "legs.png"])


def moment(result: RunResult, i: int) -> Section:
    """The tick the state tipped, with the three legs then and why; or why it never did and what it would take."""
    w = result.world
    tip = int(result.final.tipped_tick[0, i])
    if tip > 0:
        act, leg, conv = legs_at(result, i, tip)
        net_before = float(result.history["net"][tip - 1, 0, i]) if tip > 1 else float("nan")
        text = [f"{w.names[i]} tipped at tick {tip}. Its net benefit of acting stood at "
                f"{result.history['net'][tip, 0, i]:+.2f} ({net_before:+.2f} a month before). At that moment "
                f"activism stood at {act:.2f}, legislative pressure at {leg:.2f} and officials' conviction at {conv:.2f}.",
                why(w.names[i], Stance(int(result.history['stance'][tip, 0, i])), decision_at(result, i, tip))]
        return Section("The moment it tipped", text, figures=["decision_breakdown.png"])
    end = result.history.length - 1
    reading = what_it_takes(result.history.last_output, result.scenario.parameters, i,
                            int(result.final.stance[0, i]))
    return Section("Why it never tipped", [
        why(w.names[i], Stance(int(result.final.stance[0, i])), decision_at(result, i, end)), describe(reading)],
        figures=["decision_breakdown.png"])


def comparison(result: RunResult, others: list[Counterfactual], i: int) -> Section:
    """The same run (same seed) with one leg removed, one line per variant."""
    name = result.world.names[i]
    items = [f"{cf.name}: {cf.description.strip()} {name} {outcome(cf.result, i)}." for cf in others]
    return Section("The same run with one leg removed", [
        f"With all three legs, {name} {outcome(result, i)}. The same months, with the same random shocks "
        f"(seed {result.seed}), but one leg removed:"], items, figures=["comparison.png"])


def questions(result: RunResult, others: list[Counterfactual], i: int) -> Section:
    """Three discussion questions built from the run's own numbers."""
    w, f = result.world, result.final
    name = w.names[i]
    tip = int(f.tipped_tick[0, i])
    at = tip if tip > 0 else result.history.length - 1
    legs = legs_at(result, i, at)
    rises = {leg: legs[k] - legs_at(result, i, 0)[k] for k, leg in enumerate(("activism", "legislative pressure",
                                                                              "officials' conviction"))}
    biggest = max(rises, key=rises.get)
    cost = min((v, k) for k, v in decision_at(result, i, at).items() if k not in BENEFIT_TERMS)
    acted = int((f.tipped_tick[0] >= 0).sum())
    never = [w.names[k] for k in range(w.n_states) if f.tipped_tick[0, k] < 0]
    changed = [cf.name for cf in others if int(cf.result.final.tipped_tick[0, i]) != tip]
    q1 = (f"By tick {at}, {biggest} in {name} had risen by {rises[biggest]:.2f}, more than either other leg. "
          f"Which actors drove that rise, and why might this leg matter more for {name} than for a great power?")
    q2 = (f"{name}'s largest cost at tick {at} was {TERM_WORDS[cost[1]]} ({cost[0]:+.2f}). Removing one leg changed "
          f"its outcome in {len(changed)} of {len(others)} variants ({', '.join(changed) or 'none'}). What argument "
          "could an official make that acting serves this interest rather than harms it?")
    q3 = (f"{acted} of {w.n_states} states acted at some point" + (f"; {', '.join(never)} never did" if never else "")
          + ". Pick one that never acted (or acted late): which of its interests outweighed its values, and "
          "which leg of the trifecta would you build first there?")
    return Section("Questions for discussion", items=[q1, q2, q3], numbered=True)


def followed_state(spec: Scenario, code: str | None) -> str:
    """The state the story follows: ``code`` if given and valid, else the first focal state, else the first state."""
    codes = [s.code for s in spec.states]
    if code is not None and code not in codes:
        raise InputFileError(spec.name, [Problem("--state", "a state code of this scenario: " + ", ".join(codes),
                                                 repr(code))])
    return code or (spec.focal[0] if spec.focal else codes[0])


def write_lesson(path: Path, folder: Path, seed: int | None = None, code: str | None = None) -> Path:
    """Run the scenario at ``path`` and its leg-removed variants; write figures, lesson.md and lesson.html (returned)."""
    from ..scenario.load import load_scenario

    spec = load_scenario(path)
    code = followed_state(spec, code)
    result = run_scenario(spec, seed=seed, replications=1)
    i = result.world.index(code)
    others = leg_removed_runs(path, spec, code, result.seed)
    folder.mkdir(parents=True, exist_ok=True)
    plot_stances(result, folder / "stances.png")
    plot_legs(result, folder / "legs.png", [code])
    plot_breakdown(result, folder / "decision_breakdown.png", [i])
    plot_comparison(result, others, i, folder / "comparison.png")
    title = f"Lesson: {spec.title or spec.name}"
    sections = [setting(result, i), actors(result, i), moment(result, i), comparison(result, others, i),
                questions(result, others, i),
                Section("About this handout", [f"Written by trifecta lesson from {path}, seed "
                                               f"{result.seed}, {result.steps} ticks (one tick is one month)."])]
    (folder / "lesson.md").write_text(markdown(title, sections), encoding="utf-8")
    page = folder / "lesson.html"
    page.write_text(html_page(title, sections, folder), encoding="utf-8")
    return page
