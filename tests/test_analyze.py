"""``trifecta analyze`` end to end on synthetic sweep folders: report, figures, PRIM, and bad inputs (exit 2)."""

import json
import re

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from synthetic_sweeps import LEG_NAMES, legs_sweep, sampled_sweep

from simulation.faces.cli import cli
from simulation.lab.analysis.discovery import prim_analysis, prim_boxes
from simulation.lab.analysis.kinds import PrimSpec
from simulation.lab.analysis.results import read_results

PNG = b"\x89PNG\r\n\x1a\n"
ALL = {"tipping": {"outcome": "tipped", "by": ["activism", "trade_stake"]},
       "prim": {"outcome": "tipped", "threshold": 0.5, "inputs": [*LEG_NAMES, "trade_stake"]}}


def invoke(*args):
    return CliRunner().invoke(cli, ["analyze", *(str(a) for a in args)])


def test_planted_box_is_found():
    rng = np.random.default_rng(4)
    x = pd.DataFrame(rng.uniform(0, 1, (1500, 3)), columns=["a", "b", "c"])
    y = ((x["a"] > 0.6) & (x["b"] < 0.3)).to_numpy(int)
    [(trajectory, chosen, limits)] = prim_boxes(x, y)
    lim = limits[chosen].set_index("input")
    assert set(lim.index) == {"a", "b"}
    assert lim.at["a", "lower"] == pytest.approx(0.6, abs=0.05) and lim.at["b", "upper"] == pytest.approx(0.3, abs=0.05)
    assert trajectory.loc[chosen, "coverage"] > 0.9 and trajectory.loc[chosen, "density"] >= 0.8
    assert (lim["quasi_p"] < 0.001).all()  # both restrictions are real


def test_prim_on_a_sweep_names_the_planted_levels(tmp_path):
    results = read_results(legs_sweep(tmp_path / "s", ALL, noise=0.02))
    r = prim_analysis(results, PrimSpec(threshold=0.5, inputs=(*LEG_NAMES, "trade_stake")))
    assert r.unit == "point" and r.n_cases == 48 and r.n_interest == 3
    box = r.first
    lim = box.limits[box.chosen].set_index("input")
    assert all(lim.at[leg, "levels"] == "present" for leg in LEG_NAMES)
    assert lim.at["trade_stake", "levels"] == "0, 0.2, 0.4"
    assert box.stats(box.chosen)["density"] == 1.0 and box.stats(box.chosen)["coverage"] == 1.0


def test_analyze_writes_report_and_figures(tmp_path):
    folder = legs_sweep(tmp_path / "sweep", ALL, noise=0.0)
    res = invoke(folder)
    assert res.exit_code == 0, res.output
    out = folder / "analysis"
    report = (out / "report.md").read_text()
    for title in ("(QCA): tipped", "Tipping curves: tipped", "(PRIM): tipped"):
        assert title in report
    assert "Sobol" not in report and "Morris" not in report and "Warning" not in report
    assert "run by default: the design varies the three legs" in report
    assert "**activism** is necessary (consistency 1.00) but not sufficient" in report
    assert f"`{json.loads((folder / 'manifest.json').read_text())['scenario']['sha256']}`" in report
    links = re.findall(r"\]\(([^)]+\.png)\)", report)
    assert {"tipping_tipped.png", "prim_tipped.png", "heatmap_activism_trade-stake.png"} <= set(links)
    for name in links:
        assert (out / name).read_bytes()[:8] == PNG
    assert sorted(p.name for p in out.glob("*.png")) == sorted(set(links))
    manifest = json.loads((folder / "manifest.json").read_text())
    (folder / "manifest.json").write_text(json.dumps({**manifest, "analyses": {"prim": ALL["prim"]}}))
    again = invoke(folder)
    assert again.exit_code == 0, again.output
    assert sorted(p.name for p in out.glob("*.png")) == ["prim_tipped.png"]  # no stale figures left
    assert "Tipping curves" not in (out / "report.md").read_text()


def test_sobol_and_morris_sections_and_out_option(tmp_path):
    from SALib.sample import sobol as sobol_sample

    names, bounds = ["activism", "trade_stake"], [[0.0, 1.0], [0.0, 1.0]]
    x = sobol_sample.sample({"num_vars": 2, "names": names, "bounds": bounds}, 256, calc_second_order=False, seed=1)
    y = 3 * x[:, 0] + x[:, 1]
    folder = sampled_sweep(tmp_path / "sobol", x, y, names, bounds, "sobol", {"n": 256, "second_order": False},
                           {"sobol": {"outcome": "net_final"}, "tipping": {"outcome": "tipped", "by": names}})
    res = invoke(folder, "--out", tmp_path / "elsewhere")
    assert res.exit_code == 0, res.output
    report = (tmp_path / "elsewhere" / "report.md").read_text()
    assert "**activism** explains the largest share of the variance on its own" in report
    assert (tmp_path / "elsewhere" / "sobol_net-final.png").read_bytes()[:8] == PNG
    assert "(QCA)" not in report and not (folder / "analysis").exists()


def test_incomplete_sweep_is_analysed_with_a_warning(tmp_path):
    folder = legs_sweep(tmp_path / "s", ALL, complete=False)
    (folder / "runs" / "part-000001.parquet").unlink()
    res = invoke(folder)
    assert res.exit_code == 0, res.output
    assert "unfinished sweep" in res.output
    report = (folder / "analysis" / "report.md").read_text()
    assert "Warning: this sweep is incomplete" in report and "480 of 960 runs" in report


