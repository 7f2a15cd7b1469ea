"""The three legs of the trifecta: activism, the legislature and the officials, one spelling for each.

A leg's *level* is a state variable of the kernel (``WorldState`` and ``History`` field ``level``): the
activism reaching a state, its legislature's pressure, its officials' conviction. Tables, outcomes,
figures and the dashboard name a leg by ``name`` and read its level through this registry.
"""

from __future__ import annotations

from typing import NamedTuple


class Leg(NamedTuple):
    """A leg of the trifecta: its name, the state variable holding its level, that level in plain words, the
    decision term it feeds, and its colour in figures."""

    name: str
    level: str
    words: str
    term: str
    colour: str


#: The legs, in the order the source brief names them.
LEGS: tuple[Leg, ...] = (
    Leg("activism", "activism", "activism", "activism", "#e66101"),
    Leg("legislature", "legislature", "legislative pressure", "legislature", "#5e3c99"),
    Leg("officials", "conviction", "officials' conviction", "officials", "#1b7837"),
)
LEG_NAMES: tuple[str, ...] = tuple(leg.name for leg in LEGS)
