"""United Nations sources: ICRMW status (UN Treaty Collection) and the UN DESA bilateral migrant stock (context)."""
from __future__ import annotations

from typing import Any

import pandas as pd

from indicators.store import countries
from indicators.store.sources.common import BuildError, Converted, checked_iso3, obs_frame

ICMW_SOURCE = "UN Treaty Collection ch. IV-13 (ICRMW), via world-politics-datalab, snapshot May 2022"
ICMW_ADOPTED = "1990"
ICMW_SNAPSHOT = "2022"
UNKNOWN_ORIGIN = "OOO"


def convert_icmw(raw: pd.DataFrame) -> Converted:
    """ICRMW status: 0 in 1990 for every listed state, 1 from the ratification/accession year, May 2022 status."""
    iso3 = checked_iso3(raw["iso2"], raw["member"], "hr_status_icmw iso2 / member")
    party = raw["state party"].astype(int)
    year = raw["year ratification or accession"]
    if ((party == 1) != (year != "")).any():
        raise BuildError("ICRMW: a party without a ratification year, or a year for a non-party")
    base = obs_frame("icrmw_party", pd.Series(0.0, index=raw.index), pd.Series(ICMW_ADOPTED, index=raw.index),
                     ICMW_SOURCE, iso3=iso3,
                     note="baseline: the convention was adopted in December 1990; no state was party before 1993")
    rat = (party == 1) & (year != ICMW_ADOPTED) & (year != ICMW_SNAPSHOT)
    ratified = obs_frame("icrmw_party", pd.Series(1.0, index=raw.index)[rat], year[rat], ICMW_SOURCE, iso3=iso3[rat],
                         note="year of ratification or accession (UNTC)")
    snap_note = "status in the May 2022 snapshot: " + raw["status"]
    snap_note = snap_note.where(~((party == 1) & (year == ICMW_SNAPSHOT)), snap_note + " (ratified or acceded in 2022)")
    snap = obs_frame("icrmw_party", party.astype(float), pd.Series(ICMW_SNAPSHOT, index=raw.index), ICMW_SOURCE,
                     iso3=iso3, note=snap_note)
    frame = pd.concat([base, ratified, snap], ignore_index=True)
    return Converted(frame, [], {"states": len(raw), "parties": int(party.sum())})


def convert_migrant_stock(raw: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, Any]]:
    """UN DESA IMS 2024 bilateral stock as context: unknown origin "OOO" dropped, counts as int64."""
    s = raw[raw["origin_iso3"] != UNKNOWN_ORIGIN]
    out = pd.DataFrame({
        "origin_iso3": s["origin_iso3"].astype(str), "destination_iso3": s["destination_iso3"].astype(str),
        "year": s["year"].astype("int64"), "stock_total": s["stock_total"].astype("int64"),
        "stock_male": s["stock_male"].astype("int64"), "stock_female": s["stock_female"].astype("int64"),
    }).sort_values(["origin_iso3", "destination_iso3", "year"]).reset_index(drop=True)
    if out.duplicated(["origin_iso3", "destination_iso3", "year"]).any():
        raise BuildError("migrant stock: duplicate origin/destination/year rows")
    codes = set(out["origin_iso3"]) | set(out["destination_iso3"])
    return out, {"rows_dropped_unknown_origin_OOO": int(len(raw) - len(s)),
                 "codes_not_in_country_table": sorted(codes - countries.iso3_set())}
