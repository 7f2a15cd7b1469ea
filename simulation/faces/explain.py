"""``trifecta explain``: one state's decision, term by term, tick by tick."""

from __future__ import annotations

import pandas as pd

from ..lab.runs import RunResult
from ..model.decision import TERMS
from ..model.legs import LEGS
from ..model.stance import STANCE_LABELS, Stance
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
        return "\n".join([head, legend, body])
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
    lines.append(why(name, Stance[str(row["stance"]).upper()], contributions))
    return "\n".join(lines)
