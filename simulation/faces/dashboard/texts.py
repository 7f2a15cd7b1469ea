"""The dashboard's words: stance counts, a state's traits, its strongest pulls, and the 'why' paragraph, from a model."""

from __future__ import annotations

from ...model.decision import TERMS
from ...model.stance import ACTING, STANCE_LABELS, Stance
from ..narrative import why_paragraph
from ..tipping import Tipping, describe, what_it_takes

TRAITS = ("democracy", "capability", "record", "grievance", "sovereignty", "value_commitment", "security_stake",
          "economic_stake", "patron_inducement", "legislature_strength", "official_influence")


def counts_text(model) -> str:
    """The stance counts now, e.g. 'Tick 3: oppose 2 · abstain 4 · support 2 · sanction 0 · intervene 0'."""
    counts = model.history["stance_counts"][-1, 0]
    return f"Tick {model.steps}: " + " · ".join(f"{label} {int(n)}" for label, n in zip(STANCE_LABELS, counts))


def acting_count(model) -> int:
    """How many states act (support the response or more) now."""
    return int(model.history["stance_counts"][-1, 0, ACTING:].sum())


def traits_text(model, row: int) -> str:
    """The state's stance, blocs and traits in one line of plain text."""
    w = model.world
    blocs = [b for b, m in zip(w.bloc_names, w.membership[row]) if m] or ["none"]
    traits = " · ".join(f"{t.replace('_', ' ')} {getattr(w.traits, t)[row]:.2f}" for t in TRAITS)
    return (f"{w.names[row]} ({w.codes[row]}): {STANCE_LABELS[int(model.state.stance[0, row])]}; "
            f"blocs: {', '.join(blocs)}. Traits: {traits}.")


def top_terms(model, row: int, k: int = 3) -> tuple[str, str]:
    """The state's ``k`` strongest pulls toward acting and against it at the last decision, as short text."""
    if model.last_terms is None:
        return "not decided yet", "not decided yet"
    values = dict(zip(TERMS, map(float, model.last_terms[0, row])))
    pros = sorted((v, t) for t, v in values.items() if v > 0.005)[::-1][:k]
    cons = sorted((v, t) for t, v in values.items() if v < -0.005)[:k]
    return (", ".join(f"{t} {v:+.2f}" for v, t in pros) or "nothing",
            ", ".join(f"{t} {v:+.2f}" for v, t in cons) or "nothing")


def levels(model, row: int) -> tuple[float, float, float]:
    """The state's three legs now: activism reaching it, legislative pressure, officials' conviction."""
    s = model.state
    return float(s.activism[0, row]), float(s.legislature[0, row]), float(s.conviction[0, row])


def tipping_of(model, row: int) -> Tipping | None:
    """What it would take the state in ``row`` to tip, or None before the first decision."""
    if model.last_terms is None:
        return None
    return what_it_takes(model.last_output, model.params, row, int(model.state.stance[0, row]))


def why_text(model, row: int) -> str:
    """The 'why' paragraph for the state in ``row`` (plain words from its term contributions)."""
    agent = model.states[row]
    if model.last_terms is None:
        return f"{agent.name} has not decided yet: press Step or Play."
    contributions = dict(zip(TERMS, map(float, model.last_terms[0, row])))
    return why_paragraph(agent.name, Stance(int(model.state.stance[0, row])), contributions, levels(model, row),
                         agent.tipped_tick, describe(tipping_of(model, row)))
