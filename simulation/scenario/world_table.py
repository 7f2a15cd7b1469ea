"""The world table: per-state traits for a year, mapped from the real data shipped in ``simulation/data``.

``world_states(year, ...)`` returns one dictionary per UN member whose keys are ``StateSpec`` fields
(code, name, democracy, capability, record, grievance, sovereignty, value_commitment, security_stake,
economic_stake, blocs, legislature.strength), every value in [0, 1]. Each mapping rule is a small
function below, monotone in its inputs. Where a source is missing for a state-year the value is
filled by a stated rule and reported as a ``FillNote``; nothing is filled silently. The rules, their
justification and the sources are in ``docs/world_data.md``; the attribution in
``simulation/data/ATTRIBUTION.md``.

Not derived here (scenario defaults apply): ``patron_inducement``, ``official.*``,
``legislature.pressure`` and ``stance``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd

from .record import alignment, group_line
from .schema import TraitMapping

FIRST_YEAR, LAST_YEAR = 2005, 2021
GROUPS_LAST_YEAR = 2019
TIES_FIRST_YEAR, TIES_LAST_YEAR = 2004, 2019
ATOP_LAST_YEAR = 2018
TRADE_LAST_YEAR = 2014
ARMS_WINDOW = 5  # years of SIPRI deliveries summed (lumpy single-year TIV, as SIPRI's own 5-year tables)

PARTNERS: tuple[str, ...] = ("CAF", "CHN", "CIV", "FRA", "GBR", "IRN", "LBY", "MMR", "PRK", "RUS", "SYR",
                             "UKR", "USA", "VEN")
GROUPS: tuple[str, ...] = ("BRICS", "IBSA", "G7", "NAM", "AU", "EU", "ASEAN", "OIC", "ArabLeague", "OAS",
                           "SCO", "G77", "NATO", "CSTO", "GCC", "Commonwealth", "P5")
HAND_CODED_GROUPS: tuple[str, ...] = ("IBSA", "G7", "P5")
SETTLER_STATES: tuple[str, ...] = ("USA", "CAN", "AUS", "NZL")
# The target's protectors (hand-coded; override with ``patrons=``): their trade and alliances count as stakes.
DEFAULT_PATRONS: dict[str, tuple[str, ...]] = {
    "SYR": ("RUS", "IRN"),   # Russian arms, Tartus and UNSC vetoes from 2011; Iranian military support
    "MMR": ("CHN",),         # China's economic and diplomatic shield (UNSC veto, Jan 2007)
    "PRK": ("CHN",),         # China, the DPRK's treaty ally and main trading partner
    "IRN": ("RUS", "CHN"),   # the two UNSC members that diluted sanctions on Iran
    "VEN": ("RUS", "CHN"),   # Russian arms and loans, Chinese oil-for-loans
}
# Dated group changes after the group file ends (2019): (from year, state, group, member?, what happened).
GROUP_CHANGES_AFTER_FILE: tuple[tuple[int, str, str, int, str], ...] = (
    (2020, "GBR", "EU", 0, "left the EU on 31 Jan 2020"),
    (2020, "MKD", "NATO", 1, "joined NATO on 27 Mar 2020"),
)

# Known errors in the tie data, corrected at run time with a note: (state, partner) -> (value, why).
CONTIGUITY_CORRECTIONS: dict[tuple[str, str], tuple[int, str]] = {
    ("PAK", "MMR"): (0, "COW lists a Pakistan-Myanmar land border (an East Pakistan legacy; Bangladesh lies "
                        "between): treated as not contiguous"),
}

# Weights of the mapping rules (documented in docs/world_data.md).
GRIEVANCE_FLOOR, GRIEVANCE_FULL_YEARS = 0.3, 150.0
SOVEREIGNTY_BASE = 0.1
VALUES_SLOPE = 0.8
#: The mapping's free coefficients (sovereignty's parts, the values' floor), as calibration set them.
DEFAULT_MAPPING = TraitMapping()
ALLIANCE_OTHER = 0.25  # non-aggression, neutrality or consultation pact (ATOP "any" without defence)
SECURITY_ALLIANCE, SECURITY_CONTIGUITY, SECURITY_ARMS = 0.4, 0.3, 0.3
PATRON_TRADE_WEIGHT, TRADE_HALF_STAKE = 0.5, 0.05
DIGITS = 4


@dataclass(frozen=True)
class FillNote:
    """One value filled or adjusted by a stated rule: the state, the trait, the rule and the resulting value."""

    iso3: str
    field: str
    rule: str
    value: float | list[str] | None


@dataclass(frozen=True)
class WorldTable:
    """Per-state trait dictionaries for one year, with every filled value reported."""

    year: int
    states: list[dict[str, Any]]
    filled: list[FillNote]
    target: str | None = None
    patrons: tuple[str, ...] = ()
    sponsors: tuple[str, ...] = ()
    blocs: tuple[str, ...] = GROUPS
    codes: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "codes", tuple(s["code"] for s in self.states))

    def state(self, code: str) -> dict[str, Any]:
        """The trait dictionary of the state with this ISO3 code."""
        for s in self.states:
            if s["code"] == code:
                return s
        raise KeyError(code)

    def notes_for(self, code: str, field: str | None = None) -> list[FillNote]:
        """The fill notes of one state, optionally of one field only."""
        return [n for n in self.filled if n.iso3 == code and (field is None or n.field == field)]


# --------------------------------------------------------------------------------------------------
# The mapping rules: one small, monotone function each.


def democracy_rule(polyarchy):
    """A state's democracy (points of access) is its V-Dem electoral democracy (polyarchy) score."""
    return np.clip(polyarchy, 0.0, 1.0)


