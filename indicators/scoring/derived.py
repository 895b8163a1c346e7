"""Step 8 of DESIGN §3: derived country indicators, corridor values averaged at one end weighted by migrant stock."""
from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.store.catalogue import Catalogue


def with_derived(annual: pd.DataFrame, cat: Catalogue, stock: pd.DataFrame | None = None) -> pd.DataFrame:
    """Append the catalogue's derived country indicators: per-year corridor means at one end, weighted by migrant
    stock (rule in derived_means), each with the sources, groups and uploads of the corridor values it summarises."""
    parts = [annual.assign(n_corridors=np.nan, n_weighted=np.nan, weighting=None)]
    derived = cat.indicators[cat.indicators["derived_from"].notna()]
    for iid, d in derived.iterrows():
        cols = ["origin_iso3", "destination_iso3", "year", "value"]
        src = annual[annual["indicator_id"] == d["derived_from"]].sort_values(   # sums in one order, whatever
            ["origin_iso3", "destination_iso3", "year"], kind="stable")          # the annual frame's order
        if src.empty:
            continue
        extra = [c for c in ("source", "groups", "upload_ids") if c in src]
        end = "origin_iso3" if d["derived_end"] == "origin" else "destination_iso3"
        means = derived_means(_attach_stock(src[cols + extra], stock), end)
        parts.append(means.assign(indicator_id=iid, origin_iso3=None, destination_iso3=None,
                                  source=f"{d['source']}" + means["source_note"]).drop(columns="source_note"))
    return pd.concat([parts[0]] + [p for p in parts[1:] if not p.empty], ignore_index=True)


SERIES_COLUMNS = ["indicator_id", "iso3", "year", "value", "n_periods", "last_period", "source", "upload_ids", "groups",
                  "n_corridors", "n_weighted", "weighting"]


def country_rows(full: pd.DataFrame, indicator_id: str) -> pd.DataFrame:
    """One country-level indicator's rows of an annual frame with derived indicators (with_derived), every country and
    year, with their sources and (derived) corridor counts, in country and year order."""
    rows = full[(full["indicator_id"] == indicator_id) & full["iso3"].notna()].reindex(columns=SERIES_COLUMNS)
    rows = rows.astype({"year": "int64", "value": "float64", "n_periods": "float64", "n_corridors": "float64",
                        "n_weighted": "float64"})
    for col in ("indicator_id", "iso3", "last_period", "source", "upload_ids", "groups", "weighting"):
        rows[col] = rows[col].astype(object).where(rows[col].notna(), None)     # one text type whichever the path
    return rows.sort_values(["iso3", "year"], kind="stable").reset_index(drop=True)


def derived_means(src: pd.DataFrame, end: str) -> pd.DataFrame:
    """Per country at one end and year: the corridor mean weighted by migrant stock.

    Rule: corridors with a stock figure count with their stock; a corridor without one (UN DESA lists an origin
    separately only where its stock is large, the rest fall in "other") counts with the smallest stock among the
    weighted corridors of that country and year, a conservative weight; with no stock figure at all the mean is
    unweighted. The weighting text says exactly which happened.
    """
    g = src.assign(has=src["stock"].notna())
    g["min_stock"] = g.groupby([end, "year"])["stock"].transform("min")
    g["w"] = g["stock"].fillna(g["min_stock"])
    g["wv"] = g["value"] * g["w"]
    agg = g.groupby([end, "year"], as_index=False).agg(
        n_corridors=("value", "size"), mean=("value", "mean"), wsum=("wv", "sum"), w=("w", "sum"),
        n_weighted=("has", "sum"), stock_year=("stock_year", "max"), min_stock=("min_stock", "first"))
    weighted = agg["w"] > 0
    value = np.where(weighted, agg["wsum"] / agg["w"].where(weighted, 1), agg["mean"])
    out = pd.DataFrame({"iso3": agg[end], "year": agg["year"].astype(int), "value": value,
                        "n_corridors": agg["n_corridors"].astype(float), "n_weighted": agg["n_weighted"].astype(float),
                        "weighting": [_weighting_text(r, ok) for r, ok in zip(agg.itertuples(), weighted)]})
    keys = pd.MultiIndex.from_frame(agg[[end, "year"]])
    for col, sep in (("groups", "; "), ("upload_ids", ",")):
        if col in g:
            out[col] = _joined_parts(g[[end, "year", col]], end, col, sep).reindex(keys).fillna("").to_numpy()
    out["source_note"] = ""
    if "groups" in out:
        uploaded = out["groups"].map(lambda t: [x.strip() for x in t.split(";") if x.strip() not in ("", "bundled")])
        out["source_note"] = uploaded.map(lambda u: f"; includes corridor values uploaded by {' and '.join(u)}"
                                          if u else "")
    return out


def _joined_parts(rows: pd.DataFrame, end: str, col: str, sep: str) -> pd.Series:
    """Per (end, year): the distinct non-empty parts of a `sep`-separated column, sorted and joined by `sep` (each
    distinct text split once: a million corridor rows carry a handful of distinct texts)."""
    texts = rows.dropna().drop_duplicates()
    parts = texts.assign(**{col: texts[col].astype(str).str.split(sep.strip())}).explode(col)
    parts[col] = parts[col].str.strip()
    parts = parts[parts[col].astype(bool)].drop_duplicates().sort_values([end, "year", col])
    if parts.empty:
        return pd.Series([], dtype=object, index=pd.MultiIndex.from_arrays([[], []], names=[end, "year"]))
    group = parts.groupby([end, "year"], sort=False).ngroup().to_numpy()
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    texts = [sep.join(chunk) for chunk in np.split(parts[col].to_numpy(dtype=object), starts[1:])]
    return pd.Series(texts, index=pd.MultiIndex.from_frame(parts[[end, "year"]].iloc[starts]), dtype=object)


def _weighting_text(r, weighted: bool) -> str:
    """How a derived mean was weighted, in words."""
    n, k = int(r.n_corridors), int(r.n_weighted)
    if not weighted:
        return f"unweighted mean of {n} corridors (no corridor has a UN DESA migrant stock figure)"
    stock = f"UN DESA migrant stock {int(r.stock_year)}" if pd.notna(r.stock_year) else "UN DESA migrant stock"
    if k == n:
        return f"weighted by {stock} (all {n} corridors)"
    return (f"weighted by {stock} over {k} of {n} corridors; the {n - k} without a stock figure counted at the "
            f"smallest listed stock ({int(r.min_stock):,})")


def _attach_stock(corridors: pd.DataFrame, stock: pd.DataFrame | None) -> pd.DataFrame:
    """Add the migrant stock of each corridor at the latest stock year not after the data year (else the earliest)."""
    out = corridors.copy()
    out["stock"] = np.nan
    out["stock_year"] = np.nan
    if stock is None or stock.empty:
        return out
    st = stock[["origin_iso3", "destination_iso3", "year", "stock_total"]]
    years = np.sort(st["year"].unique())
    out["stock_year"] = years[np.maximum(np.searchsorted(years, out["year"].to_numpy(), side="right") - 1, 0)]
    merged = out.drop(columns="stock").merge(
        st.rename(columns={"year": "stock_year", "stock_total": "stock"}),
        on=["origin_iso3", "destination_iso3", "stock_year"], how="left")
    merged["stock"] = merged["stock"].astype(float)
    return merged
