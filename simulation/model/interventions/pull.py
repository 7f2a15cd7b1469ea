"""Regional pull moved by interventions: added up by the kinds that move it, clipped once when all have acted."""

from __future__ import annotations

import numpy as np

from ..world import World


def with_regional_pull(world: World, added) -> World:
    """The world with ``added`` on its states' regional pull (unclipped: :func:`clip_regional_pull` bounds it)."""
    return world.with_traits(regional_pull=world.traits.regional_pull + added)


def clip_regional_pull(world: World) -> World:
    """The world with its regional pull back in [-1, 1]."""
    return world.with_traits(regional_pull=np.clip(world.traits.regional_pull, -1.0, 1.0))
