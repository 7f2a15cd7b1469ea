"""``trifecta explain``: one state's decision, term by term, tick by tick."""

from __future__ import annotations

import pandas as pd

from ..lab.runs import RunResult
from ..model.decision import TERMS
from ..model.legs import LEGS
from ..model.stance import STANCE_LABELS, Stance
from ..scenario.schema import INSTRUMENTS
from .narrative import TERM_WORDS, why


def explain_table(result: RunResult, code: str) -> pd.DataFrame:
    """One row per tick (replication 0): stance, net benefit, the levels of the three legs and every signed term."""
    h, i = result.history, result.world.index(code)
    frame = pd.DataFrame({"tick": range(h.length),
                          "stance": [STANCE_LABELS[s] for s in h["stance"][:, 0, i]],
                          "net": h["net"][:, 0, i],
                          **{f"{leg.name}_level": h[leg.level][:, 0, i] for leg in LEGS}})
    for k, term in enumerate(TERMS):
        frame[term] = h["terms"][:, 0, i, k]
    return frame.iloc[1:]


def explain_text(result: RunResult, code: str, tick: int | None = None) -> str:
    """The explanation as text: the whole table, or one tick in detail."""
    w = result.world
    i = w.index(code)
    name = w.names[i]
    table = explain_table(result, code)
    tipped = int(result.final.tipped_tick[0, i])
    head = (f"{name} ({code}) in {result.scenario.name}, seed {result.seed}: "
            + (f"tipped toward action at tick {tipped}." if tipped > 0 else
               "acting from the start." if tipped == 0 else "never acted."))
    if tick is None:
        cols = ["tick", "stance", "net"] + [f"{leg.name}_level" for leg in LEGS] + [
            t for t in TERMS if (table[t].abs() > 1e-9).any()]
        body = table[cols].to_string(index=False, float_format=lambda v: f"{v:+.3f}")
        legend = ("*_level columns are the three legs' levels (activism reaching the state, legislative pressure, "
                  "officials' conviction); the other columns are signed contributions to the net benefit of acting.")
        return "\n".join([head, legend, ordered_choice(result, 0.0, Stance.OPPOSE)[0].strip(), body])
    if not 1 <= tick < result.history.length:
        raise ValueError(f"--tick must be between 1 and {result.history.length - 1}, got {tick}")
    row = table.loc[table["tick"] == tick].iloc[0]
    contributions = {t: float(row[t]) for t in TERMS}
    lines = [head, f"At tick {tick}: stance {row['stance']}, net benefit of acting {row['net']:+.3f}",
             f"  the three legs: activism {row['activism_level']:.2f}, legislative pressure "
             f"{row['legislature_level']:.2f}, officials' conviction {row['officials_level']:.2f}"]
    for term in sorted(TERMS, key=lambda t: -contributions[t]):
        if abs(contributions[term]) > 1e-9:
            lines.append(f"  {contributions[term]:+.3f}  {term:<12} {TERM_WORDS[term]}")
    before = table.loc[table["tick"] == tick - 1, "stance"]
    held = Stance[str(before.iloc[0]).upper()] if len(before) else Stance[str(row["stance"]).upper()]
    lines += ordered_choice(result, float(row["net"]), held)
    lines.append(why(name, Stance[str(row["stance"]).upper()], contributions))
    return "\n".join(lines)


def ordered_choice(result: RunResult, net: float, held: Stance) -> list[str]:
    """How the net benefit becomes a stance: the cut points, the inertia a move must clear from the stance held
    before, the noise, and how large a shock each move needs."""
    p = result.scenario.parameters
    top = Stance.parse(INSTRUMENTS[result.scenario.crisis.response.instrument]["max_stance"])
    cuts = p.thresholds()
    names = [STANCE_LABELS[k + 1] for k in range(len(cuts))]
    lines = ["  The ordered choice: net benefit plus a shock (normal, sd noise "
             f"{p.noise:g}) is cut into stances at " + ", ".join(f"{n} {c:+.2f}" for n, c in zip(names, cuts))
             + f" (this response allows at most {top.label}); inertia {p.inertia:g} is the switching cost."]
    moves = []
    if held < top:
        up = cuts[held] + p.inertia
        moves.append(f"moving up to {STANCE_LABELS[held + 1]} needs the shocked net benefit above {up:+.2f}"
                     + _shock_needed(up - net, p.noise))
    if held > Stance.OPPOSE:
        down = cuts[held - 1] - p.inertia
        moves.append(f"moving down to {STANCE_LABELS[held - 1]} needs it below {down:+.2f}"
                     + _shock_needed(net - down, p.noise))
    if moves:
        lines.append(f"  From {held.label} (the stance held before this tick), " + "; ".join(moves) + ".")
    return lines


def _shock_needed(gap: float, noise: float) -> str:
    if gap <= 0:
        return " (the net benefit alone clears it)"
    if noise == 0:
        return " (out of reach: there is no noise)"
    return f" (a shock of {gap / noise:.1f} sd)"
