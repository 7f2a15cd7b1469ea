"""What each element of the grounded mechanism adds on the recorded votes: remove one element at a time from the
calibrated defaults (the others held at their calibrated values, not refitted) and print the training
log-likelihood (2004-2009) and the validation scores (2010-2012) as a Markdown table (docs/calibration.md).

Run ``python tools/ablations.py`` (a few minutes on two cores).
"""

from __future__ import annotations

from simulation.lab.votes.calibrate import Candidate, log_likelihoods, roll_call_data
from simulation.lab.votes.hindcast import hindcast
from simulation.lab.votes.roll_calls import describe
from simulation.lab.votes.votes_file import shipped_votes
from simulation.model.params import Parameters
from simulation.scenario.schema import TraitMapping

#: Each element of issue 13's mechanism, and the parameter change that removes it.
ABLATIONS: dict[str, dict[str, float]] = {
    "calibrated defaults": {},
    "no prior position": {"prior_weight": 0.0},
    "no sponsor commitment": {"sponsor_weight": 0.0},
    "no peer review": {"peer_review_weight": 0.0},
    "linear scrutiny (exponent 1)": {"scrutiny_exponent": 1.0},
    "no Assembly-wide advocacy": {"advocacy_reach": 0.0},
    "no executive uptake (floor 1)": {"executive_floor": 1.0},
    "no blocs (peers, regional 0)": {"peer_weight": 0.0, "regional_weight": 0.0},
    "no legs (activism, legislature 0)": {"activism_weight": 0.0, "legislature_weight": 0.0},
}


def main() -> None:
    history = shipped_votes()
    described = describe(history)
    train = [rc for rc in described if 2004 <= rc.year <= 2009]
    held_out = sorted(rc.rcid for rc in described if 2010 <= rc.year <= 2012)
    data = roll_call_data(history, described, train, replications=8)
    n = sum(len(d.rows) for d in data)
    base = Parameters()
    candidates = [Candidate(base.model_copy(update=change), TraitMapping()) for change in ABLATIONS.values()]
    lls = log_likelihoods(candidates, data)
    print(f"| removed (others at their calibrated values, not refitted) | train log-likelihood ({n} votes) "
          "| validation present-only | validation log-loss |")
    print("|---|---|---|---|")
    for (name, change), ll in zip(ABLATIONS.items(), lls):
        settings = {**base.model_dump(), **change}
        scores = hindcast(history, described, held_out, 20, settings, progress=False).scores()["model"]
        print(f"| {name} | {ll:.1f} | {scores['present_only_accuracy']:.3f} | {scores['log_loss']:.3f} |", flush=True)


if __name__ == "__main__":
    main()
