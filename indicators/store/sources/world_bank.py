"""World Bank remittance prices: RPW corridor costs (DataBank 2011-2020, UK outbound Q3 2025) and WDI SDG 10.c.1."""
from __future__ import annotations

from typing import Any

import pandas as pd

from indicators.store import countries
from indicators.store.sources.common import BuildError, Converted, checked_iso3, obs_frame, strict_iso3

RPW_SOURCE = "World Bank, Remittance Prices Worldwide (Corridors), ATCR.CORR, DataBank export updated 2020-12-07"
RPW_UK_SOURCE = ("World Bank, Remittance Prices Worldwide Q3 2025, UK outbound corridor means recomputed from RPW "
                 "service quotes (Online Money Transfer / Finofin, UK Remittance Vulnerability Index 2026 v1.0.0)")
RPW_UK_AVG_SOURCE = ("World Bank, Remittance Prices Worldwide, UK outbound average over services (GBP 120 = USD 200 "
                     "basket), Q1 of each year and Q3 2025, recomputed by Online Money Transfer / Finofin (2026)")
UK_SENDER = "GBR"


def convert_rpw(raw: pd.DataFrame) -> Converted:
    """RPW corridor costs (money direction sending -> receiving) as migration corridors receiving -> sending."""
    body = raw[raw["Series Code"] == "ATCR.CORR"]
    footer = len(raw) - len(body)
    period_cols = [c for c in raw.columns if c[:4].isdigit()]
    long = body.melt(id_vars=["Sending Countries Name", "Sending Countries Code", "Receiving Countries  Name",
                              "Receiving Countries  Code"], value_vars=period_cols, var_name="col", value_name="text")
    missing = int((long["text"] == "..").sum())
    long = long[long["text"] != ".."].copy()
    # "2011Q1 [YR2011Q1]" -> "2011Q1"; the half-yearly rounds of 2011-2012 keep the DataBank's Q1/Q3 labels.
    long["period"] = long["col"].str.split(" ").str[0]
    long["value"] = pd.to_numeric(long["text"], errors="raise")
    excluded: list[dict[str, Any]] = []

    def drop(mask: pd.Series, reason: str) -> None:
        for r in long[mask].itertuples():
            excluded.append({"sending": r[2], "receiving": r[4], "period": r.period, "value": r.text,
                             "reason": reason})

    names = pd.concat([long["Receiving Countries  Name"], long["Sending Countries Name"]])
    codes = pd.concat([long["Receiving Countries  Code"], long["Sending Countries Code"]])
    res = countries.resolve_series(codes.reset_index(drop=True))
    by_name = countries.resolve_series(names.reset_index(drop=True))
    iso = res["iso3"].fillna(by_name["iso3"])  # a non-standard code (Kosovo "KSV") resolves through its name
    n = len(long)
    long["origin_iso3"] = iso.iloc[:n].to_numpy()
    long["destination_iso3"] = iso.iloc[n:].to_numpy()
    unmapped = long["origin_iso3"].isna() | long["destination_iso3"].isna()
    historic = unmapped & long["Receiving Countries  Code"].eq("ANT")
    drop(historic, "Netherlands Antilles (ANT) was dissolved in 2010 and has no ISO 3166-1 code; its successors "
                   "(CUW, SXM, BES) cannot be told apart in this corridor, so the value is not assigned to any")
    if (unmapped & ~historic).any():
        bad = long[unmapped & ~historic][["Sending Countries Code", "Receiving Countries  Code"]].drop_duplicates()
        raise BuildError(f"RPW: corridor codes that do not resolve: {bad.to_dict('records')}")
    same = ~unmapped & (long["origin_iso3"] == long["destination_iso3"])
    drop(same, "sending and receiving country are the same")
    negative = ~unmapped & ~same & (long["value"] < 0)
    drop(negative, "negative total cost is impossible (a data error in the DataBank export)")
    keep = long[~(unmapped | same | negative)]
    frame = obs_frame("remittance_cost_corridor", keep["value"], keep["period"], RPW_SOURCE,
                      origin=keep["origin_iso3"], destination=keep["destination_iso3"])
    return Converted(frame, excluded, {"missing_cells_dotdot": missing, "footer_lines": footer,
                                       "corridors": int(frame[["origin_iso3", "destination_iso3"]]
                                                        .drop_duplicates().shape[0])})


