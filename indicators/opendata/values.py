"""An indicator's current values, filtered by countries or corridors and years, each with its year, source and
upload id (what the read API, the SDMX export and the data packages serve)."""
from __future__ import annotations

import pandas as pd

from indicators.opendata.errors import ApiError
from indicators.opendata.params import indicator
from indicators.scoring.service import catalogue
from indicators.store.observations import Store

COUNTRY_COLUMNS = ["indicator_id", "iso3", "period", "year", "value", "sex", "source", "note", "upload_id"]
CORRIDOR_COLUMNS = ["indicator_id", "origin_iso3", "destination_iso3", "period", "year", "value", "sex", "source",
                    "note", "upload_id"]


def all_values(store: Store, indicator_id: str) -> pd.DataFrame:
    """Every current value of one indicator in key order, with the columns of its level; memoised per data version."""
    level = indicator(indicator_id, catalogue(store))["level"]
    cols = CORRIDOR_COLUMNS if level == "corridor" else COUNTRY_COLUMNS
    keys = ["origin_iso3", "destination_iso3"] if level == "corridor" else ["iso3"]

    def compute() -> pd.DataFrame:
        df = store.observations(indicator_id)
        df = df.reindex(columns=cols)
        return df.sort_values(keys + ["period", "sex"], na_position="first").reset_index(drop=True)
    return store.memo(("opendata-values", indicator_id), compute)


def values(store: Store, indicator_id: str, countries: list[str] | None = None,
           corridors: list[tuple[str, str]] | None = None, years: tuple[int, int] | None = None) -> pd.DataFrame:
    """The current values of an indicator, filtered: countries (a corridor matches when either end is listed),
    corridors (ORIGIN-DESTINATION pairs, corridor indicators only) and a year range."""
    df = all_values(store, indicator_id)
    corridor_level = "origin_iso3" in df.columns
    if corridors is not None and not corridor_level:
        raise ApiError(400, f"{indicator_id} is a country indicator: filter it by countries, not corridors")
    keep = pd.Series(True, index=df.index)
    if countries is not None:
        keep &= (df["origin_iso3"].isin(countries) | df["destination_iso3"].isin(countries)) if corridor_level \
            else df["iso3"].isin(countries)
    if corridors is not None:
        pairs = pd.MultiIndex.from_tuples(corridors)
        keep &= pd.MultiIndex.from_frame(df[["origin_iso3", "destination_iso3"]]).isin(pairs)
    if years is not None:
        keep &= df["year"].between(years[0], years[1])
    return df[keep].reset_index(drop=True)
