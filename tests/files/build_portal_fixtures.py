"""Rebuild the portal-shaped test fixtures (run by hand; tests never read ../shared).

    .venv/bin/python tests/files/build_portal_fixtures.py --raw /work/shared/data/real

Writes into tests/files/:
  wdi_BM.TRF.PWKR.CD.DT_trimmed.csv  the real World Bank WDI download (personal remittances paid, current US$,
                                      last updated 2021-09-15), byte-for-byte lines kept: the metadata block, the
                                      header and 14 of its 266 rows (countries, regional and income aggregates)
  rpw_databank_trimmed.csv           the real World Bank DataBank export of RPW corridor costs (sending ->
                                      receiving country, quarters as columns, ".." for missing, footer lines): the
                                      header, 4 of its 5,329 corridor rows and the footer, lines kept byte-for-byte
  wdi_SI.RMT.COST.IB.ZS_from_store.csv  WDI layout (metadata block, one column per year 1960-2020) holding the
                                      bundled store's SI.RMT.COST.IB.ZS values (World Bank WDI, vintage 2022-02-15)
                                      for 8 countries, and the WLD / SSF aggregate rows empty, as in that vintage
  sdg_SL_LBR_NTLCPL_from_store.csv   UN SDG Global Database CSV layout (Goal, Target, Indicator, SeriesCode, ...,
                                      GeoAreaCode as M49 numbers, Reporting Type) holding the bundled store's SDG
                                      8.8.2 values (ILO, via Our World in Data) for 12 countries, plus the World,
                                      Sub-Saharan Africa and Northern Africa aggregates with their published values
                                      from the same raw OWID file. Values are real; the attribute texts (Source,
                                      Nature, Units) are representative of the portal's, not copied from it.
"""
from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

WDI_KEEP = ["ABW", "AFE", "CHI", "CIV", "HIC", "KEN", "KOR", "NPL", "PHL", "QAT", "SAU", "USA", "WLD", "XKX"]
RPW_KEEP = [("QAT", "NPL"), ("SAU", "PAK"), ("USA", "MEX"), ("AGO", "AFG")]
IB_KEEP = ["KEN", "PHL", "NPL", "MEX", "IND", "CIV", "NGA", "VNM"]
SDG_KEEP = ["CIV", "TZA", "BOL", "PHL", "MEX", "ZAF", "UGA", "GHA", "PAK", "DZA", "TUR", "COD"]
SDG_NAMES = {"CIV": "Côte d'Ivoire", "TZA": "United Republic of Tanzania", "BOL": "Bolivia (Plurinational State of)",
             "COD": "Democratic Republic of the Congo", "TUR": "Türkiye"}
SDG_AGGREGATES = [("World", "1", "World"), ("Sub-Saharan Africa (UN)", "202", "Sub-Saharan Africa"),
                  ("Northern Africa (UN)", "15", "Northern Africa")]


def _cells(line: bytes) -> list[str]:
    """The CSV cells of one line."""
    return next(csv.reader([line.decode("utf-8-sig", "replace")]), [])


def wdi_trimmed(raw: Path) -> None:
    """Keep the metadata block, the header and the chosen rows of the real WDI CSV, bytes unchanged."""
    data = (raw / "remittance" / "API_BM.TRF.PWKR.CD.DT_DS2_en_csv_v2_3012027.csv").read_bytes()
    lines = data.split(b"\n")
    keep = [ln for ln in lines[5:] if len(_cells(ln)) > 1 and _cells(ln)[1] in WDI_KEEP]
    (HERE / "wdi_BM.TRF.PWKR.CD.DT_trimmed.csv").write_bytes(b"\n".join(lines[:5] + keep) + b"\n")


def rpw_trimmed(raw: Path) -> None:
    """Keep the header, the chosen corridors and the footer of the real RPW DataBank export, bytes unchanged."""
    data = (raw / "remittance" / "rpw_corridors_databank_2011Q1-2020Q3.csv").read_bytes()
    lines = data.split(b"\n")
    body = [ln for ln in lines[1:] if len(_cells(ln)) > 5 and (_cells(ln)[1], _cells(ln)[5]) in RPW_KEEP]
    footer = [ln for ln in lines[-7:] if not _cells(ln) or _cells(ln)[0] == "" or _cells(ln)[0].startswith(
        ("Data from", "Last Updated"))]
    (HERE / "rpw_databank_trimmed.csv").write_bytes(b"\n".join([lines[0]] + body + footer))


