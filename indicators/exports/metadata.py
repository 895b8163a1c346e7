"""The metadata of a data export: indicator definitions from the catalogue, the indicators a chart mentions, the sheet."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from indicators.i18n import N_, _
from indicators.scoring.wording import pillar_word
from indicators.store.catalogue_text import localised
from indicators.exports.constants import DASHBOARD_NAME, METHOD_SUMMARY
from indicators.store.catalogue import Catalogue, load_catalogue


def indicator_definitions(ids: Sequence[str] | None = None, cat: Catalogue | None = None) -> pd.DataFrame:
    """Catalogue definitions (id, name, pillar, unit, direction, goalposts, thresholds, definition, source, licence)."""
    ind = localised(cat or load_catalogue()).indicators           # words in the language in force
    if ids is not None:
        ind = ind[ind.index.isin(list(ids))]
    out = ind.reset_index().rename(columns={"index": "id"})
    if "id" not in out.columns:
        out = out.rename(columns={out.columns[0]: "id"})
    cols = ["id", "name", "pillar", "level", "unit", "direction", "best", "worst", "thresholds", "weight", "sdg",
            "definition", "source", "licence"]
    out = out[[c for c in cols if c in out.columns]].copy()
    out["thresholds"] = out["thresholds"].map(lambda t: ", ".join(f"{x:g}" for x in t) if isinstance(t, list) else t)
    return out


def indicators_mentioned(text: str, cat: Catalogue | None = None) -> list[str]:
    """Catalogue indicators whose source, name or short name appears in a text (for a chart's metadata sheet)."""
    ind = (cat or load_catalogue()).indicators
    low = (text or "").lower()
    hits = []
    for iid, r in ind.iterrows():
        keys = [str(r.get("source") or ""), str(r.get("name") or ""), str(r.get("short_name") or "")]
        if any(k and len(k) > 6 and k.lower() in low for k in keys):
            hits.append(iid)
    return hits


def export_metadata(*, title: str, unit: str | None = None, year: str | int | None = None, source: str | None = None,
                    indicator_ids: Sequence[str] | None = None, weights: Mapping[str, float] | None = None,
                    aggregation: str = "arithmetic", notes: str | None = None,
                    export_date: str | dt.date | None = None, cat: Catalogue | None = None,
                    version: str | None = None, citation: str | None = None) -> dict[str, Any]:
    """The metadata sheet of an export: what, unit, year, source, licences, how to cite, method, weights, date,
    definitions (citation: scoring.citation's line for the indicators concerned)."""
    defs = indicator_definitions(indicator_ids if indicator_ids else None, cat)
    licences = "; ".join(dict.fromkeys(str(x) for x in defs["licence"].dropna() if str(x)))
    date = export_date.isoformat() if isinstance(export_date, dt.date) else (export_date or dt.date.today().isoformat())
    w = weights or {}
    # field names stay English keys here; the sheet writer shows them translated (spreadsheets._metadata_sheet)
    meta: dict[str, Any] = {
        N_("title"): title, N_("unit"): unit or "", N_("reference year"): "" if year is None else str(year),
        N_("source"): source or "", N_("licences"): licences, N_("how to cite"): citation or "",
        N_("method"): _(METHOD_SUMMARY),
        N_("method and data version"): version or "",
        N_("pillar weights"): ", ".join(f"{pillar_word(k)} {v:g}" for k, v in w.items()) if w else _("equal (1 each)"),
        N_("aggregation"): _("{rule} mean").format(rule=_(aggregation)),
        N_("missing values"): _("empty cells = insufficient data (never zero)"),
        N_("export date"): date, N_("exported from"): _(DASHBOARD_NAME),
    }
    if notes:
        meta[N_("notes")] = notes
    meta["indicators"] = defs if indicator_ids else defs.assign(
        note=_("all indicators of the dashboard (the chart's own could not be singled out)"))
    return meta
