"""The dashboard without a browser: controls as overrides, runs built the one way, charts, assets, the command."""

from __future__ import annotations

import importlib
import io
import json
import socket
import subprocess
import sys
import tarfile
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from simulation.faces.dashboard import assets
from simulation.faces.dashboard.charts import map_template, stances_chart, world_chart
from simulation.faces.dashboard.controls import CIVIL_SOCIETY, Controls, Plan, overrides, pushed
from simulation.faces.dashboard.runs import Run, catalog, parse_seed
from simulation.faces.dashboard.server import is_local, port_problem, server_env
from simulation.faces.dashboard.texts import counts_text, levels, why_text
from simulation.faces.tipping import what_it_takes
from simulation.faces.worldmap import use_map
from simulation.model.decision import TERMS
from simulation.model.officials import executive_uptake
from simulation.model.packed import packed_parameters
from simulation.model.policy_model import PolicyModel
from simulation.scenario.interventions import intervention_cost
from simulation.scenario.load import load_scenario
from simulation.scenario.prepare import prepare

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")
ROOT = Path(__file__).resolve().parents[1]
CRIMEA = ROOT / "scenarios" / "crimea_2014.yaml"


def same_run(a: PolicyModel, b: PolicyModel) -> bool:
    return (a.steps == b.steps and np.array_equal(a.state.stance, b.state.stance)
            and np.array_equal(a.history["stance_counts"], b.history["stance_counts"])
            and np.allclose(a.state.net, b.state.net))


def test_push_keeps_removes_or_fills():
    assert pushed(0.4, 0.0) == 0.4
    assert pushed(0.4, 1.0) == 1.0 and pushed(0.4, -1.0) == 0.0
    assert pushed(0.4, 0.5) == pytest.approx(0.7) and pushed(0.4, -0.5) == pytest.approx(0.2)


@given(st.floats(0, 1), st.floats(-1, 1))
def test_push_stays_in_the_unit_interval_and_is_monotone(value, push):
    out = pushed(value, push)
    assert 0.0 <= out <= 1.0
    assert (out >= value - 1e-6) if push >= 0 else (out <= value + 1e-6)


def test_controls_act_through_overrides_not_stances(demo_path):
    spec = load_scenario(demo_path)
    assert overrides(spec, Controls()) == {}
    changes = overrides(spec, Controls(legislature=-1.0, trade=0.5))
    code = spec.states[-1].code
    assert changes[f"states[{code}].legislature.strength"] == 0.0
    assert changes[f"states[{code}].legislature.pressure"] == 0.0
    # weights in overrides are written to 6 decimals
    assert changes["parameters.economic_weight"] == pytest.approx(spec.parameters.economic_weight * 0.5, abs=1e-6)
    assert not any("stance" in path for path in changes)
    run = Run(demo_path, Controls(legislature=-1.0, trade=0.5))
    assert np.all(run.model.world.traits.legislature_strength == 0.0)
    assert run.model.params.economic_weight == pytest.approx(spec.parameters.economic_weight * 0.5, abs=1e-6)
    assert np.array_equal(run.model.state.stance, Run(demo_path, Controls()).model.state.stance)


def test_a_run_is_the_one_road_from_scenario_with_the_same_overrides(demo_path):
    controls = Controls(activism=0.4, officials=-0.5, security=2.0, plan=Plan("lobbying", "EMD", 3, 10, 0.6))
    run = Run(demo_path, controls, seed=7)
    spec = load_scenario(demo_path, overrides=overrides(load_scenario(demo_path), controls))
    assert run.scenario == spec and run.seed == 7
    other = PolicyModel(prepare(spec, seed=7))
    for _ in range(20):
        other.step()
    assert same_run(run.at(20), other)
    # the default seed is the scenario's
    assert Run(demo_path, Controls()).seed == load_scenario(demo_path).run.seed


def test_an_intervention_in_the_page_is_the_same_run_as_in_the_file(demo_path, tmp_path):
    plan = Plan("campaign", "EMD", start=2, duration=12, intensity=0.8)
    run = Run(demo_path, Controls(plan=plan))
    data = yaml.safe_load(demo_path.read_text(encoding="utf-8"))
    data["interventions"] = list(data.get("interventions", [])) + [plan.entry()]
    written = tmp_path / "with_campaign.yaml"
    written.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    from_file = PolicyModel(prepare(load_scenario(written)))
    for _ in range(run.steps):
        from_file.step()
    assert same_run(run.at(run.steps), from_file)
    assert not same_run(Run(demo_path, Controls()).at(run.steps), from_file)  # the campaign changes the run
    spec = run.scenario.interventions[-1]
    size = 0.5 + run.scenario.state("EMD").capability
    assert intervention_cost(spec, run.scenario) == pytest.approx(1.0 * 0.8 * 12 * size)


