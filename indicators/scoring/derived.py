"""Step 8 of DESIGN §3: derived country indicators, corridor values averaged at one end weighted by migrant stock."""
from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.store.catalogue import Catalogue


def with_derived(annual: pd.DataFrame, cat: Catalogue, stock: pd.DataFrame | None = None) -> pd.DataFrame:
    """Append the catalogue's derived country indicators: per-year corridor means at one end, weighted by migrant stock."""
    parts = [annual.assign(n_corridors=np.nan, weighting=None)]
    derived = cat.indicators[cat.indicators["derived_from"].notna()]
    for iid, d in derived.iterrows():
        src = annual[annual["indicator_id"] == d["derived_from"]][["origin_iso3", "destination_iso3", "year", "value"]]
        if src.empty:
            continue
        src = _attach_stock(src, stock)
        end = "origin_iso3" if d["derived_end"] == "origin" else "destination_iso3"
        g = src.assign(wv=src["value"] * src["stock"])
        agg = g.groupby([end, "year"], as_index=False).agg(
            n_corridors=("value", "size"), mean=("value", "mean"), wsum=("wv", "sum"), w=("stock", "sum"),
            n_weighted=("stock", "count"), stock_year=("stock_year", "max"))
        weighted = (agg["n_weighted"] == agg["n_corridors"]) & (agg["w"] > 0)
        value = np.where(weighted, agg["wsum"] / agg["w"].where(agg["w"] > 0, 1), agg["mean"])
        weighting = np.where(weighted, "weighted by UN DESA migrant stock " + agg["stock_year"].astype("Int64").astype(str),
                             "unweighted (migrant stock unknown for some corridors)")
        parts.append(pd.DataFrame({
            "indicator_id": iid, "iso3": agg[end], "origin_iso3": None, "destination_iso3": None,
            "year": agg["year"].astype(int), "value": value, "source": d["source"],
            "n_corridors": agg["n_corridors"].astype(float), "weighting": weighting,
        }))
    return pd.concat([parts[0]] + [p for p in parts[1:] if not p.empty], ignore_index=True)


def _attach_stock(corridors: pd.DataFrame, stock: pd.DataFrame | None) -> pd.DataFrame:
    """Add the migrant stock of each corridor at the latest stock year not after the data year (else the earliest)."""
    out = corridors.copy()
    out["stock"] = np.nan
    out["stock_year"] = np.nan
    if stock is None or stock.empty:
        return out
    st = stock[["origin_iso3", "destination_iso3", "year", "stock_total"]]
    years = np.sort(st["year"].unique())
    out["stock_year"] = [years[max(np.searchsorted(years, y, side="right") - 1, 0)] for y in out["year"]]
    merged = out.drop(columns="stock").merge(
        st.rename(columns={"year": "stock_year", "stock_total": "stock"}),
        on=["origin_iso3", "destination_iso3", "stock_year"], how="left")
    merged["stock"] = merged["stock"].astype(float)
    return merged
