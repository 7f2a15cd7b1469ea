"""The scenario language: typed, frozen definitions of a scenario file, with documented defaults.

A scenario names its states, the blocs they belong to, the activists pressing them, the crisis and the
proposed response, the mechanism's parameters, named variants, and run settings. Unknown keys are errors.
``trifecta schema`` exports these definitions as JSON Schema for editors.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from ..model.interventions import KINDS
from ..model.params import Parameters
from .bounds import MAX_REPLICATIONS, MAX_SEED, MAX_TICKS

Unit = Annotated[float, Field(ge=0.0, le=1.0, strict=True)]  # strict: true or "0.5" is not a number
Position = Annotated[float, Field(ge=-1.0, le=1.0, strict=True)]  # a position on the response, -1 to +1
Code = Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="Three capital letters, e.g. an ISO3 code.")]
Seed = Annotated[int, Field(ge=0, le=MAX_SEED, strict=True)]
StanceName = Literal["oppose", "abstain", "support", "sanction", "intervene"]


class Spec(BaseModel):
    """Base of every scenario object: immutable, and strict about unknown keys."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class LegislatureSpec(Spec):
    """A state's legislature: how strong it is and how much pressure it already exerts."""

    strength: Unit | None = Field(
        None, description="Institutional strength in [0, 1]; default: the state's democracy score.")
    pressure: Unit = Field(0.0, description="Legislative pressure (hearings, resolutions) at tick 0.")


class OfficialSpec(Spec):
    """The state's enlightened officials: their influence in the executive and their conviction."""

    influence: Unit = Field(0.5, description="Weight of officials' voice in the executive's decision.")
    conviction: Unit = Field(
        0.1, description="Conviction at tick 0 that interests and values coincide; also the level it relaxes to.")


class StateSpec(Spec):
    """One state agent: its traits, its stakes in this crisis, its blocs, legislature and officials."""

    code: Code
    name: str | None = Field(None, description="Display name; default: the code.")
    democracy: Unit = Field(0.5, description="Democracy: points of access for activists and legislators.")
    capability: Unit = Field(0.1, description="Material capability; shields a state from peer and regional pressure.")
    record: Unit = Field(0.3, description="How poor its own human-rights record is: vulnerability to scrutiny.")
    grievance: Unit = Field(0.0, description="Historic grievance toward Northern powers (colonialism, regime change).")
    sovereignty: Unit = Field(0.5, description="Attachment to sovereignty and non-intervention.")
    value_commitment: Unit = Field(0.5, description="How much the state's professed values weigh in its choices.")
    security_stake: Unit = Field(0.0, description="Security interests at stake toward the target and its patrons.")
    economic_stake: Unit = Field(
        0.0, description="Trade, energy, investment and diaspora exposure toward the target and its patrons.")
    patron_inducement: Unit = Field(
        0.0, description="Inducement from an autocratic patron not to act ('prosperity without human rights').")
    blocs: tuple[str, ...] = Field((), description="Names of the blocs the state belongs to (declared under blocs).")
    sponsor: bool = Field(False, description="Whether the state tabled the response (it is committed to its draft).")
    prior: Position | None = Field(
        None, description="Its recorded position on this question, -1 (voted against) to +1 (voted for); "
                          "none: no record (its alignment then counts in part).")
    alignment: Position = Field(
        0.0, description="Its position on other targets' human-rights resolutions in the record, -1 to +1.")
    legislature: LegislatureSpec = LegislatureSpec()
    official: OfficialSpec = OfficialSpec()
    stance: StanceName = Field("abstain", description="Stance at tick 0.")


class BlocSpec(Spec):
    """A bloc or regional body: how much its members pull together, and its own position on the response."""

    name: str = Field(min_length=1)
    cohesion: Unit = Field(0.5, description="How strongly members pull each other toward the bloc's mean position.")
    position: Annotated[float, Field(ge=-1.0, le=1.0, strict=True)] = Field(
        0.0, description="The body's position on the response: +1 endorses it (AU anti-coup norms), -1 rejects it.")


class ActivistSpec(Spec):
    """An activist organisation: an NGO, a victims' group or a media outlet, domestic or transnational."""

    name: str = Field(min_length=1)
    kind: Literal["ngo", "victims", "media"] = Field(
        "ngo", description="NGO, victims' group or media outlet; media raise the crisis's visibility.")
    scope: Literal["domestic", "transnational"] = Field(
        "domestic", description="Transnational activists also carry information out (the boomerang pattern).")
    targets: tuple[Code, ...] = Field(min_length=1, description="Codes of the states it presses.")
    resources: Unit = Field(0.5, description="Money, members and reach: how fast it mobilises.")
    credibility: Unit = Field(0.5, description="How much its mobilisation counts with the states it presses.")
    mobilisation: Unit = Field(0.05, description="Mobilisation at tick 0.")


