"""The dashboard without a browser: slider overrides, the model they build, the world view choice, tipping, the command."""

from __future__ import annotations

import socket
import subprocess
import sys

import numpy as np
import pytest

from simulation.faces.dashboard.controls import overrides, pushed
from simulation.faces.dashboard.model import DashboardModel, catalog, parse_seed
from simulation.faces.dashboard.panels import counts_text, why_text
from simulation.faces.dashboard.server import port_problem, server_env
from simulation.faces.tipping import what_it_takes
from simulation.faces.worldmap import use_map
from simulation.model.decision import TERMS
from simulation.scenario.load import load_scenario

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def test_push_keeps_removes_or_fills():
    assert pushed(0.4, 0.0) == 0.4
    assert pushed(0.4, 1.0) == 1.0 and pushed(0.4, -1.0) == 0.0
    assert pushed(0.4, 0.5) == pytest.approx(0.7) and pushed(0.4, -0.5) == pytest.approx(0.2)


def test_sliders_act_through_overrides_not_stances(demo_path):
    spec = load_scenario(demo_path)
    assert overrides(spec) == {}
    changes = overrides(spec, legislature=-1.0, trade=0.5)
    assert changes[f"states[{spec.states[-1].code}].legislature.strength"] == 0.0
    assert changes["parameters.economic_weight"] == pytest.approx(spec.parameters.economic_weight * 0.5)
    assert not any("stance" in path for path in changes)
    model = DashboardModel(scenario=spec.name, legislature=-1.0, trade=0.5)
    assert np.all(model.world.traits.legislature_strength == 0.0)
    assert model.params.economic_weight == pytest.approx(spec.parameters.economic_weight * 0.5)
    assert np.array_equal(model.state.stance, DashboardModel(scenario=spec.name).state.stance)


def test_dashboard_model_matches_policy_model_and_seed_box(demo_path):
    from simulation.model.policy_model import PolicyModel
    from simulation.scenario.prepare import prepare

    spec = load_scenario(demo_path)
    a, b = DashboardModel(scenario=spec.name, seed="7"), PolicyModel(prepare(spec, seed=7))
    for _ in range(6):
        a.step()
        b.step()
    assert np.array_equal(a.state.stance, b.state.stance) and np.allclose(a.state.net, b.state.net)
    assert parse_seed("") is None and parse_seed("x") is None and parse_seed("-1") is None and parse_seed(" 12 ") == 12
    assert "trifecta_demo" in catalog()


def test_panel_texts_follow_the_model():
    model = DashboardModel()
    assert counts_text(model).startswith("Tick 0:") and "has not decided yet" in why_text(model)
    for _ in range(3):
        model.step()
    counts = model.history["stance_counts"][-1, 0]
    assert counts_text(model) == "Tick 3: " + " · ".join(
        f"{label} {n}" for label, n in zip(("oppose", "abstain", "support", "sanction", "intervene"), counts))
    focal = model.world.index(model.scenario.focal[0])
    assert why_text(model).startswith(model.world.names[focal])


def test_map_only_when_most_states_have_shapes():
    assert use_map(["BRA", "IND", "ZAF", "USA"])
    assert not use_map(["BRA", "IND"])  # too few
    assert not use_map(["EMD", "NRD", "AUT", "SML"])  # one real code among four


def test_tipping_level_closes_the_gap_exactly():
    model = DashboardModel()
    for _ in range(4):
        model.step()
    row = model.world.index("EMD")
    s = model.state
    terms = model.last_terms[0, row]
    tip = what_it_takes(model.last_output, model.params, row, int(s.stance[0, row]))
    assert not tip.acting and tip.gap > 0
    # raising activism to the level it names adds exactly the missing net benefit (activism enters linearly)
    r = tip.legs[0]
    added = model.params.activism_weight * (r.needed - r.level) * model.world.traits.democracy[row]
    assert added == pytest.approx(tip.gap)
    assert dict(zip(TERMS, terms))["activism"] == pytest.approx(
        model.params.activism_weight * r.level * model.world.traits.democracy[row])


def test_port_in_use_and_bad_scenario_exit_2(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        assert "already in use" in port_problem("127.0.0.1", port)
        proc = subprocess.run([sys.executable, "-m", "simulation", "app", "--port", str(port)],
                              capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "already in use" in proc.stderr and "Traceback" not in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "simulation", "app", str(tmp_path / "nope.yaml")],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "nope.yaml" in proc.stderr and "Traceback" not in proc.stderr


def test_server_env_points_at_assets_and_scenario(tmp_path, demo_path):
    env = server_env(demo_path, {"SOLARA_ASSETS_PROXY_CACHE_DIR": str(tmp_path)})
    assert env["SOLARA_ASSETS_PROXY_CACHE_DIR"] == str(tmp_path)
    assert env["TRIFECTA_APP_SCENARIO"] == str(demo_path.resolve())


def test_map_fills_the_given_states_and_zooms_to_them():
    from matplotlib.figure import Figure

    from simulation.faces.worldmap import LAND, draw_map, shapes

    ax = Figure().add_subplot()
    draw_map(ax, {"BRA": "#b2182b", "ZAF": "#92c5de"}, outline="BRA")
    base, *filled = ax.collections
    assert len(base.get_paths()) == sum(len(r) for r in shapes().values())
    assert [len(c.get_paths()) for c in filled] == [len(shapes()["BRA"]), len(shapes()["ZAF"])]
    assert tuple(base.get_facecolor()[0][:3]) == tuple(int(LAND[k:k + 2], 16) / 255 for k in (1, 3, 5))
    x0, x1 = ax.get_xlim()
    assert -90 < x0 < -70 and 30 < x1 < 60  # Brazil's west coast to South Africa's east, with a margin
