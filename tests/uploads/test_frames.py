"""The first upload API, kept for its callers: DataFrames of text cells in, (clean frame, problems) out."""
from __future__ import annotations

import pandas as pd

from indicators.uploads.frames import validate


def test_first_validate_api_still_returns_frames():
    from indicators.store.catalogue import load_catalogue
    from indicators.store.countries import iso3_set
    df = pd.DataFrame({"indicator_id": ["labour_rights_sdg882"], "iso3": ["KEN"], "period": ["2019"],
                       "value": ["3.5"]})
    clean, problems = validate(df, load_catalogue(), iso3_set())
    assert problems == [] and clean.iloc[0].to_dict()["value"] == 3.5 and clean.iloc[0]["iso3"] == "KEN"