class SeverityPoint(Spec):
    """A point of the severity timeline; severity is linear between points and flat beyond the ends."""

    tick: Annotated[int, Field(ge=0, le=MAX_TICKS, strict=True)] = Field(description="Tick of this point.")
    severity: Unit = Field(description="Severity of abuses at that tick, in [0, 1].")


class VisibilityEvent(Spec):
    """A one-off change in visibility at a tick: a rise (a massacre filmed and streamed live) or a fall (a blackout)."""

    tick: Annotated[int, Field(ge=1, le=MAX_TICKS, strict=True)] = Field(description="The tick at which visibility changes.")
    visibility: Annotated[float, Field(ge=-1.0, le=1.0, strict=True)] = Field(
        description="Change in visibility (added, then clipped to [0, 1]).")
    note: str = Field("", description="What happened, for reports.")


INSTRUMENTS: dict[str, dict[str, Any]] = {
    # coerciveness, intrusiveness, reciprocity (how much it sets a precedent for scrutiny), highest stance
    "statement": {"coerciveness": 0.1, "intrusiveness": 0.1, "reciprocity": 0.5, "max_stance": "support"},
    "resolution": {"coerciveness": 0.25, "intrusiveness": 0.3, "reciprocity": 0.8, "max_stance": "support"},
    "sanctions": {"coerciveness": 0.6, "intrusiveness": 0.6, "reciprocity": 0.5, "max_stance": "sanction"},
    "intervention": {"coerciveness": 1.0, "intrusiveness": 1.0, "reciprocity": 0.3, "max_stance": "intervene"},
}
SPONSORS: dict[str, float] = {"western": 1.0, "multilateral": 0.5, "regional": 0.1}


class ResponseSpec(Spec):
    """The proposed response: its instrument and sponsor, with optional overrides of what they imply."""

    instrument: Literal["statement", "resolution", "sanctions", "intervention"] = "resolution"
    sponsor: Literal["western", "multilateral", "regional"] = "western"
    coerciveness: Unit | None = Field(None, description="Override of the instrument's coerciveness.")
    intrusiveness: Unit | None = Field(None, description="Override of the instrument's intrusiveness.")
    reciprocity: Unit | None = Field(
        None, description="Override of how much acting invites scrutiny of the actor's own record.")
    northern: Unit | None = Field(None, description="Override of how Northern-led the sponsor looks (western 1).")


class CrisisSpec(Spec):
    """The crisis: a target state's abuses, their timeline and visibility, and the proposed response."""

    target: str = Field(min_length=1, description="Who commits the abuses (a name; need not be a state agent).")
    severity: Unit | tuple[SeverityPoint, ...] = Field(
        0.5, description="Severity of abuses: a constant, or a timeline of {tick, severity} points.")
    visibility: Unit = Field(0.2, description="Media visibility at tick 0.")
    events: tuple[VisibilityEvent, ...] = Field((), description="One-off changes in visibility.")
    response: ResponseSpec = ResponseSpec()


class RunSpec(Spec):
    """How long to run and with which seed."""

    steps: Annotated[int, Field(ge=1, le=MAX_TICKS, strict=True)] = Field(
        36, description="Ticks to run (one tick = one month).")
    seed: Seed = Field(0, description="Seed of the run's random shocks.")
    replications: Annotated[int, Field(ge=1, le=MAX_REPLICATIONS, strict=True)] = Field(
        1, description="Runs with independent shocks (replication r draws its shocks with the key (seed, r)).")


class VariantSpec(Spec):
    """A named variant: what it represents and the scenario fields it changes, addressed by path."""

    description: str = ""
    set: dict[str, Any] = Field(
        min_length=1,
        description="Path -> new value, e.g. 'states[EMD].legislature.strength': 0 or 'parameters.noise': 0.")


class TraitMapping(Spec):
    """The free coefficients of the covariate-to-trait mapping (docs/world_data.md), set by calibration on the
    recorded votes (docs/calibration.md): how much autocracy, the Non-Aligned Movement and the G77 add to a
    state's attachment to non-intervention, and the value commitment of a closed autocracy."""

    sovereignty_autocracy: Unit = Field(0.898592, description="Sovereignty added by full autocracy (1 - democracy).")
    sovereignty_nam: Unit = Field(0.527697, description="Sovereignty added by membership of the Non-Aligned Movement.")
    sovereignty_g77: Unit = Field(0.235393, description="Sovereignty added by membership of the G77.")
    values_floor: Annotated[float, Field(ge=0.0, le=0.2, strict=True)] = Field(
        0.161526, description="Value commitment of a state with no liberal democracy (it rises by 0.8 to full).")


