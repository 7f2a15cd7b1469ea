"""The dashboard in a real browser: Debian's chromium driven by Playwright against ``trifecta app`` on localhost.

It needs ``apt-get install -y chromium`` and ``trifecta assets`` (``.ci/run`` does both). Without them it is
skipped with that message, except in CI (``CI`` set), where it fails: the browser test must run there.
Screenshots go to ``results/screenshots/``; with ``TRIFECTA_UPDATE_DOCS_SCREENSHOT=1`` they are also copied to
``docs/img/`` for docs/teaching.md.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pandas as pd
import pytest
import yaml

from simulation.faces.dashboard.assets import default_folder, missing
from simulation.faces.dashboard.charts import map_template
from simulation.faces.dashboard.controls import Controls, Plan
from simulation.faces.dashboard.runs import Run
from simulation.faces.dashboard.server import free_port
from simulation.faces.dashboard.texts import counts_text, why_text

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCENARIO = ROOT / "scenarios" / "crimea_2014.yaml"  # a world scenario: the world view is the map of real states
SHOTS = ROOT / "results" / "screenshots"
VIEWPORT = {"width": 1500, "height": 1100}


def unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"the browser test cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


try:
    from playwright import sync_api as playwright
except ImportError:
    unavailable("playwright is not installed: pip install -e '.[dev]'")
if not Path(CHROMIUM).exists():
    unavailable(f"{CHROMIUM} is missing: install it with `apt-get install -y chromium` to run the browser test")
if missing(default_folder()):
    unavailable(f"the dashboard's front-end assets are not in {default_folder()}: run `trifecta assets`")

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def serve(env: dict[str, str] | None = None, scenario: Path = SCENARIO):
    """Start ``trifecta app`` on a free port; return the process and its URL once it answers."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "simulation", "app", str(scenario), "--port", str(port)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})})
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"trifecta app exited with {proc.returncode}: {proc.stderr.read()[-2000:]}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return proc, url
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    pytest.fail("trifecta app did not answer within 60 s")


def stop(proc) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def app_url():
    proc, url = serve()
    yield url
    stop(proc)


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


def open_page(browser, url: str):
    """A new browser session (its own context: its own cookie, so its own Solara session) on the dashboard."""
    page = browser.new_context(viewport=VIEWPORT).new_page()
    page.goto(url)
    page.wait_for_selector(".trifecta-map svg path[aria-label]", timeout=90000)
    return page


def counts(page) -> str:
    return page.locator(".trifecta-counts").inner_text()


def wait_counts(page, prefix: str, timeout: float = 30000) -> None:
    page.wait_for_function("p => (document.querySelector('.trifecta-counts')?.innerText ?? '').startsWith(p)",
                           arg=prefix, timeout=timeout)


def drawn(page, tick: int) -> None:
    """Wait until every chart of the page shows tick ``tick``'s data."""
    page.wait_for_function(
        "k => { const els = [...document.querySelectorAll('[data-revision]')];"
        " return els.length > 0 && els.every(e => e.dataset.revision.startsWith('tick ' + k + ',')"
        " || e.dataset.revision === 'tick ' + k); }", arg=tick, timeout=30000)


def step_to(page, tick: int) -> None:
    """Press Step until the page shows ``tick``, every chart drawn."""
    while not counts(page).startswith(f"Tick {tick}:"):
        now = int(counts(page).split(":")[0].split()[1])
        page.get_by_role("button", name="Step").click()
        wait_counts(page, f"Tick {now + 1}:")
    drawn(page, tick)


def set_slider(page, name: str, key: str) -> None:
    """Move a slider with the keyboard (as a person would without a mouse): End, Home, or arrow keys."""
    slider = page.get_by_role("slider", name=name)
    slider.focus()
    slider.press(key)


def pick(page, label: str, text: str, option: str) -> None:
    """Type ``text`` into the searchable picker ``label`` and choose ``option`` from what it offers."""
    field = page.get_by_label(label)
    field.click()
    field.fill(text)
    page.locator(".v-menu__content.menuable__content__active .v-list-item", has_text=option).first.click()


def choose(page, select: str, option: str) -> None:
    """Open the drop-down ``select`` (a CSS class) and choose ``option``."""
    page.locator(f"{select} .v-select__slot").click()
    page.locator(".v-menu__content.menuable__content__active .v-list-item", has_text=option).first.click()


