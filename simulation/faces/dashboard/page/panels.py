"""The page's panels: the run bar, the controls, the intervention, the world, and the charts.

They are plain functions called while the page renders, not components of their own: the model they show is
advanced in place, so a component memoised on it would not see a new tick. Every control names itself (its
label is its accessible name) and shows its value; each acts when moved.
"""

from __future__ import annotations

import html
from dataclasses import replace

import solara

from ....model.stance import STANCE_LABELS
from ....scenario.interventions import intervention_cost
from ...worldmap import use_map
from ..charts import compare_chart, legs_chart, stances_chart, terms_chart, world_chart
from ..controls import INTEREST_LABELS, KIND_WORDS, LEG_LABELS, LEGS, UNTARGETED, Controls, Plan, default_blocs, default_partners
from ..texts import acting_count, counts_text, tipping_of, traits_text, why_text
from .widgets import Chart, LabelledSlider, code_of

APPLY_NOTE = ("Every control acts as soon as you move it: the run is rebuilt from tick 0 with your change and "
              "replayed to the current tick, on the same seed. Nothing is changed by hand in a running model.")
WHAT_IF = {"activism": "without activism", "legislature": "without legislatures", "officials": "without officials",
           "plan": "without the intervention"}


def acting(model) -> str:
    """'12 states acting' (or '1 state acting')."""
    n = acting_count(model)
    return f"{n} state{'' if n == 1 else 's'} acting"


def Bold(head: str, rest: str):
    """A line starting with a bold head: '<b>Head</b>: rest'."""
    solara.HTML(tag="div", unsafe_innerHTML=f"<b>{html.escape(head)}</b>: {html.escape(rest)}",
                style={"margin": "6px 0"})


def Header(model, steps: int, tick: solara.Reactive[int], playing: solara.Reactive[bool]):
    """The run bar: Reset, Step, Play or Pause, the tick, the stance counts, and a clear end-of-run message."""
    finished = model.steps >= steps
    with solara.Card(classes=["trifecta-header"], style={"margin": "12px 12px 0 12px"}):
        with solara.Row(style={"align-items": "center", "flex-wrap": "wrap", "gap": "8px"}):
            solara.Text("trifecta", style={"font-size": "1.4em", "font-weight": "bold"})
            solara.Button("Reset", icon_name="mdi-restart", on_click=lambda: (playing.set(False), tick.set(0)),
                          outlined=True, attributes={"aria-label": "Reset to tick 0"})
            solara.Button("Step", icon_name="mdi-skip-next", disabled=finished, color="primary",
                          on_click=lambda: tick.set(min(steps, tick.value + 1)),
                          attributes={"aria-label": "Step one tick"})
            if playing.value:
                solara.Button("Pause", icon_name="mdi-pause", on_click=lambda: playing.set(False), color="primary",
                              attributes={"aria-label": "Pause"})
            else:
                solara.Button("Play", icon_name="mdi-play", disabled=finished, color="primary",
                              on_click=lambda: playing.set(True), attributes={"aria-label": "Play to the end"})
            solara.Text(f"tick {model.steps} of {steps} (one tick is a month)", classes=["trifecta-tick"])
        with solara.Div():
            solara.Text(counts_text(model), classes=["trifecta-counts"], style={"font-size": "1.1em"})
        if finished:
            solara.Info(f"Run finished: tick {steps} of {steps} (the scenario's run.steps). Press Reset to watch it "
                        "again, or move a control to see the same run changed.", classes=["trifecta-finished"],
                        dense=True)
        with solara.Div():
            solara.Text(APPLY_NOTE, style={"font-size": "0.85em", "color": "#616161"}, classes=["trifecta-apply-note"])


def ControlsPanel(names: list[str], current: str, on_scenario, seed_text: solara.Reactive[str], run,
                  controls: solara.Reactive[Controls]):
    """The scenario, the seed, the three legs' pushes and the four interests' weights."""

    def set_control(field: str):
        return lambda value: controls.set(replace(controls.value, **{field: round(float(value), 3)}))

    with solara.Card("Scenario and pressures", classes=["trifecta-controls"]):
        solara.Select("Scenario", values=names, value=current, on_value=on_scenario)
        solara.InputText(f"Seed (blank: the scenario's, {run.scenario.run.seed})", value=seed_text,
                         continuous_update=False)
        solara.Text(f"Seed in use: {run.seed}", classes=["trifecta-seed"], style={"font-size": "0.85em"})
        Bold("The three legs", "pushed for every state: 0 keeps the scenario's values, +1 fills the leg, −1 removes it.")
        c = controls.value
        for leg in LEGS:
            LabelledSlider(label=f"{LEG_LABELS[leg]} push", value=getattr(c, leg), min=-1.0, max=1.0, step=0.1,
                           left="−1: removed", right="+1: full", prefix="+" if getattr(c, leg) > 0 else "",
                           on_value=set_control(leg))
        Bold("Interests", "the weight of each cost of acting, times the scenario's.")
        for name, label in INTEREST_LABELS.items():
            LabelledSlider(label=f"{label} weight", value=getattr(c, name), min=0.0, max=3.0, step=0.1, suffix=" ×",
                           left="0: ignored", right="3×", on_value=set_control(name))
        solara.Button("Back to the scenario's values", text=True, on_click=lambda: controls.set(Controls()),
                      attributes={"aria-label": "Back to the scenario's values"})


