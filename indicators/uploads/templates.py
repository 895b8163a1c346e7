"""Upload tools shared by the upload page, the HTTP API and the CLI: templates, allowed codes, the format guide,
the upload history and past states. Pure functions over the store and the catalogue (no Dash, no Flask)."""
from __future__ import annotations

import io
import json
import os
from typing import Any

import pandas as pd

from indicators.store.catalogue import Catalogue
from indicators.store.countries import country_table
from indicators.uploads.ingest import SEXES, TEMPLATE_MARK, limits
from indicators.uploads.proposals import EXAMPLE
from indicators.store.observations import Store

HISTORY_COLUMNS = ["upload_id", "group", "committed_at", "file_name", "sha256", "rows", "layout", "set_aside",
                   "indicators", "note", "status", "retracted_at", "retracted_by", "retraction_note"]
LAYOUT_CHOICES = [("auto", "Recognise the layout"), ("long", "Long: one value per row"),
                  ("wide", "Wide: one column per year or quarter"), ("wdi", "World Bank WDI / Data Catalog CSV"),
                  ("sdg", "UN SDG Global Database CSV")]


def upload_catalogue(store: Store) -> Catalogue:
    """The catalogue of a store's data directory (shipped indicators plus accepted proposals), as the pages see it."""
    from indicators.scoring.service import catalogue
    return catalogue(store)


def indicator_options(cat: Catalogue) -> list[dict[str, str]]:
    """Dropdown options of the indicators that can be uploaded (derived ones cannot), grouped by pillar."""
    ind = cat.indicators[cat.indicators["derived_from"].isna()]
    out = []
    for iid, row in ind.sort_values(["pillar", "id"]).iterrows():
        out.append({"label": f"{row['pillar']}: {row['short_name'] or row['name']} ({iid})", "value": iid})
    return out


