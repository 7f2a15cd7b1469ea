"""``trifecta lesson``: write a printable handout that tells one run of a scenario as a story for a class."""

from __future__ import annotations

from pathlib import Path

import click

from ..scenario.bounds import MAX_SEED
from .cli import _friendly, scenario_path


@click.command()
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: results/lesson-<scenario>).")
@click.option("--seed", type=click.IntRange(0, MAX_SEED), help="Random seed (default: the file's run.seed).")
@click.option("--state", "code", help="The state the story follows (default: the scenario's first focal state).")
@_friendly
def lesson(scenario, out, seed, code):
    """Write a handout (lesson.html with figures, and lesson.md) telling one run of SCENARIO as a story."""
    from ..scenario.load import load_scenario
    from .lesson import write_lesson

    scenario = scenario_path(scenario)  # a file, or a library name such as crimea_2014
    spec = load_scenario(scenario)
    folder = out or Path("results") / f"lesson-{spec.name}"
    written = write_lesson(scenario, folder, seed=seed, code=code)
    click.echo(f"wrote {written} (open it in a browser and print it)")