def test_replaying_to_an_earlier_tick_rebuilds_the_same_run(demo_path):
    run = Run(demo_path, Controls(), seed=3)
    late = run.at(9).history["stance_counts"].copy()
    early = run.at(4)
    fresh = Run(demo_path, Controls(), seed=3).at(4)
    assert early.steps == 4 and same_run(early, fresh)
    assert np.array_equal(run.at(9).history["stance_counts"], late)
    assert run.at(10_000).steps == run.steps  # never past the run's end


def test_leg_pushes_reach_every_state_even_those_no_activist_names():
    spec = load_scenario(CRIMEA)
    named = {c for a in spec.activists for c in a.targets}
    assert "IND" not in named  # India, Brazil and South Africa: no activist on Crimea names them
    changes = overrides(spec, Controls(activism=0.5))
    added = [a for a in changes["activists"] if a["name"] == CIVIL_SOCIETY]
    assert len(added) == 1 and set(added[0]["targets"]) == {s.code for s in spec.states} - named
    assert not any(a["name"] == CIVIL_SOCIETY for a in overrides(spec, Controls(activism=-0.5))["activists"])
    tick = 6
    base, pushed_run = Run(CRIMEA, Controls()).at(tick), Run(CRIMEA, Controls(activism=0.5)).at(tick)
    both = Run(CRIMEA, Controls(activism=0.5, legislature=0.8)).at(tick)
    for code in ("IND", "BRA", "ZAF"):
        i = base.world.index(code)
        # without the push only the advocacy the visible crisis brings to every state reaches it
        seen = -np.expm1(-base.params.advocacy_reach * base.state.visibility[0])
        assert levels(base, i)[0] == pytest.approx(seen)
        assert levels(pushed_run, i)[0] > levels(base, i)[0] + 0.1  # the push adds activism aimed at it
        assert levels(both, i)[1] > levels(pushed_run, i)[1]  # and so does the legislature push


def test_removing_a_leg_or_the_intervention(demo_path):
    c = Controls(activism=0.3, plan=Plan("media"))
    assert c.without("activism").activism == -1.0 and c.without("legislature").legislature == -1.0
    assert c.without("plan").plan is None and c.without("plan").activism == 0.3
    run = Run(demo_path, Controls().without("activism")).at(10)
    # no campaigner is left: only the advocacy the visible crisis brings to every state reaches them
    seen = -np.expm1(-run.params.advocacy_reach * run.state.visibility[0])
    np.testing.assert_allclose(run.state.activism, seen)
    assert np.all(run.state.activism < Run(demo_path, Controls()).at(10).state.activism.max())


def test_an_intervention_that_does_not_fit_is_reported_and_left_out(demo_path):
    from simulation.faces.dashboard.page.app import runs_for

    run, other, problem = runs_for(demo_path, Controls(plan=Plan("coalition", "EMD")), None, "plan")
    assert problem is not None and "partner" in problem
    assert run.scenario.interventions == load_scenario(demo_path).interventions
    _, _, fine = runs_for(demo_path, Controls(plan=Plan("coalition", "EMD", partners=("NRD",))), None, "plan")
    assert fine is None


def test_panel_texts_follow_the_model(demo_path):
    model = Run(demo_path, Controls()).at(0)
    focal = model.world.index(load_scenario(demo_path).focal[0])
    assert counts_text(model).startswith("Tick 0:") and "has not decided yet" in why_text(model, focal)
    model = Run(demo_path, Controls()).at(3)
    counts = model.history["stance_counts"][-1, 0]
    assert counts_text(model) == "Tick 3: " + " · ".join(
        f"{label} {n}" for label, n in zip(("oppose", "abstain", "support", "sanction", "intervene"), counts))
    assert why_text(model, focal).startswith(model.world.names[focal])


