"""SDMX-CSV files as downloaded (ILOSTAT's, with pandas' unnamed index column and a country-name column) or as this
project exports them (its own data structure, indicators/opendata/sdmx.py): the indicator from an INDICATOR column
or the dataflow's id (matched through the catalogue's series_codes, `ILO:DF_ILR_TUMT_NOC_RT(1.0)` ->
ILR_TUMT_NOC_RT), REF_AREA and COUNTERPART_AREA (ISO3 or M49: a row with a counterpart is the corridor REF_AREA ->
COUNTERPART_AREA), TIME_PERIOD (2019, 2019-Q2), OBS_VALUE, SEX; rows scaled by UNIT_MULT or disaggregated other
than by sex are set aside."""
from __future__ import annotations

from indicators.i18n.formats import integer

from indicators.i18n import _, ngettext

import re

import numpy as np
import pyarrow as pa

from indicators.uploads.constants import SDG_TOTALS, SDMX_KNOWN, SDMX_SEX
from indicators.uploads.long import RawLong
from indicators.uploads.sheet import Sheet, is_sdmx_csv

__all__ = ["is_sdmx_csv", "read_sdmx_csv"]

DATAFLOW = re.compile(r"^(?:[A-Za-z][\w.@-]*:)?(?:DF_)?([A-Za-z0-9_@.$-]+?)(?:\([0-9.]+\))?$")
NONE = frozenset({"", "_z", "_x", "na"})


def dataflow_code(ref: str) -> str:
    """'ILO:DF_ILR_TUMT_NOC_RT(1.0)' -> 'ILR_TUMT_NOC_RT' (the series code the catalogue lists)."""
    m = DATAFLOW.match(ref.strip())
    return m.group(1) if m else ref.strip()


def period(text: str) -> str:
    """'2019' -> '2019', '2019-Q2' -> '2019Q2'; anything else as written (validation names it)."""
    m = re.fullmatch(r"([0-9]{4})-?(Q[1-4])", text.strip().upper())
    return m.group(1) + m.group(2) if m else text.strip()


def _set_aside(sheet: Sheet, get, n: int, rows: np.ndarray) -> tuple[np.ndarray, list[dict]]:
    """(rows kept, rows set aside): scaled values, disaggregations other than sex."""
    keep, aside = np.ones(n, dtype=bool), []
    places = get("country_name") if "country_name" in sheet.names else get("ref_area")
    mult = get("unit_mult")
    for k in range(n):
        if mult[k] not in ("", "0"):
            keep[k] = False
            aside.append({"row": int(rows[k]), "column": sheet.display("unit_mult"), "value": mult[k],
                          "place": places[k], "reason": _("values scaled by 10^{power}: not read (give the values "
                                                          "as they are, UNIT_MULT 0)").format(power=mult[k])})
    for d in [nm for nm in sheet.names if nm not in SDMX_KNOWN]:
        vals = get(d)
        for k in np.flatnonzero(keep):
            if vals[k].lower() not in SDG_TOTALS and not vals[k].upper().endswith("_TOTAL"):
                keep[k] = False
                aside.append({"row": int(rows[k]), "column": sheet.display(d), "value": vals[k], "place": places[k],
                              "reason": _("disaggregated by {what} = {value} (the store keeps totals and sex "
                                          "only)").format(what=sheet.display(d), value=vals[k])})
    return keep, aside


def read_sdmx_csv(sheet: Sheet) -> RawLong:
    """An SDMX-CSV file into text cells of the long layout (country rows and corridor rows)."""
    idx = {n: i for i, n in enumerate(sheet.names)}
    t, n, rows = sheet.table, sheet.table.num_rows, sheet.rows()
    get = lambda name: [s.strip() for s in t.column(idx[name]).to_pylist()] if name in idx else [""] * n  # noqa: E731
    keep, aside = _set_aside(sheet, get, n, rows)
    flow = get("structure_id") if "structure_id" in idx else get("dataflow")
    own = get("indicator")
    indicator = [o or dataflow_code(f) for o, f in zip(own, flow)]
    area, other = get("ref_area"), get("counterpart_area")
    corridor = [c.lower() not in NONE for c in other]
    status, unit = get("obs_status"), get("unit_measure")
    notes = [get(c) for c in ("comment_obs", "note_source", "note_indicator", "note_classif")]
    note = ["; ".join(x for x in (f"status {status[k]}" if status[k] else "", f"unit {unit[k]}" if unit[k] else "",
                                  *(col[k] for col in notes)) if x) for k in range(n)]
    sel = np.flatnonzero(keep)
    pick = lambda vals: pa.array([vals[k] for k in sel], type=pa.string())  # noqa: E731
    cols = {"indicator_id": pick(indicator), "iso3": pick(["" if c else a for a, c in zip(area, corridor)]),
            "origin_iso3": pick([a if c else "" for a, c in zip(area, corridor)]),
            "destination_iso3": pick([o if c else "" for o, c in zip(other, corridor)]),
            "iso3_name": pick(get("country_name")), "period": pick([period(p) for p in get("time_period")]),
            "value": pick(get("obs_value")), "sex": pick([SDMX_SEX.get(s.lower(), s) for s in get("sex")]),
            "source": pick(get("source_detail") if "source_detail" in idx else get("source")), "note": pick(note)}
    ind_col = "indicator" if "indicator" in idx else ("structure_id" if "structure_id" in idx else "dataflow")
    labels = {"indicator_id": sheet.display(ind_col), "iso3": sheet.display("ref_area"),
              "origin_iso3": sheet.display("ref_area"), "destination_iso3": sheet.display("counterpart_area"),
              "iso3_name": sheet.display("country_name"), "period": sheet.display("time_period"),
              "value": sheet.display("obs_value"), "sex": sheet.display("sex"), "source": sheet.display("source"),
              "note": sheet.display("comment_obs")}
    msgs = [ngettext("{n} row set aside (scaled values or disaggregations), listed in the preview.",
                     "{n} rows set aside (scaled values or disaggregations), listed in the preview.",
                     len(aside)).format(n=integer(len(aside)))] if aside else []
    return RawLong(columns=cols, rows=rows[sel], length=len(sel), layout="sdmx", labels=labels, set_aside=aside,
                   notes=msgs, default_source=flow[0] if flow else "SDMX-CSV", portal=True)
