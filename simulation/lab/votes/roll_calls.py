"""The roll-call description table: what each recorded vote was, and what it maps to in the model.

The package's table (``simulation/data/roll_calls.yaml``) describes the 29 roll calls of 2004-2012 from the
record; a user's ``--roll-calls FILE`` in the same format adds or replaces entries, kinds and defaults.
A roll call no table lists is described by rule: its kind from the votes file's ``kind`` label, the
instrument and the direction of a yes from its kind, its sponsors and sponsor kind from the defaults
for its target (else ``defaults.otherwise``), and, for a no-action motion, the target as the mover.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import pandas as pd
from pydantic import Field

from ...scenario.errors import InputFileError, Problem, did_you_mean
from ...scenario.paths import format_loc
from ...scenario.schema import Code, Spec
from ...scenario.validation import validated_spec
from ...scenario.world_table import GROUPS, group_members, member_codes
from ...scenario.yamlfile import YamlDocument, parse_yaml, read_yaml
from .votes_file import world_year

PACKAGE_TABLE = "roll_calls.yaml"
PACKAGE_FILE = f"simulation/data/{PACKAGE_TABLE}"
Instrument = Literal["statement", "resolution", "sanctions", "intervention"]
SponsorKind = Literal["western", "multilateral", "regional"]


class KindSpec(Spec):
    """A kind of roll call: the votes-file labels it covers, the instrument it maps to, the direction of a yes."""

    labels: tuple[str, ...] = Field((), description="Values of the votes file's `kind` column that mean this kind.")
    instrument: Instrument = "resolution"
    yes_direction: Literal[1, -1] = 1
    scrutiny: bool = Field(True, description="Whether the vote scrutinises a state's record (a seat on a council "
                                             "does not: acting then invites no reciprocal scrutiny).")


class SponsorDefault(Spec):
    """Who proposes the scrutiny when a roll call's entry does not say: ISO3 codes and groups of the world table."""

    sponsors: tuple[Code, ...] = ()
    sponsor_groups: tuple[str, ...] = ()
    sponsor_kind: SponsorKind = "western"
    source: str = ""


class Defaults(Spec):
    """Sponsors by target for roll calls no entry describes, and for any other target."""

    targets: dict[str, SponsorDefault] = {}
    otherwise: SponsorDefault | None = None


class RollCallSpec(Spec):
    """One roll call as the record describes it; unset fields come from its kind and its target's defaults."""

    rcid: Annotated[int, Field(ge=0)]
    resolution: str = Field(min_length=1)
    date: datetime.date
    target: Code
    kind: str = Field(min_length=1, description="A kind defined under `kinds`.")
    instrument: Instrument | None = None
    yes_direction: Literal[1, -1] | None = None
    mover: Code | None = Field(None, description="Who moved a procedural motion (a no-action motion's mover).")
    sponsors: tuple[Code, ...] = Field((), description="ISO3 codes of the states that tabled the scrutiny.")
    sponsor_groups: tuple[str, ...] = Field((), description="Groups of the world table that tabled it (e.g. EU).")
    sponsor_kind: SponsorKind | None = None
    source: str = ""
    notes: str = ""
    scenario: dict[str, Any] = Field({}, description="Scenario keys laid over the generated scenario (mappings "
                                                     "merge key by key; `states` are per-state overrides).")


class RollCallTable(Spec):
    """A roll-call description file: kinds, defaults and roll calls (every section optional)."""

    kinds: dict[str, KindSpec] = {}
    defaults: Defaults = Defaults()
    roll_calls: tuple[RollCallSpec, ...] = ()


@dataclass(frozen=True)
class LoadedTable:
    """A validated description file and its document (to locate problems in it)."""

    spec: RollCallTable
    doc: YamlDocument
    text: str


@dataclass(frozen=True, eq=False)
class RollCall:
    """One recorded roll call with everything the bench needs to turn it into a scenario and score it."""

    rcid: int
    resolution: str
    date: datetime.date
    target: str
    kind: str
    instrument: str
    yes_direction: int
    sponsors: tuple[str, ...]
    sponsor_groups: tuple[str, ...]
    sponsor_kind: str
    mover: str | None
    scrutiny: bool
    description: str
    source: str
    notes: str
    described_by: str  # the description file of its entry, or "defaults (<file>)"
    scenario: dict = field(default_factory=dict)
    origin: tuple[YamlDocument, tuple] | None = None  # where ``scenario`` is written, to locate its problems

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def world_year(self) -> int:
        """The world table's year for this vote (see ``votes_file.YEAR_FILL``)."""
        return world_year(self.date.year)

    def sponsor_states(self) -> tuple[str, ...]:
        """The sponsors' ISO3 codes, groups expanded to their members of the vote's year, the target left out."""
        codes = set(self.sponsors)
        for g in self.sponsor_groups:
            codes.update(group_members(g, self.world_year))
        return tuple(sorted(codes - {self.target}))


