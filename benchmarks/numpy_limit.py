"""The model's tick written as bare numpy, with no model objects around it: the floor the kernel is measured against.

The same equations as ``simulation/model`` (docs/ODD.md, "Submodels"), in the same order, on plain arrays;
constants that depend only on the world (bloc weights, sparse ties) are computed once, as the kernel does.
"""

from __future__ import annotations

import numpy as np


def constants(world) -> dict:
    """The world's arrays as plain numpy/scipy objects (nothing of the model is used in the tick)."""
    t = world.traits
    ties = world.ties
    r = world.response
    return {
        "traits": {f: np.asarray(getattr(t, f)) for f in t.__dataclass_fields__},
        "blocs": ties.blocs, "state_of": ties.state_of, "bloc_of": ties.bloc_of, "to_states": ties.to_states,
        "targets_t": world.targets.T.tocsr(),
        "resources": world.resources, "credibility": world.credibility, "informs": world.informs,
        "ticks": world.timeline_ticks, "levels": world.timeline_levels, "jumps": world.visibility_jumps,
        "kappa": r.coerciveness, "intrusive": r.intrusiveness, "reciprocal": r.reciprocity, "northern": r.northern,
        "max_stance": r.max_stance, "peer_review": world.peer_review,
    }


def _clip(x, lo, hi):
    np.maximum(x, lo, out=x)
    return np.minimum(x, hi, out=x)


def _saturate(x):
    np.negative(x, out=x)
    np.expm1(x, out=x)
    return np.negative(x, out=x)


def tick(c: dict, p, s: dict, t: int, shock: np.ndarray) -> dict:
    """One tick of B runs on the state dict ``s`` (arrays shaped like the kernel's); returns the new state dict.

    Written as tight numpy: in-place updates where an array is ours, clipping with two ufunc calls.
    """
    tr = c["traits"]
    sev = float(np.interp(t, c["ticks"], c["levels"]))
    m = s["mobilisation"]
    m = _clip(m + p.activism_growth * c["resources"] * (sev * s["visibility"])[:, None] * (1.0 - m)
              - p.activism_fatigue * m, 0.0, 1.0)
    info = -np.expm1(-(m * (c["credibility"] * c["informs"])).sum(axis=1))
    v = s["visibility"][:, None]
    v = _clip(v + (p.real_time_media * sev + p.information_gain * info[:, None]) * (1.0 - v)
              - p.visibility_decay * v + c["jumps"].get(t, 0.0), 0.0, 1.0)[:, 0]
    act = np.ascontiguousarray((c["targets_t"] @ (c["credibility"] * m).T).T)
    act += p.advocacy_reach * v[:, None]
    act = _saturate(act)
    leg = s["legislature"]
    new_leg = p.legislature_responsiveness * tr["legislature_strength"] * act
    new_leg *= 1.0 - leg
    new_leg += leg
    new_leg -= leg * p.legislature_decay
    leg = _clip(new_leg, 0.0, 1.0)
    con = s["conviction"]
    push = act * tr["democracy"]
    push += p.legislative_cover * leg
    push = _saturate(push)
    push *= p.conviction_gain
    push *= 1.0 - con
    push += con
    push -= (con - s["baseline"]) * p.conviction_decay
    con = _clip(push, 0.0, 1.0)
    pos = _clip(s["stance"].astype(float) - 1, -1.0, 1.0)
    w = p.peer_influence_floor + tr["capability"] + np.zeros_like(pos)
    wx = w * pos
    total, weight = (c["blocs"] @ wx.T).T, (c["blocs"] @ w.T).T
    i, k = c["state_of"], c["bloc_of"]
    others = weight[:, k] - w[:, i]
    line = np.divide(total[:, k] - wx[:, i], others, out=np.zeros_like(others), where=others > 0)
    peers = np.ascontiguousarray((c["to_states"] @ line.T).T)

    shield = 1.0 - p.peer_capability_discount * tr["capability"]
    uptake = p.executive_floor + (1.0 - p.executive_floor) * tr["official_influence"] * con
    kappa = c["kappa"]
    terms = np.empty((14,) + act.shape)
    terms[0] = p.value_weight * tr["value_commitment"] * sev * v[:, None]
    terms[1] = p.activism_weight * act * tr["democracy"] * uptake
    terms[2] = p.legislature_weight * leg * tr["democracy"] * uptake
    np.multiply(p.peer_weight * peers, shield, out=terms[4])
    terms[5] = p.regional_weight * tr["regional_pull"] * shield
    terms[6] = p.sponsor_weight * tr["sponsor"]
    terms[7] = p.prior_weight * (tr["prior"] + (1.0 - tr["prior_known"]) * p.prior_elsewhere_share * tr["alignment"])
    security = -p.security_weight * tr["security_stake"] * kappa
    economy = -p.economic_weight * tr["economic_stake"] * kappa
    grievance = -p.grievance_weight * tr["grievance"] * kappa * c["northern"]
    terms[8], terms[9], terms[10] = security, economy, grievance
    terms[11] = (-p.scrutiny_weight * (1.0 + p.peer_review_weight * c["peer_review"]) * c["reciprocal"]
                 * tr["record"] ** p.scrutiny_exponent)
    terms[12] = -p.sovereignty_weight * tr["sovereignty"] * c["intrusive"]
    terms[13] = -p.patron_weight * tr["patron_inducement"] * kappa
    share = p.reframing_max * tr["official_influence"] * con * leg
    np.multiply(-share, security + economy, out=terms[3])
    terms[3] -= p.route_share * share * grievance
    net = terms[0] + terms[1]
    for k in range(2, 14):
        net += terms[k]

    latent = p.noise * shock + net
    stance = np.zeros(latent.shape, dtype=np.int8)
    for level, cut in enumerate(p.thresholds(), start=1):
        stance += latent > np.where(s["stance"] < level, cut + p.inertia, cut - p.inertia)
    np.minimum(stance, c["max_stance"], out=stance)
    newly = (stance >= 2) & (s["tipped_tick"] < 0)
    tipped = np.where(newly, np.int32(t), s["tipped_tick"])
    at_tip = s["pressures_at_tip"]
    if newly.any():
        at_tip = np.where(newly[..., None], np.stack([act, leg, con], axis=-1), at_tip)
    return {"stance": stance, "net": net, "mobilisation": m, "visibility": v, "activism": act, "legislature": leg,
            "conviction": con, "baseline": s["baseline"], "tipped_tick": tipped, "pressures_at_tip": at_tip,
            "terms": np.moveaxis(terms, 0, -1)}


def initial(world, batch: int = 1) -> dict:
    """The world's tick-0 state as a plain dict of arrays."""
    names = {"stance": "stance", "net": "net", "mobilisation": "mobilisation", "visibility": "visibility",
             "activism": "activism", "legislature": "legislature", "conviction": "conviction",
             "baseline": "baseline_conviction", "tipped_tick": "tipped_tick", "pressures_at_tip": "pressures_at_tip"}
    return {k: np.repeat(getattr(world.initial, name), batch, axis=0) for k, name in names.items()} | {"terms": None}
