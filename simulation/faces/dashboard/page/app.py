"""The page: what one browser session holds (its own runs and settings) and how the panels are laid out.

Every browser session renders its own ``Page``, so its state (the scenario, the controls, the tick, the
selected state) and its runs belong to that session alone: two students on one URL never share a model.
Serve it with ``trifecta app [SCENARIO]``.
"""

from __future__ import annotations

import time
from dataclasses import replace

import solara

from ....scenario.errors import InputFileError
from ..controls import Controls, Plan
from ..runs import Run, catalog, parse_seed
from .panels import (
    ControlsPanel,
    Header,
    InterventionPanel,
    StancesPanel,
    TermsPanel,
    TrifectaPanel,
    WhatIfPanel,
    WhyPanel,
    WorldPanel,
)

#: Seconds between ticks while playing.
PLAY_INTERVAL = 0.6
CSS = """
.trifecta-page { display: grid; grid-template-columns: 360px minmax(0, 1fr); gap: 16px; padding: 12px; }
.trifecta-main { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 12px;
                 align-content: start; }
.trifecta-side .v-card, .trifecta-main .v-card { margin-bottom: 12px; }
.trifecta-wide { grid-column: 1 / -1; }
"""


def runs_for(path, controls: Controls, seed: int | None, compare: str) -> tuple[Run, Run, str | None]:
    """This session's run and its "what if" run; if the intervention does not fit the scenario, both without it."""
    problem = None
    try:
        run = Run(path, controls, seed)
    except InputFileError as exc:
        problem = exc.render()
        controls = replace(controls, plan=None)
        run = Run(path, controls, seed)
    other = controls.without("activism" if compare == "plan" and controls.plan is None else compare)
    return run, Run(path, other, seed), problem


@solara.component
def Page():
    files = catalog()
    names = list(files)
    name = solara.use_reactive(names[0])
    seed_text = solara.use_reactive("")
    controls = solara.use_reactive(Controls())
    draft = solara.use_reactive(Plan(kind=""))
    tick = solara.use_reactive(0)
    playing = solara.use_reactive(False)
    selected = solara.use_reactive("")
    compare = solara.use_reactive("activism")

    path = files[name.value]
    seed = parse_seed(seed_text.value)
    plan = draft.value if draft.value.kind else None
    effective = replace(controls.value, plan=plan)
    run, other, problem = solara.use_memo(lambda: runs_for(path, effective, seed, compare.value),
                                          dependencies=[path, effective, seed, compare.value])
    steps = run.steps
    model, alt_model = run.at(tick.value), other.at(tick.value)
    codes = model.world.codes
    if selected.value in codes:
        row = codes.index(selected.value)
    else:
        focal = [c for c in run.scenario.focal if c in codes]
        row = codes.index(focal[0]) if focal else 0

    def play(cancel):
        while playing.value and tick.value < steps and not cancel.is_set():
            time.sleep(PLAY_INTERVAL)
            if playing.value and not cancel.is_set():
                tick.set(min(steps, tick.value + 1))
        playing.set(False)

    solara.use_thread(play, dependencies=[playing.value])

    def choose_scenario(new: str) -> None:
        name.set(new)
        tick.set(0)
        playing.set(False)
        draft.set(Plan(kind=""))
        selected.set("")

    solara.Title("trifecta: interests, values and the trifecta of pressure")
    solara.Style(CSS)
    Header(model, steps, tick, playing)
    with solara.Div(classes=["trifecta-page"]):
        with solara.Div(classes=["trifecta-side"]):
            ControlsPanel(names, name.value, choose_scenario, seed_text, run, controls)
            InterventionPanel(run, draft, model.world.codes[row], problem)
        with solara.Div(classes=["trifecta-main"]):
            WorldPanel(model, row, lambda code: selected.set(code))
            WhyPanel(model, row)
            TrifectaPanel(model, row)
            StancesPanel(model)
            WhatIfPanel(model, alt_model, row, compare, plan is not None)
            TermsPanel(model, row)
