"""Embed pages: URLs carrying the view's state, and the page of one chart (title, source, citation, link back)."""
from __future__ import annotations

import json
import re

import pytest

from indicators.opendata.embed import embed_html, embed_url, view_of
from indicators.opendata.errors import ApiError

FIG = {"data": [{"type": "bar", "x": ["KEN"], "y": [3.5], "name": "</script><b>x</b>"}],
       "layout": {"title": {"text": "Labour rights <b>2020</b>"},
                  "annotations": [{"text": "Source: ILO SDG 8.8.2 · score 0-10 · 2020", "name": "source"}]}}


def test_embed_url_keeps_the_view_state_and_names_the_chart():
    assert embed_url("/country/KEN", "?year=2020&w=1,1,2,1", "country-trend") == \
        "/embed/country/KEN?year=2020&w=1%2C1%2C2%2C1&chart=country-trend"
    assert embed_url("/", "", "overview-map") == "/embed/?chart=overview-map"
    assert embed_url("/", "?chart=old&year=2019", "new").endswith("?year=2019&chart=new")


def test_view_of_splits_an_embed_request_back():
    assert view_of("country/KEN", {"year": "2020", "chart": "country-trend"}) == ("/country/KEN", "?year=2020",
                                                                                  "country-trend")
    assert view_of("", {"chart": "overview-map"}) == ("/", "", "overview-map")
    # the audit's heat maps moved from the methodology page to their own: embeds made before still find them
    assert view_of("methodology", {"year": "2021", "chart": "methodology-audit-heatmap"}) == (
        "/methodology/audit", "?year=2021", "methodology-audit-heatmap")
    assert view_of("methodology", {"chart": "methodology-catalogue"})[0] == "/methodology"
    with pytest.raises(ApiError) as e:
        view_of("country/KEN", {"year": "2020"})
    assert e.value.status == 400


def test_embed_page_has_title_chart_data_source_citation_and_link_back_all_escaped():
    page = embed_html(FIG, {}, "/country/KEN?year=2020", "ILO (CC BY 4.0). Compiled in X.", "/assets/topojson/")
    assert "<h1>Labour rights 2020</h1>" in page
    assert "Open this view in Migrant protection indicators" in page and "href='/country/KEN?year=2020'" in page
    assert "ILO (CC BY 4.0). Compiled in X." in page
    block = re.search(r"<script type='application/json' id='embed-figure'>(.*?)</script>", page, re.S).group(1)
    assert "</script>" not in block and json.loads(block)["data"][0]["y"] == [3.5]
    assert re.findall(r"<script src='([^']+)'", page) == ["/embed/_static/plotly.min.js", "/embed/_static/embed.js"]
    assert "Source: " in page and "<b>x</b>" not in page.split("embed-figure")[0]


def test_given_title_and_source_win_over_the_figure():
    page = embed_html(FIG, {"title": "T <i>", "source": "S & Co"}, "/", "C", "/t/")
    assert "<h1>T &lt;i&gt;</h1>" in page and "Source: S &amp; Co" in page


def test_embed_page_in_the_language_in_force():
    from indicators.i18n import use
    with use("es"):
        page = embed_html(FIG, {}, "/country/KEN?lang=es", "OIT (CC BY 4.0).", "/assets/topojson/")
    assert page.startswith("<!doctype html><html lang='es'>")
    assert "Abrir esta vista en Indicadores de protección de los migrantes" in page and "Citar: OIT (CC BY 4.0)." in page
    assert "Open this view" not in page
