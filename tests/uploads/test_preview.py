"""The preview of a checked upload: new, changed and unchanged values against the current data."""
from __future__ import annotations

import pandas as pd

from indicators.uploads.ingest import ingest_bytes
from tests.uploads.test_formats import csv_bytes


def test_changes_preview_new_changed_unchanged(empty_store):
    empty_store.commit(pd.DataFrame({"indicator_id": "labour_rights_sdg882", "iso3": ["KEN", "UGA"],
                                     "period": "2019", "value": [3.0, 4.0]}), "seed", "s.csv", "0")
    text = ("indicator_id,iso3,period,value\nlabour_rights_sdg882,KEN,2019,3.0\nlabour_rights_sdg882,UGA,2019,4.5\n"
            "labour_rights_sdg882,TZA,2019,5\n")
    res = ingest_bytes(csv_bytes(text), "p.csv", "g", store=empty_store, dry_run=True)
    assert res.ok and res.upload_id is None and res.changes.counts() == {"new": 1, "changed": 1, "unchanged": 1}
    d = res.changes.detail
    changed = d[d["status"] == "changed"].iloc[0]
    assert (changed["row"], changed["place"], changed["old_value"], changed["new_value"]) == (3, "UGA", 4.0, 4.5)
    assert changed["old_group"] == "seed"
    assert len(empty_store.uploads()) == 1                 # dry run wrote nothing
