"""Print style (no browser), and print-styled chart files rendered for real (SVG, PDF)."""
from __future__ import annotations

import io
import xml.etree.ElementTree as ET

from indicators.exports.constants import PRINT_WIDTH
from indicators.exports.figure_meta import values_of
from indicators.exports.print_style import export_chart, print_style

from tests.exports.samples import DATE, RPW, bar, line


# ---------------------------------------------------------------------- print style (no browser)
def test_print_style_title_subtitle_footer_and_white():
    out = print_style(bar(), export_date=DATE)
    lay = out.layout
    assert "Cost of sending USD 200 home" in lay.title.text
    assert lay.title.subtitle.text == "Unit: % of USD 200 sent · Period: 2011-2020"
    assert lay.paper_bgcolor == "white" and lay.plot_bgcolor == "white"
    assert lay.width == PRINT_WIDTH and lay.font.size >= 14
    sources = [a for a in lay.annotations if a.name == "source"]
    assert len(sources) == 1                                   # the on-screen source line is replaced, not doubled
    assert f"Source: {RPW}" in sources[0].text and f"Exported {DATE}" in sources[0].text
    # hover-only values are written on the bars
    assert out.data[0].texttemplate == "%{y:.3~g}" and out.data[0].textposition == "outside"


def test_print_style_explicit_metadata_wins_and_long_sources_wrap():
    long = "; ".join(f"Source number {i} with a long name" for i in range(12))
    out = print_style(bar(), title="Remittance cost, Pakistan to Saudi Arabia", unit="%", year=2020,
                      source=long, export_date=DATE)
    assert "Remittance cost, Pakistan to Saudi Arabia" in out.layout.title.text
    assert out.layout.title.subtitle.text == "Unit: % · Reference year: 2020"
    footer = [a for a in out.layout.annotations if a.name == "source"][0].text
    assert footer.count("<br>") >= 2                          # wrapped over several lines
    assert out.layout.margin.b > 100                          # and room was made for them


def test_print_style_labels_last_point_of_lines():
    out = print_style(line(), export_date=DATE)
    tr = out.data[0]
    assert "text" in tr.mode
    assert list(tr.texttemplate) == ["", "", "%{y:.3~g}"]     # only the latest value


def test_print_style_decodes_plotly_typed_arrays():
    d = line().to_dict()                                      # plotly 7 stores numpy arrays as base64 typed arrays
    assert isinstance(d["data"][0]["y"], dict) and "bdata" in d["data"][0]["y"]
    assert values_of(d["data"][0]["y"]) == [5.0, 4.5, 4.2]
    assert list(print_style(d, export_date=DATE).data[0].texttemplate) == ["", "", "%{y:.3~g}"]


# ---------------------------------------------------------------------- real files from the warm browser
def test_svg_has_title_and_source(renderer):
    data = export_chart(bar(), "svg", export_date=DATE)
    root = ET.fromstring(data)
    text = " ".join(t for t in root.itertext())
    assert "Cost of sending USD 200 home" in text
    assert f"Source: {RPW}" in text and f"Exported {DATE}" in text
    assert "Unit: % of USD 200 sent" in text


def test_pdf_chart_text(renderer):
    from pypdf import PdfReader
    data = export_chart(line(), "pdf", export_date=DATE)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Cost trend" in text and "Source:" in text and "Remittance Prices Worldwide" in text


def test_print_style_footer_ends_with_the_citation_line_when_given():
    cite = "World Bank, Remittance Prices Worldwide (CC BY 4.0). Compiled in Migrant protection indicators, method v2."
    text = [a for a in print_style(bar(), export_date=DATE, citation=cite).layout.annotations if a.name == "source"][0].text
    assert text.index(f"Exported {DATE}") < text.index("Cite as: World Bank, Remittance Prices Worldwide")
    assert "Compiled in Migrant" in text                      # wrapped, not cut
    plain = [a for a in print_style(bar(), export_date=DATE).layout.annotations if a.name == "source"][0].text
    assert "Cite as" not in plain


def test_print_subtitle_in_the_language():
    # the unit and year labels of a print-styled chart follow the language in force
    import plotly.graph_objects as go
    from indicators.exports.print_style import print_style
    from indicators.i18n import use
    with use("fr"):
        out = print_style(go.Figure(), "t", "%", "2020", "S", "2026-01-31")
    assert out.layout.title.subtitle.text == "Unité : % · Année de référence : 2020"
