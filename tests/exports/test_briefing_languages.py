"""A briefing in the view's language: the French (and Spanish) country pack's PDF and PowerPoint say every interface
word in that language (headings, captions, table headers, change words, footers, the date written out, numbers with
a decimal comma) and no English interface phrase is left."""
from __future__ import annotations

import io

import pytest

from indicators.exports.briefing_pack import country_pack, default_settings
from indicators.exports.rendering import warm_browser
from indicators.i18n import use
from tests.exports.samples import pdf_text

DATE = "2026-01-31"
# interface phrases of the English briefing: none may be left in another language
ENGLISH = ("protection of migrant workers", "Briefing prepared", "Headline scores", "Key charts", "Method note",
           "How to cite", "Indicators for", "points since", "Overall index", "insufficient data", "Insufficient data",
           "exported", "Exported", "reference year", "Sources and method", "and its peers", "Dashed lines",
           "not comparable", "no earlier", "Settings:", "pillar weights", "Arrows beside", "licence:", "no data",
           "Rating", "Eastern Africa", "Lower middle income")
FRENCH = ("Kenya : protection des travailleurs migrants", "Note d’information établie le 31 janvier 2026",
          "Scores principaux", "Graphiques clés", "Indicateurs : Kenya", "Note méthodologique", "Comment citer",
          "Indice global", "année de référence 2020", "49,6", "points depuis 2015", "Pilier", "Évaluation",
          "Tendance", "Paramètres : année de référence 2020", "licence :")


@pytest.fixture(scope="module")
def ken_fr(store):
    """Kenya's pack built, and written, in French."""
    with use("fr"), warm_browser():
        pack = country_pack(store, "KEN", default_settings(2020), export_date=DATE)
        yield pack, pack.pdf(), pack.pptx()


def _deck_text(data: bytes) -> str:
    from pptx import Presentation
    parts = []
    for slide in Presentation(io.BytesIO(data)).slides:
        for sh in slide.shapes:
            if sh.has_text_frame:
                parts.append(sh.text_frame.text)
            if sh.has_table:
                parts += [c.text for row in sh.table.rows for c in row.cells]
            if sh.has_chart:
                parts += list(sh.chart.plots[0].categories)
    return "\n".join(parts)


def test_french_pdf_has_french_words_and_no_english_interface_words(ken_fr):
    _, pdf, _ = ken_fr
    _, text = pdf_text(pdf)
    flat = " ".join(text.split())
    for needle in FRENCH:
        assert needle in flat, needle
    left = [e for e in ENGLISH if e in flat]
    assert not left, left


def test_french_deck_has_french_words_and_no_english_interface_words(ken_fr):
    pack, _, pptx = ken_fr
    text = _deck_text(pptx)
    flat = " ".join(text.split())
    for needle in ("Kenya : protection des travailleurs migrants", "Scores principaux, 2020", "Sources et méthode",
                   "Sources :", "Note méthodologique :", "Exporté le 31 janvier 2026", "Indice global", "Global"):
        assert needle in flat, needle
    left = [e for e in ENGLISH if e in flat]
    assert not left, left
    assert pack.filename("pptx") == "briefing_KEN_2020.pptx"      # file names stay language-neutral


def test_spanish_content_words(store):
    # the content (no rendering): title, subtitle, headline words and table headers' ids in Spanish
    from indicators.exports.country_content import country_content
    with use("es"):
        c = country_content(store, "KEN", default_settings(2020), export_date=DATE)
        assert c.title == "Kenya: protección de los trabajadores migratorios"
        assert "año de referencia 2020" in c.subtitle and c.date_text == "31 de enero de 2026"
        assert c.headlines[0].label == "Índice global"
        assert all(not any(e in s for e in ENGLISH) for s in [c.title, c.subtitle, c.method_note, c.table_title])