def on_primary_scale(x, intercept: float, slope: float):
    """A fallback measure is put on the primary measure's scale by the least-squares line fitted where both exist."""
    return intercept + slope * np.asarray(x, dtype=float)


def legislature_strength_rule(democracy):
    """A legislature's institutional strength grows with democracy: it equals the democracy score."""
    return np.clip(democracy, 0.0, 1.0)


def value_commitment_rule(libdem, mapping: TraitMapping = DEFAULT_MAPPING):
    """The weight of professed values rises with liberal democracy, by 0.8 from its floor (a closed autocracy's)."""
    return mapping.values_floor + VALUES_SLOPE * np.clip(libdem, 0.0, 1.0)


def record_rule(hr_score, lowest: float, highest: float):
    """A state's vulnerability to scrutiny rises as its human-rights protection score falls (min-max over the year)."""
    span = highest - lowest
    return np.clip(1.0 - (np.asarray(hr_score, dtype=float) - lowest) / span, 0.0, 1.0)


def capability_rule(cinc, lowest: float, highest: float):
    """Material capability is the state's CINC share on a log scale, 0 for the year's smallest and 1 for its largest."""
    logs = np.log(np.asarray(cinc, dtype=float))
    return np.clip((logs - np.log(lowest)) / (np.log(highest) - np.log(lowest)), 0.0, 1.0)


def grievance_rule(colonised, years_colonised):
    """A state colonised by a European power holds a grievance of 0.3, rising with years colonised to 1 at 150 years."""
    years = np.clip(np.asarray(years_colonised, dtype=float), 0.0, None)
    return np.where(np.asarray(colonised) > 0, GRIEVANCE_FLOOR + (1 - GRIEVANCE_FLOOR)
                    * np.minimum(1.0, years / GRIEVANCE_FULL_YEARS), 0.0)


def sovereignty_rule(democracy, nam, g77, mapping: TraitMapping = DEFAULT_MAPPING):
    """Attachment to non-intervention falls with democracy and rises with membership of the NAM and the G77."""
    return np.clip(SOVEREIGNTY_BASE + mapping.sovereignty_autocracy * (1.0 - np.asarray(democracy, dtype=float))
                   + mapping.sovereignty_nam * np.asarray(nam, dtype=float)
                   + mapping.sovereignty_g77 * np.asarray(g77, dtype=float), 0.0, 1.0)


def alliance_rule(defense, any_obligation):
    """An alliance tie counts 1 for a defence pact, 0.25 for any other ATOP obligation, 0 for none."""
    return np.where(np.asarray(defense) > 0, 1.0, np.where(np.asarray(any_obligation) > 0, ALLIANCE_OTHER, 0.0))


def contiguity_rule(conttype):
    """Contiguity counts 1 for a land border, then 0.8, 0.6, 0.4, 0.2 as the water separating the states widens."""
    c = np.asarray(conttype, dtype=float)
    return np.where((c >= 1) & (c <= 5), 1.2 - 0.2 * c, 0.0)


def arms_dependence_rule(tiv_from_side, tiv_from_partners):
    """Arms dependence is the share of a state's arms imports from the 14 partners that came from the target's side."""
    side = np.asarray(tiv_from_side, dtype=float)
    total = np.asarray(tiv_from_partners, dtype=float)
    return np.divide(side, total, out=np.zeros_like(side), where=total > 0).clip(0.0, 1.0)


