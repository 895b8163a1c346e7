"""The upload history: every upload's log record (who, when, file name and hash, rows, layout, rows set aside, note,
status and retraction), and the values as they stood right after any upload. Pure functions over the store."""
from __future__ import annotations

import pandas as pd

from indicators.scoring import materialise
from indicators.store.observations import Store
from indicators.store.safe_tables import csv_text

HISTORY_COLUMNS = ["upload_id", "group", "committed_at", "file_name", "sha256", "rows", "layout", "set_aside",
                   "indicators", "note", "status", "retracted_at", "retracted_by", "retraction_note"]


def history(store: Store, group: str | None = None, indicator: str | None = None) -> pd.DataFrame:
    """The upload log, newest first: who, when, file name and hash, rows, layout, set aside, note, status."""
    log = store.uploads()
    details = store.details()
    out = pd.DataFrame({
        "upload_id": log["upload_id"], "group": log["group"], "committed_at": log["committed_at"],
        "file_name": log["file_name"], "sha256": log["sha256"], "rows": log["rows_accepted"],
        "layout": [details.get(u, {}).get("layout") or "" for u in log["upload_id"]],
        "set_aside": [int(details.get(u, {}).get("rows_set_aside") or 0) for u in log["upload_id"]],
        "indicators": log["indicators"], "note": log["note"], "status": log["status"],
        "retracted_at": log["retracted_at"], "retracted_by": log["retracted_by"],
        "retraction_note": log["retraction_note"]}, columns=HISTORY_COLUMNS)
    if group:
        out = out[out["group"] == group]
    if indicator:
        out = out[out["indicators"].fillna("").str.split(",").map(lambda xs: indicator in xs)]
    return out.iloc[::-1].reset_index(drop=True)


def as_of(store: Store, upload_id: str, indicator: str | None = None) -> pd.DataFrame:
    """Values as they stood right after an upload (optionally one indicator): place, period, sex, value, source,
    upload and group they came from; the rows that upload brought come first."""
    if upload_id not in set(store.uploads()["upload_id"]):
        raise KeyError(f"no upload {upload_id!r}")
    df = store.as_of(upload_id)
    if indicator:
        df = df[df["indicator_id"] == indicator]
    place = df["iso3"].where(df["iso3"].notna(), df["origin_iso3"].fillna("") + " -> " +
                             df["destination_iso3"].fillna(""))
    out = pd.DataFrame({"indicator_id": df["indicator_id"], "place": place, "period": df["period"],
                        "sex": df["sex"], "value": df["value"], "source": df["source"],
                        "upload_id": df["upload_id"], "group": df["upload_group"]})
    out["_own"] = out["upload_id"] != upload_id
    return out.sort_values(["_own", "indicator_id", "place", "period"], kind="stable").drop(
        columns="_own").reset_index(drop=True)


def as_of_csv(store: Store, upload_id: str, indicator: str | None = None) -> str:
    """as_of as CSV text, computed once per upload and indicator for every worker and every later data version (a past
    upload's state never changes): stored in the disk cache folder of the upload's own table version."""
    log = store.uploads()
    hit = log[log["upload_id"] == upload_id]
    if hit.empty:
        raise KeyError(f"no upload {upload_id!r}")
    at = materialise.at_version(store.version(), int(hit["version"].iloc[0]))
    path = materialise.object_path(store.root, at, f"as-of-{upload_id}-{indicator or ''}")
    return materialise.materialised(path, lambda: csv_text(as_of(store, upload_id, indicator)))
