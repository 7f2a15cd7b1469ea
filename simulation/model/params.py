"""The mechanism's parameters: every weight, rate and threshold, with its default, range and meaning.

Per-tick rates are capped at 0.5 so that every update is monotone in its own previous level (a rate
pair summing above 1 would make the discrete update overshoot and oscillate).

Each field carries the sentence of the source texts it is traced to (``source``), so that
``docs/ODD.md`` and ``trifecta schema`` describe the same numbers the kernel uses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Annotated, Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator

# Short tags for the two source texts in ../shared/seeds (see docs/ODD.md, "Sources").
BRIEF = "Policy brief, 'Human rights and foreign policy' (seed 000)"
FORUM = "Forum 2000 panel, 'democratic coordination of foreign policy on human rights' (seed 002)"


def param(default: float, lo: float, hi: float, meaning: str, source: str) -> Any:
    """A documented numeric parameter: default, closed range, one-sentence meaning, source trace."""
    return Field(default, ge=lo, le=hi, strict=True, description=meaning, json_schema_extra={"source": source})


class Parameters(BaseModel):
    """Weights, rates and thresholds of the decision rule and of the pressure dynamics."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # --- benefit of acting -------------------------------------------------------------
    value_weight: float = param(
        0.996405, 0, 20,
        "Weight of value commitment times visible severity in the benefit of acting.",
        f"{BRIEF}: 'human rights are often an important factor in foreign policy'; real-time images mean "
        "'it is increasingly difficult for democratic states to ignore the truth'.")
    activism_weight: float = param(
        0.996405, 0, 20,
        "Weight of public pressure (activism reaching the state times its points of access).",
        f"{BRIEF}: trifecta factor 1, 'determined activism by victims, NGOs and the media'; "
        "'democratic systems offer more points of access'.")
    legislature_weight: float = param(
        0.996405, 0, 20,
        "Weight of the political cost of inaction imposed by the legislature (its pressure times access).",
        f"{BRIEF}: trifecta factor 2, 'pressure from legislatures'; advocates 'work with parliaments'.")
    peer_weight: float = param(
        0.281408, 0, 20,
        "Weight of peer pressure: the mean position of the state's bloc partners, scaled by bloc cohesion.",
        f"{BRIEF}: 'harmony among nations belonging to the BRICS ... seems to be playing a role'.")
    regional_weight: float = param(
        0.281408, 0, 20,
        "Weight of institutional pressure from regional bodies that endorse (or reject) the response.",
        f"{BRIEF}: 'regional mechanisms can sway a state toward acting' (AU anti-coup provisions).")
    sponsor_weight: float = param(
        8.349799, 0, 20,
        "Weight of a sponsor's commitment to the draft it tabled (1 for a sponsor state, 0 otherwise).",
        f"{BRIEF}: states that 'have worked together to defend and promote human rights' table the texts; "
        "modelling assumption: a state does not oppose the response it proposes.")
    prior_weight: float = param(
        1.779425, 0, 20,
        "Weight of the state's own earlier position on the question (its last recorded vote on the target, -1 "
        "to +1; without one, prior_elsewhere_share times its alignment on other targets).",
        f"{BRIEF}: states 'hedge their bets' and the record shows they mostly repeat themselves; modelling "
        "assumption: the cost of contradicting one's own record (the persistence of UN votes).")
    prior_elsewhere_share: float = param(
        0.541003, 0, 1,
        "How much of its alignment on other targets' resolutions counts as a state's prior position when it has "
        "no recorded vote on this target.",
        "Modelling assumption, set by calibration on the recorded votes (docs/calibration.md).")
    # --- cost of acting ----------------------------------------------------------------
    security_weight: float = param(
        5.766825, 0, 20,
        "Weight of the security stake toward the target and its patrons, scaled by coerciveness.",
        f"{BRIEF}: 'in the contest between security and values, values typically lose out'.")
    economic_weight: float = param(
        0.007451, 0, 20,
        "Weight of trade, energy, investment and diaspora exposure, scaled by coerciveness.",
        f"{BRIEF}: states are 'reluctant to jeopardise core interests such as ... economic development, "
        "access to energy, remittances from diasporas, and trade and investment'.")
    grievance_weight: float = param(
        1.141018, 0, 20,
        "Weight of historic grievance toward Northern sponsors, scaled by coerciveness and Northern sponsorship.",
        f"{BRIEF}: responses that 'revive the ghost of imperialism and incite fears of regime change'.")
    scrutiny_weight: float = param(
        0.462744, 0, 20,
        "Weight of fear of reciprocal scrutiny: own-record vulnerability times the instrument's reciprocity.",
        f"{BRIEF}: states are 'reluctant to speak out ... for fear of inviting criticism of their own records' "
        "(India and Kashmir, Brazil and Venezuela).")
    scrutiny_exponent: float = param(
        4.049504, 0.2, 8,
        "Curvature of the fear of scrutiny in the state's own record: the cost is record ** exponent, so above 1 "
        "only the worst records fear it much.",
        f"{BRIEF}: 'apprehension that the international community might take a more activist role in India's "
        "approach toward Kashmir'; modelling assumption: the fear grows with how much there is to hide.")
    peer_review_weight: float = param(
        -0.334755, -0.9, 5,
        "How much a peer-review institution (the UPR's spotlight on every state, scenario key peer_review) "
        "scales the fear of scrutiny: the cost is multiplied by 1 + weight * peer_review.",
        f"{BRIEF}: 'the UPR shines the spotlight on all countries' human rights records ... through regular "
        "peer review'; its sign and size are set by calibration on the votes before and after 2008.")
    sovereignty_weight: float = param(
        5.841221, 0, 20,
        "Weight of attachment to sovereignty and non-intervention, times the instrument's intrusiveness.",
        f"{BRIEF}: 'an overriding concern with sovereignty, non-intervention and non-alignment trumps values'.")
    patron_weight: float = param(
        1.0, 0, 20,
        "Weight of an autocratic patron's inducement ('prosperity without human rights') not to act.",
        f"{FORUM}: China and Russia 'promise prosperity without respecting human rights'.")
    # --- reframing by enlightened officials ----------------------------------------------
    reframing_max: float = param(
        0.7, 0, 1,
        "Largest share of the interest cost (security and economic) that fully convinced, fully "
        "influential officials, covered by a fully pressing legislature, can reframe away.",
        f"{BRIEF}: trifecta factor 3, 'enlightened governmental officials who make the case that interests "
        "and values do coincide'.")
    route_share: float = param(
        0.5, 0, 1,
        "Fraction of officials' reframing share that also applies to the grievance cost (a multilateral or "
        "regional route that does not look imperial); the grievance removed is route_share times that share.",
        f"{BRIEF}: regional leaders 'can often pursue more effective strategies at the regional level "
        "without the presence of the US or Europe'.")
    executive_floor: float = param(
        0.2, 0, 1,
        "Share of public and legislative pressure an executive turns into policy with no convinced official "
        "inside it; the rest passes only through its officials' influence times their conviction.",
        f"{BRIEF}: progressive positions come from 'a combination of three factors'; the officials are those "
        "'who make the case that interests and values do coincide' inside the executive.")
    advocacy_reach: float = param(
        1.0, 0, 10,
        "Activism that the visible crisis brings to every state through globalised media, UN special procedures "
        "and transnational NGOs, per unit of visibility (added to the targeted activists' push).",
        f"{BRIEF}: 'the globalisation of media ... it is increasingly difficult for democratic states to ignore "
        "the truth'; 'the growth of transnational advocacy ... has increased pressure on states'.")
    peer_influence_floor: float = param(
        0.1, 0.001, 10,
        "Weight of a bloc partner of capability 0 in its bloc's line (a partner of capability K weighs floor + K; "
        "at least 0.001, so that the weakest partner's weight is never lost beside a great power's in the sums).",
        f"{BRIEF}: 'harmony among nations belonging to the BRICS'; modelling assumption: a bloc's powers carry "
        "its line.")
    # --- dynamics of the pressures -------------------------------------------------------
    activism_growth: float = param(
        0.35, 0, 0.5,
        "Per-tick growth of an activist's mobilisation per unit of resources and of visible severity.",
        f"{BRIEF}: 'images and reports of human rights abuses are available in real time'; "
        "'growth of transnational advocacy ... has increased pressure on states'.")
    activism_fatigue: float = param(
        0.04, 0, 0.5,
        "Per-tick share of mobilisation lost to fatigue.",
        "Modelling assumption: campaigns tire without new input (not stated in the source texts).")
    visibility_decay: float = param(
        0.08, 0, 0.5,
        "Per-tick share of the crisis's media visibility that fades without new coverage.",
        "Modelling assumption: attention fades without new coverage (not stated in the source texts).")
    real_time_media: float = param(
        0.15, 0, 0.5,
        "Per-tick rate at which the severity of abuses becomes visible by itself through real-time media.",
        f"{BRIEF}: 'mobile phones and live video streaming mean that images and reports ... are available "
        "in real time'.")
    information_gain: float = param(
        0.3, 0, 0.5,
        "Per-tick rate at which media and transnational activists raise visibility (information politics).",
        f"{BRIEF}: victims' families 'worked with journalists and NGOs in the US to campaign for greater "
        "international attention' (North Korea).")
    legislature_responsiveness: float = param(
        0.35, 0, 0.5,
        "Per-tick rate at which a legislature converts activism into hearings and resolutions, per unit strength.",
        f"{BRIEF}: 'advocates and researchers can work with parliaments to raise awareness and demand state "
        "action'.")
    legislature_decay: float = param(
        0.08, 0, 0.5,
        "Per-tick share of legislative pressure that lapses without activism to sustain it.",
        "Modelling assumption: hearings and resolutions lapse without sustained demand.")
    conviction_gain: float = param(
        0.3, 0, 0.5,
        "Per-tick rate at which advocacy and legislative demand raise officials' conviction.",
        f"{BRIEF}: advocates 'are also able to work more directly with diplomats, military officials and "
        "national security leaders'; they 'can work with parliaments to raise awareness and demand state action'.")
    legislative_cover: float = param(
        1.0, 0, 5,
        "How strongly legislative pressure, relative to direct advocacy, raises officials' conviction (cover).",
        f"{BRIEF}: progressive positions occur 'as a result of a combination of three factors'; modelling "
        "assumption: demand from parliaments gives officials room to argue their case.")
    conviction_decay: float = param(
        0.03, 0, 0.5,
        "Per-tick rate at which officials' conviction relaxes back toward its initial level.",
        "Modelling assumption: without input, officials drift back to their prior view.")
    peer_capability_discount: float = param(
        0.8, 0, 1,
        "How far capability shields a state from peer and regional pressure (1: a state of capability 1 "
        "ignores it).",
        "Modelling assumption: powerful states are less swayed by their blocs and regional bodies "
        "(not stated in the source texts).")
    # --- the ordered choice -------------------------------------------------------------------
    threshold_abstain: float = param(
        -2.700197, -20, 20, "Net benefit above which a state abstains rather than opposes.",
        "Ordered-choice cut point (modelling convention, as in ordered probit models of UN votes).")
    threshold_support: float = param(
        -0.750657, -20, 20, "Net benefit above which a state supports the response (acts).",
        "Ordered-choice cut point: acting when benefits outweigh costs.")
    threshold_sanction: float = param(
        -0.250657, -20, 20, "Net benefit above which a state joins sanctions, where the response allows it.",
        "Ordered-choice cut point (modelling convention).")
    threshold_intervene: float = param(
        0.749343, -20, 20, "Net benefit above which a state joins an intervention, where the response allows it.",
        "Ordered-choice cut point (modelling convention).")
    noise: float = param(
        1.0, 0, 5,
        "Standard deviation of the per-state, per-tick normal shock to net benefit (unmodelled influences).",
        "Modelling convention: the random part of an ordered probit.")
    inertia: float = param(
        0.135663, 0, 5,
        "Switching cost: how far beyond a cut point net benefit must go before a state changes stance.",
        f"{BRIEF}: countries 'hedge their bets'; modelling assumption: changing stance has a cost.")

    @model_validator(mode="after")
    def _ordered_thresholds(self) -> Parameters:
        _check_order(self.thresholds())
        return self

    def thresholds(self) -> tuple[float, float, float, float]:
        """The four cut points between the five stances, lowest first."""
        return (self.threshold_abstain, self.threshold_support, self.threshold_sanction,
                self.threshold_intervene)

    def with_values(self, values: Mapping[str, Any]) -> Parameters:
        """These parameters with some values changed, each checked by its own field's rule and the thresholds by
        their order, as a whole new set would be (a ``ValidationError`` or ``ValueError`` if one breaks them)."""
        checked = {name: _column_rule(name).validate_python([value])[0] for name, value in values.items()}
        changed = self.model_copy(update=checked)
        if any(name.startswith("threshold_") for name in checked):
            changed._ordered_thresholds()
        return changed