def security_stake_rule(alliance, contiguity, arms):
    """A security stake is the weighted sum of alliance with the target's side, contiguity with it and arms dependence on it."""
    return np.clip(SECURITY_ALLIANCE * np.asarray(alliance) + SECURITY_CONTIGUITY * np.asarray(contiguity)
                   + SECURITY_ARMS * np.asarray(arms), 0.0, 1.0)


def trade_exposure_rule(share_target, share_patrons):
    """Trade exposure is the share of trade with the target plus half the share with its patrons."""
    return np.asarray(share_target, dtype=float) + PATRON_TRADE_WEIGHT * np.asarray(share_patrons, dtype=float)


def economic_stake_rule(exposure):
    """An economic stake saturates with trade exposure: a 5% exposure makes a stake of 0.5."""
    x = np.clip(np.asarray(exposure, dtype=float), 0.0, None)
    return x / (x + TRADE_HALF_STAKE)


# --------------------------------------------------------------------------------------------------
# Reading the package data.


def _read(name: str) -> pd.DataFrame:
    """One package data table, read through importlib.resources."""
    with resources.files("simulation").joinpath("data", name).open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, keep_default_na=False, na_values=[""])


@lru_cache(maxsize=1)
def _states_raw() -> pd.DataFrame:
    """The state-year covariates as shipped, indexed by (iso3, year)."""
    return _read("states.csv").set_index(["iso3", "year"]).sort_index()


@lru_cache(maxsize=1)
def _groups_raw() -> pd.DataFrame:
    """The group flags as shipped, indexed by (iso3, year)."""
    df = _read("groups.csv")
    df["suspended_in"] = df["suspended_in"].fillna("").astype(str)
    return df.set_index(["iso3", "year"]).sort_index()


@lru_cache(maxsize=1)
def _ties_cube() -> dict[str, np.ndarray]:
    """Each tie column as an array [state, partner, year] (NaN where the file has none)."""
    df = _read("ties.csv")
    codes, years = member_codes(), range(TIES_FIRST_YEAR, TIES_LAST_YEAR + 1)
    full = pd.MultiIndex.from_product([codes, PARTNERS, years], names=["iso3_a", "iso3_b", "year"])
    df = df.set_index(["iso3_a", "iso3_b", "year"]).reindex(full)
    shape = (len(codes), len(PARTNERS), len(years))
    return {c: df[c].to_numpy(dtype=float).reshape(shape) for c in df.columns}


@lru_cache(maxsize=1)
def member_codes() -> tuple[str, ...]:
    """The ISO3 codes of the 193 UN members in the world table, sorted."""
    return tuple(sorted(_states_raw().index.get_level_values("iso3").unique()))


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """Display names of the members, by ISO3 code."""
    raw = _states_raw().reset_index()
    return dict(zip(raw["iso3"], raw["country"], strict=True))


@cache
def _line(primary: str, fallback: str) -> tuple[float, float, int]:
    """Intercept, slope and count of the least-squares line of ``primary`` on ``fallback``, pooled 2005-2021."""
    df = _with_derived(_states_raw())[[primary, fallback]].dropna()
    slope, intercept = np.polyfit(df[fallback].to_numpy(), df[primary].to_numpy(), 1)
    return float(intercept), float(slope), len(df)


def _with_derived(df: pd.DataFrame) -> pd.DataFrame:
    """Add the combined Freedom House score (PR + CL, 2-14) and the mean of the available PTS scores."""
    out = df.copy()
    out["fh_sum"] = out["fh_pr"] + out["fh_cl"]
    out["pts_mean"] = out[["pts_amnesty", "pts_statedept", "pts_hrw"]].mean(axis=1)
    return out


_LABELS = {
    "vdem_polyarchy": "V-Dem polyarchy", "vdem_libdem": "V-Dem liberal democracy", "polity2": "Polity5 polity2",
    "fh_sum": "Freedom House PR+CL", "hr_latent_mean": "Fariss latent human-rights score",
    "pts_mean": "Political Terror Scale (mean of available ratings)", "cinc": "COW CINC",
}


