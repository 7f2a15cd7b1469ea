"""``trifecta calibrate``: fit the mechanism's free parameters to the recorded votes of some years, score the fit on
others, and write a parameter profile that every command can name (``--parameters``)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..lab.provenance import command_line, git_commit, now, sha256_text, versions
from ..scenario.bounds import MAX_SEED
from .cli import _friendly
from .hindcast_command import parse_years

DEFAULT_GENERATIONS = 250
DEFAULT_REPLICATIONS = 8


@click.command()
@click.argument("votes", type=click.Path(path_type=Path), required=False)
@click.option("--train", "train", metavar="A-B", default="2004-2009", show_default=True,
              help="Years whose roll calls the fit uses.")
@click.option("--validate", "validate", metavar="A-B", default="2010-2012", show_default=True,
              help="Years scored with the fitted profile (never used by the fit).")
@click.option("--roll-calls", "roll_calls", type=click.Path(path_type=Path),
              help="A roll-call description YAML adding or replacing descriptions (docs/hindcast.md).")
@click.option("--generations", type=click.IntRange(min=1), default=DEFAULT_GENERATIONS, show_default=True,
              help="CMA-ES generations.")
@click.option("--population", type=click.IntRange(min=4), help="Candidates per generation (default: CMA-ES's).")
@click.option("--replications", type=click.IntRange(min=1), default=DEFAULT_REPLICATIONS, show_default=True,
              help="Runs per roll call and candidate (the same seeds for every candidate).")
@click.option("--seed", type=click.IntRange(0, MAX_SEED), default=0, show_default=True, help="Seed of the optimiser.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: results/calibrate-<time>).")
@click.option("--resume", is_flag=True, help="Go on with the fit saved in --out (its fit.pkl).")
@click.option("--overwrite", is_flag=True, help="Replace an output folder that already holds files.")
@_friendly
def calibrate(votes, train, validate, roll_calls, generations, population, replications, seed, out, resume, overwrite):
    """Fit the mechanism to the recorded votes of the --train years (maximum likelihood, CMA-ES), score it on the
    --validate years beside the baselines, and write profile.yaml, report.md and figures."""
    import shutil

    from tqdm import tqdm

    from ..lab.store import check_out_folder, default_run_folder
    from ..lab.sweep import SweepError
    from ..lab.votes.calibrate import FREE, MAPPING, TIED, Candidate, candidate_of, fit, intervals, roll_call_data
    from ..lab.votes.hindcast import hindcast
    from ..lab.votes.roll_calls import describe, read_table
    from ..lab.votes.votes_file import read_votes, shipped_votes, with_history
    from ..model.params import Parameters
    from ..scenario.errors import InputFileError, Problem
    from ..scenario.schema import TraitMapping
    from .calibrate_report import write_report
    from .hindcast_command import scores_text, write_hindcast
    from .hindcast_report import ReportInfo

    started = now()
    source = Path(votes) if votes else None
    file_votes = read_votes(source) if source else shipped_votes()
    label = str(source) if source else "the shipped 2004-2012 votes"
    extra = read_table(roll_calls) if roll_calls else None
    history = with_history(file_votes, shipped_votes()) if source else file_votes
    described = describe(history, extra)
    years = sorted(file_votes["year"].unique())
    span_train = parse_years(train, years, label)
    span_validate = parse_years(validate, years, label)
    if span_train[1] >= span_validate[0]:
        raise InputFileError(label, [Problem("--validate", f"years after the training years ({train})", validate)])
    if resume and out is None:
        raise SweepError("--resume needs --out, the folder of the fit to go on with")
    folder = out or default_run_folder("calibrate")
    if not resume:
        check_out_folder(folder, overwrite, tuple(Path(p) for p in (votes, roll_calls) if p),
                         ", pass --resume to go on with the fit in it")
        if folder.exists() and any(folder.iterdir()):
            shutil.rmtree(folder)
    elif folder.is_symlink():
        check_out_folder(folder)
    folder.mkdir(parents=True, exist_ok=True)
    chosen = [rc for rc in described if span_train[0] <= rc.year <= span_train[1]]
    held_out = sorted(rc.rcid for rc in described if span_validate[0] <= rc.year <= span_validate[1])
    with tqdm(total=len(chosen), desc="preparing roll calls", unit="roll call", leave=False) as bar:
        data = roll_call_data(history, described, chosen, replications, progress=bar.update)
    n_votes = sum(len(d.rows) for d in data)
    base = Candidate(Parameters(), TraitMapping())
    with tqdm(total=generations, desc="calibrate", unit="generation") as bar:
        def note(f):
            bar.n = f.generations
            bar.set_postfix(log_likelihood=f"{f.best_log_likelihood:.1f}")
            bar.refresh()

        result = fit(data, base, generations, population, seed, state=folder / "fit.pkl", on_generation=note)
    best = candidate_of(result.best, base)
    fitted = {f.name for f in FREE} | set(TIED) | {"noise", "threshold_support", "threshold_sanction",
                                                   "threshold_intervene"}
    settings = {name: value for name, value in best.params.model_dump().items() if name in fitted}
    mapping = {f.name[len(MAPPING):]: getattr(best.mapping, f.name[len(MAPPING):]) for f in FREE
               if f.name.startswith(MAPPING)}
    slices = intervals(data, best)
    validation = hindcast(history, described, held_out, 20, settings, progress=True, mapping=mapping)
    scores = validation.scores()
    vfolder = folder / "validation"
    shutil.rmtree(vfolder, ignore_errors=True)
    vfolder.mkdir()
    write_hindcast(vfolder, validation, ReportInfo(label, str(roll_calls) if roll_calls else None,
                                                   str(folder / "profile.yaml"), validate, history["rcid"].nunique()))
    votes_text = Path(source).read_text(encoding="utf-8") if source else None
    provenance = {
        "data": {"votes": label, "sha256": sha256_text(votes_text) if votes_text else "shipped",
                 "roll_calls": None if extra is None else {"file": extra.doc.file, "sha256": sha256_text(extra.text)}},
        "train": train, "validate": validate, "train_roll_calls": [rc.rcid for rc in chosen],
        "validate_roll_calls": held_out, "train_votes": n_votes,
        "optimiser": f"CMA-ES (cma {_version('cma')}), bounds scaled to [0, 1], initial step 0.2",
        "seed": seed, "generations": result.generations, "evaluations": result.evaluations,
        "replications": replications, "log_likelihood": round(result.best_log_likelihood, 4),
        "log_likelihood_per_vote": round(result.best_log_likelihood / n_votes, 6),
        "validation": scores,
        "intervals": slices.round(6).to_dict("records"),
        "versions": versions(), "git_commit": git_commit(), "command": command_line(),
        "started": started, "finished": now(),
    }
    profile = {"parameters": {k: round(float(v), 6) for k, v in settings.items()},
               "mapping": {k: round(float(v), 6) for k, v in mapping.items()}, "provenance": provenance}
    write_report(folder, profile, result, slices, validation)
    import yaml

    text = yaml.safe_dump(json.loads(json.dumps(profile, default=str)), sort_keys=False)
    (folder / "profile.yaml").write_text(text, encoding="utf-8")
    click.echo(f"fit on {len(chosen)} roll calls ({train}, {n_votes} present votes): log-likelihood "
               f"{result.best_log_likelihood:.1f} ({result.best_log_likelihood / n_votes:.4f} per vote) after "
               f"{result.generations} generations")
    click.echo(f"validation, {len(held_out)} roll calls ({validate}):")
    click.echo(scores_text(scores))
    click.echo(f"\nwrote {folder}/ (profile.yaml, report.md, convergence.png, intervals.csv, validation/)")


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)