def test_the_world_chart_has_every_state_on_the_map_or_at_its_capital():
    model = Run(CRIMEA, Controls()).at(2)
    chart = world_chart(model, model.world.index("IND"))
    shapes = chart.template.spec["datasets"]["shapes"]
    dots = chart.template.spec["datasets"]["dots"]
    on_map = {f["properties"]["code"] for f in shapes} | {d["code"] for d in dots}
    assert on_map == set(model.world.codes) and len(model.world.codes) == 193
    rows = {r["code"]: r for r in chart.data["states"]}
    india = rows["IND"]
    assert india["name"] == "India" and india["selected"] and india["stance"] in ("oppose", "abstain", "support")
    assert india["against"] != "nothing" and sum(r["selected"] for r in rows.values()) == 1
    json.dumps([chart.template.spec, chart.data], allow_nan=False)  # valid JSON for the browser: no NaN
    # the template is built once: the next tick only brings new data
    assert world_chart(Run(CRIMEA, Controls()).at(3), 0).template is chart.template
    assert map_template.cache_info().currsize >= 1


def test_stylised_states_get_the_bloc_network(demo_path):
    model = Run(demo_path, Controls()).at(1)
    assert not use_map(model.world.codes)
    chart = world_chart(model, 0)
    assert {n["code"] for n in chart.template.spec["datasets"]["nodes"]} == set(model.world.codes)
    counts = stances_chart(model).data["counts"]
    assert len(counts) == 2 * 5 and sum(r["states"] for r in counts if r["tick"] == 1) == model.world.n_states


def test_tipping_level_closes_the_gap_exactly(demo_path):
    model = Run(demo_path, Controls()).at(4)
    row = model.world.index("EMD")
    s = model.state
    terms = model.last_terms[0, row]
    tip = what_it_takes(model.last_output, model.params, row, int(s.stance[0, row]))
    assert not tip.acting and tip.gap > 0
    r = tip.legs[0]  # raising activism to the level it names adds exactly the missing net benefit
    traits = model.world.traits
    uptake = executive_uptake(traits.official_influence[row], s.conviction[0, row], packed_parameters(model.params)[0])
    per_unit = model.params.activism_weight * traits.democracy[row] * uptake  # the term's slope in activism
    assert per_unit * (r.needed - r.level) == pytest.approx(tip.gap)
    assert dict(zip(TERMS, terms))["activism"] == pytest.approx(per_unit * r.level)


def test_seed_box_and_catalog():
    assert parse_seed("") is None and parse_seed("x") is None and parse_seed("-1") is None and parse_seed(" 12 ") == 12
    assert "trifecta_demo" in catalog() and next(iter(catalog())) == "trifecta_demo"


def test_two_pages_keep_their_own_runs():
    """Each Solara session renders its own Page: stepping one leaves the other where it was."""
    import re

    import ipyvuetify as v
    import solara

    from simulation.faces.dashboard.page.app import Page

    first, first_rc = solara.render(Page(), handle_error=False)
    second, _ = solara.render(Page(), handle_error=False)
    step = next(b for b in first_rc.find(v.Btn).widgets if "Step" in b.children)
    step.fire_event("click", {})
    step.fire_event("click", {})

    def ticks(box):
        return set(re.findall(r"'Tick (\d+):", repr(box)))

    assert "2" in ticks(first) and ticks(second) == {"0"}


# --- front-end assets --------------------------------------------------------------------------------------