def _chain(df: pd.DataFrame, primary: str, fallbacks: Sequence[str], clip: tuple[float, float] | None):
    """The primary series with fallbacks (put on its scale) and then the nearest year of the same state; with rules."""
    value = df[primary].astype(float).copy()
    rule = pd.Series("", index=df.index, dtype=object)
    for fb in fallbacks:
        a, b, n = _line(primary, fb)
        use = value.isna() & df[fb].notna()
        if use.any():
            mapped = on_primary_scale(df.loc[use, fb], a, b)
            if clip is not None:
                mapped = np.clip(mapped, *clip)
            value[use] = mapped
            rule[use] = [f"{_LABELS[primary]} missing; {_LABELS[fb]} {x:g} put on its scale by the line "
                         f"{a:.3f} {b:+.4f}*x fitted on {n} state-years" for x in df.loc[use, fb]]
    wide = value.unstack("year")
    years = np.array(wide.columns)
    srcyear = pd.DataFrame(np.where(wide.notna(), years, np.nan), index=wide.index, columns=wide.columns)
    srcyear = srcyear.ffill(axis=1).fillna(srcyear.bfill(axis=1))
    filled = wide.ffill(axis=1).fillna(wide.bfill(axis=1))
    missing = value.isna()
    value = filled.stack().reindex(df.index)
    source = srcyear.stack().reindex(df.index)
    for (iso3, year) in missing[missing].index:
        src = int(source[(iso3, year)])
        how = "carried forward" if src < year else "carried back"
        inner = rule[(iso3, src)]
        rule[(iso3, year)] = (f"no source for {iso3} in {year}: {_LABELS[primary]} of {src} {how}"
                              + (f" (itself filled: {inner})" if inner else ""))
    return value, rule


@lru_cache(maxsize=1)
def _covariates() -> pd.DataFrame:
    """The covariates the mapping reads, every gap filled, with the rule used for each filled value."""
    raw = _with_derived(_states_raw())
    out = pd.DataFrame(index=raw.index)
    out["polyarchy"], out["polyarchy_rule"] = _chain(raw, "vdem_polyarchy", ["polity2", "fh_sum"], (0.0, 1.0))
    out["libdem"], out["libdem_rule"] = _chain(raw, "vdem_libdem", ["polity2", "fh_sum"], (0.0, 1.0))
    out["hr"], out["hr_rule"] = _chain(raw, "hr_latent_mean", ["pts_mean"], None)
    out["cinc"], out["cinc_rule"] = _chain(raw, "cinc", [], None)
    out["colonised"] = raw["colonized_by_european"]
    out["years_colonised"] = raw["coldat_years_colonized"]
    return out


# --------------------------------------------------------------------------------------------------
# Groups.


def _check_year(year: int) -> int:
    """The year as an int, or a ValueError if it is not a whole number in the table's range."""
    if isinstance(year, bool) or not isinstance(year, (int, np.integer)):
        raise ValueError(f"year must be a whole number between {FIRST_YEAR} and {LAST_YEAR}; got {year!r}")
    if not FIRST_YEAR <= int(year) <= LAST_YEAR:
        raise ValueError(f"year {year} is outside the world table's range {FIRST_YEAR}-{LAST_YEAR}")
    return int(year)


def _check_group(name: str) -> str:
    """The group name, or a ValueError listing the known groups."""
    if name not in GROUPS:
        raise ValueError(f"unknown group {name!r}; the world table knows: {', '.join(GROUPS)}")
    return name


@cache
def _groups_year(year: int) -> tuple[pd.DataFrame, tuple[tuple[str, str], ...]]:
    """Group flags of the 193 members in ``year`` (file, carried or changed) and a note per state whose flags were filled."""
    raw = _groups_raw()
    src_year = min(year, GROUPS_LAST_YEAR)
    codes = list(member_codes())
    table = raw.xs(src_year, level="year").reindex(codes).copy()
    notes: dict[str, list[str]] = {}
    for iso3 in table.index[table[list(GROUPS)].isna().any(axis=1)]:
        series = raw.loc[iso3]
        have = series[series[list(GROUPS)].notna().all(axis=1)]
        later = have[have.index > src_year]
        near = int(later.index.min()) if len(later) else int(have.index.max())
        table.loc[iso3] = series.loc[near]
        notes.setdefault(iso3, []).append(
            f"no group data for {iso3} in {src_year} (not yet a state): memberships of {near} carried "
            + ("back" if near > src_year else "forward"))
    if year > GROUPS_LAST_YEAR:
        for iso3 in codes:
            notes.setdefault(iso3, []).append(
                f"group file ends {GROUPS_LAST_YEAR}: memberships of {GROUPS_LAST_YEAR} carried forward "
                f"(IBSA, G7, P5 are hand-coded and current)")
        for start, code, group, member, what in GROUP_CHANGES_AFTER_FILE:
            if year >= start:
                table.loc[code, group] = member
                notes[code].append(f"{code} {what} (hand-coded dated change)")
    flags = table[list(GROUPS)].astype(int)
    flags["suspended_in"] = table["suspended_in"].astype(str)
    return flags, tuple((k, "; ".join(v)) for k, v in notes.items())


