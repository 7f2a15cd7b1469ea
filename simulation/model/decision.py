"""The decision: a state weighs values and pressure against interests, and picks an ordered stance.

Every term is returned separately and signed (benefits positive, costs negative; peer and regional
pressure can take either sign), so the model can say *why* a state chose what it chose; the net
benefit of acting is their sum.
"""

from __future__ import annotations

from typing import NamedTuple

import numba
import numpy as np

from .compiled import inlined_rule, rule
from .officials import executive_uptake, reframing


class Term(NamedTuple):
    """A term of the decision: its name, which side it pulls (benefit, cost, or either), plain words, a colour."""

    name: str
    side: str  # "benefit" (>= 0), "cost" (<= 0) or "either"
    words: str
    colour: str


#: The terms of the decision, in the order :func:`weigh` writes them: the one registry of terms
#: (their names, sides, words in reports and colours in figures).
TERM_INFO: dict[str, Term] = {t.name: t for t in (
    Term("values", "benefit", "its values and the visible abuses", "#1f77b4"),
    Term("activism", "benefit", "activists' pressure", "#aec7e8"),
    Term("legislature", "benefit", "its legislature", "#ff7f0e"),
    Term("officials", "benefit", "officials reframing the costs", "#ffbb78"),
    Term("peers", "either", "its bloc partners", "#2ca02c"),
    Term("regional", "either", "regional bodies", "#98df8a"),
    Term("sponsor", "benefit", "its commitment to the draft it tabled", "#17becf"),
    Term("prior", "either", "its own earlier position", "#bcbd22"),
    Term("security", "cost", "security interests", "#d62728"),
    Term("economy", "cost", "trade and economic ties", "#ff9896"),
    Term("grievance", "cost", "grievance toward the sponsors", "#9467bd"),
    Term("scrutiny", "cost", "fear of scrutiny of its own record", "#c5b0d5"),
    Term("sovereignty", "cost", "attachment to sovereignty", "#8c564b"),
    Term("patron", "cost", "a patron's inducements", "#c49c94"),
)}
TERMS: tuple[str, ...] = tuple(TERM_INFO)
#: The terms listed among the benefits of acting (peers and regional bodies can pull either way) and the costs.
BENEFIT_TERMS: tuple[str, ...] = tuple(t.name for t in TERM_INFO.values() if t.side != "cost")
COST_TERMS: tuple[str, ...] = tuple(t.name for t in TERM_INFO.values() if t.side == "cost")
N_TERMS = len(TERMS)


class Response(NamedTuple):
    """What the proposed response asks of a state: how coercive, intrusive, reciprocal and Northern it is."""

    coerciveness: float
    intrusiveness: float
    reciprocity: float
    northern: float
    max_stance: int


class Pressures(NamedTuple):
    """The levels of the three legs and of peer pressure on each state this tick, each shaped (B, N)."""

    activism: np.ndarray
    legislature: np.ndarray
    conviction: np.ndarray
    peers: np.ndarray


@rule
def weigh(terms, t, activism, legislature, conviction, peers, severity, visibility, r, p):
    """One state's signed contribution of every term to its net benefit of acting, written into ``terms`` in the
    order of ``TERMS``; returns the net benefit, the terms added one after another in that order.

    ``t`` is the state's traits (democracy as points of access, capability, record, grievance, sovereignty,
    value commitment, stakes, patron inducement, official influence, regional pull, sponsorship, prior
    position and alignment), ``activism``, ``legislature``, ``conviction`` and ``peers`` the pressures on it this
    tick, ``r`` the response (coerciveness, intrusiveness, reciprocity, northern sponsorship) and the world's
    ``peer_review`` (how strongly a peer-review institution spotlights every state's record).
    """
    column = terms.reshape(N_TERMS, 1)
    standing = standing_terms(column, 0, t, scrutiny_exposure(t.record, p), r, p)
    return weigh_pressures(column, 0, t, activism, legislature, conviction, peers, severity, visibility, standing, p)


@rule
def scrutiny_exposure(record, p):
    """How exposed a state's own record is to scrutiny: its record of abuses (0 clean to 1 worst) to the power
    ``scrutiny_exponent``."""
    return record ** p.scrutiny_exponent