@cache
def _column_rule(name: str) -> TypeAdapter:
    """The validator of a list of values of one field of :class:`Parameters`, each checked by the field's own rule
    (its type, strictness and range), for one changed point or a column of many."""
    field = Parameters.model_fields[name]
    return TypeAdapter(list[Annotated[field.annotation, field]])  # type: ignore[valid-type]


#: The parameters' names in the order of their fields: the columns of a table of parameter points.
PARAMETER_NAMES = tuple(Parameters.model_fields)
_COLUMN = {name: k for k, name in enumerate(PARAMETER_NAMES)}
_THRESHOLDS = [_COLUMN[name] for name in ("threshold_abstain", "threshold_support", "threshold_sanction",
                                          "threshold_intervene")]


def parameter_rows(base: Parameters, columns: Mapping[str, Sequence[Any]], points: int) -> np.ndarray:
    """``points`` parameter points that each set some of ``base``'s values (name -> one value per point), as a
    (points, fields) table in the order of ``PARAMETER_NAMES``: each column checked in one call by its field's rule
    and every point's thresholds by their order, as :meth:`Parameters.with_values` checks one point (a
    ``ValidationError`` or ``ValueError`` if a value breaks them; ``tests/test_prepare.py`` holds the two to the
    same answers)."""
    table = np.tile(np.array([getattr(base, name) for name in PARAMETER_NAMES], dtype=float), (points, 1))
    for name, values in columns.items():
        if len(values) != points:
            raise ValueError(f"{name}: {len(values)} values for {points} points")
        table[:, _COLUMN[name]] = _column_rule(name).validate_python(list(values))
    if any(name.startswith("threshold_") for name in columns):
        disordered = (np.diff(table[:, _THRESHOLDS], axis=1) <= 0).any(axis=1)
        if disordered.any():
            _check_order(tuple(table[int(np.argmax(disordered)), _THRESHOLDS].tolist()))
    return table


def _check_order(cuts: tuple[float, ...]) -> None:
    """Refuses cut points that do not increase (a ``ValueError`` naming them)."""
    if any(b <= a for a, b in zip(cuts, cuts[1:])):
        raise ValueError(
            "thresholds must increase: threshold_abstain < threshold_support < threshold_sanction "
            f"< threshold_intervene (found {list(cuts)})")


def parameter_table() -> list[dict[str, Any]]:
    """One row per parameter: name, default, range, meaning and source (for docs and ``trifecta params``)."""
    rows = []
    for name, field in Parameters.model_fields.items():
        lo = next(m.ge for m in field.metadata if hasattr(m, "ge"))
        hi = next(m.le for m in field.metadata if hasattr(m, "le"))
        rows.append({"name": name, "default": field.default, "min": lo, "max": hi,
                     "meaning": field.description, "source": field.json_schema_extra["source"]})
    return rows