def wdi_from_store() -> None:
    """WDI-layout file of the bundled SI.RMT.COST.IB.ZS values."""
    from indicators.store.countries import country_table
    from indicators.store.observations import Store
    obs = Store().observations("remittance_cost_to_country")
    names = dict(zip(country_table()["iso3"], country_table()["name"]))
    names["CIV"] = "Cote d'Ivoire"
    years = [str(y) for y in range(1960, 2021)]
    buf = io.StringIO()
    w = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\n")
    buf.write('"Data Source","World Development Indicators",\n\n"Last Updated Date","2022-02-15",\n\n')
    buf.write(",".join(f'"{h}"' for h in ["Country Name", "Country Code", "Indicator Name", "Indicator Code",
                                          *years]) + ",\n")
    label = "Average transaction cost of sending remittances to a specific country (%)"
    for iso in IB_KEEP:
        vals = obs[obs["iso3"] == iso].set_index("period")["value"]
        w.writerow([names[iso], iso, label, "SI.RMT.COST.IB.ZS", *[repr(float(vals[y])) if y in vals.index else ""
                                                                  for y in years]])
    for name, code in (("Sub-Saharan Africa", "SSF"), ("World", "WLD")):
        w.writerow([name, code, label, "SI.RMT.COST.IB.ZS", *[""] * len(years)])
    text = buf.getvalue().replace('"\n', '",\n')
    (HERE / "wdi_SI.RMT.COST.IB.ZS_from_store.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))


def sdg_from_store(raw: Path) -> None:
    """SDG Global Database layout of the bundled SL_LBR_NTLCPL values, with three published aggregates."""
    import pandas as pd
    from indicators.store.countries import country_table
    from indicators.store.observations import Store
    obs = Store().observations("labour_rights_sdg882")
    ct = country_table().set_index("iso3")
    header = ["Goal", "Target", "Indicator", "SeriesCode", "SeriesDescription", "GeoAreaCode", "GeoAreaName",
              "TimePeriod", "Value", "Time_Detail", "TimeCoverage", "UpperBound", "LowerBound", "BasePeriod",
              "Source", "GeoInfoUrl", "FootNote", "Nature", "Units", "Reporting Type"]
    desc = ("Level of national compliance with labour rights (freedom of association and collective bargaining) "
            "based on International Labour Organization (ILO) textual sources and national legislation")

    def row(code: str, name: str, year: str, value: str) -> list[str]:
        return ["8", "8.8", "8.8.2", "SL_LBR_NTLCPL", desc, code, name, year, value, year, "", "", "", "",
                "ILO", "", "", "C", "NUMBER", "G"]
    rows = []
    owid = pd.read_csv(raw / "rights" / "level-of-national-compliance-with-labor-rights.csv", dtype=str,
                       keep_default_na=False)
    for entity, code, name in SDG_AGGREGATES:
        for r in owid[owid["Entity"] == entity].itertuples():
            rows.append(row(code, name, r.Year, r[4]))
    for iso in SDG_KEEP:
        for r in obs[obs["iso3"] == iso].itertuples():
            rows.append(row(str(int(ct.at[iso, "m49"])), SDG_NAMES.get(iso, ct.at[iso, "name"]), r.period,
                            repr(float(r.value))))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    (HERE / "sdg_SL_LBR_NTLCPL_from_store.csv").write_text(buf.getvalue(), encoding="utf-8", newline="")


def main() -> None:
    """Build every fixture."""
    p = argparse.ArgumentParser()
    p.add_argument("--raw", required=True, type=Path)
    args = p.parse_args()
    wdi_trimmed(args.raw)
    rpw_trimmed(args.raw)
    wdi_from_store()
    sdg_from_store(args.raw)


if __name__ == "__main__":
    main()