@inlined_rule
def standing_terms(terms, i, t, exposure, r, p):
    """The terms that do not move while the world and parameters stay as they are (regional pull, sponsorship,
    prior position, the interests at stake, grievance, scrutiny, sovereignty, a patron), written into column ``i``
    of ``terms`` (terms by states), and returns their sum, regional first: the kernel weighs them once per state
    for all the ticks of a call. ``exposure`` is the state's :func:`scrutiny_exposure`."""
    shield = 1.0 - p.peer_capability_discount * t.capability
    kappa = r.coerciveness
    terms[5, i] = p.regional_weight * t.regional_pull * shield  # regional
    terms[6, i] = p.sponsor_weight * t.sponsor  # sponsor
    terms[7, i] = p.prior_weight * prior_position(t, p)  # prior

    terms[8, i] = -p.security_weight * t.security_stake * kappa  # security
    terms[9, i] = -p.economic_weight * t.economic_stake * kappa  # economy
    terms[10, i] = -p.grievance_weight * t.grievance * kappa * r.northern  # grievance
    terms[11, i] = (-p.scrutiny_weight * (1.0 + p.peer_review_weight * r.peer_review) * r.reciprocity
                    * exposure)  # scrutiny
    terms[12, i] = -p.sovereignty_weight * t.sovereignty * r.intrusiveness  # sovereignty
    terms[13, i] = -p.patron_weight * t.patron_inducement * kappa  # patron
    total = terms[5, i]
    for k in range(6, N_TERMS):
        total += terms[k, i]
    return total


#: The parameters the standing terms read (:func:`standing_terms` and :func:`prior_position`), besides the scrutiny
#: exponent their exposures are made with: the kernel weighs a run's standing terms again only when one differs
#: from the last run's (``tests/test_mechanism.py`` checks that no other parameter moves them).
STANDING_PARAMETERS = ("peer_capability_discount", "regional_weight", "sponsor_weight", "prior_weight",
                       "prior_elsewhere_share", "security_weight", "economic_weight", "grievance_weight",
                       "scrutiny_weight", "peer_review_weight", "sovereignty_weight", "patron_weight")


@rule
def moving_terms(access, capability, official_influence, value_commitment, activism, legislature, conviction, peers,
                 severity, visibility, interests, grievance, p):
    """The terms this tick's crisis and pressures move, in the order of ``TERMS`` (values, activism, legislature,
    officials, peers), for a state with these points of ``access`` (democracy), ``capability``, officials'
    influence and value commitment, given its standing costs of its ``interests`` (security and economy) and of its
    ``grievance``: values grow with the visible abuses, activism and the legislature with the state's points of
    access as far as the executive takes them up, officials reframe a share of the interest cost away, and bloc
    partners pull as far as the state's capability does not shield it."""
    shield = 1.0 - p.peer_capability_discount * capability
    uptake = executive_uptake(official_influence, conviction, p)
    share = reframing(official_influence, conviction, legislature, p)
    return (p.value_weight * value_commitment * severity * visibility,  # values
            p.activism_weight * activism * access * uptake,  # activism
            p.legislature_weight * legislature * access * uptake,  # legislature
            -share * interests - p.route_share * share * grievance,  # officials
            p.peer_weight * peers * shield)  # peers


@rule
def net_benefit(moving, standing):
    """The net benefit of acting: the moving terms added in order, and the standing terms' sum last."""
    return moving[0] + moving[1] + moving[2] + moving[3] + moving[4] + standing


@rule
def weigh_pressures(terms, i, t, activism, legislature, conviction, peers, severity, visibility, standing, p):
    """:func:`weigh` for column ``i`` of ``terms`` (terms by states), which already holds the state's
    :func:`standing_terms` (their sum ``standing``): the :func:`moving_terms` written into the column, and the
    :func:`net_benefit` (column and index, not a view per state: no reference counting)."""
    moving = moving_terms(t.democracy, t.capability, t.official_influence, t.value_commitment, activism, legislature,
                          conviction, peers, severity, visibility, terms[8, i] + terms[9, i], terms[10, i], p)
    terms[0, i], terms[1, i], terms[2, i], terms[3, i], terms[4, i] = moving
    return net_benefit(moving, standing)


@rule
def prior_position(t, p):
    """A state's own earlier position on the question: its recorded vote on the target (-1 to +1), or, with
    none, a share of its alignment on other targets' resolutions."""
    return t.prior + (1.0 - t.prior_known) * p.prior_elsewhere_share * t.alignment


@rule
def chosen_stance(net, shock, current, p, max_stance):
    """Net benefit plus a random shock is cut into ordered stances; crossing a cut costs ``inertia`` extra.

    Moving up across a cut point needs the shocked net benefit to exceed it by ``inertia``; moving down needs it
    to fall ``inertia`` below. The stance never exceeds what the proposed response offers.
    """
    latent = p.noise * shock + net
    stance = (_clears(latent, p.threshold_abstain, p.inertia, current < 1)
              + _clears(latent, p.threshold_support, p.inertia, current < 2)
              + _clears(latent, p.threshold_sanction, p.inertia, current < 3)
              + _clears(latent, p.threshold_intervene, p.inertia, current < 4))
    return min(stance, max_stance)


