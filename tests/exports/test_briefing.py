"""Briefing packs on the bundled data: content, and the PDF and PowerPoint files opened for real; CLI export."""
from __future__ import annotations

import io
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from indicators.exports import briefing as br
from indicators.exports import rendering
from indicators.scoring.service import get_store, scorecard

from tests.conftest import PROJECT
DATE = "2026-01-31"


@pytest.fixture(scope="module")
def store():
    return get_store(str(PROJECT / "data"))


@pytest.fixture(scope="module")
def ken(store):
    """Kenya's pack, charts rendered once for the PDF and the deck."""
    with rendering.warm_browser():
        pack = br.country_pack(store, "KEN", br.default_settings(2020), export_date=DATE)
        yield pack, pack.pdf(), pack.pptx()


@pytest.fixture(scope="module")
def npl_qat(store):
    with rendering.warm_browser():
        pack = br.corridor_pack(store, "NPL", "QAT", br.default_settings(2020), export_date=DATE)
        yield pack, pack.pdf(), pack.pptx()


def _pdf_text(data: bytes) -> tuple[int, str]:
    from pypdf import PdfReader
    r = PdfReader(io.BytesIO(data))
    return len(r.pages), "\n".join(p.extract_text() for p in r.pages)


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


# ---------------------------------------------------------------------- content (no rendering)
def test_country_content_matches_the_scorecard(store):
    c = br.country_content(store, "KEN", br.default_settings(2020), export_date=DATE)
    card = scorecard(store, 2020)
    row = card.countries.set_index("iso3").loc["KEN"]
    assert c.title.startswith("Kenya") and "rank 78 of" in c.subtitle and c.date == DATE
    heads = {h.label: h for h in c.headlines}
    assert heads["Overall index"].value_text == f"{row['overall']:.1f}" == "53.2"
    assert heads["Overall index"].rating == row["rating"] == "challenges"
    assert heads["Freedom of association"].value_text == "75.0" and heads["Freedom of association"].rating == "achieved"
    rec = heads["Recruitment costs"]
    assert math.isnan(rec.value) and rec.value_text == "insufficient data" and rec.rating == "insufficient"
    assert all(h.arrow in {"↑", "↓", "→", "·"} for h in c.headlines)
    # KEN's protection pillar counted only ICRMW in 2015 and ICRMW + SDG 10.7.2 in 2020: no arrow for that change
    assert heads["Protection of migrant workers"].arrow == "·" and "not comparable" in heads["Protection of migrant workers"].trend
    # association rests on the same indicators in both years: 2015 -> 2020 is a real change of +25 points
    assert heads["Freedom of association"].trend == "+25.0 points since 2015" and heads["Freedom of association"].arrow == "↑"
    assert len(c.table) == 17 and {"Indicator", "Value", "Rating", "Trend"} <= set(c.table.columns)
    assert any("World Bank" in s and "CC BY 4.0" in s for s in c.sources)
    assert [ch.key for ch in c.charts][:1] == ["peer-comparison"]
    assert any(ch.native is None for ch in c.charts)          # the map is an image
    assert sum(ch.native is not None for ch in c.charts) >= 3  # bars and lines are native


def test_corridor_content(store):
    c = br.corridor_content(store, "NPL", "QAT", br.default_settings(2020), export_date=DATE)
    assert c.code == "NPL-QAT" and c.title == "Nepal → Qatar: migration corridor"
    heads = {h.label: h for h in c.headlines}
    cost = heads["Remittance cost (Qatar → Nepal)"]
    assert cost.value_text == "4.64 % (2020)" and cost.rating == "challenges"     # 3 < 4.64 <= 5
    assert heads["Recruitment cost"].rating == "insufficient"
    assert c.charts[0].key == "remittance-cost" and c.charts[0].native.kind == "line"
    assert c.charts[0].years.startswith("20") and c.charts[0].years.endswith("2020Q3")


def test_unknown_codes_raise(store):
    with pytest.raises(KeyError):
        br.country_content(store, "XXX", br.default_settings(2020))
    with pytest.raises(KeyError):
        br.corridor_content(store, "NPL", "ISL", br.default_settings(2020))