def read_table(path: str | Path) -> LoadedTable:
    """A user's roll-call description file, validated; any problem is an :class:`InputFileError`."""
    doc = read_yaml(path, "roll-call description")
    return _validated(doc, Path(path).read_text(encoding="utf-8"), tuple(package_table().spec.kinds))


@lru_cache(maxsize=1)
def package_table() -> LoadedTable:
    """The package's description of the 2004-2012 roll calls (``simulation/data/roll_calls.yaml``)."""
    text = resources.files("simulation").joinpath("data", PACKAGE_TABLE).read_text(encoding="utf-8")
    return _validated(parse_yaml(text, PACKAGE_FILE, "roll-call description"), text, ())


def describe(votes: pd.DataFrame, extra: LoadedTable | None = None) -> list[RollCall]:
    """Every roll call of ``votes`` described, in date order: by an entry of ``extra`` or the package table, else by rule."""
    tables = [package_table()] + ([extra] if extra is not None else [])
    kinds: dict[str, KindSpec] = {}
    targets: dict[str, SponsorDefault] = {}
    otherwise = SponsorDefault()
    entries: dict[int, tuple[RollCallSpec, LoadedTable, int]] = {}
    for t in tables:
        kinds.update(t.spec.kinds)
        targets.update(t.spec.defaults.targets)
        otherwise = t.spec.defaults.otherwise or otherwise
        entries.update({rc.rcid: (rc, t, k) for k, rc in enumerate(t.spec.roll_calls)})
    by_label = {label: name for name, k in kinds.items() for label in k.labels}
    problems: list[tuple[str, Problem]] = []
    out = []
    for _, row in votes.drop_duplicates("rcid").sort_values(["date", "rcid"], kind="stable").iterrows():
        rcid = int(row["rcid"])
        entry = entries.get(rcid)
        if entry is None:
            name = by_label.get(row["kind"])
            if name is None:
                problems.append((row["file"], Problem(
                    "column kind", "a kind of roll call the description tables know: " + ", ".join(by_label),
                    repr(row["kind"]), int(row["line"]),
                    f"describe rcid {rcid} with --roll-calls FILE (docs/hindcast.md)")))
                continue
            out.append(_by_rule(row, name, kinds[name], targets.get(row["target"], otherwise)))
            continue
        spec, table, k = entry
        mismatch = _mismatch(spec, row, table, k)
        if mismatch:
            problems.append((table.doc.file, mismatch))
            continue
        out.append(_from_entry(spec, row, kinds[spec.kind], targets.get(spec.target, otherwise), table, k))
    if problems:
        file = problems[0][0]
        raise InputFileError(file, [p for f, p in problems if f == file])
    return out


def _validated(doc: YamlDocument, text: str, known_kinds: tuple[str, ...]) -> LoadedTable:
    """The document as a RollCallTable, with codes, groups, kinds (its own and ``known_kinds``) and rcids checked."""
    spec = validated_spec(doc, RollCallTable)
    problems = _cross_problems(spec, doc, known_kinds)
    if problems:
        raise InputFileError(doc.file, problems)
    return LoadedTable(spec, doc, text)