def state_items(run) -> list[dict]:
    """Every state as a picker item, in alphabetical order of its name."""
    return sorted(({"text": f"{s.name or s.code} ({s.code})", "value": s.code} for s in run.scenario.states),
                  key=lambda item: item["text"].casefold())


def StatePicker(label: str, items: list[dict], value, on_value, multiple: bool = False):
    """A searchable picker of states (type to filter), alphabetical."""
    solara.v.Autocomplete(label=label, items=items, v_model=value, on_v_model=on_value, multiple=multiple,
                          chips=multiple, small_chips=multiple, deletable_chips=multiple, dense=True,
                          clearable=not multiple, auto_select_first=True, hide_details=True, outlined=True,
                          class_="trifecta-picker")


def InterventionPanel(run, draft: solara.Reactive[Plan], selected: str, problem: str | None):
    """Pick an intervention's kind, target, start, duration and intensity, and see what it costs."""
    plan, scenario, steps = draft.value, run.scenario, run.steps

    def update(**changes):
        new = replace(draft.value, **changes)
        if new.kind and not draft.value.kind:  # a new intervention lasts to the end of the run unless shortened
            new = replace(new, duration=steps - new.start + 1)
        if new.kind and not new.target:
            new = replace(new, target=selected)
        if new.kind == "coalition" and not new.partners:
            new = replace(new, partners=default_partners(scenario, new.target))
        if new.kind == "regional" and not new.blocs:
            new = replace(new, blocs=default_blocs(scenario, new.target))
        draft.set(replace(new, duration=max(1, min(new.duration, steps - new.start + 1))))

    items = [{"text": "none", "value": ""}] + [{"text": k.replace("_", "-"), "value": k} for k in KIND_WORDS]
    with solara.Card("Intervention", classes=["trifecta-intervention"]):
        solara.v.Select(label="Intervention kind", items=items, v_model=plan.kind, dense=True, outlined=True,
                        hide_details=True, on_v_model=lambda kind: update(kind=kind or ""),
                        class_="trifecta-kind")
        if plan.kind:
            solara.Text(KIND_WORDS[plan.kind].capitalize() + ".", style={"font-size": "0.9em"})
            if plan.kind not in UNTARGETED:
                StatePicker("Target state", state_items(run), plan.target,
                            lambda code: update(target=code or selected))
            if plan.kind == "coalition":
                StatePicker("Partners courting the target", state_items(run), list(plan.partners),
                            lambda codes: update(partners=tuple(codes or ())), multiple=True)
            if plan.kind == "regional":
                solara.v.Select(label="Regional bodies", items=[b.name for b in scenario.blocs], v_model=list(plan.blocs),
                                multiple=True, dense=True, outlined=True, hide_details=True,
                                on_v_model=lambda names: update(blocs=tuple(names or ())))
            LabelledSlider(label="Start tick", value=plan.start, min=1, max=steps, step=1, digits=0,
                           on_value=lambda v: update(start=int(v)))
            LabelledSlider(label="Duration (ticks)", value=plan.duration, min=1, max=steps, step=1, digits=0,
                           on_value=lambda v: update(duration=int(v)))
            LabelledSlider(label="Intensity", value=plan.intensity, min=0.0, max=1.0, step=0.05, digits=2,
                           on_value=lambda v: update(intensity=round(float(v), 2)))
            if problem:
                solara.Error(problem, classes=["trifecta-plan-problem"])
            else:
                spec = scenario.interventions[-1]
                solara.Text(f"Cost: {intervention_cost(spec, scenario):.2f} (unit cost × intensity × duration × "
                            "size of the target; docs/ODD.md 7.16)", classes=["trifecta-cost"])
        else:
            solara.Text("Pick a kind to press on a state: a campaign, lobbying, incentives...",
                        style={"font-size": "0.9em"})


