"""The ``trifecta`` command line: run, explain, validate, scenarios, schema, params.

A mistake in an input file is reported with its file, its place inside the file, what was expected and
what was found, and exit code 2 (never a traceback).
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import click

from ..lab.provenance import now
from ..scenario.bounds import MAX_REPLICATIONS, MAX_SEED, MAX_TICKS
from ..scenario.errors import InputFileError, Problem, UserError, did_you_mean
from ..scenario.yamlfile import parse_value

EXIT_INPUT = 2


def _friendly(func):
    """The one handler of a user's mistakes: a located message (or a plain refusal) and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except UserError as exc:
            click.echo(exc.render(), err=True)
            sys.exit(EXIT_INPUT)

    return wrapper


def _profile_sets(profile: Path | None, scenario: Path) -> dict:
    """A parameter profile's settings (``--parameters FILE``) as changes of ``scenario``, under any ``--set``."""
    if profile is None:
        return {}
    from ..scenario.profile import profile_changes, read_parameter_profile
    from ..scenario.yamlfile import read_yaml

    return profile_changes(read_parameter_profile(profile), world=read_yaml(scenario).data.get("world") is not None)


PARAMETERS_HELP = ("A parameter profile (as `trifecta calibrate` writes) whose parameters, and mapping on a world "
                   "scenario, replace the defaults; --set still wins.")


def _parse_sets(values: tuple[str, ...], scenario: Path) -> dict:
    """``--set path=value`` pairs for ``scenario``; the value is read as YAML (numbers, lists, text)."""
    out = {}
    for item in values:
        if "=" not in item:
            raise InputFileError(str(scenario), [Problem("--set", "PATH=VALUE, e.g. parameters.noise=0", repr(item))])
        path, raw = item.split("=", 1)
        out[path.strip()] = parse_value(raw, str(scenario), f"--set {path.strip()}")
    return out


def scenario_path(given: Path) -> Path:
    """A scenario file: the path as given when it exists, else the library's scenario of that name
    (``crimea_2014`` or ``crimea_2014.yaml``); a located error naming the closest library names otherwise."""
    from ..scenario.library import library_folder

    given = Path(given)
    try:
        if given.exists() or given.parent != Path("."):
            return given
    except (OSError, ValueError):  # a name the system cannot look up (too long): reading it reports that
        return given
    folder = library_folder()
    named = folder / (given.name if given.suffix in (".yaml", ".yml") else f"{given.name}.yaml")
    if named.is_file():
        return named
    names = sorted(p.stem for p in folder.glob("*.yaml"))
    raise InputFileError(str(given), [Problem("", f"a scenario file, or a scenario of the library ({folder})",
                                              "no such file or library name", hint=did_you_mean(given.stem, names))])


def state_code(scenario, given: str, file: str, where: str = "--state") -> str:
    """The code of a scenario's state given by its code or its name (any case): BRA, bra or Brazil."""
    codes = [s.code for s in scenario.states]
    if given in codes:
        return given
    by_name = {(s.name or s.code).casefold(): s.code for s in scenario.states} | {c.casefold(): c for c in codes}
    if given.casefold() in by_name:
        return by_name[given.casefold()]
    listing = ", ".join(codes) if len(codes) <= 12 else f"{len(codes)} states, e.g. {', '.join(codes[:5])}"
    names = [s.name or s.code for s in scenario.states]
    raise InputFileError(file, [Problem(where, f"a state code or name of this scenario ({listing})",
                                                 repr(given), hint=did_you_mean(given, codes + names))])


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="trifecta")
def cli():
    """trifecta: how states decide foreign policy on human rights when interests and values conflict.

    Start with: trifecta run scenarios/trifecta_demo.yaml --plot
    """


@cli.command()
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option("--seed", type=click.IntRange(0, MAX_SEED), help="Random seed (default: the file's run.seed).")
@click.option("--steps", type=click.IntRange(1, MAX_TICKS), help="Ticks to run (default: the file's run.steps).")
@click.option("--replications", type=click.IntRange(1, MAX_REPLICATIONS),
              help="Runs with independent seeds (default: the file's).")
@click.option("--variant", help="A named variant defined in the file (e.g. no_legislature).")
@click.option("--set", "sets", multiple=True, metavar="PATH=VALUE",
              help="Override a field, e.g. --set 'states[EMD].democracy=0.4' (repeatable).")
@click.option("--parameters", "profile", type=click.Path(path_type=Path), help=PARAMETERS_HELP)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: results/<scenario>-<time>).")
@click.option("--plot", is_flag=True, help="Also write PNG figures.")
@click.option("--csv", is_flag=True, help="Also write the tables as CSV.")
@click.option("--overwrite", is_flag=True, help="Replace an output folder that already holds files.")
@_friendly
def run(scenario, seed, steps, replications, variant, sets, profile, out, plot, csv, overwrite):
    """Run SCENARIO and write manifest.json, the per-tick and per-state tables (and figures with --plot)."""
    from ..lab.runs import run_scenario
    from ..lab.store import check_out_folder, default_run_folder, write_run
    from ..scenario.load import load_scenario
    from .summary import summary

    started = now()
    scenario = scenario_path(scenario)
    overrides = _parse_sets(sets, scenario)
    spec = load_scenario(scenario, variant=variant, overrides={**_profile_sets(profile, scenario), **overrides})
    label = spec.name + (f"-{variant}" if variant else "")
    folder = out or default_run_folder(label)
    check_out_folder(folder, overwrite, (scenario,))
    result = run_scenario(spec, seed=seed, steps=steps, replications=replications)
    figures = None
    if plot:
        from .plots import run_figures

        def figures(tmp):
            run_figures(result, tmp)

    written = write_run(result, folder, scenario.read_text(encoding="utf-8"), str(scenario), started,
                        variant=variant, overrides={**_profile_sets(profile, scenario), **overrides}, csv=csv,
                        overwrite=overwrite, figures=figures)
    click.echo(summary(result, variant=variant, overrides=overrides))
    if profile is not None:
        click.echo(f"parameters from the profile {profile}")
    click.echo(f"\nwrote {written}/ ({', '.join(sorted(p.name for p in written.iterdir()))})")