def _cross_problems(spec: RollCallTable, doc: YamlDocument, known_kinds: tuple[str, ...]) -> list[Problem]:
    """Codes that are not UN members, unknown groups and kinds, an rcid listed twice."""
    codes = list(member_codes())
    problems: list[Problem] = []

    def check(loc: tuple, values: Sequence[str | None], known: list[str], what: str, indexed: bool = True) -> None:
        for i, v in enumerate(values):
            if v is not None and v not in known:
                where = loc + (i,) if indexed else loc
                problems.append(Problem(format_loc(where), what, repr(v), doc.line_of(where), did_you_mean(v, known)))

    member = "the ISO3 code of a UN member in the world table (e.g. CAN)"
    group = "a group of the world table: " + ", ".join(GROUPS)
    for target, d in spec.defaults.targets.items():
        check(("defaults", "targets", target), [target], codes, member, indexed=False)
        check(("defaults", "targets", target, "sponsors"), d.sponsors, codes, member)
        check(("defaults", "targets", target, "sponsor_groups"), d.sponsor_groups, list(GROUPS), group)
    if spec.defaults.otherwise is not None:
        check(("defaults", "otherwise", "sponsors"), spec.defaults.otherwise.sponsors, codes, member)
        check(("defaults", "otherwise", "sponsor_groups"), spec.defaults.otherwise.sponsor_groups, list(GROUPS), group)
    kinds = sorted(set(spec.kinds) | set(known_kinds))
    seen: dict[int, int] = {}
    for k, rc in enumerate(spec.roll_calls):
        at = ("roll_calls", k)
        check(at + ("target",), [rc.target], codes, member, indexed=False)
        check(at + ("mover",), [rc.mover], codes, member, indexed=False)
        check(at + ("sponsors",), rc.sponsors, codes, member)
        check(at + ("sponsor_groups",), rc.sponsor_groups, list(GROUPS), group)
        check(at + ("kind",), [rc.kind], kinds, "a kind defined under kinds: " + ", ".join(kinds), indexed=False)
        if rc.rcid in seen:
            problems.append(Problem(format_loc(at + ("rcid",)), "each rcid once", f"{rc.rcid}, already at "
                                    f"roll_calls[{seen[rc.rcid]}]", doc.line_of(at + ("rcid",))))
        seen.setdefault(rc.rcid, k)
    return problems


def _mismatch(spec: RollCallSpec, row: pd.Series, table: LoadedTable, k: int) -> Problem | None:
    """A problem if the entry's resolution, date or target is not the votes file's for the same rcid."""
    found = {"resolution": spec.resolution, "date": spec.date.isoformat(), "target": spec.target}
    wanted = {"resolution": row["resolution"], "date": row["date"].date().isoformat(), "target": row["target"]}
    for key, value in found.items():
        if value != wanted[key]:
            loc = ("roll_calls", k, key)
            return Problem(format_loc(loc), f"the {key} of rcid {spec.rcid} in {row['file']} (line {row['line']}): "
                           f"{wanted[key]}", repr(value), table.doc.line_of(loc),
                           "an rcid names one roll call: correct the entry or give the new vote its own rcid")
    return None


def _from_entry(spec: RollCallSpec, row: pd.Series, kind: KindSpec, default: SponsorDefault,
                table: LoadedTable, k: int) -> RollCall:
    own = bool(spec.sponsors or spec.sponsor_groups)
    return RollCall(
        rcid=spec.rcid, resolution=spec.resolution, date=spec.date, target=spec.target, kind=spec.kind,
        instrument=spec.instrument or kind.instrument,
        yes_direction=kind.yes_direction if spec.yes_direction is None else spec.yes_direction,
        sponsors=spec.sponsors if own else default.sponsors,
        sponsor_groups=spec.sponsor_groups if own else default.sponsor_groups,
        sponsor_kind=spec.sponsor_kind or default.sponsor_kind,
        mover=spec.mover or _default_mover(kind, spec.target), scrutiny=kind.scrutiny,
        description=str(row.get("short_description", "") or spec.resolution),
        source=spec.source or ("" if own else default.source), notes=spec.notes,
        described_by=table.doc.file, scenario=dict(spec.scenario),
        origin=(table.doc, ("roll_calls", k, "scenario")) if spec.scenario else None)


def _by_rule(row: pd.Series, name: str, kind: KindSpec, default: SponsorDefault) -> RollCall:
    return RollCall(
        rcid=int(row["rcid"]), resolution=str(row["resolution"]), date=row["date"].date(), target=row["target"],
        kind=name, instrument=kind.instrument, yes_direction=kind.yes_direction, sponsors=default.sponsors,
        sponsor_groups=default.sponsor_groups, sponsor_kind=default.sponsor_kind,
        mover=_default_mover(kind, row["target"]), scrutiny=kind.scrutiny,
        description=str(row.get("short_description", "") or row["resolution"]), source=default.source,
        notes="described by rule: no entry in the description tables", described_by="defaults")


def _default_mover(kind: KindSpec, target: str) -> str | None:
    """A motion that blocks scrutiny (a yes against the response) is moved by the target itself, by default."""
    return target if kind.yes_direction < 0 else None