@rule
def _clears(latent, cut, inertia, upward):
    """1 if the shocked net benefit clears a cut (raised by ``inertia`` on the way up, lowered on the way down),
    else 0 (an integer, not a branch: the compiled choice does not guess which way a random shock falls)."""
    return np.int64(latent > cut + (inertia if upward else -inertia))


@numba.njit(cache=True)
def _choose_all(net, shock, current, params, max_stance, out):
    for b in range(net.shape[0]):
        p = params[b if params.shape[0] > 1 else 0]
        for i in range(net.shape[1]):
            out[b, i] = chosen_stance(net[b, i], shock[b, i], current[b, i], p, max_stance)


def choose_stance(net, shock, current, p, max_stance: int) -> np.ndarray:
    """:func:`chosen_stance` for whole (B, N) arrays, the parameters ``p`` one point or a batch (int8)."""
    from .packed import packed_parameters

    net, shock, current = (np.atleast_2d(np.asarray(x)) for x in (net, shock, current))
    shape = np.broadcast_shapes(net.shape, shock.shape, current.shape)
    out = np.empty(shape, dtype=np.int8)
    _choose_all(*(np.ascontiguousarray(np.broadcast_to(x, shape), dtype=d)
                  for x, d in ((net, float), (shock, float), (current, np.int8))),
                packed_parameters(p), int(max_stance), out)
    return out


@numba.njit(cache=True)
def _nets_with(traits, row, activism, legislature, conviction, peers, severity, visibility, response, p,
               level, values):
    terms = np.empty(N_TERMS)
    out = np.empty(values.shape[0])
    pressures = np.array([activism, legislature, conviction, peers])
    for j in range(values.shape[0]):
        pressures[level] = values[j]
        out[j] = weigh(terms, traits[0, row], pressures[0], pressures[1], pressures[2], pressures[3], severity,
                       visibility, response[0], p)
    return out


def net_with(traits, pressures: Pressures, severity, visibility, response: Response, p, peer_review, row: int,
             level: str, values, run: int = 0) -> np.ndarray:
    """State ``row``'s net benefit of acting in run ``run`` with the pressure ``level`` (a field of
    :class:`Pressures`) set to each of ``values``, every other input as given: the decision re-read by
    :func:`weigh`, not re-derived.
    """
    from .packed import packed_parameters, packed_response, packed_traits

    def one_run(x):
        x = np.asarray(x)
        return x[run] if x.ndim == 2 else x

    traits_row = type(traits)(**{name: one_run(getattr(traits, name)) for name in traits.__dataclass_fields__})
    params = packed_parameters(p)
    levels = [float(one_run(getattr(pressures, name))[row]) for name in Pressures._fields]
    seen = float(np.asarray(visibility, dtype=float).reshape(-1)[run])
    return _nets_with(packed_traits(traits_row), row, *levels, float(severity), seen,
                      packed_response(response, peer_review), params[run if len(params) > 1 else 0],
                      Pressures._fields.index(level), np.asarray(values, dtype=float).reshape(-1))


def stance_probabilities(net, current, p, max_stance: int) -> np.ndarray:
    """The probability of each stance that :func:`choose_stance` draws, given the net benefit and the current
    stance: the ordered choice's normal shock integrated out, (B, N, 5).

    From stance ``s`` a state moves up to ``k > s`` when the shocked net benefit lies between the cuts
    ``c[k-1] + inertia`` and ``c[k] + inertia``, down to ``k < s`` between ``c[k-1] - inertia`` and
    ``c[k] - inertia``, and stays between ``c[s-1] - inertia`` and ``c[s] + inertia``; stances above the
    response's highest count as the highest.
    """
    from scipy.special import ndtr

    net = np.asarray(net, dtype=float)
    current = np.asarray(current)
    cuts = p.thresholds()
    noise = np.asarray(p.noise, dtype=float)

    def below(x):  # P(net + noise * shock <= x)
        z = np.divide(x - net, noise, out=np.zeros(np.broadcast_shapes(np.shape(x - net), noise.shape)),
                      where=noise > 0)
        return np.where(noise > 0, ndtr(z), (net <= x).astype(float))

    up = [below(c + p.inertia) for c in cuts]  # P(latent <= c_j + inertia)
    down = [below(c - p.inertia) for c in cuts]
    n = len(cuts) + 1
    out = np.zeros(net.shape + (n,))
    for s in range(n):
        here = current == s
        if not here.any():
            continue
        edges = [0.0] + [down[j] if j < s else up[j] for j in range(n - 1)] + [1.0]
        for k in range(n):
            lo = edges[k]
            hi = edges[k + 1]
            out[..., k] += np.where(here, np.asarray(hi) - np.asarray(lo), 0.0)
    top = out[..., max_stance:].sum(axis=-1)
    out[..., max_stance + 1:] = 0.0
    out[..., max_stance] = top
    return out
