"""Hypothesis strategies shared by the tests: random small, valid scenarios."""

from hypothesis import strategies as st

from simulation.model.params import parameter_table
from simulation.scenario import Scenario

unit = st.floats(0.0, 1.0, allow_nan=False, allow_infinity=False)
CODES = ["PAA", "PBB", "PCC", "PDD", "PEE", "PFF"]
THRESHOLDS = ("threshold_abstain", "threshold_support", "threshold_sanction", "threshold_intervene")
INSTRUMENT_TOP = {"statement": 2, "resolution": 2, "sanctions": 3, "intervention": 4}
STANCES = ["oppose", "abstain", "support", "sanction", "intervene"]


@st.composite
def scenarios(draw):
    """A random valid scenario: 2-6 states, 0-4 activists, 0-3 blocs, random traits, response and parameters."""
    n = draw(st.integers(2, 6))
    codes = CODES[:n]
    blocs = [{"name": f"bloc{k}", "cohesion": draw(unit), "position": draw(st.floats(-1.0, 1.0))}
             for k in range(draw(st.integers(0, 3)))]
    instrument = draw(st.sampled_from(sorted(INSTRUMENT_TOP)))
    top = INSTRUMENT_TOP[instrument]
    states = []
    for c in codes:
        states.append({
            "code": c, "democracy": draw(unit), "capability": draw(unit), "record": draw(unit),
            "grievance": draw(unit), "sovereignty": draw(unit), "value_commitment": draw(unit),
            "security_stake": draw(unit), "economic_stake": draw(unit), "patron_inducement": draw(unit),
            "blocs": [b["name"] for b in blocs if draw(st.booleans())],
            "legislature": {"strength": draw(st.none() | unit), "pressure": draw(unit)},
            "official": {"influence": draw(unit), "conviction": draw(unit)},
            "stance": STANCES[draw(st.integers(0, top))],
        })
    activists = [{"name": f"act{k}", "kind": draw(st.sampled_from(["ngo", "victims", "media"])),
                  "scope": draw(st.sampled_from(["domestic", "transnational"])),
                  "targets": draw(st.lists(st.sampled_from(codes), min_size=1, max_size=n + 2)),
                  "resources": draw(unit), "credibility": draw(unit), "mobilisation": draw(unit)}
                 for k in range(draw(st.integers(0, 4)))]
    if draw(st.booleans()):
        severity = draw(unit)
    else:
        ticks = sorted(draw(st.sets(st.integers(0, 20), min_size=1, max_size=4)))
        severity = [{"tick": t, "severity": draw(unit)} for t in ticks]
    events = [{"tick": draw(st.integers(1, 15)), "visibility": draw(st.floats(-1.0, 1.0))}
              for _ in range(draw(st.integers(0, 3)))]
    response = {"instrument": instrument,
                "sponsor": draw(st.sampled_from(["western", "multilateral", "regional"]))}
    for key in ("coerciveness", "intrusiveness", "reciprocity", "northern"):
        value = draw(st.none() | unit)
        if value is not None:
            response[key] = value
    params = {}
    for row in parameter_table():
        if row["name"] in THRESHOLDS:
            continue
        if draw(st.booleans()):  # about half of them keep their default
            params[row["name"]] = draw(st.floats(float(row["min"]), float(row["max"]),
                                                 allow_nan=False, allow_infinity=False))
    cuts = sorted(draw(st.lists(st.floats(-3.0, 3.0), min_size=4, max_size=4, unique=True)))
    params.update(dict(zip(THRESHOLDS, cuts)))
    return Scenario.model_validate({
        "name": "hypo", "states": states, "blocs": blocs, "activists": activists,
        "crisis": {"target": "X", "severity": severity, "visibility": draw(unit), "events": events,
                   "response": response},
        "parameters": params,
    })