@cli.command()
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option("--state", "code", required=True, help="Code or name of the state to explain (e.g. EMD, BRA, Brazil).")
@click.option("--tick", type=click.IntRange(1, MAX_TICKS), help="Explain this tick in detail (default: every tick).")
@click.option("--seed", type=click.IntRange(0, MAX_SEED), help="Random seed (default: the file's run.seed).")
@click.option("--steps", type=click.IntRange(1, MAX_TICKS), help="Ticks to run (default: the file's run.steps).")
@click.option("--variant", help="A named variant defined in the file.")
@click.option("--set", "sets", multiple=True, metavar="PATH=VALUE", help="Override a field (repeatable).")
@click.option("--parameters", "profile", type=click.Path(path_type=Path), help=PARAMETERS_HELP)
@_friendly
def explain(scenario, code, tick, seed, steps, variant, sets, profile):
    """Print one state's decision in SCENARIO, term by term, tick by tick (or at --tick)."""
    from ..lab.runs import run_scenario
    from ..scenario.load import load_scenario
    from .explain import explain_text

    scenario = scenario_path(scenario)
    spec = load_scenario(scenario, variant=variant,
                         overrides={**_profile_sets(profile, scenario), **_parse_sets(sets, scenario)})
    code = state_code(spec, code, str(scenario))
    result = run_scenario(spec, seed=seed, steps=steps, replications=1)
    if tick is not None and tick > result.steps:
        raise InputFileError(str(scenario), [Problem("--tick", f"a tick from 1 to {result.steps}", str(tick))])
    click.echo(explain_text(result, code, tick))


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--kind", type=click.Choice(["scenario", "experiment", "strategy"]),
              help="Read every file as this kind (default: recognised by its keys).")
@_friendly
def validate(files, kind):
    """Check scenario, experiment and strategy FILES (schema, cross-references, variants, factors, levers); each
    file's kind is recognised by its keys; exit 2 if any is invalid."""
    from .file_kinds import check

    failed = False
    for f in files:
        try:
            click.echo(f"ok: {f} ({check(f, kind)})")
        except InputFileError as exc:
            click.echo(exc.render(), err=True)
            failed = True
    if failed:
        sys.exit(EXIT_INPUT)


@cli.command()
@click.option("--folder", type=click.Path(path_type=Path), help="A folder of scenario files (default: the library).")
@_friendly
def scenarios(folder):
    """List the scenario library, one line each: historical cases first, then stylised teaching cases."""
    from ..scenario.library import library, library_folder

    root = folder or library_folder()
    if not root.is_dir():
        raise InputFileError(str(root), [Problem("", "a folder of scenario files", "no such folder")])
    entries = library(root)
    width = max((len(e.name) for e in entries), default=0)
    for kind in ("historical", "stylised"):
        chosen = [e for e in entries if e.kind == kind]
        if chosen:
            click.echo(f"{kind}:")
            for e in chosen:
                click.echo(f"  {e.name:<{width}}  {e.title}")
    click.echo(f"\n{len(entries)} scenarios in {root}; run one with: trifecta run {root}/<name>.yaml")


@cli.command()
@click.option("--kind", type=click.Choice(["scenario", "experiment", "strategy"]), default="scenario", show_default=True,
              help="Which kind of input file.")
def schema(kind):
    """Print the JSON Schema of scenario, experiment or strategy files (for editors' validation and autocompletion)."""
    from .file_kinds import json_schema

    click.echo(json.dumps(json_schema(kind), indent=2))


@cli.command()
@click.option("--format", "form", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True,
              help="A table for reading, or JSON / CSV for other programs.")
def params(form):
    """List the mechanism's parameters with their defaults, ranges and meanings."""
    import pandas as pd

    from ..model.params import parameter_table

    rows = parameter_table()
    if form == "json":
        click.echo(json.dumps(rows, indent=2))
        return
    if form == "csv":
        click.echo(pd.DataFrame(rows).to_csv(index=False), nl=False)
        return
    click.echo(f"{'parameter':<28} {'default':>7}  {'range':<12} meaning")
    for row in rows:
        span = f"[{row['min']:g}, {row['max']:g}]"
        click.echo(f"{row['name']:<28} {row['default']:>7g}  {span:<12} {row['meaning']}")
    click.echo(f"\n{len(rows)} parameters; set any in a scenario's parameters: section or with "
               "--set parameters.NAME=VALUE (sources: docs/ODD.md, or --format csv)")


# Commands in their own modules (registered last: they import this module's helpers).
from .analyze_command import analyze  # noqa: E402
from .app_command import app  # noqa: E402
from .assets_command import assets  # noqa: E402
from .calibrate_command import calibrate  # noqa: E402
from .export_command import export  # noqa: E402
from .hindcast_command import hindcast  # noqa: E402
from .lesson_command import lesson  # noqa: E402
from .strategies_command import strategies  # noqa: E402
from .sweep_command import sweep  # noqa: E402
from .verify_command import verify  # noqa: E402
from .votes_command import votes  # noqa: E402

for _command in (sweep, analyze, verify, export, strategies, app, assets, lesson, votes, hindcast, calibrate):
    cli.add_command(_command)


def main() -> None:
    cli(prog_name="trifecta")


if __name__ == "__main__":
    main()
