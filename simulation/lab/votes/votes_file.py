"""Votes files in the shared data's column format: one row per (roll call, member), read with located errors.

The format is that of ``../shared/data/unga_votes_2004_2012.csv`` (shipped unchanged as package data):
``rcid, item_id, resolution, date, session, target, kind, short_description, iso3, cow, country, vote,
roster_source``. The columns the bench needs are ``REQUIRED``; the others are kept when present. A file of
other years in the same format is read the same way. Every problem (a malformed row, an unknown vote,
state or year, a missing column, a roll call whose rows disagree) is reported with the file, the line,
the column, what was expected and what was found.
"""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from ...scenario.errors import InputFileError, Problem, did_you_mean
from ...scenario.world_table import FIRST_YEAR, LAST_YEAR, member_codes
from ...scenario.yamlfile import read_input

VOTES: tuple[str, ...] = ("yes", "no", "abstain", "absent")  # "absent": a member with no recorded vote
REQUIRED: tuple[str, ...] = ("rcid", "resolution", "date", "target", "kind", "iso3", "vote")
TARGET_ALIASES: dict[str, str] = {"DPRK": "PRK"}  # the votes file's label -> the world table's ISO3 code
#: Years outside the covariates that take a neighbouring year's data (the rule is stated in docs/hindcast.md).
YEAR_FILL: dict[int, int] = {FIRST_YEAR - 1: FIRST_YEAR}
SHIPPED = "unga_votes_2004_2012.csv"
SHIPPED_FILE = f"simulation/data/{SHIPPED}"
MAX_PROBLEMS = 20  # problems listed per file; the rest are counted
MAX_BYTES = 500_000_000  # a votes file: every roll call since 1946 is about 200 MB in this format


def world_year(year: int) -> int:
    """The world table's year for a vote in ``year`` (2004 takes 2005's covariates, ties and groups)."""
    return YEAR_FILL.get(int(year), int(year))


def read_votes(path: str | Path) -> pd.DataFrame:
    """The votes file at ``path`` as a table (see ``parse_votes``), or an :class:`InputFileError`."""
    file = str(path)
    raw = read_input(path, "votes (CSV)", MAX_BYTES)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputFileError(file, [Problem("", "a UTF-8 text file", f"the byte 0x{raw[exc.start]:02x}",
                                            raw.count(b"\n", 0, exc.start) + 1)]) from None
    return parse_votes(text, file)


@lru_cache(maxsize=1)
def shipped_votes() -> pd.DataFrame:
    """The recorded votes 2004-2012 shipped with the package (``simulation/data``); do not modify the frame."""
    text = resources.files("simulation").joinpath("data", SHIPPED).read_text(encoding="utf-8")
    return parse_votes(text, SHIPPED_FILE)


def parse_votes(text: str, file: str) -> pd.DataFrame:
    """Votes-file text as one row per (roll call, member), checked.

    Columns: the file's own (as text), with ``rcid`` (int), ``date`` (datetime64), ``year``, ``target``
    (the ISO3 code; ``target_label`` keeps the file's spelling, e.g. DPRK), ``line`` (the row's line in the
    file) and ``file``.
    """
    rows, lines, header = _rows(text, file)
    frame = pd.DataFrame(rows, columns=header, dtype=str)
    frame["line"] = lines
    problems = _field_problems(frame) or _roll_call_problems(frame)
    if problems:
        raise InputFileError(file, _capped(problems))
    frame["rcid"] = frame["rcid"].astype(int)
    frame["date"] = pd.to_datetime(frame["date"], format="%Y-%m-%d")
    frame["year"] = frame["date"].dt.year
    frame["target_label"] = frame["target"]
    frame["target"] = frame["target"].map(lambda t: TARGET_ALIASES.get(t, t))
    frame["file"] = file
    return frame.sort_values(["date", "rcid", "iso3"], kind="stable").reset_index(drop=True)


def with_history(votes: pd.DataFrame, shipped: pd.DataFrame) -> pd.DataFrame:
    """The file's votes and the shipped roll calls it does not hold, as one history.

    A roll call in both must be the same vote (same resolution and date); otherwise the file's row is
    reported, since an ``rcid`` names one roll call.
    """
    mine = votes.drop_duplicates("rcid").set_index("rcid")
    theirs = shipped.drop_duplicates("rcid").set_index("rcid")
    problems = []
    for rcid in mine.index.intersection(theirs.index):
        a, b = mine.loc[rcid], theirs.loc[rcid]
        for col in ("resolution", "date"):
            if a[col] != b[col]:
                shown = b[col].date().isoformat() if col == "date" else b[col]
                found = a[col].date().isoformat() if col == "date" else a[col]
                problems.append(Problem(f"column {col}", f"rcid {rcid} as in the shipped votes ({SHIPPED_FILE}): "
                                        f"{shown}", repr(found), int(a["line"]),
                                        "an rcid names one roll call; use another rcid for another vote"))
    if problems:
        raise InputFileError(str(votes["file"].iloc[0]), _capped(problems))
    extra = shipped[~shipped["rcid"].isin(mine.index)]
    return pd.concat([extra, votes], ignore_index=True).sort_values(["date", "rcid", "iso3"], kind="stable"
                                                                      ).reset_index(drop=True)