def shot(page, name: str, whole: bool = True) -> Path:
    """Save a screenshot (the whole page, in a window tall enough to hold it, or the window as it is)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    if whole:
        height = page.evaluate("() => document.querySelector('.trifecta-page').getBoundingClientRect().bottom"
                               " - document.body.getBoundingClientRect().top")
        page.set_viewport_size({"width": VIEWPORT["width"], "height": int(height) + 40})
        page.wait_for_timeout(800)  # the charts follow the new size
    page.screenshot(path=str(path))
    page.set_viewport_size(VIEWPORT)
    assert path.stat().st_size > 20_000
    if os.environ.get("TRIFECTA_UPDATE_DOCS_SCREENSHOT"):
        shutil.copy(path, ROOT / "docs" / "img" / path.name)
    return path


def expected(tick: int, controls: Controls = Controls(), code: str = "IND") -> tuple[str, str]:
    """The counts line and a state's 'why' paragraph the page should show at ``tick``."""
    model = Run(SCENARIO, controls).at(tick)
    return counts_text(model), why_text(model, model.world.index(code))


def test_page_names_every_control_and_shows_no_mesa_internals(browser, app_url):
    page = open_page(browser, app_url)
    text = page.locator("body").inner_text()
    for internal in ("PAGE 0", "Use Threads", "Render Interval"):
        assert internal not in text
    for name in ("Reset", "Step", "Play"):
        assert page.get_by_role("button", name=name).count() == 1
    for name in ("Activism push", "Legislatures push", "Officials push", "Security interests weight",
                 "Trade interests weight", "Grievance weight", "Fear of scrutiny weight"):
        slider = page.get_by_role("slider", name=name)
        assert slider.count() == 1 and slider.bounding_box()["width"] > 250  # a track wide enough to use
    spec = map_template(tuple(Run(SCENARIO, Controls()).model.world.codes)).spec
    shapes, dots = len(spec["datasets"]["shapes"]), len(spec["datasets"]["dots"])
    assert dots > 0 and shapes + dots == 193  # every state: a shape, or a dot at its capital; each one hoverable
    assert page.locator(".trifecta-map svg path[aria-label]").count() == 193
    assert counts(page) == expected(0)[0]
    assert "rebuilt from tick 0" in text  # the page says how controls act
    page.context.close()


def test_two_sessions_stay_independent(browser, app_url):
    first, second = open_page(browser, app_url), open_page(browser, app_url)
    step_to(first, 3)
    assert counts(second).startswith("Tick 0:")
    set_slider(second, "Officials push", "End")
    second.wait_for_function("() => document.querySelector('.trifecta-slider-value')"
                             " && [...document.querySelectorAll('.trifecta-slider-value')][2].innerText === '+1.0'")
    step_to(second, 1)
    assert counts(first) == expected(3)[0]
    assert counts(second) == expected(1, Controls(officials=1.0))[0]
    first.context.close()
    second.context.close()


def test_moving_a_slider_changes_the_counts_without_reset(browser, app_url):
    page = open_page(browser, app_url)
    step_to(page, 5)
    base = counts(page)
    assert base == expected(5)[0]
    set_slider(page, "Activism push", "End")
    pushed = expected(5, Controls(activism=1.0))
    assert pushed[0] != base
    wait_counts(page, pushed[0])
    drawn(page, 5)
    assert counts(page) == pushed[0] and page.locator(".trifecta-why").inner_text() == pushed[1]
    shot(page, "dashboard")
    page.context.close()


def test_hover_shows_the_tooltip_and_click_selects(browser, app_url):
    page = open_page(browser, app_url)
    step_to(page, 2)
    page.locator('.trifecta-map svg path[aria-label*="state: Brazil;"]').hover()
    tooltip = page.locator("#vg-tooltip-element")
    tooltip.wait_for(state="visible", timeout=10000)
    tip = tooltip.inner_text()
    assert "Brazil" in tip and "stance" in tip and "pulls against acting" in tip
    shot(page, "dashboard-tooltip", whole=False)
    page.locator('.trifecta-map svg path[aria-label*="state: Brazil;"]').click()
    page.wait_for_function("() => document.querySelector('.trifecta-why')?.innerText.startsWith('Brazil')")
    assert page.locator(".trifecta-why").inner_text() == expected(2, code="BRA")[1]
    # the searchable, alphabetical picker selects too
    pick(page, "Selected state (type to search)", "south af", "South Africa (ZAF)")
    page.wait_for_function("() => document.querySelector('.trifecta-why')?.innerText.startsWith('South Africa')")
    assert page.locator(".trifecta-why").inner_text() == expected(2, code="ZAF")[1]
    page.context.close()