@lru_cache(maxsize=1024)
def group_record(name: str, year: int) -> tuple[float, float]:
    """A group's line on country human-rights resolutions in ``year`` and its cohesion, from its members'
    alignment in the record (``record.py``)."""
    return group_line(group_members(name, year), alignment(_check_year(year), member_codes()).values)


def group_members(name: str, year: int) -> list[str]:
    """The ISO3 codes of a group's members in a year, sorted (suspended members included)."""
    flags, _ = _groups_year(_check_year(year))
    return sorted(flags.index[flags[_check_group(name)] == 1])


# --------------------------------------------------------------------------------------------------
# Stakes toward a target.


def _nearest(cube: np.ndarray, yi: int) -> tuple[np.ndarray, np.ndarray]:
    """Values at year index ``yi``, else the nearest earlier year, else the nearest later; and the index used (-1: none)."""
    valid = ~np.isnan(cube)
    before = valid[..., : yi + 1]
    after = valid[..., yi:]
    last_before = yi - np.argmax(before[..., ::-1], axis=-1)
    first_after = yi + np.argmax(after, axis=-1)
    src = np.where(before.any(-1), last_before, np.where(after.any(-1), first_after, -1))
    values = np.take_along_axis(cube, np.clip(src, 0, None)[..., None], axis=-1)[..., 0]
    return np.where(src >= 0, values, np.nan), src


def _stake_notes_fill(notes: dict[str, list[str]], codes, what: str, src, yi: int, partner: str) -> None:
    """Add a note for every state whose ``what`` tie with ``partner`` came from another year or from no year."""
    for i in np.flatnonzero(src != yi):
        if codes[i] == partner:  # no tie with itself
            continue
        y = TIES_FIRST_YEAR + yi
        if src[i] < 0:
            notes.setdefault(codes[i], []).append(f"{what} {codes[i]}-{partner} not covered in any year: counted as 0")
        else:
            s = TIES_FIRST_YEAR + int(src[i])
            notes.setdefault(codes[i], []).append(
                f"{what} {codes[i]}-{partner} missing in {y}: value of {s} carried {'forward' if s < y else 'back'}")


