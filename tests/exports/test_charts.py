"""Chart and data exports: print style, file names, formula neutralisation, CSV/XLSX, and real rendered files."""
from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from indicators.exports import charts as export
from indicators.views import figures

DATE = "2026-01-31"
RPW = "World Bank, Remittance Prices Worldwide (Corridors)"


@pytest.fixture(scope="session")
def renderer():
    """One warm kaleido browser for every test of the session that renders (started on first use)."""
    with export.warm_browser():
        yield export


def _bar() -> go.Figure:
    """A small bar chart with its source line, as the pages build them."""
    fig = go.Figure(go.Bar(x=["Qatar", "Oman"], y=np.array([4.64, 4.27]), name="cost"))
    fig.update_layout(title="Cost of sending USD 200 home", yaxis=dict(title="% of USD 200 sent"))
    return figures.source_annotation(fig, figures.source_text(RPW, "% of USD 200 sent", "2011-2020"))


def _line() -> go.Figure:
    """A line chart whose values only show on hover."""
    fig = go.Figure(go.Scatter(x=[2018, 2019, 2020], y=np.array([5.0, 4.5, 4.2]), mode="lines+markers"))
    fig.update_layout(title="Cost trend", yaxis=dict(title="% of USD 200 sent"))
    return figures.source_annotation(fig, figures.source_text(RPW, "% of USD 200 sent", "2018-2020"))


# ---------------------------------------------------------------------- metadata and print style (no browser)
def test_figure_meta_reads_title_source_unit_and_years():
    meta = export.figure_meta(_bar())
    assert meta["title"] == "Cost of sending USD 200 home"
    assert meta["source_line"] == f"Source: {RPW}; % of USD 200 sent; 2011-2020"
    assert meta["years"] == "2011-2020"
    # the unit is told apart from the source because it is the y-axis title
    assert export.split_source_line(meta["source_line"], meta["units"]) == (RPW, "% of USD 200 sent", "2011-2020")
    # a source with "; " inside and an unknown unit: everything but the year stays in the source
    assert export.split_source_line("Source: A; B; 2020", ["score"]) == ("A; B", None, "2020")


def test_years_in_text():
    assert export.years_in("Cost from 2011Q1 to 2020Q3") == "2020Q3"
    assert export.years_in("Source: X; 2011Q1-2020Q3") == "2011Q1-2020Q3"
    assert export.years_in("no year here") is None


def test_print_style_title_subtitle_footer_and_white():
    out = export.print_style(_bar(), export_date=DATE)
    lay = out.layout
    assert "Cost of sending USD 200 home" in lay.title.text
    assert lay.title.subtitle.text == "Unit: % of USD 200 sent · Period: 2011-2020"
    assert lay.paper_bgcolor == "white" and lay.plot_bgcolor == "white"
    assert lay.width == export.PRINT_WIDTH and lay.font.size >= 14
    sources = [a for a in lay.annotations if a.name == "source"]
    assert len(sources) == 1                                   # the on-screen source line is replaced, not doubled
    assert f"Source: {RPW}" in sources[0].text and f"Exported {DATE}" in sources[0].text
    # hover-only values are written on the bars
    assert out.data[0].texttemplate == "%{y:.3~g}" and out.data[0].textposition == "outside"


def test_print_style_explicit_metadata_wins_and_long_sources_wrap():
    long = "; ".join(f"Source number {i} with a long name" for i in range(12))
    out = export.print_style(_bar(), title="Remittance cost, Pakistan to Saudi Arabia", unit="%", year=2020,
                             source=long, export_date=DATE)
    assert "Remittance cost, Pakistan to Saudi Arabia" in out.layout.title.text
    assert out.layout.title.subtitle.text == "Unit: % · Reference year: 2020"
    footer = [a for a in out.layout.annotations if a.name == "source"][0].text
    assert footer.count("<br>") >= 2                          # wrapped over several lines
    assert out.layout.margin.b > 100                          # and room was made for them


def test_print_style_labels_last_point_of_lines():
    out = export.print_style(_line(), export_date=DATE)
    tr = out.data[0]
    assert "text" in tr.mode
    assert list(tr.texttemplate) == ["", "", "%{y:.3~g}"]     # only the latest value


def test_print_style_decodes_plotly_typed_arrays():
    d = _line().to_dict()                                     # plotly 7 stores numpy arrays as base64 typed arrays
    assert isinstance(d["data"][0]["y"], dict) and "bdata" in d["data"][0]["y"]
    assert export.values_of(d["data"][0]["y"]) == [5.0, 4.5, 4.2]
    assert list(export.print_style(d, export_date=DATE).data[0].texttemplate) == ["", "", "%{y:.3~g}"]


def test_figure_data_long_table():
    df = export.figure_data(_bar())
    assert df.to_dict("records") == [{"series": "cost", "category": "Qatar", "value": 4.64},
                                     {"series": "cost", "category": "Oman", "value": 4.27}]