def test_an_intervention_in_the_page_gives_the_numbers_of_the_cli(browser, app_url, tmp_path):
    page = open_page(browser, app_url)
    choose(page, ".trifecta-kind", "campaign")
    page.wait_for_selector(".trifecta-cost")
    pick(page, "Target state", "india", "India (IND)")
    set_slider(page, "Intensity", "End")
    plan = Plan("campaign", "IND", start=1, duration=12, intensity=1.0)
    run = Run(SCENARIO, Controls(plan=plan))
    from simulation.scenario.interventions import intervention_cost

    cost = intervention_cost(run.scenario.interventions[-1], run.scenario)
    page.wait_for_function("c => document.querySelector('.trifecta-cost')?.innerText.startsWith('Cost: ' + c)",
                           arg=f"{cost:.2f}")
    step_to(page, 12)
    page.locator(".trifecta-finished").wait_for()
    assert page.get_by_role("button", name="Step").is_disabled()
    # the same intervention written into the scenario file, run by the CLI with the same seed
    data = yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))
    data["interventions"] = [plan.entry()]
    written = tmp_path / "crimea_with_campaign.yaml"
    written.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    out = tmp_path / "cli-run"
    proc = subprocess.run([sys.executable, "-m", "simulation", "run", str(written), "--seed", "2014", "--out", str(out)],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    ticks = pd.read_parquet(out / "ticks.parquet").set_index("tick")
    row = ticks.loc[12]
    cli_line = "Tick 12: " + " · ".join(f"{s} {int(row[f'n_{s}'])}" for s in
                                        ("oppose", "abstain", "support", "sanction", "intervene"))
    assert counts(page) == cli_line == counts_text(run.at(12))
    # India, the campaign's target, as the page tells it and as the CLI's per-state table has it
    india = pd.read_parquet(out / "state_ticks.parquet").query("tick == 12 and code == 'IND'").iloc[0]
    model = run.at(12)
    i = model.world.index("IND")
    assert india["net_benefit"] == pytest.approx(float(model.state.net[0, i]), abs=1e-12)
    assert india["activism"] == pytest.approx(float(model.state.activism[0, i]), abs=1e-12) and india["activism"] > 0.1
    assert page.locator(".trifecta-why").inner_text() == why_text(model, i) != expected(12)[1]
    choose(page, ".trifecta-compare", "without the intervention")
    page.wait_for_function("t => document.querySelector('.trifecta-whatif-counts')?.innerText === t",
                           arg=expected(12)[0])
    shot(page, "dashboard-intervention")
    page.context.close()


def test_step_time_is_measured(browser, app_url):
    """Click Step and time, inside the page, until every chart shows the new tick; printed, not asserted."""
    page = open_page(browser, app_url)
    drawn(page, 0)
    times = []
    for k in range(1, 12):
        ms = page.evaluate("""k => new Promise(resolve => {
            const t0 = performance.now();
            const done = () => [...document.querySelectorAll('[data-revision]')].every(
                e => e.dataset.revision.startsWith('tick ' + k + ',') || e.dataset.revision === 'tick ' + k);
            const obs = new MutationObserver(() => { if (done()) { obs.disconnect(); resolve(performance.now() - t0); } });
            obs.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
            [...document.querySelectorAll('button')].find(b => b.innerText.trim().toLowerCase() === 'step').click();
            setTimeout(() => resolve(null), 20000);
        })""", k)
        assert ms is not None, f"tick {k} was not drawn within 20 s"
        times.append(ms)
    print(f"\nstep time on {SCENARIO.stem} (193 states), click to every chart drawn, 11 steps: "
          f"median {statistics.median(times):.0f} ms, max {max(times):.0f} ms, all {[round(t) for t in times]}")
    page.context.close()


def test_play_runs_to_a_clear_finish(browser, app_url):
    page = open_page(browser, app_url)
    page.get_by_role("button", name="Play").click()
    page.locator(".trifecta-finished").wait_for(timeout=60000)
    assert counts(page) == expected(12)[0]
    assert "Run finished" in page.locator(".trifecta-finished").inner_text()
    assert page.get_by_role("button", name="Play").is_disabled()
    page.get_by_role("button", name="Reset").click()
    wait_counts(page, "Tick 0:")
    page.context.close()


def test_missing_assets_are_explained_on_the_page(browser, tmp_path):
    """With no local copy and no reachable CDN the page says to run `trifecta assets` (it is not blank)."""
    proc, url = serve({"SOLARA_ASSETS_PROXY_CACHE_DIR": str(tmp_path), "SOLARA_ASSETS_CDN": "http://127.0.0.1:9/"})
    try:
        page = browser.new_context(viewport=VIEWPORT).new_page()
        page.goto(url)
        alert = page.get_by_role("alert").filter(has_text="could not load its front-end files")
        alert.wait_for(timeout=60000)
        assert "trifecta assets" in alert.inner_text()
        shot(page, "dashboard-assets-missing", whole=False)
        page.context.close()
    finally:
        stop(proc)
