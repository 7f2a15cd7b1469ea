"""The state agent: a thin view onto its row of the kernel's arrays.

The kernel advances every state, legislature, official and activist at once (see ``kernel.py``); a
``StateAgent`` gives the per-agent API (``model.states``, the dashboard, the per-agent reference model in
the tests) without a second copy of the state. A state's legislature and officials are read through it.
"""

from __future__ import annotations

import itertools
import weakref

import mesa

from .decision import TERMS
from .stance import Stance


class _IdsPerModel(weakref.WeakKeyDictionary):
    """Each model's counter of agent ids, holding the model weakly.

    Mesa 3.3.1 counts ids in ``Agent._ids``, a class-wide dict that holds every model ever made, and so all its
    agents and arrays, for the life of the process (mesa issue #3179, fixed after 3.3.1): a dashboard or a
    ``batch_run`` of PolicyModel would grow without end."""

    def __getitem__(self, model):
        try:
            return super().__getitem__(model)
        except KeyError:
            counter = self[model] = itertools.count(1)
            return counter


class StateAgent(mesa.Agent):
    """A state: it acts on the response when values and pressure outweigh its interests by more than it costs to switch."""

    _ids = _IdsPerModel()  # ids from 1 in each model, as in Mesa, without keeping the model alive

    def __init__(self, model, row: int):
        super().__init__(model)
        self.row = row

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
        """Activism reaching the state this tick (leg 1)."""
        return float(self.model.state.activism[0, self.row])

    @property
    def legislative_pressure(self) -> float:
        """The pressure its legislature puts on the executive (leg 2)."""
        return float(self.model.state.legislature[0, self.row])

    @property
    def conviction(self) -> float:
        """Its officials' conviction that interests and values coincide (leg 3)."""
        return float(self.model.state.conviction[0, self.row])
