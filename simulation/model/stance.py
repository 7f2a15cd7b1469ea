"""The ordered scale of stances a state can take toward a proposed human-rights response."""

from __future__ import annotations

from enum import IntEnum


class Stance(IntEnum):
    """A state's position on the proposed response, from working against it to joining its most coercive form."""

    OPPOSE = 0
    ABSTAIN = 1
    SUPPORT = 2
    SANCTION = 3
    INTERVENE = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Stance:
        return cls[text.upper()]


STANCE_LABELS: tuple[str, ...] = tuple(s.label for s in Stance)

#: The lowest stance that counts as acting on the proposed response ("the state tipped").
ACTING = Stance.SUPPORT