@lru_cache(maxsize=256)
def _stakes(year: int, target: str, patrons: tuple[str, ...]):
    """Security and economic stakes of the 193 members toward the target's side, with a note per filled state."""
    cube = _ties_cube()
    codes = member_codes()
    side = (target, *patrons)
    pidx = {p: PARTNERS.index(p) for p in PARTNERS}
    sec_notes: dict[str, list[str]] = {}
    eco_notes: dict[str, list[str]] = {}

    # economic: trade shares (COW trade to 2014)
    t_year = min(year, TRADE_LAST_YEAR)
    t_yi = t_year - TIES_FIRST_YEAR
    shares = {}
    for p in side:
        vals, src = _nearest(cube["trade_share"][:, pidx[p]], t_yi)
        _stake_notes_fill(eco_notes, codes, "trade share", src, t_yi, p)
        over = vals > 1
        for i in np.flatnonzero(over):
            eco_notes.setdefault(codes[i], []).append(
                f"trade share {codes[i]}-{p} is {vals[i]:.4g} > 1 (COW dyadic and national files disagree): capped at 1")
        shares[p] = np.clip(np.nan_to_num(vals, nan=0.0), 0.0, 1.0)
    if year > TRADE_LAST_YEAR:
        for c in codes:
            eco_notes.setdefault(c, []).insert(
                0, f"COW trade ends {TRADE_LAST_YEAR}: shares of {TRADE_LAST_YEAR} carried forward")
    share_patrons = np.zeros(len(codes))
    for p in patrons:
        share_patrons += shares[p] * (np.array(codes) != p)
    economic = economic_stake_rule(trade_exposure_rule(shares[target], share_patrons))

    # security: alliances (ATOP to 2018), contiguity (to 2019), arms (SIPRI, 5-year window to 2019)
    a_year = min(year, ATOP_LAST_YEAR)
    a_yi = a_year - TIES_FIRST_YEAR
    alliance = np.zeros(len(codes))
    for p in side:
        defense, src = _nearest(cube["atop_defense"][:, pidx[p]], a_yi)
        any_ob, _ = _nearest(cube["atop_any"][:, pidx[p]], a_yi)
        _stake_notes_fill(sec_notes, codes, "ATOP alliance", src, a_yi, p)
        score = alliance_rule(np.nan_to_num(defense), np.nan_to_num(any_ob)) * (np.array(codes) != p)
        alliance = np.maximum(alliance, score)
    if year > ATOP_LAST_YEAR:
        for c in codes:
            sec_notes.setdefault(c, []).insert(0, f"ATOP ends {ATOP_LAST_YEAR}: alliances of {ATOP_LAST_YEAR} carried forward")
    c_year = min(year, TIES_LAST_YEAR)
    c_yi = c_year - TIES_FIRST_YEAR
    cont, src = _nearest(cube["conttype"][:, pidx[target]], c_yi)
    _stake_notes_fill(sec_notes, codes, "contiguity", src, c_yi, target)
    for (a, p), (value, why) in CONTIGUITY_CORRECTIONS.items():
        if p == target:
            cont[codes.index(a)] = value
            sec_notes.setdefault(a, []).append(why)
    contiguity = contiguity_rule(np.nan_to_num(cont))
    lo = max(0, c_yi - ARMS_WINDOW + 1)
    window = cube["arms_tiv_b_to_a"][:, :, lo: c_yi + 1]  # [state, partner, years]
    self_mask = np.array([[c == p for p in PARTNERS] for c in codes])
    gaps = np.isnan(window).any(axis=2) & ~self_mask
    for i in np.flatnonzero(gaps.any(axis=1)):
        miss = [PARTNERS[j] for j in np.flatnonzero(gaps[i])]
        yrs = sorted({TIES_FIRST_YEAR + lo + k for j in np.flatnonzero(gaps[i])
                      for k in np.flatnonzero(np.isnan(window[i, j]))})
        sec_notes.setdefault(codes[i], []).append(
            f"no SIPRI coverage for {codes[i]} in {yrs[0]}-{yrs[-1]} (not yet a state): arms from "
            f"{len(miss)} partners counted as 0 in those years")
    tiv = np.nansum(window, axis=2)
    from_side = sum(tiv[:, pidx[p]] for p in side)
    arms = arms_dependence_rule(from_side, tiv.sum(axis=1))
    if year > TIES_LAST_YEAR:
        for c in codes:
            sec_notes.setdefault(c, []).insert(
                0, f"ties end {TIES_LAST_YEAR}: contiguity of {TIES_LAST_YEAR} and arms deliveries "
                   f"{TIES_FIRST_YEAR + lo}-{TIES_LAST_YEAR} carried forward")
    security = security_stake_rule(alliance, contiguity, arms)

    # the target itself has everything at stake in its own fate
    t = codes.index(target)
    security[t] = economic[t] = 1.0
    sec_notes[target] = eco_notes[target] = ["the target itself: stake set to 1 (its own fate is at stake)"]
    return (security, economic,
            tuple((k, "; ".join(v)) for k, v in sec_notes.items()),
            tuple((k, "; ".join(v)) for k, v in eco_notes.items()))


# --------------------------------------------------------------------------------------------------
# The table.


def mapping_inputs(year: int) -> pd.DataFrame:
    """What the mapping's free coefficients act on, for the 193 members in ``year`` (rows by ISO3 code): the
    democracy score, NAM and G77 membership (0/1) and the liberal democracy score."""
    cov = _covariates().xs(year, level="year").reindex(list(member_codes()))
    flags, _ = _groups_year(year)
    flags = flags.reindex(cov.index)
    return pd.DataFrame({"democracy": democracy_rule(cov["polyarchy"].to_numpy()), "nam": flags["NAM"].to_numpy(),
                         "g77": flags["G77"].to_numpy(), "libdem": cov["libdem"].to_numpy()}, index=cov.index)


