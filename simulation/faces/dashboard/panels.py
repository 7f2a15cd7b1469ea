"""The dashboard's panels (Solara components): world view with state picker, stances, terms, why, trifecta."""

from __future__ import annotations

import solara
from mesa.visualization.utils import update_counter

from ...model.decision import TERMS
from ...model.stance import STANCE_LABELS, Stance
from ..narrative import why_paragraph
from ..tipping import describe, what_it_takes
from ..worldmap import use_map
from .figures import legs_figure, stances_figure, terms_figure, world_figure

#: The code of the state the user selected (per browser session); blank means the scenario's focal state.
selected_code = solara.reactive("")
TRAITS = ("democracy", "capability", "record", "grievance", "sovereignty", "value_commitment", "security_stake",
          "economic_stake", "patron_inducement", "legislature_strength", "official_influence")


def selected_row(model) -> int:
    """The selected state's row: the user's choice if it is in this scenario, else the first focal state, else 0."""
    codes = model.world.codes
    if selected_code.value in codes:
        return codes.index(selected_code.value)
    focal = [c for c in model.scenario.focal if c in codes]
    return codes.index(focal[0]) if focal else 0


def counts_text(model) -> str:
    """The stance counts now, e.g. 'Tick 3: oppose 2 · abstain 4 · support 2 · sanction 0 · intervene 0'."""
    counts = model.history["stance_counts"][-1, 0]
    return f"Tick {model.steps}: " + " · ".join(f"{label} {int(n)}" for label, n in zip(STANCE_LABELS, counts))


def traits_text(model, row: int) -> str:
    """The selected state's stance, blocs and traits in one line of plain text."""
    w = model.world
    blocs = [b for b, m in zip(w.bloc_names, w.membership[row]) if m] or ["none"]
    traits = " · ".join(f"{t.replace('_', ' ')} {getattr(w.traits, t)[row]:.2f}" for t in TRAITS)
    return (f"{w.names[row]} ({w.codes[row]}): {STANCE_LABELS[int(model.state.stance[0, row])]}; "
            f"blocs: {', '.join(blocs)}. Traits: {traits}.")


@solara.component
def WorldView(model):
    """The map (or bloc network) coloured by stance, a state picker, and the selected state's traits."""
    update_counter.get()
    row = selected_row(model)
    w = model.world
    with solara.Card("World: " + ("map" if use_map(w.codes) else "bloc network"), classes=["trifecta-world"]):
        solara.FigureMatplotlib(world_figure(model, row), format="png")
        solara.Select("Selected state", value=w.names[row], values=list(w.names),
                      on_value=lambda name: selected_code.set(w.codes[w.names.index(name)]))
        solara.Text(traits_text(model, row), classes=["trifecta-traits"], style={"font-size": "0.85em"})


@solara.component
def StancesPanel(model):
    """Stances over time and the counts now."""
    update_counter.get()
    with solara.Card("Stances over time", classes=["trifecta-stances"]):
        solara.Text(counts_text(model), classes=["trifecta-counts"])
        solara.FigureMatplotlib(stances_figure(model), format="png")


@solara.component
def TermsPanel(model):
    """The selected state's benefit against cost, term by term."""
    update_counter.get()
    with solara.Card("Benefit against cost, term by term", classes=["trifecta-terms"]):
        solara.FigureMatplotlib(terms_figure(model, selected_row(model)), format="png")


def tipping_of(model, row: int):
    """What it would take the state in ``row`` to tip, or None before the first decision."""
    if model.last_terms is None:
        return None
    return what_it_takes(model.last_output, model.params, row, int(model.state.stance[0, row]))


def why_text(model) -> str:
    """The 'why' paragraph for the selected state (plain words from its term contributions)."""
    row = selected_row(model)
    agent = model.states[row]
    if model.last_terms is None:
        return f"{agent.name} has not decided yet: press Step or Play."
    s = model.state
    levels = (float(s.activism[0, row]), float(s.legislature[0, row]), float(s.conviction[0, row]))
    contributions = dict(zip(TERMS, map(float, model.last_terms[0, row])))
    return why_paragraph(agent.name, Stance(int(s.stance[0, row])), contributions, levels, agent.tipped_tick,
                         describe(tipping_of(model, row)))


@solara.component
def WhyPanel(model):
    """One paragraph in plain words: why the selected state holds its stance."""
    update_counter.get()
    with solara.Card("Why?", classes=["trifecta-why-card"]):
        solara.Text(why_text(model), classes=["trifecta-why"])


@solara.component
def TrifectaPanel(model):
    """The three legs' levels for the selected state against what it would take to tip."""
    update_counter.get()
    row = selected_row(model)
    with solara.Card("The trifecta: three legs against the tipping point", classes=["trifecta-legs"]):
        tipping = tipping_of(model, row)
        if tipping is None:
            solara.Text("No decision yet: press Step or Play.")
        else:
            solara.FigureMatplotlib(legs_figure(model.world.names[row], tipping), format="png")


COMPONENTS = [WorldView, WhyPanel, TrifectaPanel, StancesPanel, TermsPanel]
#: Where each panel sits on the 12-column grid (x, y, width, height in grid rows), in the order of COMPONENTS.
LAYOUT = [(0, 0, 7, 17), (7, 0, 5, 9), (7, 9, 5, 8), (0, 17, 6, 10), (6, 17, 6, 10)]


def grid_layout(count: int) -> list[dict]:
    """The grid layout SolaraViz starts from: ours for our panels, two columns for anything else."""
    if count != len(LAYOUT):
        return [{"i": i, "x": 6 * (i % 2), "y": 10 * (i // 2), "w": 6, "h": 10, "moved": False} for i in range(count)]
    return [{"i": i, "x": x, "y": y, "w": w, "h": h, "moved": False} for i, (x, y, w, h) in enumerate(LAYOUT)]
