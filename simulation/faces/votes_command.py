"""``trifecta votes [VOTES.csv]``: the recorded roll calls of a votes file, one line each, as the bench sees them."""

from __future__ import annotations

from pathlib import Path

import click

from .cli import _friendly


def sponsor_text(rc) -> str:
    """The roll call's sponsors in short: groups with their size that year, then single states, then the mover."""
    from ..scenario.world_table import group_members

    parts = [f"{g}({len(group_members(g, rc.world_year))})" for g in rc.sponsor_groups] + list(rc.sponsors)
    text = "+".join(parts) or "-"
    return text + (f"; mover {rc.mover}" if rc.mover else "")


@click.command()
@click.argument("votes", required=False, type=click.Path(path_type=Path))
@click.option("--roll-calls", "roll_calls", type=click.Path(path_type=Path),
              help="A roll-call description YAML adding or replacing descriptions (docs/hindcast.md).")
@_friendly
def votes(votes, roll_calls):
    """List the roll calls of VOTES (default: the package's 2004-2012 votes): id, date, target, kind, totals."""
    from ..lab.votes.roll_calls import describe, read_table
    from ..lab.votes.votes_file import SHIPPED_FILE, VOTES, read_votes, shipped_votes

    frame = read_votes(votes) if votes else shipped_votes()
    extra = read_table(roll_calls) if roll_calls else None
    described = {rc.rcid: rc for rc in describe(frame, extra)}
    totals = frame.groupby(["rcid", "vote"]).size().unstack(fill_value=0).reindex(columns=list(VOTES), fill_value=0)
    click.echo(f"{'rcid':>5}  {'date':<10}  {'target':<6}  {'kind':<19}  {'instrument':<10}  {'yes':>4} {'no':>4} "
               f"{'abst':>4} {'absent':>6}  sponsors")
    for rc in described.values():
        t = totals.loc[rc.rcid]
        blocks = "  (a yes blocks it)" if rc.yes_direction < 0 else ""
        by_rule = "  [described by rule]" if rc.described_by == "defaults" else ""
        click.echo(f"{rc.rcid:>5}  {rc.date.isoformat():<10}  {rc.target:<6}  {rc.kind:<19}  {rc.instrument:<10}  "
                   f"{t['yes']:>4} {t['no']:>4} {t['abstain']:>4} {t['absent']:>6}  {sponsor_text(rc)}"
                   f"{blocks}{by_rule}")
    click.echo(f"\n{len(described)} roll calls in {votes or SHIPPED_FILE}; hindcast them with: "
               f"trifecta hindcast {votes or SHIPPED_FILE}")