@pytest.mark.parametrize("damage, message", [
    ("no_folder", "no such folder"),
    ("no_manifest", "no manifest"),
    ("bad_json", "unreadable JSON"),
    ("not_sweep", "'sweep'"),
    ("no_runs", "no finished runs yet"),
    ("sobol_on_factorial", "a sobol design"),
    ("unknown_analysis", "did you mean 'prim'"),
    ("unknown_condition", "did you mean 'activism'"),
    ("missing_column", "missing tipped"),
    ("stray_point", "do not match their design point"),
    ("fuzzy_outcome_for_tipping", "one of tipped, acting_final"),
    ("prim_without_threshold", "analyses.prim.threshold"),
])
def test_bad_inputs_exit_2_without_a_traceback(tmp_path, damage, message):
    folder = legs_sweep(tmp_path / "s", ALL, replications=2)
    manifest = json.loads((folder / "manifest.json").read_text())
    if damage == "no_folder":
        folder = tmp_path / "nothing"
    elif damage == "no_manifest":
        (folder / "manifest.json").unlink()
    elif damage == "bad_json":
        (folder / "manifest.json").write_text("{not json")
    elif damage == "no_runs":
        for part in (folder / "runs").glob("*.parquet"):
            part.unlink()
    elif damage in ("missing_column", "stray_point"):
        for part in (folder / "runs").glob("*.parquet"):
            runs = pd.read_parquet(part)
            fixed = runs.drop(columns="tipped") if damage == "missing_column" else runs.assign(point_id=runs["point_id"] + 1)
            fixed.to_parquet(part)
    else:
        edit = {"not_sweep": {"kind": "run"},
                "sobol_on_factorial": {"analyses": {"sobol": {"outcome": "tipped"}}},
                "unknown_analysis": {"analyses": {"prin": {"outcome": "tipped"}}},
                "unknown_condition": {"analyses": {"qca": {"outcome": "tipped", "conditions": ["activsm"]}}},
                "fuzzy_outcome_for_tipping": {"analyses": {"tipping": {"outcome": "net_final", "by": ["activism"]}}},
                "prim_without_threshold": {"analyses": {"prim": {"outcome": "tipped", "inputs": ["activism"]}}}}[damage]
        (folder / "manifest.json").write_text(json.dumps({**manifest, **edit}))
    res = invoke(folder)
    assert res.exit_code == 2, res.output
    assert message in res.output and "Traceback" not in res.output
    assert not (folder / "analysis").exists()


def test_sobol_text_warns_when_intervals_are_wide():
    from simulation.faces.analysis_report import sobol_section
    from simulation.lab.analysis.sensitivity import SensitivityResult

    table = pd.DataFrame({"factor": ["a", "b"], "S1": [0.6, 0.1], "S1_conf": [0.02, 0.03], "ST": [0.8, 0.4],
                          "ST_conf": [0.04, 0.05]})
    narrow = sobol_section(SensitivityResult("sobol", "tipped", table, 600), "s.png")
    assert "**a** explains the largest share" in narrow and "about 0.30 of the variance comes from interactions" in narrow
    assert "b's (ST − S1 = 0.30)" in narrow and "Caution" not in narrow
    wide = sobol_section(SensitivityResult("sobol", "tipped", table.assign(ST_conf=[0.9, 0.1]), 60), "s.png")
    assert "Caution: the 95% intervals reach ±0.90" in wide


def test_outcome_columns_as_variables_and_nothing_requested(tmp_path):
    folder = legs_sweep(tmp_path / "s", {"tipping": {"outcome": "acting_final", "by": ["activism_final"]},
                                         "qca": {"outcome": "tipped", "conditions": ["officials_final", "officials"]}})
    res = invoke(folder)
    assert res.exit_code == 0, res.output
    report = (folder / "analysis" / "report.md").read_text()
    assert "fuzzy sets over 960 runs" in report and "officials_final*officials" in report
    assert "Over the 48 design points" in report  # fuzzy conditions: the by-point table is informative
    assert "| activism_final | n | acting_final |" in report
    bare = legs_sweep(tmp_path / "bare", {})
    manifest = json.loads((bare / "manifest.json").read_text())
    manifest["design"]["factors"][0]["name"] = "campaign"
    (bare / "manifest.json").write_text(json.dumps(manifest))
    pd.read_parquet(bare / "design.parquet").rename(columns={"activism": "campaign"}).to_parquet(bare / "design.parquet")
    res = invoke(bare)
    assert res.exit_code == 0, res.output
    assert "nothing to analyse" in (bare / "analysis" / "report.md").read_text()


def test_every_report_has_an_html_version_with_its_figures_embedded(tmp_path):
    folder = legs_sweep(tmp_path / "sweep", ALL, noise=0.0)
    assert invoke(folder).exit_code == 0
    html = (folder / "analysis" / "report.html").read_text()
    md = (folder / "analysis" / "report.md").read_text()
    figures = re.findall(r"\]\(([^)]+\.png)\)", md)
    assert figures and html.count('src="data:image/png;base64,') == len(figures)
    assert "<table>" in html and "<h2>Necessary and sufficient conditions (QCA): tipped</h2>" in html
    assert not re.search(r'src="[^"]+\.png"', html)  # nothing left pointing at a file beside the page


def test_every_problem_of_the_manifests_analyses_is_reported_at_once(tmp_path):
    folder = legs_sweep(tmp_path / "s", {"qca": {"outcome": "tiped", "conditions": ["activsm"]},
                                         "prim": {"outcome": "tipped", "inputs": ["activism"]},
                                         "sobol": {"outcome": "tipped"}}, replications=2)
    res = invoke(folder)
    assert res.exit_code == 2 and "(4 problems)" in res.output
    for where in ("analyses.qca.outcome", "analyses.qca.conditions[0]", "analyses.prim.threshold", "analyses.sobol"):
        assert where in res.output