@cache
def _traits_year(year: int, mapping: TraitMapping = DEFAULT_MAPPING) -> tuple[pd.DataFrame, tuple[FillNote, ...]]:
    """The stake-free traits of all 193 members in ``year``, with their fill notes."""
    cov = _covariates().xs(year, level="year").reindex(list(member_codes()))
    flags, group_notes = _groups_year(year)
    flags = flags.reindex(cov.index)
    notes: list[FillNote] = []
    df = pd.DataFrame(index=cov.index)
    df["democracy"] = democracy_rule(cov["polyarchy"].to_numpy())
    df["legislature.strength"] = legislature_strength_rule(df["democracy"].to_numpy())
    df["value_commitment"] = value_commitment_rule(cov["libdem"].to_numpy(), mapping)
    df["record"] = record_rule(cov["hr"].to_numpy(), cov["hr"].min(), cov["hr"].max())
    df["capability"] = capability_rule(cov["cinc"].to_numpy(), cov["cinc"].min(), cov["cinc"].max())
    df["grievance"] = grievance_rule(cov["colonised"].to_numpy(), cov["years_colonised"].to_numpy())
    df["sovereignty"] = sovereignty_rule(df["democracy"].to_numpy(), flags["NAM"].to_numpy(), flags["G77"].to_numpy(),
                                         mapping)
    df = df.round(DIGITS)

    rows = df.to_dict("index")
    info = cov[["polyarchy_rule", "libdem_rule", "hr_rule", "cinc_rule", "years_colonised"]].to_dict("index")
    group_note = dict(group_notes)
    for iso3, row in rows.items():
        c = info[iso3]

        def note(fld, rule, row=row, iso3=iso3):
            notes.append(FillNote(iso3, fld, rule, float(row[fld])))

        if iso3 in SETTLER_STATES:
            row["grievance"] = 0.0
            note("grievance", f"settler state: COLDAT counts it as colonised ({int(c['years_colonised'])} years) "
                 "but its ruling society was the settlers', not the colonised; set to 0")
        if c["polyarchy_rule"]:
            note("democracy", c["polyarchy_rule"])
            note("legislature.strength", "democracy filled: " + c["polyarchy_rule"])
        sov = []
        if c["polyarchy_rule"]:
            sov.append("democracy filled: " + c["polyarchy_rule"])
        if iso3 in group_note:
            sov.append("NAM/G77 flags filled: " + group_note[iso3])
        if sov:
            note("sovereignty", "; ".join(sov))
        if c["libdem_rule"]:
            note("value_commitment", c["libdem_rule"])
        if c["hr_rule"]:
            note("record", c["hr_rule"] + " (then min-max over the year's 193 members)")
        if c["cinc_rule"]:
            note("capability", c["cinc_rule"] + " (then log min-max over the year's 193 members)")
    df = pd.DataFrame.from_dict(rows, orient="index")
    return df, tuple(notes)


def _check_code(code: Any, what: str) -> str:
    """The ISO3 code, or a ValueError if it is not one of the 193 members."""
    if not isinstance(code, str) or code not in member_codes():
        raise ValueError(f"{what} {code!r} is not the ISO3 code of a UN member in the world table "
                         "(three capital letters, e.g. 'BRA'; see world_table.member_codes())")
    return code


def world_states(year: int, members: str | Sequence[str] | None = None, blocs: Sequence[str] | None = None,
                 target: str | None = None, sponsors: Sequence[str] = ("USA", "GBR", "FRA"),
                 patrons: Sequence[str] | None = None, mapping: TraitMapping = DEFAULT_MAPPING) -> WorldTable:
    """Per-state trait dictionaries for ``year`` (StateSpec fields), every filled value reported in ``.filled``.

    ``members``: None or "all" for the 193 UN members (sorted by code), or a list of ISO3 codes (kept in
    that order). ``blocs``: the groups reported in each state's ``blocs`` (default: all of ``GROUPS``).
    ``target``: the ISO3 code of the state whose abuses are at issue; security and economic stakes are
    measured toward it and its ``patrons`` (default ``DEFAULT_PATRONS``, less any sponsor) where it is one
    of the 14 partners with tie data, else they are 0 with a note. ``sponsors``: who proposes the
    response; they cannot be the target or its patrons.
    """
    year = _check_year(year)
    if members is None or (isinstance(members, str) and members == "all"):
        codes = list(member_codes())
    elif isinstance(members, str):
        raise ValueError(f"members must be 'all', None or a list of ISO3 codes; got the string {members!r}")
    else:
        codes = list(members)
        unknown = [c for c in codes if not isinstance(c, str) or c not in member_codes()]
        if unknown:
            raise ValueError(f"unknown ISO3 code(s) in members: {', '.join(map(repr, unknown))} (the world table "
                             "has the 193 UN members, three capital letters, e.g. 'BRA')")
        twice = sorted(c for c, times in Counter(codes).items() if times > 1)
        if twice:
            raise ValueError(f"members lists {', '.join(twice)} more than once")
    chosen = tuple(GROUPS) if blocs is None else tuple(_check_group(g) for g in blocs)
    sponsors = tuple(_check_code(s, "sponsor") for s in sponsors)
    if target is not None:
        _check_code(target, "target")
        if target in sponsors:
            raise ValueError(f"the target {target} is also a sponsor of the response")
    if patrons is None:
        patrons = tuple(p for p in DEFAULT_PATRONS.get(target or "", ()) if p not in sponsors)
    else:
        patrons = tuple(_check_code(p, "patron") for p in patrons)
        bad = [p for p in patrons if p in sponsors or p == target or p not in PARTNERS]
        if bad:
            raise ValueError(f"patron(s) {', '.join(bad)} must differ from the target and the sponsors and be among "
                             f"the 14 partners with tie data: {', '.join(PARTNERS)}")
        if target is None:
            raise ValueError("patrons were given without a target")

    return _fresh(_built(year, tuple(codes), chosen, target, sponsors, tuple(patrons), mapping))


