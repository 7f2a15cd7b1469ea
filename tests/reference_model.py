"""A slow, per-agent reference implementation of the trifecta mechanism, written from the specification.

This module is deliberately independent of the fast kernel: it does not import the kernel, the rule
functions, the history, or the scenario builder. Every agent is a ``mesa.Agent`` with plain float
attributes, and ``ReferenceModel.step`` loops over agents in Python using only the ``math`` module.
The only shared code is the random stream itself (``noise.shocks`` for the key ``run_seed(seed, r)``, one
vector of N standard normals per tick: the counter-based generator of ``simulation/model/noise.py``), because
that stream is part of the specification.

One tick (from ``t - 1`` to ``t``), in order:
interventions active at t (docs/ODD.md 7.16) ->
severity -> activists mobilise -> information -> visibility -> activism reaching states ->
legislatures -> officials -> peers and regional pull (from last tick's stances) -> terms -> choice ->
tipping record.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import mesa

from simulation.model.noise import run_seed, shocks
from simulation.model.params import Parameters
from simulation.model.stance import Stance
from simulation.scenario.schema import INSTRUMENTS, SPONSORS, Scenario

#: Names of the fourteen signed terms, in the order the history stores them.
REF_TERMS = ("values", "activism", "legislature", "officials", "peers", "regional", "sponsor", "prior",
             "security", "economy", "grievance", "scrutiny", "sovereignty", "patron")


def clip01(x: float) -> float:
    """``x`` clipped to [0, 1]."""
    return 0.0 if x < 0.0 else 1.0 if x > 1.0 else x


def clip(x: float, lo: float, hi: float) -> float:
    return lo if x < lo else hi if x > hi else x


@dataclass
class RefBloc:
    """A bloc: its cohesion, its own position on the response, and its members (states, in scenario order)."""

    name: str
    cohesion: float
    position: float
    members: list  # list[RefState]


@dataclass
class _CampaignSpec:
    """The activist a campaign funds: unfunded and unmobilised until the campaign starts; it does not inform."""

    name: str
    targets: tuple[str, ...]
    kind: str = "victims"
    scope: str = "domestic"
    resources: float = 0.0
    credibility: float = 0.7
    mobilisation: float = 0.0


class RefActivist(mesa.Agent):
    """m <- clip(m + growth * resources * (severity * previous visibility) * (1 - m) - fatigue * m, 0, 1)."""

    def __init__(self, model: ReferenceModel, spec):
        super().__init__(model)
        self.name: str = spec.name
        self.resources: float = float(spec.resources)
        self.credibility: float = float(spec.credibility)
        self.mobilisation: float = float(spec.mobilisation)
        self.informs: float = 1.0 if (spec.kind == "media" or spec.scope == "transnational") else 0.0
        seen: list[str] = []
        for code in spec.targets:
            if code not in seen:
                seen.append(code)
        self.targets: tuple[str, ...] = tuple(seen)  # duplicates count once

    def mobilise(self, severity: float, previous_visibility: float) -> None:
        p = self.model.p
        m = self.mobilisation
        growth = p.activism_growth * self.resources * (severity * previous_visibility) * (1.0 - m)
        self.mobilisation = clip01(m + growth - p.activism_fatigue * m)


class RefLegislature(mesa.Agent):
    """l <- clip(l + responsiveness * strength * activism * (1 - l) - decay * l, 0, 1)."""

    def __init__(self, model: ReferenceModel, strength: float, pressure: float):
        super().__init__(model)
        self.strength: float = float(strength)
        self.pressure: float = float(pressure)

    def update(self, activism: float) -> None:
        p = self.model.p
        l_prev = self.pressure
        rise = p.legislature_responsiveness * self.strength * activism * (1.0 - l_prev)
        self.pressure = clip01(l_prev + rise - p.legislature_decay * l_prev)


class RefOfficial(mesa.Agent):
    """c <- clip(c + gain * (1 - exp(-(activism * democracy + cover * l))) * (1 - c) - decay * (c - c0), 0, 1)."""

    def __init__(self, model: ReferenceModel, influence: float, conviction: float):
        super().__init__(model)
        self.influence: float = float(influence)
        self.conviction: float = float(conviction)
        self.baseline: float = float(conviction)

    def update(self, activism: float, democracy: float, legislative_pressure: float) -> None:
        p = self.model.p
        c = self.conviction
        push = 1.0 - math.exp(-(activism * democracy + p.legislative_cover * legislative_pressure))
        self.conviction = clip01(c + p.conviction_gain * push * (1.0 - c) - p.conviction_decay * (c - self.baseline))


class RefState(mesa.Agent):
    """Acts (stance >= support) when twelve signed terms plus a shock clear the shifted cut points, capped by the response."""

    def __init__(self, model: ReferenceModel, spec, index: int):
        super().__init__(model)
        self.index = index
        self.code: str = spec.code
        self.democracy: float = float(spec.democracy)
        self.capability: float = float(spec.capability)
        self.record: float = float(spec.record)
        self.grievance: float = float(spec.grievance)
        self.sovereignty: float = float(spec.sovereignty)
        self.value_commitment: float = float(spec.value_commitment)
        self.security_stake: float = float(spec.security_stake)
        self.economic_stake: float = float(spec.economic_stake)
        self.patron_inducement: float = float(spec.patron_inducement)
        self.sponsor: float = 1.0 if spec.sponsor else 0.0
        self.prior: float | None = None if spec.prior is None else float(spec.prior)
        self.alignment: float = float(spec.alignment)
        self.bloc_names: list[str] = []
        for b in spec.blocs:
            if b not in self.bloc_names:
                self.bloc_names.append(b)
        strength = spec.legislature.strength if spec.legislature.strength is not None else spec.democracy
        self.legislature = RefLegislature(model, strength, spec.legislature.pressure)
        self.official = RefOfficial(model, spec.official.influence, spec.official.conviction)
        self.stance: int = int(Stance.parse(spec.stance))
        self.activism: float = 0.0
        self.incentives: float = 0.0  # this tick's summed intensity of interventions on this state, by kind
        self.counter_offer: float = 0.0
        self.extra_pull: float = 0.0
        self.peer: float = 0.0
        self.pull: float = 0.0
        self.net: float = math.nan
        self.terms: list[float] = [math.nan] * len(REF_TERMS)
        self.tipped_tick: int = 0 if self.stance >= Stance.SUPPORT else -1
        self.pressures_at_tip: tuple[float, float, float] = (0.0, 0.0, 0.0)

    @property
    def position(self) -> float:
        """-1 opposing, 0 abstaining, +1 acting in any form."""
        return clip(float(self.stance) - 1.0, -1.0, 1.0)

    def feel_activism(self, activists, visibility: float) -> None:
        raw = 0.0
        for a in activists:
            if self.code in a.targets:
                raw += a.credibility * a.mobilisation
        raw += self.model.p.advocacy_reach * visibility  # the visible crisis reaches every state
        self.activism = 1.0 - math.exp(-raw)

    def bloc_weight(self, blocs: list[RefBloc], bloc: RefBloc, with_partners: bool) -> float:
        """The bloc's cohesion over this state's total cohesion (counting only blocs with partners if asked), once
        that total exceeds 1."""
        mine = [b for b in blocs if b.name in self.bloc_names and (len(b.members) > 1 or not with_partners)]
        total = sum(b.cohesion for b in mine)
        return bloc.cohesion / max(1.0, total)

    def feel_peers(self, blocs: list[RefBloc], previous_position: dict[str, float]) -> None:
        p = self.model.p
        peer = 0.0
        pull = 0.0
        for b in blocs:
            if b.name not in self.bloc_names:
                continue
            pull += self.bloc_weight(blocs, b, with_partners=False) * b.position
            others = [m for m in b.members if m is not self]
            if not others:
                continue
            weights = [p.peer_influence_floor + m.capability for m in others]
            if sum(weights) <= 0.0:
                continue
            line = sum(w * previous_position[m.code] for w, m in zip(weights, others)) / sum(weights)
            peer += self.bloc_weight(blocs, b, with_partners=True) * line
        self.peer = peer
        self.pull = clip(pull + self.extra_pull, -1.0, 1.0)

    def weigh(self, severity: float, visibility: float) -> None:
        p, r = self.model.p, self.model.response
        kappa = r["coerciveness"]
        shield = 1.0 - p.peer_capability_discount * self.capability
        off = self.official
        uptake = p.executive_floor + (1.0 - p.executive_floor) * off.influence * off.conviction
        values = p.value_weight * self.value_commitment * severity * visibility
        activism = p.activism_weight * self.activism * self.democracy * uptake
        legislature = p.legislature_weight * self.legislature.pressure * self.democracy * uptake
        peers = p.peer_weight * self.peer * shield
        regional = p.regional_weight * self.pull * shield
        sponsor = p.sponsor_weight * self.sponsor
        prior = self.prior if self.prior is not None else p.prior_elsewhere_share * self.alignment
        prior_term = p.prior_weight * prior
        kept = 1.0 - self.incentives  # third states compensate the share u of each stake and of a patron's offer
        security = -p.security_weight * self.security_stake * kept * kappa
        economy = -p.economic_weight * self.economic_stake * kept * kappa
        grievance = -p.grievance_weight * self.grievance * kappa * r["northern"]
        fear = self.record ** p.scrutiny_exponent
        scrutiny = -p.scrutiny_weight * (1.0 + p.peer_review_weight * self.model.peer_review) * r["reciprocity"] * fear
        sovereignty = -p.sovereignty_weight * self.sovereignty * r["intrusiveness"]
        inducement = self.patron_inducement + 0.5 * self.counter_offer * (1.0 - self.patron_inducement)
        patron = -p.patron_weight * inducement * kept * kappa
        share = p.reframing_max * off.influence * off.conviction * self.legislature.pressure
        officials = -share * (security + economy) - p.route_share * share * grievance
        self.terms = [values, activism, legislature, officials, peers, regional, sponsor, prior_term,
                      security, economy, grievance, scrutiny, sovereignty, patron]
        net = 0.0
        for term in self.terms:
            net += term
        self.net = net

    def choose(self, shock: float) -> None:
        p = self.model.p
        y = self.net + p.noise * shock
        cuts = (p.threshold_abstain, p.threshold_support, p.threshold_sanction, p.threshold_intervene)
        level_count = 0
        for j, tau in enumerate(cuts, start=1):
            effective = tau + p.inertia if j > self.stance else tau - p.inertia
            if y > effective:
                level_count += 1
        self.stance = min(level_count, self.model.response["max_stance"])

    def note_tipping(self, tick: int) -> None:
        if self.stance >= Stance.SUPPORT and self.tipped_tick < 0:
            self.tipped_tick = tick
            self.pressures_at_tip = (self.activism, self.legislature.pressure, self.official.conviction)


class ReferenceModel(mesa.Model):
    """The whole mechanism for one run (one seed, one replication), stepped agent by agent."""

    def __init__(self, scenario: Scenario, seed: int = 0, replication: int = 0,
                 params: Parameters | None = None):
        super().__init__(seed=seed)
        self.scenario = scenario
        self.p = params if params is not None else scenario.parameters
        crisis = scenario.crisis
        spec = crisis.response
        base = INSTRUMENTS[spec.instrument]

        def pick(override, default):
            return float(default) if override is None else float(override)

        self.response = {
            "coerciveness": pick(spec.coerciveness, base["coerciveness"]),
            "intrusiveness": pick(spec.intrusiveness, base["intrusiveness"]),
            "reciprocity": pick(spec.reciprocity, base["reciprocity"]),
            "northern": pick(spec.northern, SPONSORS[spec.sponsor]),
            "max_stance": int(Stance.parse(base["max_stance"])),
        }
        if isinstance(crisis.severity, (int, float)):
            self.timeline = None
            self.constant_severity = float(crisis.severity)
        else:
            self.timeline = [(float(pt.tick), float(pt.severity)) for pt in crisis.severity]
            self.constant_severity = None
        self.jumps = [(int(e.tick), float(e.visibility)) for e in crisis.events]
        # a state or body named twice in one intervention counts once
        self.interventions = [iv.model_copy(update={key: tuple(dict.fromkeys(getattr(iv, key)))
                                                    for key in ("targets", "partners", "blocs")})
                              for iv in scenario.interventions]

        self.states = [RefState(self, s, i) for i, s in enumerate(scenario.states)]
        self.activists = [RefActivist(self, a) for a in scenario.activists]
        self.campaigns: dict[tuple[str, ...], RefActivist] = {}  # one funded activist per campaign target set
        for iv in self.interventions:
            if iv.kind == "campaign" and tuple(iv.targets) not in self.campaigns:
                spec = _CampaignSpec(f"campaign {len(self.campaigns) + 1}", tuple(iv.targets))
                self.campaigns[tuple(iv.targets)] = RefActivist(self, spec)
        self.activists += list(self.campaigns.values())
        self.blocs = [RefBloc(b.name, float(b.cohesion), float(b.position),
                              [st for st in self.states if b.name in st.bloc_names])
                      for b in scenario.blocs]
        self.visibility: float = float(crisis.visibility)
        self.peer_review: float = float(scenario.peer_review)
        self.severity: float = self.severity_at(0)
        self.tick: int = 0
        self._key = run_seed(seed, replication)
        self.trace: list[dict] = [self.snapshot()]

    def severity_at(self, t: int) -> float:
        """Constant, or piecewise-linear over the timeline points and flat beyond its ends."""
        if self.timeline is None:
            return self.constant_severity
        pts = self.timeline
        x = float(t)
        if x <= pts[0][0]:
            return pts[0][1]
        if x >= pts[-1][0]:
            return pts[-1][1]
        for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
            if x0 <= x <= x1:
                return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
        raise AssertionError("unreachable")

    def jump_at(self, t: int) -> float:
        total = 0.0
        for tick, v in self.jumps:
            if tick == t:
                total += v
        return total

    def active(self, kind: str, t: int) -> list:
        return [iv for iv in self.interventions if iv.kind == kind and iv.start <= t < iv.start + iv.duration]

    def apply_interventions(self, t: int, previous_position: dict[str, float]) -> float:
        """Set this tick's intervention inputs on every agent; return the visibility they add."""
        by_code = {st.code: st for st in self.states}

        def summed(kind: str) -> dict[str, float]:
            out: dict[str, float] = {}
            for iv in self.active(kind, t):
                for code in iv.targets:
                    out[code] = out.get(code, 0.0) + iv.intensity
            return {c: min(1.0, u) for c, u in out.items()}

        for code, u in summed("lobbying").items():
            leg = by_code[code].legislature
            leg.pressure = leg.pressure + 0.10 * u * (1.0 - leg.pressure)
        for code, u in summed("engagement").items():
            off = by_code[code].official
            off.conviction = off.conviction + 0.10 * u * (1.0 - off.conviction)
        incentives, offers = summed("incentives"), summed("counter_offer")
        for st in self.states:
            st.incentives = incentives.get(st.code, 0.0)
            st.counter_offer = offers.get(st.code, 0.0)
            st.extra_pull = 0.0
        for targets, activist in self.campaigns.items():
            funded = sum(iv.intensity for iv in self.active("campaign", t) if tuple(iv.targets) == targets)
            activist.resources = min(1.0, funded)
        for iv in self.active("coalition", t):
            mean = sum(previous_position[c] for c in iv.partners) / len(iv.partners)
            for code in iv.targets:
                by_code[code].extra_pull += 0.5 * iv.intensity * mean
        bodies: dict[str, float] = {}
        for iv in self.active("regional", t):
            for name in iv.blocs:
                bodies[name] = bodies.get(name, 0.0) + iv.intensity
        for bloc in self.blocs:
            if bloc.name in bodies and bloc.members:
                democracy = sum(m.democracy for m in bloc.members) / len(bloc.members)
                moved = min(1.0, bodies[bloc.name]) * democracy * (1.0 - bloc.position)
                for m in bloc.members:
                    m.extra_pull += m.bloc_weight(self.blocs, bloc, with_partners=False) * moved
        media = sum(iv.intensity for iv in self.active("media", t))
        return 0.05 * min(1.0, media)

    def step(self) -> None:
        self.tick += 1
        t = self.tick
        p = self.p
        draws = [float(z) for z in shocks([self._key], t, 1, len(self.states))[0, 0]]
        v_prev = self.visibility
        previous_position = {st.code: st.position for st in self.states}
        media_jump = self.apply_interventions(t, previous_position)

        s = self.severity_at(t)  # 1
        self.severity = s
        for a in self.activists:  # 2
            a.mobilise(s, v_prev)
        pushed = 0.0  # 3
        for a in self.activists:
            pushed += a.credibility * a.informs * a.mobilisation
        information = 1.0 - math.exp(-pushed)
        rise = (p.real_time_media * s + p.information_gain * information) * (1.0 - v_prev)  # 4
        self.visibility = clip01(v_prev + rise - p.visibility_decay * v_prev + self.jump_at(t) + media_jump)
        for st in self.states:  # 5
            st.feel_activism(self.activists, self.visibility)
        for st in self.states:  # 6
            st.legislature.update(st.activism)
        for st in self.states:  # 7
            st.official.update(st.activism, st.democracy, st.legislature.pressure)
        for st in self.states:  # 8
            st.feel_peers(self.blocs, previous_position)
        for st in self.states:  # 9
            st.weigh(s, self.visibility)
        for st in self.states:  # 10
            st.choose(draws[st.index])
        for st in self.states:  # 11
            st.note_tipping(t)
        self.trace.append(self.snapshot())

    def snapshot(self) -> dict:
        """This tick's values as plain Python lists (per state in scenario order, per activist likewise)."""
        return {
            "severity": self.severity,
            "visibility": self.visibility,
            "stance": [st.stance for st in self.states],
            "net": [st.net for st in self.states],
            "terms": [list(st.terms) for st in self.states],
            "activism": [st.activism for st in self.states],
            "legislature": [st.legislature.pressure for st in self.states],
            "conviction": [st.official.conviction for st in self.states],
            "mobilisation": [a.mobilisation for a in self.activists],
            "tipped_tick": [st.tipped_tick for st in self.states],
            "pressures_at_tip": [st.pressures_at_tip for st in self.states],
        }


def run_reference(scenario: Scenario, seed: int, steps: int, replication: int = 0,
                  params: Parameters | None = None) -> ReferenceModel:
    """A reference model of one replication advanced ``steps`` ticks (its ``trace`` has ``steps + 1`` entries)."""
    model = ReferenceModel(scenario, seed=seed, replication=replication, params=params)
    for _ in range(steps):
        model.step()
    return model
