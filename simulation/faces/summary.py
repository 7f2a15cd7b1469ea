"""The short plain-language summary ``trifecta run`` prints."""

from __future__ import annotations

import numpy as np

from ..lab.runs import RunResult
from ..model.stance import STANCE_LABELS, Stance
from ..scenario.from_world import fill_notes

LISTED = 15  # states named one by one; the rest are counted


def summary(result: RunResult) -> str:
    """How many states moved, which tipped when, and each tipped state's three pressure levels at that moment."""
    s, w, f = result.scenario, result.world, result.final
    resp = s.crisis.response
    lines = [f"{s.name}: {s.title}" if s.title else s.name,
             f"{result.steps} ticks, seed {result.seed}, {result.replications} replication(s); "
             f"crisis in {s.crisis.target}, response: {resp.instrument} ({resp.sponsor} sponsor)."]
    initial = w.initial.stance[0]
    if result.replications == 1:
        moved = int((f.stance[0] != initial).sum())
        tipped = [(int(f.tipped_tick[0, i]), i) for i in range(w.n_states) if f.tipped_tick[0, i] > 0]
        lines.append(f"{moved} of {w.n_states} states changed stance; {len(tipped)} tipped toward action.")
        for tick, i in _first(sorted(tipped), lines):
            act, leg, conv = f.pressures_at_tip[0, i]
            lines.append(f"  {w.names[i]:<14} tipped at tick {tick:>3}, now {STANCE_LABELS[f.stance[0, i]]:<9}"
                         f" (activism {act:.2f}, legislature {leg:.2f}, officials' conviction {conv:.2f})")
        already = [w.names[i] for i in range(w.n_states) if f.tipped_tick[0, i] == 0]
        if already:
            lines.append("  acting from the start: " + _names(already))
        never = [i for i in range(w.n_states) if f.tipped_tick[0, i] < 0]
        if never:
            closest = max(never, key=lambda i: f.net[0, i])
            lines.append("  never acted: " + _names([f"{w.names[i]} ({STANCE_LABELS[f.stance[0, i]]})" for i in never])
                         + f"; closest: {w.names[closest]} (net benefit {f.net[0, closest]:+.2f})")
    else:
        share = (f.tipped_tick > 0).mean(axis=0)
        acting = (f.stance >= Stance.SUPPORT).mean(axis=0)
        lines.append(f"Across {result.replications} replications, {int((share > 0).sum())} of {w.n_states} "
                     "states tipped toward action in at least one:")
        for i in _first([i for i in np.argsort(-share, kind="stable") if share[i] > 0], lines):
            ticks = f.tipped_tick[:, i][f.tipped_tick[:, i] > 0]
            at = f.pressures_at_tip[:, i][f.tipped_tick[:, i] > 0].mean(axis=0)
            lines.append(f"  {w.names[i]:<14} tipped in {share[i]:6.1%} (acting at the end {acting[i]:6.1%}), "
                         f"median tick {np.median(ticks):.0f}; mean pressures then: activism {at[0]:.2f}, "
                         f"legislature {at[1]:.2f}, officials' conviction {at[2]:.2f}")
    notes = fill_notes(s)
    if notes:
        filled = {(n.iso3, n.field) for n in notes if n.iso3 in set(w.codes)}
        lines.append(f"World table {s.world.year}: {len(filled)} trait values of {len({c for c, _ in filled})} states "
                     "were filled or adjusted by stated rules (each listed in fill_notes.csv).")
    return "\n".join(lines)


def _first(items: list, lines: list[str]) -> list:
    """The first ``LISTED`` items; a line saying how many more there are is added after them by the caller's loop."""
    if len(items) > LISTED:
        lines.append(f"  (the first {LISTED} of {len(items)}; all are in states.parquet)")
    return items[:LISTED]


def _names(names: list[str]) -> str:
    """Names joined by commas, or the first ``LISTED`` and a count of the rest."""
    if len(names) <= LISTED:
        return ", ".join(names)
    return ", ".join(names[:LISTED]) + f" and {len(names) - LISTED} more"
