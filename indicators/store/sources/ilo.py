"""ILO sources: ratifications of fundamental Conventions (NORMLEX) and ILOSTAT union density / bargaining coverage."""
from __future__ import annotations

from typing import Any

import pandas as pd

from indicators.store import countries
from indicators.store.sources.common import BuildError, Converted, checked_iso3, obs_frame

NORMLEX_SOURCE = ("ILO NORMLEX, ratifications of fundamental Conventions (transcription kept in ofosos/dc-scorecard), "
                  "snapshot 2026")
NORMLEX_SNAPSHOT_YEAR = 2026
# Column of the raw file -> (catalogue id, year the International Labour Conference adopted the instrument).
CONVENTIONS: dict[str, tuple[str, int]] = {
    "C087": ("ilo_c87_ratified", 1948),
    "C098": ("ilo_c98_ratified", 1949),
    "C029": ("ilo_c29_ratified", 1930),
    "P029": ("ilo_p29_ratified", 2014),
    "C105": ("ilo_c105_ratified", 1957),
}
CELL_RE = r"(?P<ratified>\d{4})?(?: \(denounced (?P<denounced>\d{4})\))?"
# Catalogue id -> source citation of the ILOSTAT industrial relations series.
ILOSTAT_SOURCES: dict[str, str] = {
    "trade_union_density_ilo": "ILOSTAT, trade union density rate (DF_ILR_TUMT_NOC_RT), via "
                               "aloenne-qery/Industrial-Relations-Datatracker",
    "collective_bargaining_coverage_ilo": "ILOSTAT, collective bargaining coverage rate (DF_ILR_CBCT_NOC_RT), via "
                                          "aloenne-qery/Industrial-Relations-Datatracker",
}


def _convention_events(cells: pd.Series, code: str, adopted: int) -> pd.DataFrame:
    """Ratification and denunciation years of one convention per row; impossible years fail the build."""
    parts = cells.str.strip().str.extract(f"^{CELL_RE}$")
    unparsed = parts["ratified"].isna() & (cells.str.strip() != "")
    if unparsed.any():
        raise BuildError(f"NORMLEX {code}: cells that are not a year: {sorted(set(cells[unparsed]))}")
    ev = parts.apply(pd.to_numeric).astype("Int64")
    too_early = ev["ratified"] < adopted
    too_late = ev["ratified"].gt(NORMLEX_SNAPSHOT_YEAR) | ev["denounced"].gt(NORMLEX_SNAPSHOT_YEAR)
    backwards = ev["denounced"].notna() & ~(ev["denounced"] > ev["ratified"])
    if (too_early.fillna(False) | too_late.fillna(False) | backwards.fillna(False)).any():
        raise BuildError(f"NORMLEX {code}: a year before adoption ({adopted}), after the snapshot, or a denunciation "
                         "not after the ratification")
    return ev


def convert_ilo_conventions(raw: pd.DataFrame) -> Converted:
    """Status series per fundamental Convention: 0 at adoption, 1 from ratification, 0 from denunciation."""
    iso3 = checked_iso3(raw["country_iso"], raw["country"], "NORMLEX country_iso (ISO2) / country")
    frames, stats = [], {"members": len(raw)}
    for code, (iid, adopted) in CONVENTIONS.items():
        ev = _convention_events(raw[code], code, adopted)
        rat, den = ev["ratified"].notna(), ev["denounced"].notna()
        base = ~(rat & ev["ratified"].eq(adopted)).fillna(False)   # ratified in the adoption year: only the 1
        frames += [
            obs_frame(iid, pd.Series(0.0, index=raw.index)[base], pd.Series(str(adopted), index=raw.index)[base],
                      NORMLEX_SOURCE, iso3=iso3[base],
                      note=f"baseline: Convention {code} adopted in {adopted}, not ratified at adoption"),
            obs_frame(iid, pd.Series(1.0, index=raw.index)[rat], ev.loc[rat, "ratified"].astype(str), NORMLEX_SOURCE,
                      iso3=iso3[rat], note=f"year of ratification of {code} (NORMLEX)"),
            obs_frame(iid, pd.Series(0.0, index=raw.index)[den], ev.loc[den, "denounced"].astype(str),
                      NORMLEX_SOURCE, iso3=iso3[den], note=f"year of denunciation of {code} (NORMLEX): "
                                                           "the ratification ended"),
        ]
        stats[code] = {"ratified": int(rat.sum()), "denounced": int(den.sum()),
                       "in_force_at_snapshot": int((rat & ~den).sum())}
    return Converted(pd.concat(frames, ignore_index=True), [], stats)


def convert_ilostat(wide: pd.DataFrame, latest: pd.DataFrame, indicator_id: str) -> Converted:
    """An ILOSTAT wide table (pycountry names x years) as country-years, its names checked against the SDMX latest file.

    The latest-year SDMX file carries ISO3 codes (REF_AREA): every one of its rows must name the same country and
    value as the wide table, which proves the name -> ISO3 mapping of the wide table.
    """
    res = countries.resolve_series(wide["country_name"])
    if res["iso3"].isna().any() or res["iso3"].duplicated().any():
        raise BuildError(f"{indicator_id}: names that do not resolve to one country each: "
                         f"{sorted(set(wide.loc[res['iso3'].isna(), 'country_name']))}")
    long = wide.assign(iso3=res["iso3"]).melt(id_vars=["country_name", "iso3"], var_name="year", value_name="text")
    empty = int((long["text"] == "").sum())
    long = long[long["text"] != ""]
    check = latest.merge(long, left_on=["country_name", "TIME_PERIOD"], right_on=["country_name", "year"],
                         how="left")
    differ = (check["iso3"] != check["REF_AREA"]) | (pd.to_numeric(check["text"]) != pd.to_numeric(check["OBS_VALUE"]))
    if differ.any():
        raise BuildError(f"{indicator_id}: the wide table disagrees with the SDMX latest file: "
                         f"{check.loc[differ, ['REF_AREA', 'country_name', 'TIME_PERIOD']].to_dict('records')}")
    frame = obs_frame(indicator_id, pd.to_numeric(long["text"], errors="raise"), long["year"],
                      ILOSTAT_SOURCES[indicator_id], iso3=long["iso3"])
    stats: dict[str, Any] = {"countries": int(long["iso3"].nunique()), "empty_cells_not_values": empty,
                             "latest_rows_cross_checked": len(latest)}
    return Converted(frame, [], stats)