def template_csv(cat: Catalogue, indicator_id: str, store: Store | None = None) -> str:
    """A CSV template for one indicator: header and one example row (marked, so it cannot be committed by mistake).

    The example value is a real current value of the indicator when the store has one; otherwise it is left empty.
    """
    meta = cat.get(indicator_id)
    corridor = meta["level"] == "corridor"
    cols = (["indicator_id", "origin_iso3", "destination_iso3"] if corridor else ["indicator_id", "iso3"]) + \
        ["period", "value", "sex", "source", "note"]
    example: dict[str, Any] = {"indicator_id": indicator_id, "period": "2020", "value": "", "sex": "total",
                               "source": "", "note": TEMPLATE_MARK}
    if corridor:
        example.update(origin_iso3="NPL", destination_iso3="QAT")
    else:
        example["iso3"] = "KEN"
    if store is not None:
        obs = store.observations(indicator_id)
        obs = obs[obs["sex"] == "total"]
        if len(obs):
            last = obs.sort_values(["year", "period"]).iloc[-1]
            example.update(period=last["period"], value=f"{last['value']:g}", source=last["source"] or "")
            if corridor:
                example.update(origin_iso3=last["origin_iso3"], destination_iso3=last["destination_iso3"])
            else:
                example["iso3"] = last["iso3"]
    buf = io.StringIO()
    pd.DataFrame([example], columns=cols).to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def codes_csv(cat: Catalogue, indicator_id: str | None = None) -> str:
    """The allowed codes as CSV (field, code, label, note): indicator, period, sex and every country code."""
    rows: list[dict[str, str]] = []
    ind = cat.indicators[cat.indicators["derived_from"].isna()]
    if indicator_id:
        ind = ind.loc[[indicator_id]]
    for iid, r in ind.iterrows():
        series = ", ".join(r["series_codes"]) if isinstance(r["series_codes"], list) else ""
        rows.append({"field": "indicator_id", "code": iid, "label": r["name"],
                     "note": f"unit: {r['unit']}; valid range {r['valid_min']:g} to {r['valid_max']:g}"
                             + ("; 0 or 1" if r.get("binary") else "") + f"; level: {r['level']}"
                             + (f"; series codes also accepted: {series}" if series else "")})
    rows.append({"field": "period", "code": "2023", "label": "a year", "note": "or a quarter: 2023Q2"})
    for s in SEXES:
        rows.append({"field": "sex", "code": s, "label": s, "note": "empty means total" if s == "total" else ""})
    corridor = indicator_id is not None and cat.get(indicator_id)["level"] == "corridor"
    field = "origin_iso3 / destination_iso3" if corridor else "iso3"
    for r in country_table().sort_values("iso3").itertuples():
        rows.append({"field": field, "code": r.iso3, "label": r.name,
                     "note": f"also accepted: {r.iso2}, M49 {r.m49}, the name"})
    buf = io.StringIO()
    pd.DataFrame(rows, columns=["field", "code", "label", "note"]).to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def format_guide() -> str:
    """The accepted upload formats in plain language (Markdown)."""
    max_bytes, max_rows = limits()
    return f"""
**One file = one upload.** It is checked whole: if any row has a problem, nothing is stored and you get a table of
problems (row, column, value, reason) to fix in your spreadsheet. Row numbers are the rows your spreadsheet shows
(the header is row 1). Before anything is stored you see what will change: new values, changed values (old -> new)
and unchanged ones. Every upload can be retracted later; the previous values then come back.

**Layouts recognised automatically**

- *Long*: one value per row. Columns `indicator_id`, `iso3`, `period`, `value`, and optionally `sex`, `source`,
  `note`, `unit`. Corridor indicators take `origin_iso3` and `destination_iso3` (the direction people migrate)
  instead of `iso3`.
- *Wide*: one row per indicator and country, one column per year (`2019`, `2020`) or quarter (`2019Q1`), as the
  World Bank and UN portals and most spreadsheets have it. Empty cells and `..` mean "no value" (never zero).
- *World Bank WDI / Data Catalog CSV*, exactly as downloaded (the metadata lines above the header are fine), and
  the *World Bank DataBank* export.
- *UN SDG Global Database CSV*, exactly as downloaded (SeriesCode, GeoAreaCode, TimePeriod, Value, ...).

**Countries** can be ISO3 codes (`KEN`), ISO2 codes, UN M49 numbers or names (`Kenya`, `Côte d'Ivoire`,
`Viet Nam`/`Vietnam`). A name that is unknown or could mean two countries (`Congo`) is an error that lists the
close candidates. Regional and income aggregates (`World`, `Sub-Saharan Africa`, `High income`) are not countries:
they are set aside and listed in the preview, never mixed into country data.

**Indicators** are given by id, or by the series code of the portal (`SI.RMT.COST.IB.ZS`, `SL_LBR_NTLCPL`): the
catalogue maps series codes to indicators. If the file has no indicator column, choose the indicator on the page.

**Corridor files in remittance direction**: columns `sending country` and `receiving country` (as in the World
Bank's Remittance Prices Worldwide) are turned into the migration direction the dashboard uses, as the catalogue
says for each indicator: money sent from Qatar to Nepal is the migration corridor Nepal -> Qatar.

**Numbers**: a decimal point (`4.25`), or a decimal comma (`4,25`) when the whole file uses commas. A value such as
`1,234` that could be a thousands separator is refused, as are text, `NaN`, infinity, spreadsheet errors (`#N/A`),
formulas and values outside the indicator's valid range. Periods are years (`2020`) or quarters (`2020Q2`).

**Files**: comma, semicolon or tab separated; UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252/Latin-1
(legacy Excel "CSV" files). At most {max_bytes / 1e6:,.0f} MB and {max_rows:,} rows per file. Excel workbooks,
zip files and PDFs must be saved as CSV first.

**New indicators**: a working group can propose one (the catalogue fields: id, name, pillar, level, unit,
direction, best and worst goalposts, thresholds, valid range, licence, definition, optional series codes) together
with its data. It is checked like the catalogue, appears with the group named as its source, and counts in the
index only once the operator adopts it.
""".strip()


def proposal_example() -> str:
    """An example indicator definition (YAML) for the proposal box."""
    return EXAMPLE


def _details(store: Store) -> dict[str, dict]:
    """upload_id -> the 'details' block of its log record (layout, rows set aside, ...)."""
    out: dict[str, dict] = {}
    if not store.log_dir.exists():
        return out
    for name in os.listdir(store.log_dir):
        if name.endswith(".commit.json") and not name.startswith("."):
            try:
                with open(store.log_dir / name, encoding="utf-8") as fh:
                    rec = json.load(fh)
            except (OSError, ValueError):
                continue
            out[rec.get("upload_id", name[:-12])] = rec.get("details") or {}
    return out


def history(store: Store, group: str | None = None, indicator: str | None = None) -> pd.DataFrame:
    """The upload log, newest first: who, when, file name and hash, rows, layout, set aside, note, status."""
    log = store.uploads()
    details = _details(store)
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


def set_aside_summary(set_aside: pd.DataFrame) -> pd.DataFrame:
    """Rows set aside, one line per place and reason, with how many values each had."""
    if set_aside is None or set_aside.empty:
        return pd.DataFrame(columns=["place", "reason", "values", "first row"])
    g = set_aside.groupby(["place", "reason"], sort=False)
    return pd.DataFrame({"values": g.size(), "first row": g["row"].min()}).reset_index()
