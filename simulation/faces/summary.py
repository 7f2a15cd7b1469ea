"""The short plain-language summary ``trifecta run`` prints."""

from __future__ import annotations

import numpy as np

from ..lab.runs import RunResult
from ..model.stance import STANCE_LABELS, Stance
from ..scenario.from_world import fill_notes

LISTED = 15  # states named one by one; the rest are counted


def header(result: RunResult, variant: str | None = None, overrides: dict | None = None) -> list[str]:
    """The scenario, the variant and every ``--set`` override it ran with, and the run settings."""
    s = result.scenario
    resp = s.crisis.response
    lines = [f"{s.name}: {s.title}" if s.title else s.name]
    changed = ([f"variant {variant}"] if variant else []) + [f"--set {k}={v}" for k, v in (overrides or {}).items()]
    if changed:
        lines.append("with " + ", ".join(changed))
    lines.append(f"{result.steps} ticks, seed {result.seed}, {result.replications} replication(s); "
                 f"crisis in {s.crisis.target}, response: {resp.instrument} ({resp.sponsor} sponsor).")
    return lines


def _state_line(result: RunResult, i: int) -> str:
    """One state of a single run: when it tipped (and the three legs then), or that it never acted or acted from the start."""
    w, f = result.world, result.final
    tick, now = int(f.tipped_tick[0, i]), STANCE_LABELS[f.stance[0, i]]
    if tick > 0:
        act, leg, conv = f.pressures_at_tip[0, i]
        return (f"  {w.names[i]:<14} tipped at tick {tick:>3}, now {now:<9}"
                f" (activism {act:.2f}, legislature {leg:.2f}, officials' conviction {conv:.2f})")
    what = "acting from the start" if tick == 0 else "never acted"
    return f"  {w.names[i]:<14} {what}, now {now:<9} (net benefit {f.net[0, i]:+.2f})"


def _share_line(result: RunResult, i: int) -> str:
    """One state over replications: how often it tipped, acted at the end, and the mean legs when it tipped."""
    w, f = result.world, result.final
    share, acting = (f.tipped_tick[:, i] > 0).mean(), (f.stance[:, i] >= Stance.SUPPORT).mean()
    ticks = f.tipped_tick[:, i][f.tipped_tick[:, i] > 0]
    if not len(ticks):
        return f"  {w.names[i]:<14} tipped in {share:6.1%} (acting at the end {acting:6.1%})"
    at = f.pressures_at_tip[:, i][f.tipped_tick[:, i] > 0].mean(axis=0)
    return (f"  {w.names[i]:<14} tipped in {share:6.1%} (acting at the end {acting:6.1%}), "
            f"median tick {np.median(ticks):.0f}; mean pressures then: activism {at[0]:.2f}, "
            f"legislature {at[1]:.2f}, officials' conviction {at[2]:.2f}")


def summary(result: RunResult, variant: str | None = None, overrides: dict | None = None) -> str:
    """What ran (variant, overrides), the focal states first on world scenarios, how many states moved, which
    tipped when, and each tipped state's three pressure levels at that moment."""
    s, w, f = result.scenario, result.world, result.final
    lines = header(result, variant, overrides)
    initial = w.initial.stance[0]
    focal = [w.index(c) for c in s.focal if c in w.codes] if s.world is not None else []
    line = _state_line if result.replications == 1 else _share_line
    if focal:
        lines.append("Focal states:")
        lines += [line(result, i) for i in focal]
    if result.replications == 1:
        moved = int((f.stance[0] != initial).sum())
        tipped = [(int(f.tipped_tick[0, i]), i) for i in range(w.n_states) if f.tipped_tick[0, i] > 0]
        lines.append(f"{moved} of {w.n_states} states changed stance; {len(tipped)} tipped toward action.")
        for tick, i in _first(sorted(tipped), lines):
            lines.append(_state_line(result, i))
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
        lines.append(f"Across {result.replications} replications, {int((share > 0).sum())} of {w.n_states} "
                     "states tipped toward action in at least one:")
        for i in _first([i for i in np.argsort(-share, kind="stable") if share[i] > 0], lines):
            lines.append(_share_line(result, i))
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
