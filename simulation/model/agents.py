"""Mesa agents as thin views onto the kernel's arrays: each reads and names its own row.

The kernel advances every agent at once (see ``kernel.py``); these classes give the per-agent API
(``model.agents_by_type[StateAgent]``, the dashboard, ``explain``) without a second copy of the state.
"""

from __future__ import annotations

import mesa

from .decision import TERMS
from .stance import Stance


class _RowAgent(mesa.Agent):
    """An agent that is row ``row`` of its model's arrays."""

    def __init__(self, model, row: int):
        super().__init__(model)
        self.row = row


class StateAgent(_RowAgent):
    """A state: it acts on the response when values and pressure outweigh its interests by more than it costs to switch."""

    @property
    def code(self) -> str:
        return self.model.world.codes[self.row]

    @property
    def name(self) -> str:
        return self.model.world.names[self.row]

    @property
    def stance(self) -> Stance:
        return Stance(int(self.model.state.stance[0, self.row]))

    @property
    def net_benefit(self) -> float:
        """Benefit minus cost of acting at the last decision (NaN before the first)."""
        return float(self.model.state.net[0, self.row])

    @property
    def contributions(self) -> dict[str, float]:
        """Each term's signed contribution to the net benefit at the last decision."""
        terms = self.model.last_terms
        if terms is None:
            return {t: float("nan") for t in TERMS}
        return dict(zip(TERMS, map(float, terms[0, self.row])))

    @property
    def tipped_tick(self) -> int | None:
        """The tick the state first acted, or None if it has not."""
        t = int(self.model.state.tipped_tick[0, self.row])
        return None if t < 0 else t

    @property
    def activism(self) -> float:
        """Activism reaching the state this tick."""
        return float(self.model.state.activism[0, self.row])


class LegislatureAgent(_RowAgent):
    """A legislature: it converts activism into hearings and resolutions, in proportion to its strength."""

    @property
    def strength(self) -> float:
        return float(self.model.world.traits.legislature_strength[self.row])

    @property
    def pressure(self) -> float:
        return float(self.model.state.legislature[0, self.row])


class OfficialAgent(_RowAgent):
    """Enlightened officials: convinced by advocacy and covered by the legislature, they argue interests and values coincide."""

    @property
    def influence(self) -> float:
        return float(self.model.world.traits.official_influence[self.row])

    @property
    def conviction(self) -> float:
        return float(self.model.state.conviction[0, self.row])


class ActivistAgent(_RowAgent):
    """An activist group: it mobilises with visible severity and its resources, tires, and presses its target states."""

    @property
    def name(self) -> str:
        return self.model.world.activist_names[self.row]

    @property
    def kind(self) -> str:
        return self.model.world.activist_kinds[self.row]

    @property
    def mobilisation(self) -> float:
        return float(self.model.state.mobilisation[0, self.row])

    @property
    def targets(self) -> tuple[str, ...]:
        cols = self.model.world.targets[self.row].indices
        return tuple(self.model.world.codes[c] for c in sorted(cols))
