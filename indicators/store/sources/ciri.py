"""CIRI Human Rights Data Project: WORKER (workers' rights 0-2) from the 2016 file, checked against 1981-2011."""
from __future__ import annotations

from typing import Any

import pandas as pd

from indicators.store import countries
from indicators.store.sources.common import BuildError, Converted, checked_iso3, obs_frame

CIRI_SOURCE = ("CIRI Human Rights Data Project (Cingranelli, Richards & Clay), WORKER, CIRI_DATA_2016 release "
               "(1981-2015), via slramirez/MS_hackathon")
CIRI_VALUES: dict[str, str] = {"0": "severely restricted", "1": "somewhat restricted", "2": "fully protected"}
# CIRI's codes for a year that has no rating (rights/NOTES.md; CIRI codebook), and the blank cell.
CIRI_NOT_VALUES: dict[str, str] = {
    "-66": "state interrupted or occupied (no rating)",
    "-77": "civil war or breakdown of central authority (no rating)",
    "-999": "missing",
    "": "not coded (often a year before the state existed)",
}
# States that no longer exist: no ISO 3166-1 code; their values are not given to a successor state.
# CIRI gives two of them the M49 code of a successor (Czechoslovakia 203, Yemen Arab Republic 887): the name decides.
HISTORIC_STATES = frozenset({"Czechoslovakia", "Soviet Union", "Yugoslavia", "Yugoslavia, Federal Republic of",
                             "Serbia and Montenegro", "Yemen, South", "Yemen Arab Republic"})
# ISO3 -> (first year of today's territory, note for the earlier years).
TERRITORY_NOTES: dict[str, tuple[int, str]] = {
    "DEU": (1990, "Federal Republic of Germany (West Germany) before unification"),
    "SDN": (2011, "Sudan including today's South Sudan (independent in 2011)"),
    "ETH": (1993, "Ethiopia including today's Eritrea (independent in 1993)"),
}


def _notes(iso3: pd.Series, year: pd.Series, value: pd.Series) -> pd.Series:
    """Row notes: the meaning of the value, plus the territory it covered where that differs from today's."""
    note = "CIRI WORKER " + value + " = " + value.map(CIRI_VALUES)
    for code, (first, text) in TERRITORY_NOTES.items():
        earlier = (iso3 == code) & (year.astype(int) < first)
        note = note.where(~earlier, note + "; " + text)
    return note


def compare_releases(new: pd.DataFrame, old: pd.DataFrame) -> dict[str, Any]:
    """How the 2016 file's WORKER agrees with the 1981-2011 release on the country-years both hold."""
    a = pd.DataFrame({"name": old["CTRY"].str.strip(), "year": old["YEAR"], "old": old["WORKER"].str.strip()})
    b = pd.DataFrame({"name": new["countryname"].str.strip(), "year": new["year"], "new": new["worker"].str.strip()})
    both = a.merge(b, on=["name", "year"], how="inner")
    differ = both[both["old"] != both["new"]]
    return {"country_years_in_both": len(both), "worker_identical": int(len(both) - len(differ)),
            "worker_differs": differ.head(20).to_dict("records"), "rows_only_in_1981_2011": int(len(a) - len(both))}


def convert_ciri(new: pd.DataFrame, old: pd.DataFrame) -> Converted:
    """WORKER from the 2016 file (1981-2015); codes -66/-77/-999 and blanks are not values; historic states out."""
    name = new["countryname"].str.strip()
    worker = new["worker"].str.strip()
    odd = ~worker.isin(list(CIRI_VALUES) + list(CIRI_NOT_VALUES))
    if odd.any():
        raise BuildError(f"CIRI: WORKER cells that are neither 0-2 nor a missing code: {sorted(set(worker[odd]))}")
    valued = worker.isin(list(CIRI_VALUES))
    historic = valued & name.isin(HISTORIC_STATES)
    excluded = [{"country": n, "unctry": c, "year": y, "value": v,
                 "reason": "a state that no longer exists (no ISO 3166-1 code); not assigned to a successor"}
                for n, c, y, v in zip(name[historic], new.loc[historic, "unctry"], new.loc[historic, "year"],
                                      worker[historic])]
    keep = valued & ~historic
    iso3 = checked_iso3(new.loc[keep, "unctry"], name[keep], "CIRI unctry (M49) / countryname", name_fallback=True)
    if iso3.isna().any():
        raise BuildError(f"CIRI: names that resolve neither by M49 code nor by name: "
                         f"{sorted(set(name[keep][iso3.isna()]))}")
    year = new.loc[keep, "year"]
    frame = obs_frame("worker_rights_ciri", pd.to_numeric(worker[keep]), year, CIRI_SOURCE, iso3=iso3,
                      note=_notes(iso3, year, worker[keep]))
    not_values = {f"{code or 'blank'}: {why}": int((worker == code).sum()) for code, why in CIRI_NOT_VALUES.items()}
    by_name = countries.resolve_series(new.loc[keep, "unctry"])["iso3"].isna()
    stats = {"rows": len(new), "not_values": not_values, "compared_with_1981_2011_release": compare_releases(new, old),
             "resolved_by_name_m49_blank_or_not_a_country": sorted(set(zip(name[keep][by_name],
                                                                            new.loc[keep, "unctry"][by_name])))}
    return Converted(frame, excluded, stats)
