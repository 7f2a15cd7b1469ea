"""Campaigns: an NGO or victims' campaign, funded toward its target states."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from scipy import sparse

from .kind import InterventionKind

#: Credibility of the activist a campaign funds.
CREDIBILITY = 0.7


def target_sets(interventions) -> tuple[tuple[int, ...], ...]:
    """The campaigns' target sets, one funded activist each, in order of first appearance."""
    return tuple(dict.fromkeys(iv.targets for iv in interventions if iv.kind == Campaign.name))


class Campaign(InterventionKind):
    """A campaign adds an activist that presses its targets, mobilising as far as it is funded while the campaign runs."""

    name = "campaign"
    summary = "an NGO or victims' campaign funded toward the target states"
    unit_cost = 1.0

    def prepare(self, world, interventions):
        """One unfunded, unmobilised activist per target set (credibility 0.7; it carries no information out)."""
        rows = target_sets(interventions)
        if not rows:
            return world
        n_new, n = len(rows), world.n_states
        r = [k for k, targets in enumerate(rows) for _ in targets]
        c = [i for targets in rows for i in targets]
        added = sparse.csr_matrix((np.ones(len(r)), (r, c)), shape=(n_new, n))
        initial = replace(world.initial, mobilisation=np.concatenate(
            [world.initial.mobilisation, np.zeros((world.initial.batch, n_new))], axis=1))

        def extended(values, fill):
            return np.concatenate([values, np.broadcast_to(fill, values.shape[:-1] + (n_new,))], axis=-1)

        return replace(
            world,
            activist_names=world.activist_names + tuple(f"campaign {k + 1}" for k in range(n_new)),
            activist_kinds=world.activist_kinds + ("victims",) * n_new,
            resources=extended(world.resources, 0.0),
            credibility=extended(world.credibility, CREDIBILITY),
            informs=extended(world.informs, 0.0),
            targets=sparse.vstack([world.targets, added]).tocsr(),
            initial=initial,
        )

    def act(self, world, state, active, tick, all_interventions):
        """A campaign activist's resources are the summed intensity of its active campaigns, capped at 1."""
        rows = target_sets(all_interventions)
        funded = np.zeros(len(rows))
        for iv in active:
            funded[rows.index(iv.targets)] += iv.intensity
        resources = np.array(world.resources, dtype=float)
        resources[..., world.n_activists - len(rows):] = np.minimum(funded, 1.0)
        return world.with_numbers(resources=resources), state


KIND = Campaign()
