"""Our World in Data grapher exports of UN SDG series: 10.7.2 (UN DESA/IOM) and 8.8.2 (ILO)."""
from __future__ import annotations

import pandas as pd

from indicators.store import countries
from indicators.store.sources.common import BuildError, Converted, obs_frame

SDG1072_SOURCE = "UN DESA/IOM SDG 10.7.2 SG_CPA_MIGRS (All domains), via Our World in Data (copy of 2024-07-11)"
SDG882_SOURCE = "ILO SDG 8.8.2 SL_LBR_NTLCPL, via Our World in Data (copy of 2023-07-16)"


def owid_export(raw: pd.DataFrame, indicator_id: str, source: str, what: str) -> Converted:
    """An Our World in Data grapher export (Entity, Code, Year, value): countries kept, aggregates set aside."""
    value_col = raw.columns[3]
    res = countries.resolve_series(raw["Code"].where(raw["Code"] != "", raw["Entity"]))
    agg = res["iso3"].isna() & ((res["status"] == "aggregate") | raw["Code"].str.startswith("OWID_"))
    bad = res["iso3"].isna() & ~agg
    if bad.any():
        raise BuildError(f"{what}: entities that are neither countries nor aggregates: "
                         f"{sorted(set(raw.loc[bad, 'Entity']))}")
    excluded = [{"entity": r.Entity, "code": r.Code, "year": r.Year, "value": r[4],
                 "reason": "regional or world aggregate, not a country"} for r in raw[agg].itertuples()]
    keep = raw[~agg]
    frame = obs_frame(indicator_id, pd.to_numeric(keep[value_col], errors="raise"), keep["Year"], source,
                      iso3=res.loc[~agg, "iso3"])
    return Converted(frame, excluded)


def convert_sdg1072(raw: pd.DataFrame) -> Converted:
    """SDG 10.7.2 overall migration-policy rating (1-4) by country and year."""
    return owid_export(raw, "migration_policy_sdg1072", SDG1072_SOURCE, "SDG 10.7.2")


def convert_sdg882(raw: pd.DataFrame) -> Converted:
    """SDG 8.8.2 labour-rights compliance (0-10, 0 best) by country; UN regional aggregates set aside."""
    return owid_export(raw, "labour_rights_sdg882", SDG882_SOURCE, "SDG 8.8.2")
