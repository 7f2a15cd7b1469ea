"""One road from a scenario to a run: every driver gives the same run of a scenario with interventions.

For a scenario with an intervention of each kind, the focal state's final numbers are identical (to the
bit) whether the scenario is run by ``trifecta run``, by a ``PolicyModel`` stepped by hand, as a point of
a sweep, as the "do nothing" strategy of a strategy evaluation, or by the dashboard's model.
"""

from __future__ import annotations

import pytest
import yaml
from conftest import DEMO

from simulation.lab.runs import run_scenario
from simulation.scenario.load import load_scenario

FOCAL = "EMD"
STEPS = 24
SEED = 11

#: One intervention of each kind, all on or around Emergia (the demo's focal state).
INTERVENTIONS = {
    "campaign": {"kind": "campaign", "targets": [FOCAL], "start": 3, "duration": 10, "intensity": 0.8},
    "media": {"kind": "media", "start": 2, "duration": 6, "intensity": 1.0},
    "lobbying": {"kind": "lobbying", "targets": [FOCAL], "start": 4, "duration": 12, "intensity": 0.7},
    "engagement": {"kind": "engagement", "targets": [FOCAL], "start": 4, "duration": 12, "intensity": 0.7},
    "coalition": {"kind": "coalition", "targets": [FOCAL], "partners": ["NRD", "HGM"], "start": 2, "duration": 40,
                  "intensity": 0.8},
    "regional": {"kind": "regional", "blocs": ["SouthForum"], "start": 2, "duration": 40, "intensity": 1.0},
    "incentives": {"kind": "incentives", "targets": [FOCAL], "start": 2, "duration": 40, "intensity": 0.8},
    "counter_offer": {"kind": "counter_offer", "targets": [FOCAL], "start": 2, "duration": 40, "intensity": 0.8},
}


def scenario_file(tmp_path, kind: str):
    """The demo with one intervention of ``kind``, run for STEPS ticks with seed SEED."""
    data = yaml.safe_load(DEMO.read_text())
    data["name"] = f"demo_{kind}"
    data["interventions"] = [INTERVENTIONS[kind]]
    data["run"] = {"steps": STEPS, "seed": SEED, "replications": 1}
    path = tmp_path / f"demo_{kind}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def by_run(path):
    result = run_scenario(load_scenario(path))
    i = result.world.index(FOCAL)
    f = result.final
    return {"net": float(f.net[0, i]), "tipped_tick": int(f.tipped_tick[0, i]), "stance": int(f.stance[0, i]),
            "legislature": float(f.legislature[0, i]), "officials": float(f.conviction[0, i])}


def by_policy_model(path):
    from simulation.model.policy_model import PolicyModel
    from simulation.scenario.prepare import prepare

    model = PolicyModel(prepare(load_scenario(path)))
    for _ in range(STEPS):
        model.step()
    agent = next(a for a in model.states if a.code == FOCAL)
    return {"net": agent.net_benefit, "tipped_tick": agent.tipped_tick if agent.tipped_tick is not None else -1,
            "stance": int(agent.stance), "legislature": agent.legislative_pressure, "officials": agent.conviction}


def by_sweep(path, tmp_path):
    from simulation.lab.executors import ExecutorSpec
    from simulation.lab.experiment import load_experiment
    from simulation.lab.sweep import run_sweep
    from simulation.lab.sweep_store import read_sweep

    spec = {"name": "one_point", "scenario": str(path), "seed": SEED, "replications": 1, "steps": STEPS,
            "focal": FOCAL,
            "factors": [{"name": "noise", "path": "parameters.noise", "levels": [load_scenario(path).parameters.noise]}],
            "design": {"kind": "grid"}}
    exp_path = tmp_path / "one_point.yaml"
    exp_path.write_text(yaml.safe_dump(spec, sort_keys=False))
    out = tmp_path / "sweep"
    run_sweep(load_experiment(exp_path).job(), out, ExecutorSpec("serial", 1), progress=False)
    row = read_sweep(out).table().iloc[0]
    return {"net": float(row["net_final"]), "tipped_tick": int(row["tipped_tick"]), "stance": int(row["final_stance"]),
            "legislature": float(row["legislature_final"]), "officials": float(row["officials_final"])}


def by_strategy_evaluation(path, tmp_path):
    from simulation.lab.strategies import compare
    from simulation.lab.strategy_spec import load_strategy_spec

    spec = {"name": "nothing_else", "scenario": str(path), "targets": [FOCAL], "horizon": STEPS, "budget": 1.0,
            "replications": 1, "seed": SEED}
    spec_path = tmp_path / "nothing_else.yaml"
    spec_path.write_text(yaml.safe_dump(spec, sort_keys=False))
    outcome = compare(load_strategy_spec(spec_path)).outcomes[0]
    tipped = bool(outcome.tipped[0])
    return {"net": float(outcome.terms[0].sum()), "tipped_tick": int(outcome.time[0]) if tipped else -1}


def by_dashboard(path):
    from simulation.faces.dashboard.controls import Controls
    from simulation.faces.dashboard.runs import Run

    model = Run(path, Controls(), seed=SEED).at(STEPS)
    agent = next(a for a in model.states if a.code == FOCAL)
    return {"net": agent.net_benefit, "tipped_tick": agent.tipped_tick if agent.tipped_tick is not None else -1,
            "stance": int(agent.stance), "legislature": agent.legislative_pressure, "officials": agent.conviction}


def test_every_registered_kind_is_checked_here():
    from simulation.model.interventions import KINDS

    assert set(INTERVENTIONS) == set(KINDS)


@pytest.mark.parametrize("kind", list(INTERVENTIONS))
def test_every_driver_runs_the_same_model(tmp_path, kind):
    path = scenario_file(tmp_path, kind)
    reference = by_run(path)
    others = {"PolicyModel": by_policy_model(path), "sweep point": by_sweep(path, tmp_path),
              "strategy evaluation": by_strategy_evaluation(path, tmp_path), "dashboard": by_dashboard(path)}
    for driver, got in others.items():
        for key, value in got.items():
            if key == "net":
                assert value == pytest.approx(reference[key], abs=1e-12), (driver, key)
            else:
                assert value == reference[key], (driver, key)


@pytest.mark.parametrize("kind", list(INTERVENTIONS))
def test_the_intervention_changes_the_run(tmp_path, kind):
    """The agreement above is not vacuous: with the intervention the focal state's numbers differ from without."""
    path = scenario_file(tmp_path, kind)
    data = yaml.safe_load(path.read_text())
    data["interventions"] = []
    bare = tmp_path / "bare.yaml"
    bare.write_text(yaml.safe_dump(data, sort_keys=False))
    assert by_run(path)["net"] != by_run(bare)["net"]
