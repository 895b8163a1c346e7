"""A tiny hand-made store for the open-data tests: a few values of three indicators, worked out by hand."""
from __future__ import annotations

from pathlib import Path

from indicators.store.observations import Store
from indicators.uploads.ingest import ingest_bytes

# Two uploads: the second changes KEN 2019 (3.5 -> 3.0), so the current value comes from upload 2.
FIRST = (b"indicator_id,iso3,origin_iso3,destination_iso3,period,value,source,note\n"
         b"labour_rights_sdg882,KEN,,,2018,4.0,Kenya inspectorate,\n"
         b"labour_rights_sdg882,KEN,,,2019,3.5,Kenya inspectorate,\n"
         b"labour_rights_sdg882,UGA,,,2019,4,Uganda ministry,provisional\n"
         b"remittance_cost_corridor,,NPL,QAT,2019Q1,4.25,RPW,\n"
         b"remittance_cost_corridor,,NPL,QAT,2019Q2,4.75,RPW,\n"
         b"remittance_cost_corridor,,PHL,SAU,2020Q1,3.0,RPW,\n"
         b"ituc_rights_rating,KEN,,,2025,3,ITUC Global Rights Index 2026,\n")
SECOND = b"indicator_id,iso3,period,value,source\nlabour_rights_sdg882,KEN,2019,3.0,Kenya inspectorate\n"


def build(d: Path) -> tuple[Store, str, str]:
    """(store, first upload id, second upload id) in data directory d."""
    st = Store(d)
    a = ingest_bytes(FIRST, "first.csv", "Group A", None, store=st)
    b = ingest_bytes(SECOND, "second.csv", "Group A", None, store=st)
    assert a.ok and b.ok, (a.summary(), b.summary())
    return st, a.upload_id, b.upload_id
