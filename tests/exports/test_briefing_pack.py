"""Briefing packs on the bundled data: the PDF and PowerPoint files opened for real, the XLSX and chart files."""
from __future__ import annotations

import io
import math

import pytest

from indicators.exports.briefing_pack import corridor_pack, country_pack, default_settings
from indicators.exports.rendering import warm_browser

from tests.exports.samples import pdf_text

DATE = "2026-01-31"


@pytest.fixture(scope="module")
def ken(store):
    """Kenya's pack, charts rendered once for the PDF and the deck."""
    with warm_browser():
        pack = country_pack(store, "KEN", default_settings(2020), export_date=DATE)
        yield pack, pack.pdf(), pack.pptx()


@pytest.fixture(scope="module")
def npl_qat(store):
    with warm_browser():
        pack = corridor_pack(store, "NPL", "QAT", default_settings(2020), export_date=DATE)
        yield pack, pack.pdf(), pack.pptx()


def _slides(data: bytes):
    from pptx import Presentation
    return list(Presentation(io.BytesIO(data)).slides)


def _slide_text(slide) -> str:
    parts = []
    for sh in slide.shapes:
        if sh.has_text_frame:
            parts.append(sh.text_frame.text)
        if sh.has_table:
            parts += [c.text for row in sh.table.rows for c in row.cells]
    return "\n".join(parts)


def test_country_pdf(ken):
    pack, pdf, _ = ken
    assert pdf[:5] == b"%PDF-"
    pages, text = pdf_text(pdf)
    assert 2 <= pages <= 4
    flat = " ".join(text.split())
    for needle in ("Kenya: protection of migrant workers", f"Briefing prepared {DATE}", "Headline scores", "49.6",
                   "36.1", "62.5", "Low", "Medium", "Insufficient data", "+7.9 points since 2015", "Method v2",
                   "Above the 5 % ceiling",
                   "Indicators for Kenya", "ICRMW ratified", "Sources", "UN Treaty Collection",
                   "World Bank, Remittance Prices Worldwide", "Freedom House", "Method note", "normalisation",
                   "How to cite", "Compiled in Migrant protection indicators, method v2, data version"):
        assert needle in flat, needle
    assert "↑" in text                                           # arrows survive (DejaVu font)
    assert "SDG achieved" not in flat                             # no SDG claim for a composite or a non-SDG rating
    assert pack.filename("pdf") == "briefing_KEN_2020.pdf"


def test_country_pptx(ken):
    pack, _, pptx = ken
    slides = _slides(pptx)
    c = pack.content
    table_slides = math.ceil(len(c.table) / 11)
    assert len(slides) == 2 + len(c.charts) + table_slides + 1
    for s in slides:                                              # the source on every slide
        src = [sh for sh in s.shapes if sh.name == "Source"]
        assert len(src) == 1 and src[0].text_frame.text.startswith("Source: ") and f"Exported {DATE}" in src[0].text_frame.text
    assert "Kenya: protection of migrant workers" in _slide_text(slides[0])
    heads = _slide_text(slides[1])
    assert "49.6" in heads and "Low" in heads and "Overall index" in heads
    charts = [sh.chart for s in slides for sh in s.shapes if sh.has_chart]
    assert len(charts) == sum(ch.native is not None for ch in c.charts)
    peers = charts[0]
    assert list(peers.plots[0].categories) == ["Overall", "Protection", "Recruitment", "Remittance", "Association"]
    assert list(peers.plots[0].series[0].values)[0] == pytest.approx(49.6, abs=0.05)
    pictures = [sh for s in slides for sh in s.shapes if sh.shape_type == 13]
    assert len(pictures) == 1 and pictures[0].image.content_type == "image/png"
    assert pictures[0].image.size[0] >= 1800                      # high resolution (scale 2)
    assert "Sources" in _slide_text(slides[-1]) and "Method note" in _slide_text(slides[-1])
    assert "How to cite:" in _slide_text(slides[-1]) and c.citation in _slide_text(slides[-1])


def test_corridor_pdf_and_pptx(npl_qat):
    pack, pdf, pptx = npl_qat
    pages, text = pdf_text(pdf)
    flat = " ".join(text.split())
    assert 2 <= pages <= 4
    for needle in ("Nepal → Qatar: migration corridor", "Corridor score", "4.64 %", "Above the 3 % target, within 5 %",
                   "Origin: migration governance",
                   "Recruitment cost", "World Bank, Remittance Prices Worldwide", "Method note"):
        assert needle in flat, needle
    slides = _slides(pptx)
    assert all(any(sh.name == "Source" and "Source:" in sh.text_frame.text for sh in s.shapes) for s in slides)
    line = [sh.chart for s in slides for sh in s.shapes if sh.has_chart][0]
    assert list(line.plots[0].categories)[-1] == "2020Q3"
    assert pack.filename("pptx") == "corridor-briefing_NPL-QAT_2020.pptx"


def test_pdf_without_dejavu_falls_back_to_bundled_font(npl_qat, monkeypatch, tmp_path):
    from indicators.exports import briefing_pdf
    monkeypatch.setattr(briefing_pdf, "DEJAVU", tmp_path / "no-fonts")
    briefing_pdf.pdf_fonts.cache_clear()
    try:
        assert briefing_pdf.pdf_fonts() == ("BriefVera", "BriefVera-Bold", False)
        pack, _, _ = npl_qat
        pages, text = pdf_text(pack.pdf())                       # charts already rendered: no browser needed
        assert 2 <= pages <= 4 and "Nepal" in text and "↑" not in text and "→" not in text
    finally:
        briefing_pdf.pdf_fonts.cache_clear()


def test_pack_xlsx_has_metadata(ken, tmp_path):
    from openpyxl import load_workbook
    pack, _, _ = ken
    path = pack.write("xlsx", tmp_path)[0]
    wb = load_workbook(path)
    assert wb.sheetnames == ["Data", "Metadata"] and wb["Data"]["B2"].value == "ICRMW ratified"
    meta = {r[0]: r[1] for r in wb["Metadata"].iter_rows(values_only=True) if r and r[0]}
    assert meta["how to cite"] == pack.content.citation and meta["how to cite"].startswith("United Nations Treaty")


def test_pack_chart_files(ken, tmp_path):
    pack, _, _ = ken
    paths = pack.write("svg", tmp_path)
    names = sorted(p.name for p in paths)
    assert "peer-comparison_KEN_2020.svg" in names and len(names) == len(pack.content.charts)
    assert b"Kenya and its peers" in (tmp_path / "peer-comparison_KEN_2020.svg").read_bytes()
