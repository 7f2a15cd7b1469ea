"""``trifecta lesson``: the handout is written, quotes the run's own numbers, and compares the run with one leg removed."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from simulation.lab.runs import run_scenario
from simulation.scenario.load import load_scenario


@pytest.fixture(scope="module")
def handout(tmp_path_factory, demo_path_module):
    out = tmp_path_factory.mktemp("lesson")
    proc = subprocess.run([sys.executable, "-m", "simulation", "lesson", str(demo_path_module), "--out", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="module")
def demo_path_module():
    return Path(__file__).resolve().parents[1] / "scenarios" / "trifecta_demo.yaml"


def test_handout_files_and_sections(handout):
    md = (handout / "lesson.md").read_text()
    html = (handout / "lesson.html").read_text()
    for heading in ("The setting", "What each actor did", "The moment it tipped", "The same run with one leg removed",
                    "Questions for discussion"):
        assert f"## {heading}" in md and f"<h2>{heading}</h2>" in html
    assert len(re.findall(r"^\d\. ", md, flags=re.M)) == 3
    pngs = sorted(p.name for p in handout.glob("*.png"))
    assert pngs == ["comparison.png", "decision_breakdown.png", "legs.png", "stances.png"]
    assert html.count("data:image/png;base64,") == len(pngs)  # each figure embedded once


def test_numbers_quoted_match_the_run(handout, demo_path_module):
    md = (handout / "lesson.md").read_text()
    spec = load_scenario(demo_path_module)
    result = run_scenario(spec, replications=1)
    w, f = result.world, result.final
    i = w.index(spec.focal[0])
    tip = int(f.tipped_tick[0, i])
    m = re.search(r"(\w+) tipped at tick (\d+)\. .*?activism stood at (\d\.\d\d), legislative pressure at (\d\.\d\d) "
                  r"and officials' conviction at (\d\.\d\d)", md)
    assert m, md
    assert m.group(1) == w.names[i] and int(m.group(2)) == tip
    levels = [float(result.history[leg][tip, 0, i]) for leg in ("activism", "legislature", "conviction")]
    assert [float(g) for g in m.groups()[2:]] == [round(v, 2) for v in levels]
    for k in range(w.n_states):
        t = int(f.tipped_tick[0, k])
        line = next(line for line in md.splitlines() if line.startswith(f"- {w.names[k]} "))
        assert (f"tick {t} " in line) if t > 0 else ("never acted" in line)
    acted = int((f.tipped_tick[0] >= 0).sum())
    assert f"{acted} of {w.n_states} states acted" in md


def test_leg_removed_comparison_matches_each_variant(handout, demo_path_module):
    md = (handout / "lesson.md").read_text()
    spec = load_scenario(demo_path_module)
    assert spec.variants
    for name in spec.variants:
        result = run_scenario(load_scenario(demo_path_module, variant=name), replications=1)
        i = result.world.index(spec.focal[0])
        line = next(line for line in md.splitlines() if line.startswith(f"- {name}: "))
        tip = int(result.final.tipped_tick[0, i])
        assert (f"tipped toward action at tick {tip}" in line) if tip > 0 else ("never acted" in line), line
        assert f"ended at {['oppose', 'abstain', 'support', 'sanction', 'intervene'][result.final.stance[0, i]]}" in line


def test_lesson_without_variants_removes_legs_by_override(tmp_path, demo_path_module):
    text = demo_path_module.read_text()
    bare = tmp_path / "bare.yaml"
    bare.write_text(text[: text.index("variants:")] + text[text.index("run:"):])
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "simulation", "lesson", str(bare), "--out", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    md = (out / "lesson.md").read_text()
    assert "- no_legislature: " in md and "- no_officials: " in md


def test_lesson_mistakes_exit_2(tmp_path, demo_path_module):
    for args in (["missing.yaml"], [str(demo_path_module), "--state", "XXX"]):
        proc = subprocess.run([sys.executable, "-m", "simulation", "lesson", *args, "--out", str(tmp_path / "o")],
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr


def test_a_world_handout_names_the_focal_states_and_counts_the_rest(tmp_path):
    """With 193 states the handout names the focal ones and counts the others, and those counts match the run."""
    from simulation.faces.lesson import write_lesson
    from simulation.model.stance import STANCE_LABELS

    path = Path(__file__).resolve().parents[1] / "scenarios" / "crimea_2014.yaml"
    write_lesson(path, tmp_path)
    md = (tmp_path / "lesson.md").read_text()
    spec = load_scenario(path)
    result = run_scenario(spec, replications=1)
    names = {s.code: s.name for s in spec.states}
    start = md.index("## What each actor did")
    actors = md[start:md.index("\n## ", start + 1)]
    state_lines = [line for line in actors.splitlines()
                   if re.match(r"- .+ (never acted|tipped toward action at tick \d+) and ended at ", line)]
    assert sorted(line[2:].split(" never")[0].split(" tipped")[0] for line in state_lines) == \
        sorted(names[c] for c in spec.focal)
    rest = [k for k, c in enumerate(result.world.codes) if c not in spec.focal]
    m = re.search(r"Of the other (\d+) states, (\d+) tipped toward action.*; at the end (.*)\.", actors)
    assert m and int(m[1]) == len(rest)
    assert int(m[2]) == int((result.final.tipped_tick[0, rest] > 0).sum())
    for n, label in re.findall(r"(\d+) (\w+)", m[3]):
        assert int(n) == int((result.final.stance[0, rest] == STANCE_LABELS.index(label)).sum())