# ---------------------------------------------------------------------- the files
def test_country_pdf(ken):
    pack, pdf, _ = ken
    assert pdf[:5] == b"%PDF-"
    pages, text = _pdf_text(pdf)
    assert 2 <= pages <= 4
    flat = " ".join(text.split())
    for needle in ("Kenya: protection of migrant workers", f"Briefing prepared {DATE}", "Headline scores", "53.2",
                   "33.3", "75.0", "Challenges remain", "SDG achieved", "Insufficient data", "+25.0 points since 2015",
                   "Indicators for Kenya", "ICRMW ratified", "Sources", "UN Treaty Collection",
                   "World Bank, Remittance Prices Worldwide", "Freedom House", "Method note", "normalisation"):
        assert needle in flat, needle
    assert "↑" in text                                           # arrows survive (DejaVu font)
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
    assert "53.2" in heads and "Challenges remain" in heads and "Overall index" in heads
    charts = [sh.chart for s in slides for sh in s.shapes if sh.has_chart]
    assert len(charts) == sum(ch.native is not None for ch in c.charts)
    peers = charts[0]
    assert list(peers.plots[0].categories) == ["Overall", "Protection", "Recruitment", "Remittance", "Association"]
    assert list(peers.plots[0].series[0].values)[0] == pytest.approx(53.2)
    pictures = [sh for s in slides for sh in s.shapes if sh.shape_type == 13]
    assert len(pictures) == 1 and pictures[0].image.content_type == "image/png"
    assert pictures[0].image.size[0] >= 1800                      # high resolution (scale 2)
    assert "Sources" in _slide_text(slides[-1]) and "Method note" in _slide_text(slides[-1])


def test_corridor_pdf_and_pptx(npl_qat):
    pack, pdf, pptx = npl_qat
    pages, text = _pdf_text(pdf)
    flat = " ".join(text.split())
    assert 2 <= pages <= 4
    for needle in ("Nepal → Qatar: migration corridor", "Corridor score", "4.64 %", "Challenges remain",
                   "Recruitment cost", "World Bank, Remittance Prices Worldwide", "Method note"):
        assert needle in flat, needle
    slides = _slides(pptx)
    assert all(any(sh.name == "Source" and "Source:" in sh.text_frame.text for sh in s.shapes) for s in slides)
    line = [sh.chart for s in slides for sh in s.shapes if sh.has_chart][0]
    assert list(line.plots[0].categories)[-1] == "2020Q3"
    assert pack.filename("pptx") == "corridor-briefing_NPL-QAT_2020.pptx"


def test_pdf_without_dejavu_falls_back_to_bundled_font(npl_qat, monkeypatch, tmp_path):
    from indicators.exports import briefing_docs
    monkeypatch.setattr(briefing_docs, "DEJAVU", tmp_path / "no-fonts")
    briefing_docs.pdf_fonts.cache_clear()
    try:
        assert briefing_docs.pdf_fonts() == ("BriefVera", "BriefVera-Bold", False)
        pack, _, _ = npl_qat
        pages, text = _pdf_text(pack.pdf())                       # charts already rendered: no browser needed
        assert 2 <= pages <= 4 and "Nepal" in text and "↑" not in text and "→" not in text
    finally:
        briefing_docs.pdf_fonts.cache_clear()


def test_pack_xlsx_has_metadata(ken, tmp_path):
    from openpyxl import load_workbook
    pack, _, _ = ken
    path = pack.write("xlsx", tmp_path)[0]
    wb = load_workbook(path)
    assert wb.sheetnames == ["Data", "Metadata"] and wb["Data"]["B2"].value == "ICRMW ratified"


def test_pack_chart_files(ken, tmp_path):
    pack, _, _ = ken
    paths = pack.write("svg", tmp_path)
    names = sorted(p.name for p in paths)
    assert "peer-comparison_KEN_2020.svg" in names and len(names) == len(pack.content.charts)
    assert b"Kenya and its peers" in (tmp_path / "peer-comparison_KEN_2020.svg").read_bytes()


def test_cli_export(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    run = subprocess.run([sys.executable, "-m", "indicators", "--data-dir", str(PROJECT / "data"), "export",
                          "--corridor", "NPL-QAT", "--iso3", "XXX", "--format", "pdf", "--format", "xlsx",
                          "--out", str(tmp_path / "packs")], capture_output=True, text=True, env=env, cwd=PROJECT,
                         timeout=180)
    assert run.returncode == 1                                     # XXX failed, the rest was written
    assert "unknown country code 'XXX'" in run.stderr
    written = sorted(Path(p).name for p in run.stdout.split())
    assert written == ["corridor-briefing_NPL-QAT_2020.pdf", "corridor-briefing_NPL-QAT_2020.xlsx"]
    pages, text = _pdf_text((tmp_path / "packs" / written[0]).read_bytes())
    assert 2 <= pages <= 4 and "Nepal" in text
    bad = subprocess.run([sys.executable, "-m", "indicators", "export", "--format", "gif"], capture_output=True,
                         text=True, env=env, cwd=PROJECT, timeout=60)
    assert bad.returncode == 2 and "error" in bad.stderr