def WorldPanel(model, row: int, on_select):
    """The map (or bloc network) coloured by stance, with tooltips and clicks; a searchable picker; the traits."""
    items = sorted(({"text": f"{name} ({code})", "value": code} for code, name in zip(model.world.codes,
                                                                                       model.world.names)),
                   key=lambda item: item["text"].casefold())
    view = "map" if use_map(model.world.codes) else "bloc network"
    with solara.Card(f"World at tick {model.steps}: states by stance ({view})", classes=["trifecta-world", "trifecta-wide"]):
        solara.Text("Hover a state for its stance and strongest pulls; click it to select it.",
                    style={"font-size": "0.9em"})
        Chart(world_chart(model, row), on_click=lambda datum: (code := code_of(datum)) and on_select(code),
              classes=["trifecta-map"])
        StatePicker("Selected state (type to search)", items, model.world.codes[row],
                    lambda code: code and on_select(code))
        solara.Text(traits_text(model, row), classes=["trifecta-traits"], style={"font-size": "0.85em"})


def WhyPanel(model, row: int):
    """One paragraph in plain words: why the selected state holds its stance."""
    with solara.Card("Why?", classes=["trifecta-why-card"]):
        solara.Text(why_text(model, row), classes=["trifecta-why"])


def TrifectaPanel(model, row: int):
    """The selected state's three legs against what it would take to tip."""
    tipping = tipping_of(model, row)
    name = model.world.names[row]
    state = ("" if tipping is None else ": acting" if tipping.acting
             else f": needs {tipping.gap:+.2f} net benefit to act")
    with solara.Card(f"The trifecta for {name}{state}", classes=["trifecta-legs"]):
        if tipping is None:
            solara.Text("No decision yet: press Step or Play.")
        else:
            Chart(legs_chart(tipping, f"tick {model.steps}, {model.world.codes[row]}"))


def StancesPanel(model):
    """Stances over time."""
    with solara.Card("Stances over time", classes=["trifecta-stances"]):
        Chart(stances_chart(model))


def TermsPanel(model, row: int):
    """The selected state's benefit against cost, term by term."""
    name = model.world.names[row]
    title = (f"{name}: no decision yet" if model.last_terms is None else
             f"{name} at tick {model.steps}: benefit against cost, net {float(model.last_terms[0, row].sum()):+.2f}")
    with solara.Card(title, classes=["trifecta-terms"]):
        Chart(terms_chart(model, row))


def differences(model, other) -> list[str]:
    """The states whose stance differs between the two runs now: 'India: abstain here, oppose there'."""
    a, b = model.state.stance[0], other.state.stance[0]
    return [f"{model.world.names[i]}: {STANCE_LABELS[int(a[i])]} → {STANCE_LABELS[int(b[i])]}"
            for i in range(len(a)) if a[i] != b[i]]


def WhatIfPanel(model, other, row: int, compare: solara.Reactive[str], has_plan: bool):
    """The same run with one leg removed (or without the intervention), on the same seed, tick by tick."""
    choices = [{"text": text, "value": key} for key, text in WHAT_IF.items() if key != "plan" or has_plan]
    chosen = compare.value if compare.value != "plan" or has_plan else "activism"
    label = WHAT_IF[chosen]
    with solara.Card("What if? The same run, same seed, one thing changed", classes=["trifecta-whatif"]):
        solara.v.Select(label="Compare with the same run", items=choices, v_model=chosen, dense=True,
                        outlined=True, hide_details=True, on_v_model=compare.set, class_="trifecta-compare")
        with solara.Columns([1, 1]):
            with solara.Div():
                Bold("This run", f"{acting(model)}")
                solara.Text(counts_text(model), classes=["trifecta-this-counts"], style={"font-size": "0.85em"})
            with solara.Div():
                Bold(label.capitalize(), f"{acting(other)}")
                solara.Text(counts_text(other), classes=["trifecta-whatif-counts"], style={"font-size": "0.85em"})
        solara.Text("States acting (support or more), tick by tick", style={"font-size": "0.9em"})
        Chart(compare_chart(model, other, row, label, "acting"))
        solara.Text(f"{model.world.names[row]}: net benefit of acting, tick by tick", style={"font-size": "0.9em"})
        Chart(compare_chart(model, other, row, label, "net"))
        changed = differences(model, other)
        solara.Text(("Stance now, this run → " + label + ": " + "; ".join(changed[:12])
                     + (f"; and {len(changed) - 12} more" if len(changed) > 12 else ""))
                    if changed else f"No state's stance differs {label} at this tick.",
                    classes=["trifecta-differences"], style={"font-size": "0.85em"})