def npm_tarball(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, content in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return buf.getvalue()


def fake_registry(packages: dict[str, bytes], published: dict[str, str] | None = None):
    """A registry (metadata and tarballs) for ``get``: name -> tarball; ``published`` overrides integrities."""
    pages = {}
    for asset in assets.ASSETS:
        data = packages[asset.name]
        tarball = f"https://registry.test/{asset.name}/-/pkg-{asset.version}.tgz"
        integrity = (published or {}).get(asset.name, assets.integrity_of(data))
        pages[assets.metadata_url("https://registry.test", asset)] = json.dumps(
            {"dist": {"integrity": integrity, "tarball": tarball}}).encode()
        pages[tarball] = data
    return pages.__getitem__


@pytest.fixture
def pinned_to(monkeypatch):
    """Pin the assets to the given tarballs' integrities (as if these were npm's), for the fetch tests."""
    def pin(packages: dict[str, bytes]):
        monkeypatch.setattr(assets, "ASSETS", tuple(
            assets.Asset(a.name, a.version, assets.integrity_of(packages[a.name]), a.folder) for a in assets.ASSETS))
    return pin


def test_integrity_is_npm_sha512():
    assert assets.integrity_of(b"") == ("sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdB"
                                        "eoGlODJ6+SfaPg==")
    assert all(a.integrity.startswith("sha512-") and len(a.integrity) == 95 for a in assets.ASSETS)
    assert {a.path for a in assets.ASSETS} >= {"requirejs@2.3.6", "vega@5", "vega-lite@5", "vega-embed@6",
                                                "@widgetti/solara-vuetify-app@10.1.1", "font-awesome@4.5.0"}


def test_fetch_verifies_and_unpacks_each_package(tmp_path, pinned_to):
    packages = {a.name: npm_tarball({"package/index.js": f"// {a.name}".encode()}) for a in assets.ASSETS}
    pinned_to(packages)
    lines = assets.fetch(tmp_path, get=fake_registry(packages), base="https://registry.test")
    assert all(line.startswith("fetched and verified") for line in lines) and not assets.missing(tmp_path)
    assert (tmp_path / "vega@5" / "index.js").read_text() == "// vega"
    again = assets.fetch(tmp_path, get=lambda url: pytest.fail(f"fetched {url} again"), base="https://registry.test")
    assert all(line.startswith("ok (already there)") for line in again)


def test_fetch_refuses_a_tarball_that_does_not_match(tmp_path, pinned_to):
    packages = {a.name: npm_tarball({"package/index.js": b"good"}) for a in assets.ASSETS}
    pinned_to(packages)
    tampered = dict(packages, requirejs=npm_tarball({"package/index.js": b"evil"}))
    lying = fake_registry(tampered, published={"requirejs": assets.integrity_of(packages["requirejs"])})
    with pytest.raises(assets.AssetError, match="requirejs.*refusing"):
        assets.fetch(tmp_path, get=lying, base="https://registry.test")
    assert not (tmp_path / "requirejs@2.3.6").exists()
    # a registry that publishes another hash than the pinned one is refused before any download
    other = fake_registry(tampered)
    with pytest.raises(assets.AssetError, match="trifecta expects"):
        assets.fetch(tmp_path, get=other, base="https://registry.test")


def test_unpack_refuses_paths_outside_the_folder(tmp_path):
    with pytest.raises(assets.AssetError, match="unsafe path"):
        assets.unpack(npm_tarball({"package/../../escape.js": b"x"}), tmp_path / "pkg")
    assert not (tmp_path / "escape.js").exists()


# --- serving -----------------------------------------------------------------------------------------------

def test_only_loopback_hosts_are_local():
    assert is_local("127.0.0.1") and is_local("localhost") and is_local("::1") and is_local("127.0.0.2")
    assert not is_local("0.0.0.0") and not is_local("::") and not is_local("no-such-host.invalid")


def test_a_public_host_gets_the_warning(monkeypatch):
    from click.testing import CliRunner

    from simulation.faces.cli import cli
    from simulation.faces.dashboard import server

    app_command = importlib.import_module("simulation.faces.app_command")  # after cli, which registers it

    started = []
    monkeypatch.setattr(server, "port_problem", lambda host, port: None)
    monkeypatch.setattr(app_command.os, "execve", lambda *args: started.append(args))
    public = CliRunner().invoke(cli, ["app", "--host", "0.0.0.0", "--port", "8799"])
    assert public.exit_code == 0 and "warning: --host 0.0.0.0" in public.output and "trust" in public.output
    assert started and started[0][1][-8:-6] == ["--host", "0.0.0.0"]
    local = CliRunner().invoke(cli, ["app", "--port", "8799"])
    assert local.exit_code == 0 and "warning" not in local.output


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


def test_server_env_names_the_start_scenario(demo_path):
    env = server_env(demo_path, {"SOLARA_ASSETS_PROXY_CACHE_DIR": "/somewhere"})
    assert env["SOLARA_ASSETS_PROXY_CACHE_DIR"] == "/somewhere"
    assert env["TRIFECTA_APP_SCENARIO"] == str(demo_path.resolve())


def test_map_only_when_most_states_have_shapes():
    assert use_map(["BRA", "IND", "ZAF", "USA"])
    assert not use_map(["BRA", "IND"])  # too few
    assert not use_map(["EMD", "NRD", "AUT", "SML"])  # one real code among four