def convert_wdi(raw: pd.DataFrame, indicator_id: str, source: str) -> Converted:
    """A long WDI extract (country_code, year, value_pct) as annual country observations, values unchanged."""
    iso3 = strict_iso3(raw["country_code"], indicator_id)
    value = pd.to_numeric(raw["value_pct"], errors="raise")
    return Converted(obs_frame(indicator_id, value, raw["year"], source, iso3=iso3))


def convert_rpw_uk_corridors(raw: pd.DataFrame) -> Converted:
    """UK outbound RPW corridor means, Q3 2025 (money GBR -> destination), as migration corridors destination -> GBR."""
    if set(raw["source_country"]) != {"United Kingdom"} or set(raw["period"]) != {"Q3 2025"}:
        raise BuildError("RPW UK corridors: expected only United Kingdom and Q3 2025 rows")
    if not (raw["average_total_cost_pct"] == raw["normalised_cost_per_gbp_100"]).all():
        raise BuildError("RPW UK corridors: average_total_cost_pct differs from the cost per GBP 100")
    origin = checked_iso3(raw["destination_code"], raw["destination_country"], "RPW UK destination_code (ISO2)")
    value = pd.to_numeric(raw["average_total_cost_pct"], errors="raise")
    note = ("Q3 2025, cost of sending GBP 120 (= USD 200 basket), unweighted mean over " + raw["distinct_firms"]
            + " firms / " + raw["service_observations"] + " service quotes; money sent GBR -> " + origin)
    frame = obs_frame("remittance_cost_corridor", value, pd.Series("2025Q3", index=raw.index), RPW_UK_SOURCE,
                      origin=origin, destination=pd.Series(UK_SENDER, index=raw.index), note=note)
    return Converted(frame, [], {"corridors": len(frame),
                                 "service_observations": int(pd.to_numeric(raw["service_observations"]).sum())})


def convert_rpw_uk_average(raw: pd.DataFrame, wdi_ob: pd.DataFrame) -> Converted:
    """UK outbound average (Q1 2011-2025, Q3 2025) for the years after WDI SI.RMT.COST.OB.ZS ends for GBR.

    Years the WDI series covers are set aside (the store keeps one value per key and the two are different
    averages); each set-aside row carries the WDI value of that year for comparison.
    """
    if set(raw["code"]) != {UK_SENDER} or set(raw["unit"]) != {"percent"}:
        raise BuildError("RPW UK average: expected GBR rows in percent only")
    period = raw["period"].str.replace(r"^(\d{4})_([1-4])Q$", r"\1Q\2", regex=True)
    if not period.str.fullmatch(r"\d{4}Q[1-4]").all():
        raise BuildError(f"RPW UK average: periods not like 2011_1Q: {sorted(set(raw['period']))}")
    wdi = wdi_ob[wdi_ob["country_code"] == UK_SENDER].set_index("year")["value_pct"]
    last_wdi = int(max(wdi.index))
    year = period.str[:4].astype(int)
    overlap = year <= last_wdi
    excluded = [{"period": p, "value": v, "wdi_annual_value": wdi.get(p[:4]),
                 "reason": f"year covered by WDI SI.RMT.COST.OB.ZS for GBR (upload bundled-wdi-ob, to {last_wdi}); "
                           "a Q1 service average is not the WDI annual figure, so the two are not mixed"}
                for p, v in zip(period[overlap], raw.loc[overlap, "value"])]
    keep = ~overlap
    frame = obs_frame("remittance_cost_from_country", pd.to_numeric(raw.loc[keep, "value"], errors="raise"),
                      period[keep], RPW_UK_AVG_SOURCE, iso3=pd.Series(UK_SENDER, index=raw.index)[keep],
                      note="UK outbound average of " + period[keep] + " (one quarter, not an annual average); "
                           "continues WDI SI.RMT.COST.OB.ZS, which ends in " + str(last_wdi))
    return Converted(frame, excluded, {"wdi_last_year": last_wdi})
