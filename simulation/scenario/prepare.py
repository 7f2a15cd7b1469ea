"""From a validated scenario to everything a run needs: the one preparation step every driver takes.

``prepare(scenario)`` gives a :class:`~simulation.model.setup.RunSetup`: the world (its interventions
scheduled inside it), the parameters, the seed, the ticks and the replications. ``trifecta run``,
``explain``, ``lesson``, sweeps, strategy evaluations, the dashboard and ``PolicyModel`` all run what it
gives; none builds kernel inputs of its own.

A :class:`Preparation` prepares one base scenario once and then the scenarios its changes make (sweep
points, uncertain samples, strategies). Changes that only set parameters, or numbers of states and
activists, are applied to the prepared arrays without rebuilding the scenario; any other change takes
the general road (:func:`simulation.scenario.changes.apply_changes`, then building). Both roads give
the same world, bit for bit (``tests/test_prepare.py``). Many points that set the same parameters and nothing
else can be taken as one table (:meth:`Preparation.parameter_points`), each column checked in one step, as a
sweep's chunk does; the table holds exactly the parameters :meth:`Preparation.at` gives each point.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import fields, replace
from typing import Any, NamedTuple

import numpy as np

from ..model.params import Parameters, parameter_rows
from ..model.setup import RunSetup
from ..model.world import StateTraits, World
from .build import bare_world, build_world, initial_state, state_traits, with_schedule
from .changes import Change, apply_changes, as_changes
from .interventions import intervention_problems, schedule_of
from .paths import PathError, parse_path
from .schema import ActivistSpec, InterventionSpec, Scenario, StateSpec


def prepare(scenario: Scenario, changes: Mapping[str, Any] | Sequence[Change] = (), *, seed: int | None = None,
            steps: int | None = None, replications: int | None = None, file: str = "") -> RunSetup:
    """What a run of ``scenario`` (with ``changes``) needs; seed, steps and replications default to its ``run``."""
    setup = Preparation(scenario, file).at(changes)
    return RunSetup(setup.world, setup.params, scenario.run.seed if seed is None else seed,
                    scenario.run.steps if steps is None else steps,
                    scenario.run.replications if replications is None else replications)


#: State fields a change may set on the prepared arrays (numbers on a fixed structure).
STATE_NUMBERS = frozenset({"democracy", "capability", "record", "grievance", "sovereignty", "value_commitment",
                           "security_stake", "economic_stake", "patron_inducement", "legislature.strength",
                           "legislature.pressure", "official.influence", "official.conviction", "prior",
                           "alignment", "sponsor"})
ACTIVIST_NUMBERS = frozenset({"resources", "credibility", "mobilisation"})
#: The state numbers that set its tick-0 levels (``build.initial_state``) and no trait: a change of the others
#: leaves the tick-0 state as it is, a change of these the traits.
START_NUMBERS = frozenset({"legislature.pressure", "official.conviction"})


class Preparation:
    """A base scenario prepared once, and the run setups of the changes made on it."""

    def __init__(self, scenario: Scenario, file: str = ""):
        self.scenario = scenario
        self.file = file
        self.bare = bare_world(scenario)
        self.world = with_schedule(self.bare, schedule_of(scenario))
        self._states = {s.code: i for i, s in enumerate(scenario.states)}
        self._activists = {a.name: k for k, a in enumerate(scenario.activists)}
        self._targets: dict[str, tuple | None] = {}  # each path's target on the fast road, found once
        self._base_rows = _BaseRows.of(self.bare)

    def base(self) -> RunSetup:
        """The base scenario's own run."""
        return self.at(())

    def at(self, changes: Mapping[str, Any] | Sequence[Change]) -> RunSetup:
        """The run setup of the base scenario with ``changes`` (seed, steps and replications of the changed scenario)."""
        pairs = (list(changes.items()) if isinstance(changes, Mapping)
                 else [(change.path, change.value) for change in changes])
        fast = self._fast(pairs)
        if fast is not None:
            run = self.scenario.run
            return RunSetup(fast[0], fast[1], run.seed, run.steps, run.replications)
        changed = apply_changes(self.scenario, as_changes(changes), self.file)
        run = changed.run
        return RunSetup(build_world(changed), changed.parameters, run.seed, run.steps, run.replications)

    def parameter_points(self, columns: Mapping[str, Sequence[Any]], points: int) -> np.ndarray | None:
        """``points`` points that change parameters only (path -> one value per point), as the table of their
        parameters (``params.parameter_rows``: points by fields), each run on the base world (``self.world``); every
        value checked as :meth:`at` checks it, in one step per path. None if a path names anything but a parameter
        or a value breaks a rule: each point then takes :meth:`at`, which reports the problem at its change."""
        names: dict[str, Sequence[Any]] = {}
        for path, values in columns.items():
            target = self._target(path)
            if target is None or target == _INTERVENTIONS or target[0] != "parameters":
                return None
            names[target[2]] = values
        try:
            return parameter_rows(self.scenario.parameters, names, points)
        except (ValueError, TypeError):  # a ValidationError too
            return None

    def _fast(self, pairs: list[tuple[str, Any]]):
        """The world and parameters of the changes ``pairs`` (path, value) made on the prepared arrays, or None if
        they need the general road.

        The fast road takes parameters, numbers of states and activists (``STATE_NUMBERS``,
        ``ACTIVIST_NUMBERS``) and a whole new ``interventions`` list; a value it cannot use as it stands goes
        to the general road, which reports the problem at the change.
        """
        if not pairs:
            return self.world, self.scenario.parameters
        params: dict[str, Any] = {}
        states: dict[int, dict] = {}
        activists: dict[int, dict] = {}
        interventions = None
        state_fields: set[str] = set()
        for path, value in pairs:
            target = self._target(path)
            if target is None:
                return None
            if target == _INTERVENTIONS:
                interventions = value
                continue
            where, row, field = target
            if where == "parameters":
                params[field] = value
                continue
            if where == "states":
                state_fields.add(field)
            specs = self.scenario.states if where == "states" else self.scenario.activists
            book = states if where == "states" else activists
            data = book.setdefault(row, specs[row].model_dump())
            head, _, leaf = field.partition(".")
            if leaf:
                data[head] = {**data[head], leaf: value}
            else:
                data[head] = value
        try:
            new_params = self.scenario.parameters.with_values(params) if params else self.scenario.parameters
            new_states = list(self.scenario.states)
            for row, data in states.items():
                new_states[row] = StateSpec.model_validate(data)
            new_activists = list(self.scenario.activists)
            for row, data in activists.items():
                new_activists[row] = ActivistSpec.model_validate(data)
            specs = (None if interventions is None
                     else tuple(InterventionSpec.model_validate(iv) for iv in interventions))
        except (ValueError, TypeError):  # a ValidationError too
            return None  # the general road reports the problem, located at the change
        if specs is not None and intervention_problems(specs, self.scenario):
            return None
        if not states and not activists and specs is None:
            return self.world, new_params
        world = self.bare
        if states or activists:
            rows = sorted(states)
            changed = self.scenario.model_construct(**{**self.scenario.__dict__, "activists": tuple(new_activists),
                                                        "states": tuple(new_states[r] for r in rows)})
            world = _renumbered(world, changed, rows, self._base_rows, traits=bool(state_fields - START_NUMBERS),
                                start=bool(state_fields & START_NUMBERS), activists=bool(activists))
        schedule = schedule_of(self.scenario, self.scenario.interventions if specs is None else specs)
        return with_schedule(world, schedule), new_params

    def _target(self, path: str) -> tuple | None:
        """What the change at ``path`` sets on the fast road (:meth:`_number`, or the interventions), or None."""
        if path not in self._targets:
            try:
                tokens = parse_path(path)
            except PathError:
                self._targets[path] = None
            else:
                self._targets[path] = _INTERVENTIONS if tokens == ["interventions"] else self._number(tokens)
        return self._targets[path]

    def _number(self, tokens: list) -> tuple[str, int | None, str] | None:
        """(``parameters``, None, name), (``states``, row, field) or (``activists``, row, field) for a path
        naming a number on the prepared arrays; None for any other path."""
        if len(tokens) == 2 and tokens[0] == "parameters" and tokens[1] in Parameters.model_fields:
            return "parameters", None, tokens[1]
        if len(tokens) < 3 or tokens[0] not in ("states", "activists"):
            return None
        field = ".".join(str(t) for t in tokens[2:])
        rows, names = ((self._states, STATE_NUMBERS) if tokens[0] == "states" else (self._activists, ACTIVIST_NUMBERS))
        selector = tokens[1]
        if isinstance(selector, int):
            n = len(rows)
            row = selector % n if -n <= selector < n else None
        else:
            row = rows.get(selector[1:-1]) if isinstance(selector, str) and selector.startswith("[") else None
        if row is None or field not in names:
            return None
        return tokens[0], row, field


