"""ITUC Global Rights Index 2026 (ratings 1-5 and 5+), one edition, stored as period 2025."""
from __future__ import annotations

import pandas as pd

from indicators.store.sources.common import BuildError, Converted, checked_iso3, obs_frame

ITUC_SOURCE = ("ITUC Global Rights Index 2026 (13th edition, covers about April 2025 - March 2026), "
               "via ofosos/dc-scorecard")
ITUC_PERIOD = "2025"
# Published rating -> stored value (5+ is worse than 5 and is stored as 6).
ITUC_RATINGS: dict[str, float] = {"1": 1.0, "2": 2.0, "3": 3.0, "4": 4.0, "5": 5.0, "5+": 6.0}


def convert_ituc(raw: pd.DataFrame) -> Converted:
    """ITUC ratings by country (ISO2 codes checked against names); 5+ stored as 6 with a note."""
    rating = raw["Rating"].str.strip()
    unknown = ~rating.isin(list(ITUC_RATINGS))
    if unknown.any():
        raise BuildError(f"ITUC: ratings that are not 1-5 or 5+: {sorted(set(rating[unknown]))}")
    iso3 = checked_iso3(raw["Country_Code"], raw["Country"], "ITUC Country_Code (ISO2) / Country")
    note = ("ITUC 2026 edition, rating " + rating).where(rating != "5+", "ITUC 2026 edition, rating 5+ (no guarantee "
                                                                         "of rights due to the breakdown of the rule "
                                                                         "of law), stored as 6")
    frame = obs_frame("ituc_rights_rating", rating.map(ITUC_RATINGS), pd.Series(ITUC_PERIOD, index=raw.index),
                      ITUC_SOURCE, iso3=iso3, note=note)
    counts = {k: int((rating == k).sum()) for k in ITUC_RATINGS}
    return Converted(frame, [], {"rows": len(raw), "kept": len(frame), "ratings": counts})