class WorldSpec(Spec):
    """Real states from the world table for a year: who takes part, which groups act as blocs, and the target's side."""

    year: Annotated[int, Field(ge=2005, le=2021, strict=True)] = Field(
        description="Year of the covariates, memberships and ties (2005-2021).")
    members: Literal["all"] | tuple[Code, ...] | None = Field(
        None, description="'all' (the 193 UN members) or a list of ISO3 codes; default: all, or the members "
                          "of `groups` when those are given.")
    groups: tuple[str, ...] = Field(
        (), description="Groups whose members take part (added to `members`), e.g. [BRICS, G7].")
    blocs: Literal["all"] | tuple[str, ...] = Field(
        "all", description="Groups that act as blocs (peer pressure and regional bodies): 'all' or a list.")
    target: Code | None = Field(
        None, description="ISO3 code of the state whose abuses are at issue, for the stakes; default: the "
                          "crisis target when it is an ISO3 code.")
    sponsors: tuple[Code, ...] = Field(("USA", "GBR", "FRA"), description="Who proposes the response.")
    patrons: tuple[Code, ...] | None = Field(
        None, description="The target's protectors, whose trade and alliances count as stakes; default: "
                          "the world table's hand-coded patrons of the target, less any sponsor.")
    mapping: TraitMapping = Field(TraitMapping(), description="The mapping's calibrated coefficients, if changed.")


#: What an intervention can be: the kinds registered in ``simulation.model.interventions`` (docs/ODD.md 7.16).
InterventionKindName = Literal[tuple(KINDS)]


class InterventionSpec(Spec):
    """A timed intervention by advocates or third states: what kind, on whom, from when, how long, how hard, at what cost."""

    kind: InterventionKindName = Field(description="What is done (docs/ODD.md 7.16).")
    targets: tuple[Code, ...] = Field(
        (), description="States it acts on (every kind except media and regional needs at least one).")
    partners: tuple[Code, ...] = Field(
        (), description="For coalition: the states whose stances the target is courted with.")
    blocs: tuple[str, ...] = Field((), description="For regional: the bodies whose mechanism is activated.")
    start: Annotated[int, Field(ge=1, le=MAX_TICKS, strict=True)] = Field(1, description="First tick it acts.")
    duration: Annotated[int, Field(ge=1, le=MAX_TICKS, strict=True)] = Field(1, description="Ticks it lasts.")
    intensity: Unit = Field(description="How hard, in [0, 1]; 0 changes nothing.")
    cost: Annotated[float, Field(ge=0.0, allow_inf_nan=False)] | None = Field(
        None, description="Its cost; default: the cost model, unit cost x intensity x duration x size.")
    note: str = Field("", description="Who does it, for reports.")


class Scenario(Spec):
    """A whole scenario file."""

    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.\-]+$")
    title: str = ""
    kind: Literal["historical", "stylised"] = Field(
        "stylised", description="A historical case from the record, or a stylised teaching case.")
    description: str = ""
    focal: tuple[Code, ...] = Field((), description="States the summary, plots and lessons focus on.")
    world: WorldSpec | None = Field(
        None, description="Take the states from the world table; `states` then lists only what differs.")
    states: tuple[StateSpec, ...] = Field(
        (), description="The state agents; with `world`, per-state overrides of the data (only the keys given).")
    blocs: tuple[BlocSpec, ...] = ()
    activists: tuple[ActivistSpec, ...] = ()
    crisis: CrisisSpec
    peer_review: Unit = Field(
        0.0, description="How strongly a peer-review institution (the UPR, from 2008) spotlights every state's own "
                         "record, 0 to 1.")
    profile: Annotated[str, Field(min_length=1, max_length=4096)] | None = Field(
        None, description="A parameter profile file (as `trifecta calibrate` writes), relative to this file: its "
                          "parameters, and its mapping on a world scenario, stand under this file's own.")
    parameters: Parameters = Parameters()
    interventions: tuple[InterventionSpec, ...] = Field(
        (), description="Timed interventions (campaigns, lobbying, incentives...), applied at tick boundaries.")
    variants: dict[str, VariantSpec] = {}
    run: RunSpec = RunSpec()

    _source: dict | None = PrivateAttr(None)  # the mapping it was validated from (see ``source``)

    def state(self, code: str) -> StateSpec:
        return next(s for s in self.states if s.code == code)

    def with_source(self, source: dict) -> Scenario:
        """This scenario, remembering ``source``: the mapping (as the file writes it) it was validated from."""
        self._source = source
        return self

    @property
    def source(self) -> dict:
        """The mapping this scenario was validated from, as its file writes it (a ``world:`` key not expanded);
        changes (variants, ``--set``, sweep factors, strategies) apply to it. A scenario built directly from
        Python objects has its own plain data as source."""
        if self._source is None:
            return self.model_dump(mode="json")
        return self._source

    def model_copy(self, *, update: dict[str, Any] | None = None, deep: bool = False) -> Scenario:
        """A copy; with ``update`` it forgets its source, which no longer describes it (its own data serves)."""
        out = super().model_copy(update=update, deep=deep)
        if update:
            out._source = None
        return out

    def __eq__(self, other: object) -> bool:  # the same scenario, whatever mapping it was read from
        return isinstance(other, Scenario) and self.__dict__ == other.__dict__

    __hash__ = None