_INTERVENTIONS = ("interventions",)  # the target of a change of the whole interventions list


def _renumbered(world: World, changed: Scenario, rows: list[int], base: _BaseRows, traits: bool,
                start: bool, activists: bool) -> World:
    """A bare world (no interventions) with new per-state and per-activist numbers, its structure kept: ``changed``
    holds every activist and the states of ``rows`` only, whose rows alone are computed again (a state's traits and
    tick-0 levels are its own numbers; regional pull depends on blocs alone), their traits if ``traits``, their
    tick-0 levels if ``start``, and the activists' numbers if ``activists``. ``base`` holds ``world``'s own rows;
    what is not computed again is ``world``'s own arrays, shared."""
    numbers: dict = {}
    if rows and traits:
        new = state_traits(changed, world.traits.regional_pull[rows])
        numbers["traits"] = replace(world.traits, **_changed_rows(world.traits, base.traits, rows, new, _TRAIT_NUMBERS))
    initial = world.initial
    if rows and start:
        levels = initial_state(changed)
        initial = replace(initial, **_changed_rows(initial, base.start, rows, levels, _PER_STATE_START, axis=1))
    if activists:
        mobilisation = np.array([[a.mobilisation for a in changed.activists]], dtype=float).reshape(1, -1)
        if not np.array_equal(mobilisation, initial.mobilisation):  # else shared by the points that leave it
            initial = replace(initial, mobilisation=mobilisation)
        numbers["resources"] = np.array([a.resources for a in changed.activists], dtype=float)
        numbers["credibility"] = np.array([a.credibility for a in changed.activists], dtype=float)
    if initial is not world.initial:
        numbers["initial"] = initial
    return world.with_numbers(**numbers)


