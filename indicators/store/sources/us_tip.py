"""US State Department Trafficking in Persons report tier placements 1999-2015 (compiled by Cho, Dreher, Neumayer)."""
from __future__ import annotations

import pandas as pd

from indicators.store import countries
from indicators.store.sources.common import BuildError, Converted, checked_iso3, obs_frame

TIP_SOURCE = ("US Department of State, Trafficking in Persons Report tiers (Cho, Dreher & Neumayer; via "
              "andrewheiss/From-the-Trenches-Anti-TIP-NGOs-and-US)")
# Tier text (trailing spaces stripped) -> stored code; lower is better.
TIP_TIERS: dict[str, float] = {"Tier 1": 1.0, "Tier 2": 2.0, "Tier 2 Watch List": 3.0, "Watchlist": 3.0,
                               "Tier 3": 4.0}
TIP_NOT_IN_REPORT = "NA"


def convert_tip(raw: pd.DataFrame) -> Converted:
    """TIP tiers by country and report year as codes 1-4; NA (no placement) and non-tier cells are not values."""
    tier = raw["tier"].str.strip()
    is_tier = tier.isin(list(TIP_TIERS))
    na = tier == TIP_NOT_IN_REPORT
    shifted = ~is_tier & ~na
    iso3 = checked_iso3(raw["iso"], raw["countryname"], "TIP iso / countryname", name_fallback=True)
    if iso3[is_tier].isna().any():
        raise BuildError(f"TIP: places that resolve neither by code nor by name: "
                         f"{sorted(set(raw.loc[is_tier & iso3.isna(), 'countryname']))}")
    excluded = [{"country": c, "iso": i, "year": y, "tier": t,
                 "reason": "tier cell is not a tier (columns shifted in the compilation): not a value"}
                for c, i, y, t in zip(raw.loc[shifted, "countryname"], raw.loc[shifted, "iso"],
                                      raw.loc[shifted, "year"], raw.loc[shifted, "tier"])]
    keep = is_tier
    by_code = countries.resolve_series(raw["iso"])["iso3"]
    note = "TIP report " + raw.loc[keep, "year"] + ": " + tier[keep]
    frame = obs_frame("trafficking_tier_us", tier[keep].map(TIP_TIERS), raw.loc[keep, "year"], TIP_SOURCE,
                      iso3=iso3[keep], note=note)
    stats = {"rows": len(raw), "tier_NA_not_values": int(na.sum()),
             "tier_NA_reason": "NA: no tier placement in that report (country not yet or not covered)",
             "codes_resolved_by_name": sorted(set(raw.loc[keep & by_code.isna(), "iso"]))}
    return Converted(frame, excluded, stats)