def _fresh(table: WorldTable) -> WorldTable:
    """A copy of a built table whose per-state dictionaries (and their lists and mappings) its caller may change."""
    states = [{**row, "blocs": list(row["blocs"]), "legislature": dict(row["legislature"])} for row in table.states]
    return replace(table, states=states, filled=list(table.filled))


@lru_cache(maxsize=64)
def _built(year: int, codes: tuple[str, ...], chosen: tuple[str, ...], target: str | None, sponsors: tuple[str, ...],
           patrons: tuple[str, ...], mapping: TraitMapping) -> WorldTable:
    """The table of :func:`world_states` for checked arguments, built once per process for each (a scenario's
    variants and a sweep's chunks ask for the same one again; callers get it through :func:`_fresh`)."""
    base, base_notes = _traits_year(year, mapping)
    flags, group_notes = _groups_year(year)
    group_note = dict(group_notes)
    wanted = set(codes)
    filled = [n for n in base_notes if n.iso3 in wanted]
    base_rows = base.to_dict("index")
    flag_rows = flags.to_dict("index")

    if target is not None and target in PARTNERS:
        security, economic, sec_notes, eco_notes = _stakes(year, target, tuple(patrons))
        index = {c: i for i, c in enumerate(member_codes())}
        sec_note, eco_note = dict(sec_notes), dict(eco_notes)
        stakes = {c: (round(float(security[index[c]]), DIGITS), round(float(economic[index[c]]), DIGITS))
                  for c in codes}
    else:
        why = ("no target given: no stake toward a target" if target is None else
               f"no tie data toward {target} (ties cover {', '.join(PARTNERS)})")
        sec_note = eco_note = {c: why + "; set to 0" for c in codes}
        stakes = {c: (0.0, 0.0) for c in codes}

    aligned = alignment(year, member_codes())
    if aligned.rule.startswith("the record"):
        filled += [FillNote(c, "alignment", aligned.rule, aligned.values[c]) for c in codes]
    states = []
    for c in codes:
        row, frow = base_rows[c], flag_rows[c]
        suspended = set(filter(None, frow["suspended_in"].split(";")))
        blocs = [g for g in chosen if frow[g] == 1 and g not in suspended]
        sec, eco = stakes[c]
        states.append({
            "code": c,
            "name": _names()[c],
            "democracy": float(row["democracy"]),
            "capability": float(row["capability"]),
            "record": float(row["record"]),
            "grievance": float(row["grievance"]),
            "sovereignty": float(row["sovereignty"]),
            "value_commitment": float(row["value_commitment"]),
            "security_stake": sec,
            "economic_stake": eco,
            "blocs": blocs,
            "sponsor": c in sponsors,
            "alignment": aligned.values[c],
            "legislature": {"strength": float(row["legislature.strength"])},
        })
        if c in sec_note:
            filled.append(FillNote(c, "security_stake", sec_note[c], sec))
        if c in eco_note:
            filled.append(FillNote(c, "economic_stake", eco_note[c], eco))
        bloc_rules = []
        if c in group_note and any(g not in HAND_CODED_GROUPS for g in chosen):
            bloc_rules.append(group_note[c])
        left_out = sorted(g for g in suspended & set(chosen) if frow[g] == 1)
        if left_out:
            bloc_rules.append(f"suspended from {', '.join(left_out)} in {year}: left out of blocs")
        if bloc_rules:
            filled.append(FillNote(c, "blocs", "; ".join(bloc_rules), list(blocs)))
    order = {c: i for i, c in enumerate(codes)}
    filled.sort(key=lambda n: (order[n.iso3], n.field))
    return WorldTable(year=year, states=states, filled=filled, target=target, patrons=tuple(patrons),
                      sponsors=sponsors, blocs=chosen)
