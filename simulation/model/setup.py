"""What a run needs, prepared once from a scenario: the world (its interventions included), the parameters,
the seed, the number of ticks and of replications.

Every driver (``trifecta run``, ``explain``, sweeps, strategy evaluations, lessons, the dashboard and
:class:`~simulation.model.policy_model.PolicyModel`) runs a ``RunSetup`` made by one function,
``simulation.scenario.prepare.prepare``; none of them builds kernel inputs of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from .noise import RunKey, run_seed
from .params import Parameters
from .world import World


@dataclass(frozen=True)
class RunSetup:
    """A prepared run: the world with its schedule of interventions, the parameters, and the run settings."""

    world: World
    params: Parameters
    seed: int
    steps: int
    replications: int

    def seeds(self, replications: int | None = None) -> list[RunKey]:
        """One seed per replication: replication ``r`` draws its shocks with the key ``run_seed(seed, r)``."""
        n = self.replications if replications is None else replications
        return [run_seed(self.seed, r) for r in range(n)]