#: The traits that are a state's own numbers (regional pull comes from the blocs), and the tick-0 levels they set
#: (the rest start at zero, or are the crisis's and activists').
_TRAIT_NUMBERS = tuple(f.name for f in fields(StateTraits) if f.name != "regional_pull")
_PER_STATE_START = ("stance", "legislature", "conviction", "baseline_conviction", "tipped_tick", "acting_since")


class _BaseRows(NamedTuple):
    """A world's per-state numbers as one (fields, N) table each, to compare a point's few rows with in one step."""

    traits: np.ndarray
    start: np.ndarray

    @classmethod
    def of(cls, world: World) -> _BaseRows:
        return cls(np.array([getattr(world.traits, name) for name in _TRAIT_NUMBERS], dtype=float),
                   np.array([getattr(world.initial, name)[0] for name in _PER_STATE_START], dtype=float))


def _changed_rows(record: Any, base: np.ndarray, rows: list[int], new: Any, names: tuple[str, ...],
                  axis: int = 0) -> dict[str, np.ndarray]:
    """The arrays among ``names`` of ``record`` whose ``rows`` (along ``axis``) ``new`` changes, each a copy with
    ``new``'s rows in place; the others are left out, so that points share what they do not change."""
    fresh = np.array([np.asarray(getattr(new, name), dtype=float).reshape(-1) for name in names])
    out = {}
    for k in np.flatnonzero((base[:, rows] != fresh).any(axis=1)):
        values = np.array(getattr(record, names[k]), copy=True)
        values[(slice(None),) * axis + (rows,)] = getattr(new, names[k])
        out[names[k]] = values
    return out