# ---------------------------------------------------------------------- file names
def test_export_filename_says_what_it_is():
    assert export.export_filename("Remittance cost", "PAK-SAU", "2011-2024", "png") == "remittance-cost_PAK-SAU_2011-2024.png"
    assert export.export_filename("Côte d'Ivoire: index!", ["CIV"], 2020, "PDF") == "cote-d-ivoire-index_CIV_2020.pdf"
    assert export.export_filename("x/../../etc", "../KEN", None, "svg") == "x-etc_KEN.svg"   # no path tricks
    assert export.chart_filename(_bar(), "svg") == "cost-of-sending-usd-200-home_2011-2020.svg"
    assert export.chart_filename(_bar(), "png", "remittance-cost_PAK-SAU") == "remittance-cost_PAK-SAU_2011-2020.png"
    assert export.chart_filename(_bar(), "png", None, "NPL-QAT") == "cost-of-sending-usd-200-home_NPL-QAT_2011-2020.png"
    fig = _bar().update_layout(title="Migrant protection index, 2020")
    fig.layout.annotations[0].text = "Source: X; score 0-100; 2020"
    assert export.chart_filename(fig, "png") == "migrant-protection-index_2020.png"


# ---------------------------------------------------------------------- data: neutralisation, CSV, XLSX
def _risky() -> pd.DataFrame:
    return pd.DataFrame({
        "country": ["=HYPERLINK(\"http://x\",\"y\")", "+A1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "Kenya", " =1"],
        "value": [1.5, -2.0, 3.0, np.nan, 5.0, 6.0, 7.0, 8.0],
        "rank": pd.array([1, 2, None, 4, 5, 6, 7, 8], dtype="Int64"),
    })


def test_neutralise_text_only():
    out = export.neutralise(_risky())
    assert out["country"].tolist() == ["'=HYPERLINK(\"http://x\",\"y\")", "'+A1", "'-2+3", "'@SUM(A1)", "'\t=1",
                                       "'\r=1", "Kenya", "' =1"]
    assert out["value"].tolist()[:3] == [1.5, -2.0, 3.0]      # negative numbers are numbers, untouched
    assert export.neutralise_cell(-5) == -5 and export.neutralise_cell("") == ""


def test_data_csv_round_trip():
    raw = export.data_csv(_risky())
    assert raw.startswith("\ufeff".encode())                 # BOM: Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["country", "value", "rank"]
    assert rows[1][0].startswith("'=") and rows[7][0] == "Kenya" and rows[2][1] == "-2.0"
    assert rows[4][1] == ""                                   # missing stays empty, never zero


def test_data_xlsx_two_sheets_neutralised(tmp_path):
    from openpyxl import load_workbook
    meta = export.export_metadata(title="Test", unit="%", year=2020, source=RPW,
                                  indicator_ids=["remittance_cost_corridor"], weights={"protection": 1.0},
                                  export_date=DATE)
    path = tmp_path / "t.xlsx"
    path.write_bytes(export.data_xlsx(_risky(), meta))
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


def test_indicators_mentioned_by_source():
    from indicators.store.catalogue import load_catalogue
    src = load_catalogue().indicators.at["remittance_cost_corridor", "source"]
    assert "remittance_cost_corridor" in export.indicators_mentioned(f"Source: {src}; %; 2020")
    assert export.indicators_mentioned("nothing relevant") == []


# ---------------------------------------------------------------------- real files from the warm browser
def _png_pixels(data: bytes):
    from PIL import Image
    return Image.open(io.BytesIO(data)).convert("RGB")


def test_png_is_2x_and_not_blank(renderer):
    fig = export.print_style(_bar(), export_date=DATE)
    data = export.render(fig, "png")
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    img = _png_pixels(data)
    assert img.size == (2 * fig.layout.width, 2 * fig.layout.height)     # 2x the layout resolution
    arr = np.asarray(img)
    assert tuple(arr[2, 2]) == (255, 255, 255)                            # white paper
    assert (arr.sum(axis=2) < 600).mean() > 0.01                          # ink: bars and text, not a blank page
    blue = np.all(np.abs(arr.astype(int) - [99, 110, 250]) < 30, axis=2)  # plotly's default bar colour is drawn
    assert blue.sum() > 1000


def test_svg_has_title_and_source(renderer):
    data = export.export_chart(_bar(), "svg", export_date=DATE)
    root = ET.fromstring(data)
    text = " ".join(t for t in root.itertext())
    assert "Cost of sending USD 200 home" in text
    assert f"Source: {RPW}" in text and f"Exported {DATE}" in text
    assert "Unit: % of USD 200 sent" in text


def test_pdf_chart_text(renderer):
    from pypdf import PdfReader
    data = export.export_chart(_line(), "pdf", export_date=DATE)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Cost trend" in text and "Source:" in text and "Remittance Prices Worldwide" in text


def test_one_browser_for_many_renders(renderer):
    export.render(_bar(), "svg")
    first = export._BROWSER.started_at
    n = export._BROWSER.renders
    export.render(_line(), "svg")
    export.render(_bar(), "png", scale=1)
    assert export._BROWSER.started_at == first and export._BROWSER.renders == n + 2
    with pytest.raises(ValueError):
        export.render(_bar(), "gif")


def test_markdown_link_cells_export_as_text_and_address():
    df = pd.DataFrame({"destination": ["[Qatar](/corridors?origin=NPL&destination=QAT)", "no link", None],
                       "cost": [4.5, 3.0, None]})
    out = export.plain_links(df, ["destination", "missing"])
    assert list(out.columns) == ["destination", "destination link", "cost"]
    assert out["destination"].tolist()[:2] == ["Qatar", "no link"]
    assert out["destination link"].tolist()[0] == "/corridors?origin=NPL&destination=QAT"
    assert out["destination link"].isna().tolist()[1:] == [True, True]
