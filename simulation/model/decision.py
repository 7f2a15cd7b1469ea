"""The decision: a state weighs values and pressure against interests, and picks an ordered stance.

Every term is returned separately and signed (benefits positive, costs negative; peer and regional
pressure can take either sign), so the model can say *why* a state chose what it chose; the net
benefit of acting is their sum.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .officials import executive_uptake, reframing


class Term(NamedTuple):
    """A term of the decision: its name, which side it pulls (benefit, cost, or either), plain words, a colour."""

    name: str
    side: str  # "benefit" (>= 0), "cost" (<= 0) or "either"
    words: str
    colour: str


#: The terms of the decision, in the order :func:`decision_terms` returns them: the one registry of terms
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


def decision_terms(traits, pressures: Pressures, severity, visibility, response: Response, p, peer_review=0.0):
    """Each state's signed contribution of every term to its net benefit of acting, one array per term.

    The terms come in the order of ``TERMS``, each shaped (B, N) or, when it is the same for every run,
    (N,); :func:`stack_terms` makes the (B, N, len(TERMS)) array and :func:`net_benefit` their sum.

    ``traits`` exposes the per-state arrays (democracy as points of access, capability, record,
    grievance, sovereignty, value commitment, stakes, patron inducement, official influence, regional
    pull, sponsorship, prior position and alignment); ``severity`` is a number, ``visibility`` has shape
    (B,); ``peer_review`` is how strongly a peer-review institution spotlights every state's record.
    """
    access = traits.democracy
    shield = 1.0 - p.peer_capability_discount * traits.capability
    kappa = response.coerciveness
    uptake = executive_uptake(traits.official_influence, pressures.conviction, p)

    values = p.value_weight * traits.value_commitment * severity * visibility[:, None]
    activism = p.activism_weight * pressures.activism * access * uptake
    legislature = p.legislature_weight * pressures.legislature * access * uptake
    peers = p.peer_weight * pressures.peers * shield
    regional = p.regional_weight * traits.regional_pull * shield
    sponsor = p.sponsor_weight * traits.sponsor
    prior = p.prior_weight * prior_position(traits, p)

    security = -p.security_weight * traits.security_stake * kappa
    economy = -p.economic_weight * traits.economic_stake * kappa
    grievance = -p.grievance_weight * traits.grievance * kappa * response.northern
    scrutiny = (-p.scrutiny_weight * (1.0 + p.peer_review_weight * peer_review) * response.reciprocity
                * traits.record ** p.scrutiny_exponent)
    sovereignty = -p.sovereignty_weight * traits.sovereignty * response.intrusiveness
    patron = -p.patron_weight * traits.patron_inducement * kappa

    share = reframing(traits.official_influence, pressures.conviction, pressures.legislature, p)
    officials = -share * (security + economy) - p.route_share * share * grievance

    return (values, activism, legislature, officials, peers, regional, sponsor, prior,
            security, economy, grievance, scrutiny, sovereignty, patron)


def prior_position(traits, p):
    """A state's own earlier position on the question: its recorded vote on the target (-1 to +1), or, with
    none, a share of its alignment on other targets' resolutions."""
    return traits.prior + (1.0 - traits.prior_known) * p.prior_elsewhere_share * traits.alignment


def net_benefit(parts) -> np.ndarray:
    """The net benefit of acting, (B, N): the terms added one after another in the order of ``TERMS``."""
    net = np.add(parts[0], parts[1])  # values and activism: together they span (B, N)
    for part in parts[2:]:
        net += part
    return net


def stack_terms(parts) -> np.ndarray:
    """The terms as one (B, N, len(TERMS)) array (a view of a (len(TERMS), B, N) one, each term contiguous)."""
    out = np.empty((len(parts),) + np.broadcast_shapes(*(np.shape(x) for x in parts)))
    for k, x in enumerate(parts):
        out[k] = x
    return np.moveaxis(out, 0, -1)


def choose_stance(net, shock, current, p, max_stance: int):
    """Net benefit plus a random shock is cut into ordered stances; crossing a cut costs ``inertia`` extra.

    Moving up across a cut point needs the shocked net benefit to exceed it by ``inertia``; moving down
    needs it to fall ``inertia`` below. The stance never exceeds what the proposed response offers.

    Computed as counts: with ``up`` the number of cuts the shocked net benefit clears by ``inertia`` and
    ``down`` the number it clears less ``inertia`` (both cut lists increase), a state at stance ``s``
    moves to ``min(down, s) + max(up - s, 0)``; this equals checking each cut against the state's stance.
    """
    latent = p.noise * shock
    latent += net
    clears = np.empty(latent.shape, dtype=bool)
    up = np.zeros(latent.shape, dtype=np.int8)
    down = np.zeros(latent.shape, dtype=np.int8)
    for cut in p.thresholds():
        up += np.greater(latent, cut + p.inertia, out=clears)
        down += np.greater(latent, cut - p.inertia, out=clears)
    np.minimum(down, current, out=down)
    up -= current
    np.maximum(up, 0, out=up)
    up += down
    return np.minimum(up, max_stance, out=up)


def net_with(traits, pressures: Pressures, severity, visibility, response: Response, p, peer_review, row: int,
             level: str, values, run: int = 0) -> np.ndarray:
    """State ``row``'s net benefit of acting in run ``run`` with the pressure ``level`` (a field of
    :class:`Pressures`) set to each of ``values``, every other input as given: the decision re-read, not re-derived.
    """
    values = np.asarray(values, dtype=float)
    k = len(values)

    def one_run(x):
        x = np.asarray(x)
        return x[run] if x.ndim == 2 else x

    levels = {name: np.repeat(np.atleast_2d(one_run(getattr(pressures, name)))[:1], k, axis=0).copy()
              for name in Pressures._fields}
    levels[level][:, row] = values
    traits_row = type(traits)(**{name: one_run(getattr(traits, name)) for name in traits.__dataclass_fields__})
    seen = np.repeat(np.asarray(visibility, dtype=float).reshape(-1)[run], k)
    return net_benefit(decision_terms(traits_row, Pressures(**levels), severity, seen, response, p,
                                      peer_review))[:, row]


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
