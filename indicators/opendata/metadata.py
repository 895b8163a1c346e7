"""The catalogue and each indicator's metadata as the read API serves them: definition, unit, direction, goalposts,
thresholds, SDG/GCM references, source, licence and terms, coverage, citation."""
from __future__ import annotations

from typing import Any

import pandas as pd

from indicators.opendata.jsonsafe import plain
from indicators.opendata.params import indicator
from indicators.scoring.citation import citation
from indicators.i18n import current
from indicators.scoring.service import catalogue
from indicators.store.catalogue_text import localised
from indicators.store.catalogue import Catalogue
from indicators.store.observations import Store
from indicators.store.producers import indicator_terms

FIELDS = ("id", "name", "short_name", "pillar", "level", "side", "scope", "role", "unit", "direction", "binary",
          "best", "worst", "thresholds", "weight", "window", "valid_min", "valid_max", "sdg", "sdg_target", "gcm",
          "source", "licence", "series_codes", "data_status", "definition", "method_note")


def coverage(store: Store) -> pd.DataFrame:
    """Per indicator: places (countries or corridors) with current values, first and last year, values; memoised per
    data version."""
    def compute() -> pd.DataFrame:
        return store.query(
            "SELECT indicator_id, COUNT(DISTINCT COALESCE(iso3, origin_iso3 || '-' || destination_iso3)) AS places, "
            "MIN(year) AS first_year, MAX(year) AS last_year, COUNT(*) AS n_values "
            "FROM obs_current GROUP BY indicator_id").set_index("indicator_id")
    return store.memo("opendata-coverage", compute)


def _coverage_of(cov: pd.DataFrame, iid: str, level: str) -> dict[str, Any]:
    """One indicator's coverage record (zeros and nulls when it has no values)."""
    kind = "corridors" if level == "corridor" else "countries"
    if iid not in cov.index:
        return {kind: 0, "first_year": None, "last_year": None, "values": 0}
    r = cov.loc[iid]
    return {kind: int(r["places"]), "first_year": int(r["first_year"]), "last_year": int(r["last_year"]),
            "values": int(r["n_values"])}


def indicator_record(cat: Catalogue, iid: str, cov: pd.DataFrame) -> dict[str, Any]:
    """One indicator's metadata (catalogue fields, terms of reuse, coverage)."""
    row = cat.get(iid)
    out = {k: plain(row.get(k)) for k in FIELDS}
    out["terms"] = indicator_terms(iid, cat)
    out["coverage"] = _coverage_of(cov, iid, row["level"])
    out["links"] = {f"values_{f}": f"/api/v1/indicators/{iid}/values.{f}" for f in ("json", "csv", "sdmx.csv")}
    out["links"]["datapackage"] = f"/api/v1/indicators/{iid}/datapackage.zip"
    return out


def catalogue_payload(store: Store) -> dict[str, Any]:
    """Every indicator of the catalogue in force, with its metadata, and the citation of the whole store."""
    def compute() -> dict[str, Any]:
        cat, cov = localised(catalogue(store)), coverage(store)
        return {"indicators": [indicator_record(cat, i, cov) for i in cat.ids],
                "pillars": plain(cat.pillars), "citation": citation(store)}
    return store.memo(("opendata-catalogue", current()), compute)


def indicator_payload(store: Store, indicator_id: str) -> dict[str, Any]:
    """One indicator's metadata with its citation (404 for an unknown id)."""
    cat = localised(catalogue(store))
    indicator(indicator_id, cat)
    return store.memo(("opendata-indicator", indicator_id, current()), lambda: {
        **indicator_record(cat, indicator_id, coverage(store)), "citation": citation(store, [indicator_id])})
