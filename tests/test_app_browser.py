"""The dashboard in a real browser: Debian's chromium driven by Playwright against ``trifecta app`` on localhost.

Enable it with ``apt-get install -y chromium`` and ``python tools/fetch_solara_assets.py`` (``.ci/run`` does both).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from simulation.faces.dashboard.server import assets_folder, free_port

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
STEPS = 5
SCENARIO = "crimea_2014"  # a world scenario, so the world view is the map of real states
SCREENSHOT = ROOT / "results" / "screenshots" / "dashboard.png"

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -e '.[dev]'")
if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is missing: install it with `apt-get install -y chromium` to run the browser test",
                allow_module_level=True)
if assets_folder() is None:
    pytest.skip("Solara's front-end assets are missing: run `python tools/fetch_solara_assets.py` to run the "
                "browser test", allow_module_level=True)


@pytest.fixture(scope="module")
def app_url():
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "simulation", "app", f"scenarios/{SCENARIO}.yaml", "--port", str(port)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"trifecta app exited with {proc.returncode}: {proc.stderr.read()[-2000:]}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            break
        except OSError:
            time.sleep(0.3)
    else:
        proc.terminate()
        pytest.fail("trifecta app did not answer within 40 s")
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def expected_after(steps: int, **sliders) -> tuple[str, str]:
    """The counts line and the selected state's 'why' paragraph the page should show after ``steps`` steps."""
    from simulation.faces.dashboard.model import DashboardModel
    from simulation.faces.dashboard.panels import counts_text, why_text

    model = DashboardModel(scenario=SCENARIO, **sliders)
    for _ in range(steps):
        model.step()
    return counts_text(model), why_text(model)


def step_to(page, tick: int) -> None:
    """Press Step until the counts line reads ``Tick <tick>``."""
    counts = page.locator(".trifecta-counts")
    for _ in range(tick):
        before = counts.inner_text()
        page.get_by_role("button", name="Step").click()
        page.wait_for_function("b => (document.querySelector('.trifecta-counts')?.innerText ?? b) !== b", arg=before,
                               timeout=30000)
    assert counts.inner_text().startswith(f"Tick {tick}:")


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_dashboard_shows_views_and_sliders_change_the_run(app_url):
    with playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1300})
            page.goto(app_url)
            page.wait_for_selector(".trifecta-why", timeout=60000)
            # the world view (map or network) and the plots are drawn as images
            for panel in (".trifecta-world", ".trifecta-stances", ".trifecta-terms"):
                assert page.locator(f"{panel} img").count() >= 1, panel
            assert page.locator(".trifecta-world").inner_text().startswith("World: map")

            step_to(page, STEPS)
            base_counts, base_why = expected_after(STEPS)
            assert page.locator(".trifecta-counts").inner_text() == base_counts
            assert page.locator(".trifecta-why").inner_text() == base_why
            assert page.locator(".trifecta-legs img").count() >= 1

            # push officials' conviction to the top, reset to apply it, and run again
            slider = page.locator(".v-input", has_text="Officials' conviction").get_by_role("slider")
            slider.focus()
            slider.press("End")
            page.get_by_role("button", name="Reset").click()
            page.wait_for_function("() => document.querySelector('.trifecta-counts')?.innerText.startsWith('Tick 0:')",
                                   timeout=30000)
            step_to(page, STEPS)
            new_counts, new_why = expected_after(STEPS, conviction=1.0)
            assert (new_counts, new_why) != (base_counts, base_why)
            assert page.locator(".trifecta-counts").inner_text() == new_counts != base_counts
            assert page.locator(".trifecta-why").inner_text() == new_why != base_why

            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=True)
            assert SCREENSHOT.stat().st_size > 50_000
            if os.environ.get("TRIFECTA_UPDATE_DOCS_SCREENSHOT"):
                shutil.copy(SCREENSHOT, ROOT / "docs" / "img" / "dashboard.png")
        finally:
            browser.close()
