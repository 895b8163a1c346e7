"""Data exports: formula neutralisation, CSV and XLSX (with the metadata sheet), markdown links as text."""
from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd

from indicators.exports.metadata import export_metadata
from indicators.exports.spreadsheets import data_csv, data_xlsx, neutralise, neutralise_cell, plain_links

from tests.exports.samples import DATE, RPW


def _risky() -> pd.DataFrame:
    return pd.DataFrame({
        "country": ["=HYPERLINK(\"http://x\",\"y\")", "+A1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "Kenya", " =1"],
        "value": [1.5, -2.0, 3.0, np.nan, 5.0, 6.0, 7.0, 8.0],
        "rank": pd.array([1, 2, None, 4, 5, 6, 7, 8], dtype="Int64"),
    })


def test_neutralise_text_only():
    out = neutralise(_risky())
    assert out["country"].tolist() == ["'=HYPERLINK(\"http://x\",\"y\")", "'+A1", "'-2+3", "'@SUM(A1)", "'\t=1",
                                       "'\r=1", "Kenya", "' =1"]
    assert out["value"].tolist()[:3] == [1.5, -2.0, 3.0]      # negative numbers are numbers, untouched
    assert neutralise_cell(-5) == -5 and neutralise_cell("") == ""


def test_data_csv_round_trip():
    raw = data_csv(_risky())
    assert raw.startswith("\ufeff".encode())                 # BOM: Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["country", "value", "rank"]
    assert rows[1][0].startswith("'=") and rows[7][0] == "Kenya" and rows[2][1] == "-2.0"
    assert rows[4][1] == ""                                   # missing stays empty, never zero


def test_data_xlsx_two_sheets_neutralised(tmp_path):
    from openpyxl import load_workbook
    meta = export_metadata(title="Test", unit="%", year=2020, source=RPW,
                           indicator_ids=["remittance_cost_corridor"], weights={"protection": 1.0},
                           export_date=DATE)
    path = tmp_path / "t.xlsx"
    path.write_bytes(data_xlsx(_risky(), meta))
    wb = load_workbook(path)
    assert wb.sheetnames == ["Data", "Metadata"]
    ws = wb["Data"]
    assert [c.value for c in ws[1]] == ["country", "value", "rank"]
    a2 = ws["A2"]
    assert a2.value == "'=HYPERLINK(\"http://x\",\"y\")" and a2.data_type == "s"   # text, not a formula
    assert all(ws.cell(r, 1).data_type == "s" for r in range(2, 10))
    assert ws["B3"].value == -2.0 and ws["B3"].data_type == "n"                    # numbers stay numbers
    assert ws["B5"].value is None and ws["C4"].value is None                        # missing -> empty
    md = {r[0].value: r[1].value for r in wb["Metadata"].iter_rows() if r[0].value}
    assert md["title"] == "Test" and md["unit"] == "%" and md["reference year"] == "2020"
    assert md["source"] == RPW and md["export date"] == DATE
    assert "CC BY 4.0" in md["licences"] and "normalisation" in md["method"]
    assert md["pillar weights"] == "protection 1"
    values = [c.value for row in wb["Metadata"].iter_rows() for c in row]
    assert "Indicator definitions" in values and "remittance_cost_corridor" in values


def test_markdown_link_cells_export_as_text_and_address():
    df = pd.DataFrame({"destination": ["[Qatar](/corridors?origin=NPL&destination=QAT)", "no link", None],
                       "cost": [4.5, 3.0, None]})
    out = plain_links(df, ["destination", "missing"])
    assert list(out.columns) == ["destination", "destination link", "cost"]
    assert out["destination"].tolist()[:2] == ["Qatar", "no link"]
    assert out["destination link"].tolist()[0] == "/corridors?origin=NPL&destination=QAT"
    assert out["destination link"].isna().tolist()[1:] == [True, True]