def _rows(text: str, file: str) -> tuple[list[list[str]], list[int], list[str]]:
    """The header and the well-formed rows with their line numbers; malformed rows are problems."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise InputFileError(file, [Problem("", "a header line naming the columns: " + ", ".join(REQUIRED),
                                            "an empty file")]) from None
    except csv.Error as exc:
        raise InputFileError(file, [Problem("header", "a comma-separated header line", str(exc), 1)]) from None
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputFileError(file, [Problem("header", "the columns " + ", ".join(REQUIRED) + " (the shared votes "
                                            "format)", "no column " + ", ".join(missing), 1,
                                            did_you_mean(missing[0], header))])
    twice = sorted({h for h in header if header.count(h) > 1})
    if twice:
        raise InputFileError(file, [Problem("header", "each column once", "repeated: " + ", ".join(twice), 1)])
    rows, lines, problems = [], [], []
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem("", "a well-formed CSV row", str(exc), reader.line_num))
            break
        if not row or row == [""]:
            continue
        if len(row) != len(header):
            problems.append(Problem("", f"{len(header)} comma-separated fields (one per header column)",
                                    f"{len(row)} fields", reader.line_num))
            continue
        rows.append([v.strip() for v in row])
        lines.append(reader.line_num)
    if problems:
        raise InputFileError(file, _capped(problems))
    if not rows:
        raise InputFileError(file, [Problem("", "at least one vote row after the header", "none", 2)])
    return rows, lines, header


def _field_problems(frame: pd.DataFrame) -> list[Problem]:
    """Values that are not what their column holds: rcid, date and year, target, state, vote."""
    codes = set(member_codes())
    first, last = min([FIRST_YEAR, *YEAR_FILL]), LAST_YEAR
    dates = pd.to_datetime(frame["date"], format="%Y-%m-%d", errors="coerce")
    checks = [
        ("rcid", ~frame["rcid"].str.fullmatch(r"[0-9]{1,18}"), "a whole number of at most 18 digits (the roll call's id)",
         None),
        ("date", dates.isna(), "a date written YYYY-MM-DD", None),
        ("date", dates.notna() & ~dates.dt.year.between(first, last),
         f"a date in {first}-{last}: the world table's covariates cover {FIRST_YEAR}-{LAST_YEAR} "
         f"({', '.join(f'{a} takes {b}' for a, b in YEAR_FILL.items())})", None),
        ("iso3", ~frame["iso3"].isin(codes), "the ISO3 code of a UN member in the world table (e.g. BRA)",
         sorted(codes)),
        ("target", ~frame["target"].isin(codes | set(TARGET_ALIASES)),
         "the ISO3 code of a UN member (or " + ", ".join(f"{a} for {b}" for a, b in TARGET_ALIASES.items()) + ")",
         sorted(codes | set(TARGET_ALIASES))),
        ("vote", ~frame["vote"].isin(VOTES), "one of " + ", ".join(VOTES), list(VOTES)),
    ]
    problems = []
    for col, bad, expected, known in checks:
        for value, line in zip(frame.loc[bad, col], frame.loc[bad, "line"], strict=True):
            problems.append(Problem(f"column {col}", expected, repr(value), int(line),
                                    did_you_mean(value, known) if known else ""))
    return sorted(problems, key=lambda p: p.line)


def _roll_call_problems(frame: pd.DataFrame) -> list[Problem]:
    """Rows of one roll call that disagree with its first row, and a member listed twice in a roll call."""
    problems = []
    firsts = frame.groupby("rcid", sort=False).head(1).set_index("rcid")
    for col in ("resolution", "date", "target", "kind"):
        expected = frame["rcid"].map(firsts[col])
        for _, row in frame[frame[col] != expected].iterrows():
            first = firsts.loc[row["rcid"]]
            problems.append(Problem(f"column {col}", f"the {col} of rcid {row['rcid']} as on its first row "
                                    f"(line {first['line']}): {first[col]!r}", repr(row[col]), int(row["line"])))
    twice = frame[frame.duplicated(["rcid", "iso3"], keep="first")]
    for _, row in twice.iterrows():
        problems.append(Problem("column iso3", f"each member at most once per roll call (rcid {row['rcid']})",
                                f"{row['iso3']!r} again", int(row["line"])))
    return sorted(problems, key=lambda p: p.line)


def _capped(problems: list[Problem]) -> list[Problem]:
    """The first ``MAX_PROBLEMS`` problems, and one line counting the rest."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    rest = len(problems) - MAX_PROBLEMS
    return problems[:MAX_PROBLEMS] + [Problem("", "(listing stops here)", f"{rest} more problem{'s' * (rest != 1)}")]
